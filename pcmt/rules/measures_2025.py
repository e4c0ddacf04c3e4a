"""Measures Law 120/2025/QH15 adds from 1/7/2026: electronic monitoring, and the kinds of
facility for persons aged 12 to under 18. Pure and dated: before 1/7/2026 they do not exist."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from pcmt.rules import rules_for

LAW_120 = "Law 120/2025/QH15"
MINOR_MIN_AGE = 12
ADULT_AGE = 18


class MonitoredEpisode(StrEnum):
    """Episodes during which Law 120/2025 allows electronic monitoring."""

    VOLUNTARY_HOME = "voluntary_home"
    SUBSTITUTION_THERAPY = "substitution_therapy"
    POST_REHAB = "post_rehab"


def electronic_monitoring_allowed(*, law_day: datetime.date, episode_kind: str) -> bool:
    """Whether electronic monitoring can be applied during this kind of episode on `law_day`."""
    # Law 120/2025/QH15: home rehab, substitution therapy and post-rehab management only.
    return rules_for(law_day).code == "law_120_2025" and episode_kind in set(MonitoredEpisode)


@dataclass(frozen=True)
class MonitoringTerm:
    start: datetime.date
    end: datetime.date | None
    citation: str


def electronic_monitoring_term(
    *,
    episode_kind: str,
    episode_start: datetime.date,
    episode_end: datetime.date | None,
    start: datetime.date,
    end: datetime.date | None = None,
) -> MonitoringTerm:
    """The monitoring period: from `start` (under Law 120) to `end`, within the episode.

    `episode_end` is None for an episode without a planned end (substitution therapy); the
    monitoring then has no planned end unless one is given."""
    if not electronic_monitoring_allowed(law_day=start, episode_kind=episode_kind):
        raise ValueError("electronic monitoring is not allowed for this episode on that day")
    if start < episode_start or (episode_end is not None and start > episode_end):
        raise ValueError("monitoring starts within the episode")
    end = episode_end if end is None else end
    if end is not None and (end < start or (episode_end is not None and end > episode_end)):
        raise ValueError("monitoring ends within the episode, after it starts")
    # Law 120/2025/QH15: monitoring accompanies the measure and cannot outlast it.
    return MonitoringTerm(start, end, LAW_120)


class MinorFacilityKind(StrEnum):
    """Where a person aged 12 to under 18 serves compulsory rehab."""

    # Law 73/2021 art. 33: a compulsory-rehab facility (area for minors).
    COMPULSORY_REHAB_FACILITY = "compulsory_rehab_facility"
    # Law 120/2025/QH15: reform schools and qualifying public rehab facilities.
    REFORM_SCHOOL = "reform_school"
    QUALIFYING_PUBLIC_FACILITY = "qualifying_public_facility"


# Law 120/2025/QH15: the minors' facilities take persons from 1/7/2026.
MINOR_FACILITIES_FROM = datetime.date(2026, 7, 1)
FACILITY_CITATION = {
    MinorFacilityKind.COMPULSORY_REHAB_FACILITY: "Law 73/2021/QH14 art. 33",
    MinorFacilityKind.REFORM_SCHOOL: LAW_120,
    MinorFacilityKind.QUALIFYING_PUBLIC_FACILITY: LAW_120,
}


def facility_kinds(*, law_day: datetime.date, age: int) -> frozenset[MinorFacilityKind]:
    """The kinds of facility where a person of `age` serves compulsory rehab on `law_day`:
    adults a compulsory-rehab facility; persons aged 12 to under 18 as `minor_facility_kinds`."""
    if age >= ADULT_AGE:
        return frozenset({MinorFacilityKind.COMPULSORY_REHAB_FACILITY})
    return minor_facility_kinds(law_day=law_day, age=age)


def minor_facility_kinds(*, law_day: datetime.date, age: int) -> frozenset[MinorFacilityKind]:
    """The kinds of facility the law of `law_day` allows for a person of `age`."""
    if not MINOR_MIN_AGE <= age < ADULT_AGE:
        return frozenset()
    if rules_for(law_day).code == "law_73_2021":
        return frozenset({MinorFacilityKind.COMPULSORY_REHAB_FACILITY})
    return frozenset(
        {MinorFacilityKind.REFORM_SCHOOL, MinorFacilityKind.QUALIFYING_PUBLIC_FACILITY}
    )
