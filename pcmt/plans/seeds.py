# ruff: noqa: E501 - the wording of each plan as issued, one target or task a line
"""The plans named in the domain's sources, as ready templates a province loads.

They are data: the numbers, dates and wording of each plan as it was issued, loaded for a
province by `manage.py load_plan_templates` (and by `load_demo`). A template is loaded once
per province; users copy it to the next year and edit their copy.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from pcmt.geo.models import AdminUnit
from pcmt.plans.models import Comparison, Plan, TargetUnit
from pcmt.plans.services import plan_copy, plan_create, target_add, task_add

D = datetime.date


@dataclass(frozen=True)
class SeedTarget:
    indicator: str
    comparison: str
    value: str
    wording: str
    applies_to: str = TargetUnit.PROVINCE
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass(frozen=True)
class SeedTask:
    title: str
    agency: str
    deadline: datetime.date


@dataclass(frozen=True)
class SeedPlan:
    key: str
    number: str
    issued_on: datetime.date
    issuer: str
    title: str
    start: datetime.date
    end: datetime.date
    targets: list[SeedTarget] = field(default_factory=list)
    tasks: list[SeedTask] = field(default_factory=list)


GTE, LTE = Comparison.AT_LEAST, Comparison.AT_MOST

SEED_PLANS = [
    SeedPlan(
        key="hanoi-45-2024",
        number="45/KH-UBND",
        issued_on=D(2024, 2, 2),
        issuer="UBND thành phố Hà Nội",
        title="Kế hoạch phòng, chống ma túy năm 2024",
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        targets=[
            SeedTarget(
                "users_managed", GTE, "100", "100% người sử dụng trái phép được lập hồ sơ quản lý"
            ),
            SeedTarget(
                "dossiers_to_court",
                GTE,
                "1700",
                "1.700 hồ sơ đề nghị Tòa án áp dụng biện pháp cai nghiện bắt buộc",
            ),
            SeedTarget(
                "services_reached",
                GTE,
                "80",
                "80% người nghiện, người sử dụng có hồ sơ được tiếp cận dịch vụ",
            ),
            SeedTarget(
                "completers_post_rehab",
                GTE,
                "100",
                "100% người hoàn thành cai nghiện được lập hồ sơ quản lý sau cai",
            ),
            SeedTarget(
                "post_rehab_managed",
                GTE,
                "1000",
                "Ít nhất 1.000 người được quản lý sau cai nghiện tại nơi cư trú",
            ),
            SeedTarget(
                "hotspots_left_eliminated",
                GTE,
                "100",
                "Triệt xóa 100% điểm, tụ điểm còn tồn tại đến cuối năm 2023",
            ),
            SeedTarget(
                "hotspots_at_businesses",
                LTE,
                "0",
                "Không để hình thành điểm, tụ điểm tại cơ sở kinh doanh có điều kiện",
            ),
            SeedTarget(
                "drug_free_residential_groups", GTE, "10", "10% tổ dân phố tại phường không ma túy"
            ),
            SeedTarget("drug_free_villages", GTE, "20", "20% thôn tại xã không ma túy"),
            SeedTarget("outreach_schools", GTE, "100", "Tuyên truyền tại 100% trường học"),
            SeedTarget(
                "outreach_villages_each_quarter",
                GTE,
                "100",
                "Tuyên truyền tại mỗi tổ dân phố, thôn ít nhất 1 lần/quý",
            ),
        ],
        tasks=[
            SeedTask("Tuyên truyền tại 100% trường học", "Sở Giáo dục và Đào tạo", D(2024, 12, 31)),
            SeedTask(
                "Tuyên truyền tại mỗi tổ dân phố, thôn ít nhất 1 lần/quý",
                "UBND cấp xã",
                D(2024, 12, 31),
            ),
            SeedTask(
                "Xây dựng ít nhất 1 xã không ma túy",
                "Công an thành phố",
                D(2024, 12, 31),
            ),
            SeedTask(
                "Xây dựng bản đồ số và cơ sở dữ liệu về tình hình ma túy",
                "Công an thành phố",
                D(2024, 12, 31),
            ),
        ],
    ),
    SeedPlan(
        key="haiduong-2024",
        number="KH năm 2024 (Hải Dương)",
        issued_on=D(2024, 1, 1),
        issuer="UBND tỉnh Hải Dương",
        title="Kế hoạch phòng, chống ma túy năm 2024",
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        targets=[
            SeedTarget("users_managed", GTE, "100", "100% người sử dụng trái phép được lập hồ sơ"),
            SeedTarget(
                "dependent_in_rehab",
                GTE,
                "100",
                "100% người nghiện được cai nghiện bằng hình thức phù hợp",
            ),
            SeedTarget("services_reached", GTE, "100", "100% người có hồ sơ được tiếp cận dịch vụ"),
            SeedTarget("hotspot_change", LTE, "0", "Không phát sinh điểm, tụ điểm mới"),
            SeedTarget(
                "outreach_schools", GTE, "100", "Tuyên truyền tại 100% trường học, khu công nghiệp"
            ),
        ],
        tasks=[
            SeedTask(
                "Tuyên truyền tại 100% xã, trường học, khu công nghiệp",
                "Sở Văn hóa, Thể thao và Du lịch",
                D(2024, 12, 31),
            ),
        ],
    ),
    SeedPlan(
        key="plan-3220-2023",
        number="3220/KH-UBND",
        issued_on=D(2023, 9, 25),
        issuer="UBND tỉnh",
        title="Kế hoạch phòng, chống ma túy giai đoạn 2023–2025",
        start=D(2023, 9, 25),
        end=D(2025, 12, 31),
        targets=[
            SeedTarget(
                "hotspot_change",
                LTE,
                "-5",
                "Giảm 5% điểm, tụ điểm mỗi năm so với năm trước",
                start=D(2024, 1, 1),
                end=D(2024, 12, 31),
            ),
            SeedTarget(
                "hotspot_change",
                LTE,
                "-5",
                "Giảm 5% điểm, tụ điểm mỗi năm so với năm trước",
                start=D(2025, 1, 1),
                end=D(2025, 12, 31),
            ),
            SeedTarget(
                "severe_hotspots_eliminated", GTE, "80", "Triệt xóa 80% điểm nóng đến năm 2025"
            ),
            SeedTarget(
                "services_reached", GTE, "80", "Trên 80% người có hồ sơ được tiếp cận dịch vụ"
            ),
            SeedTarget(
                "dependent_growth",
                LTE,
                "1",
                "Tỷ lệ gia tăng người nghiện dưới 1%/năm",
                start=D(2025, 1, 1),
                end=D(2025, 12, 31),
            ),
            SeedTarget(
                "problem_communes_growth",
                LTE,
                "1",
                "Tỷ lệ gia tăng xã, phường có tệ nạn ma túy dưới 1%/năm",
                start=D(2025, 1, 1),
                end=D(2025, 12, 31),
            ),
            SeedTarget(
                "key_areas_transformed", GTE, "60", "Chuyển hóa ít nhất 60% địa bàn được lựa chọn"
            ),
            SeedTarget(
                "key_areas_not_re_emerging",
                GTE,
                "85",
                "Ít nhất 85% địa bàn đã chuyển hóa không tái phức tạp",
            ),
        ],
        tasks=[
            SeedTask(
                "Lựa chọn địa bàn trọng điểm, phức tạp để chuyển hóa",
                "Công an tỉnh",
                D(2024, 3, 31),
            ),
        ],
    ),
    SeedPlan(
        key="hanoi-174-2023",
        number="174/KH-UBND",
        issued_on=D(2023, 6, 1),
        issuer="UBND thành phố Hà Nội",
        title="Rà soát, thống kê người sử dụng trái phép, người nghiện, người điều trị methadone, người sau cai",
        start=D(2023, 6, 1),
        end=D(2023, 12, 31),
        tasks=[
            SeedTask(
                "Rà soát, kiểm danh, kiểm diện với mốc thống kê 14/6/2023, đối chiếu CSDLQG về dân cư",
                "Công an cấp xã",
                D(2023, 6, 14),
            ),
            SeedTask(
                "Tổng hợp số liệu thống nhất, khách quan của công an, lao động – xã hội, y tế",
                "Công an thành phố",
                D(2023, 7, 31),
            ),
        ],
    ),
]


@transaction.atomic
def plan_templates_load(*, province: AdminUnit) -> int:
    """Load every seed plan not loaded yet for the province; the number loaded."""
    loaded = 0
    for seed in SEED_PLANS:
        if Plan.objects.filter(unit=province, template_key=seed.key).exists():
            continue
        plan = plan_create(
            actor=None,
            unit=province,
            number=seed.number,
            issued_on=seed.issued_on,
            issuer=seed.issuer,
            title=seed.title,
            period_start=seed.start,
            period_end=seed.end,
            template_key=seed.key,
            check=False,
        )
        for target in seed.targets:
            target_add(
                actor=None,
                plan=plan,
                indicator=target.indicator,
                comparison=target.comparison,
                value=Decimal(target.value),
                applies_to=target.applies_to,
                period_start=target.start,
                period_end=target.end,
                wording=target.wording,
                check=False,
            )
        for task in seed.tasks:
            task_add(
                actor=None,
                plan=plan,
                title=task.title,
                deadline=task.deadline,
                agency_name=task.agency,
                check=False,
            )
        loaded += 1
    return loaded


def plan_templates_carry_forward(*, province: AdminUnit, year: int) -> int:
    """The demo's yearly plans copied year after year up to `year`, as a province copies its
    yearly plan (Plan 45 is for 2024): the dashboard of the current year then has targets.
    The number of copies made."""
    made = 0
    for seed in SEED_PLANS:
        if seed.start.year != seed.end.year:
            continue  # a plan over several years is not copied
        plan = Plan.objects.filter(unit=province, template_key=seed.key).first()
        while plan is not None and plan.period_start.year < year:
            following = Plan.objects.filter(copied_from=plan).first()
            if following is None:
                following = plan_copy(
                    actor=None,
                    plan=plan,
                    number=plan.number,
                    issued_on=plan.issued_on.replace(year=plan.issued_on.year + 1),
                    check=False,
                )
                made += 1
            plan = following
    return made
