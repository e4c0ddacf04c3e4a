"""The criteria a commune, village or residential group is assessed against to be recognised
drug-free, as dated configuration.

The official criteria change with the guidance in force, so each set has the day it takes
effect and the day it ends (excluded); an assessment is judged by the set in force on its
date. The texts below follow the Ministry of Public Security's guidance on building
drug-free communes and villages *(unsure: check against the guidance in force and change
this table, never the assessments already recorded, which keep their set's key)*.
"""

import datetime
from dataclasses import dataclass

COMMUNE = "commune"
VILLAGE = "village"
RESIDENTIAL_GROUP = "residential_group"
ALL_LEVELS = (COMMUNE, VILLAGE, RESIDENTIAL_GROUP)
VILLAGE_LEVELS = (VILLAGE, RESIDENTIAL_GROUP)


@dataclass(frozen=True)
class Criterion:
    code: str  # stable within its set: the assessments keep it
    text: str  # the official wording (Vietnamese)
    levels: tuple[str, ...]  # the units it applies to


@dataclass(frozen=True)
class CriteriaSet:
    key: str  # kept on each assessment
    title: str
    valid_from: datetime.date
    valid_to: datetime.date | None  # excluded; None while in force
    criteria: tuple[Criterion, ...]

    def applies_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def for_level(self, level: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if level in c.levels)


_CRITERIA_2022 = (
    Criterion(
        "TC1",
        "Không có tội phạm về ma túy xảy ra trên địa bàn trong thời gian đánh giá",
        ALL_LEVELS,
    ),
    Criterion(
        "TC2",
        "Không có người sử dụng trái phép chất ma túy, người nghiện ma túy ngoài xã hội "
        "(trừ người đang cai nghiện tại cơ sở, đang chấp hành án)",
        ALL_LEVELS,
    ),
    Criterion(
        "TC3",
        "Không có điểm, tụ điểm phức tạp về ma túy; không có người trồng cây có chứa chất ma túy",
        ALL_LEVELS,
    ),
    Criterion(
        "TC4",
        "Người sau cai nghiện, người chấp hành xong án phạt tù về ma túy được quản lý, "
        "giúp đỡ, không tái sử dụng",
        ALL_LEVELS,
    ),
    Criterion(
        "TC5",
        "Tổ chức tuyên truyền phòng, chống ma túy đến các hộ gia đình ít nhất 01 lần/quý; "
        "có tổ tự quản hoặc tổ an ninh trật tự cơ sở hoạt động hiệu quả",
        VILLAGE_LEVELS,
    ),
    Criterion(
        "TC6",
        "Không có cơ sở kinh doanh dịch vụ có điều kiện về an ninh, trật tự để xảy ra hoạt "
        "động tổ chức, chứa chấp sử dụng trái phép chất ma túy",
        (COMMUNE,),
    ),
    Criterion(
        "TC7",
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội của xã có kế hoạch và tổ chức thực "
        "hiện đầy đủ công tác phòng, chống ma túy trong năm",
        (COMMUNE,),
    ),
)

CRITERIA_SETS: tuple[CriteriaSet, ...] = (
    CriteriaSet(
        key="2022",
        title="Tiêu chí xã, thôn, tổ dân phố không ma túy (Luật Phòng, chống ma túy 2021)",
        valid_from=datetime.date(2022, 1, 1),
        valid_to=None,
        criteria=_CRITERIA_2022,
    ),
)


def criteria_set_on(
    day: datetime.date, sets: tuple[CriteriaSet, ...] | None = None
) -> CriteriaSet | None:
    """The set in force on `day`, or None before the first one."""
    for found in sets if sets is not None else CRITERIA_SETS:
        if found.applies_on(day):
            return found
    return None


def criteria_set(key: str) -> CriteriaSet | None:
    """A set by its key (an assessment's own set, whatever is in force today)."""
    return next((found for found in CRITERIA_SETS if found.key == key), None)
