"""Post-rehab management at the place of residence: who is managed after what, and how long.

Pure: the law of the day comes from `rules_for(law_day, overrides)`; administrators' values for
Law 120/2025 (RuleOverride) are passed in as `overrides`.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pcmt.rules import rules_for
from pcmt.rules.calendar import add_months

ADULT_AGE = 18


class CompletedKind(StrEnum):
    """What a person completed; each opens post-rehab management (Law 73/2021 art. 40)."""

    COMPULSORY = "compulsory"
    VOLUNTARY_HOME = "voluntary_home"
    VOLUNTARY_FACILITY = "voluntary_facility"
    SUBSTITUTION_THERAPY = "substitution_therapy"


@dataclass(frozen=True)
class PostRehabPeriod:
    months: int
    citation: str
    # True while the law in force leaves the number to a decree (configurable).
    unsure: bool


def post_rehab_opens_after(rehab_kind: str, law_day: datetime.date) -> bool:
    """Completing any rehab or substitution therapy opens post-rehab management."""
    # Law 73/2021 art. 40: compulsory, voluntary (home or facility) and substitution therapy;
    # Law 120/2025 keeps the same until a decree says otherwise.
    rules_for(law_day)
    return rehab_kind in set(CompletedKind)


def post_rehab_citation(law_code: str) -> str:
    """The text that sets the length of post-rehab management under the law `law_code`."""
    return "Law 73/2021/QH14 art. 40" if law_code == "law_73_2021" else "Law 120/2025/QH15"


def post_rehab_period(
    *,
    law_day: datetime.date,
    rehab_kind: str,
    age_at_completion: int,
    placed_as_minor: bool | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> PostRehabPeriod:
    """How long post-rehab management lasts for a person who completed `rehab_kind`.

    `placed_as_minor`, when known, says whether the compulsory rehab was the minors' measure
    (aged 12 to under 18 when placed); otherwise the age at completion decides.
    """
    if rehab_kind not in set(CompletedKind):
        raise ValueError(f"no post-rehab management after {rehab_kind}")
    rules = rules_for(law_day, overrides)
    law = post_rehab_citation(rules.code)
    minor = placed_as_minor if placed_as_minor is not None else age_at_completion < ADULT_AGE
    if rehab_kind == CompletedKind.COMPULSORY and not minor:
        # Law 73/2021 art. 40: 2 years for an adult after compulsory rehab.
        name = "post_rehab_adult_compulsory_months"
        months = rules.post_rehab_adult_compulsory_months
    else:
        # Law 73/2021 art. 40: 1 year for a minor after compulsory rehab, after voluntary rehab
        # and after completing substitution therapy.
        name = "post_rehab_months"
        months = rules.post_rehab_months
    return PostRehabPeriod(months, law, name in rules.unsure)


def post_rehab_end(started_on: datetime.date, period: PostRehabPeriod) -> datetime.date:
    """The planned end: the same day `months` later."""
    return add_months(started_on, period.months)
