"""The shape of a law's rules: durations, deadlines and triggers, one value per law version."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class MonthRange:
    """A duration the deciding authority chooses within bounds, in months."""

    minimum: int
    maximum: int

    def __post_init__(self) -> None:
        if not 0 < self.minimum <= self.maximum:
            raise ValueError(f"bad month range {self.minimum}–{self.maximum}")


# Why a user-management period ends before its year is up.
EARLY_END_REASONS = frozenset(
    {
        "dependence_determined",
        "commune_education",
        "compulsory_education",
        "reform_school",
        "prison",
        "death",
        "declared_missing",
    }
)

# Why an addiction determination is required.
DETERMINATION_TRIGGERS = frozenset(
    {
        "reuse_during_management",
        "no_stable_residence",
        "use_during_commune_education",
        "use_within_year_after_commune_education",
        "use_during_post_rehab",
        "voluntary_request",
    }
)


@dataclass(frozen=True)
class LawRules:
    """The rules of one law version. Fields listed in `unsure` are configurable."""

    code: str
    title: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    management_decision_working_days: int
    management_period_months: int
    management_early_end_reasons: frozenset[str]
    determination_triggers: frozenset[str]
    voluntary_home_rehab_months: MonthRange
    voluntary_home_rehab_repeat_months: MonthRange
    voluntary_facility_rehab_months: MonthRange
    compulsory_rehab_adult_months: MonthRange
    compulsory_rehab_adult_repeat_months: MonthRange
    compulsory_rehab_minor_months: MonthRange
    compulsory_dossier_working_days: int
    post_rehab_months: int
    post_rehab_adult_compulsory_months: int
    move_report_hours: int | None
    move_notify_hours: int | None
    unsure: frozenset[str]

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)
