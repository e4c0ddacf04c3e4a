"""The term of compulsory rehab as decisions change it, and the time that counts toward it.

Pure: each change is a decision (number, date, issuer) the authority issued; whether a person
deserves a reduction is the authority's judgement, not the system's. The system checks the
conditions the texts state in numbers (half the term served, the months a reduction may give,
the age band), recomputes the planned end from the decisions and says which provision each
change rests on.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pcmt.rules.calendar import add_months

ONE_DAY = datetime.timedelta(days=1)
DECREE_116 = "Decree 116/2021/NĐ-CP"
# Law on Handling Administrative Violations art. 112: reduction, suspension, exemption of the
# remainder at a compulsory-rehab facility; Decree 116/2021/NĐ-CP art. 58 details them.
TERM_CHANGE_LAW = "Law on Handling Administrative Violations art. 112"
TERM_CHANGE_CITATION = DECREE_116
# Decree 116/2021/NĐ-CP art. 44(3): time managed at a facility while the dossier is prepared is
# deducted from the compulsory-rehab term (art. 45: managed by the family, or at a facility).
CREDIT_CITATION = f"{DECREE_116} art. 44"
# Decree 116/2021/NĐ-CP art. 58(1): a reduction once half the term is served.
REDUCTION_CITATION = f"{DECREE_116} art. 58(1)"
# Decree 116/2021/NĐ-CP art. 58(2): suspension for serious illness (inpatient over 10 days).
SUSPENSION_CITATION = f"{DECREE_116} art. 58(2)"
# Decree 116/2021/NĐ-CP art. 58(3); Law on Handling Administrative Violations art. 112(1).
EXEMPTION_CITATION = f"{DECREE_116} art. 58(3)"
# Time away without permission does not count toward the term.
ABSENCE_CITATION = f"{DECREE_116} art. 58; Law on Handling Administrative Violations art. 112"

# Decree 116/2021/NĐ-CP art. 58(1): half of the term served before a reduction (or an
# exemption for progress, Law on Handling Administrative Violations art. 112(1)).
SERVED_FRACTION_FOR_RELIEF = (1, 2)
# Decree 116/2021/NĐ-CP art. 58(1)(a): good conduct, the last 3 months rated good: 1 to 3 months.
GOOD_CONDUCT_REDUCTION_MONTHS = (1, 3)
# Decree 116/2021/NĐ-CP art. 58(1)(b): a meritorious deed as well: 3 to 6 months.
MERIT_REDUCTION_MONTHS = (3, 6)
# Decree 116/2021/NĐ-CP art. 58(1): the last months rated "good" or better before a reduction.
RATED_GOOD_MONTHS = 3
# Decree 116/2021/NĐ-CP art. 58(2): serious illness means inpatient treatment over 10 days.
SUSPENSION_INPATIENT_DAYS = 10
# Decree 116/2021/NĐ-CP art. 58(2): after recovery the person goes back when 3 months or more
# remain; with less, the remainder is exempted.
RESUME_MIN_REMAINING_MONTHS = 3
# The age band the decree treats apart for exemption of the remainder: 14 to under 18 on the
# decision date (Decree 116/2021/NĐ-CP art. 58(3)), and the part of the term served it needs
# (one half, as for adults, until the text is confirmed: kept apart so it can change alone).
MINOR_RELIEF_AGES = (14, 18)
MINOR_SERVED_FRACTION_FOR_RELIEF = (1, 2)


class HeldAt(StrEnum):
    """Where a person was while the compulsory-rehab dossier was prepared (art. 45)."""

    FACILITY = "facility"
    HOME = "home"


@dataclass(frozen=True)
class HeldPeriod:
    start: datetime.date
    end: datetime.date  # inclusive
    place: HeldAt

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a held period ends before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def credited_days(periods: Iterable[HeldPeriod]) -> int:
    """Days that count toward the term: only days held at a facility, each counted once."""
    # Decree 116/2021/NĐ-CP art. 44: time managed at home does not count.
    days: set[datetime.date] = set()
    for period in periods:
        if period.place == HeldAt.FACILITY:
            days.update(period.start + ONE_DAY * i for i in range(period.days))
    return len(days)


class TermChangeKind(StrEnum):
    REDUCTION = "reduction"  # the term is shortened by a number of months (or days)
    SUSPENSION = "suspension"  # the term stops running for a while (serious illness)
    EXEMPTION = "exemption"  # the remainder is exempted: the term ends on the decision date


class ReductionGround(StrEnum):
    GOOD_CONDUCT = "good_conduct"  # art. 58(1)(a)
    MERIT = "merit"  # art. 58(1)(b)


class ExemptionGround(StrEnum):
    # Law on Handling Administrative Violations art. 112(1): clear progress or a meritorious
    # deed, once half the term is served.
    PROGRESS = "progress"
    # Decree 116/2021/NĐ-CP art. 58(3): a dangerous illness; no part of the term required.
    DANGEROUS_ILLNESS = "dangerous_illness"
    # Decree 116/2021/NĐ-CP art. 58(2): recovered after a suspension with under 3 months left.
    SHORT_REMAINDER = "short_remainder"
    # Decree 116/2021/NĐ-CP art. 58(3): a person aged 14 to under 18 with clear progress once
    # half the term is served.
    MINOR_PROGRESS = "minor_progress"


def change_citation(kind: str) -> str:
    return {
        TermChangeKind.REDUCTION: REDUCTION_CITATION,
        TermChangeKind.SUSPENSION: SUSPENSION_CITATION,
        TermChangeKind.EXEMPTION: EXEMPTION_CITATION,
    }[TermChangeKind(kind)]


@dataclass(frozen=True)
class TermChange:
    kind: TermChangeKind
    decided_on: datetime.date
    decision_number: str
    reduction_days: int = 0
    suspended_from: datetime.date | None = None
    suspended_to: datetime.date | None = None  # inclusive; None while still suspended
    reduction_months: int = 0

    def __post_init__(self) -> None:
        if self.kind == TermChangeKind.REDUCTION and (
            self.reduction_days < 0
            or self.reduction_months < 0
            or self.reduction_days + self.reduction_months <= 0
        ):
            raise ValueError("a reduction gives a positive number of days or months")
        if self.kind == TermChangeKind.SUSPENSION and self.suspended_from is None:
            raise ValueError("a suspension has a start")
        if self.suspended_to and self.suspended_from and self.suspended_to < self.suspended_from:
            raise ValueError("a suspension ends before it starts")


@dataclass(frozen=True)
class Term:
    planned_end: datetime.date | None  # None while suspended without an end
    credited_days: int
    citations: tuple[str, ...]


def compulsory_term(
    *,
    started_on: datetime.date,
    months: int,
    held: Sequence[HeldPeriod] = (),
    changes: Sequence[TermChange] = (),
    days_not_counted: int = 0,
) -> Term:
    """The planned end of a compulsory-rehab term after credit and the decisions on it.

    `started_on` is the admission; `days_not_counted` are days away without permission.
    """
    credit = credited_days(held)
    end = add_months(started_on, months) - ONE_DAY * credit + ONE_DAY * days_not_counted
    citations = [CREDIT_CITATION] if credit else []
    for change in sorted(changes, key=lambda c: c.decided_on):
        citations.append(f"{change_citation(change.kind)} ({change.decision_number})")
        if change.kind == TermChangeKind.REDUCTION:
            end = add_months(end, -change.reduction_months) - ONE_DAY * change.reduction_days
        elif change.kind == TermChangeKind.EXEMPTION:
            end = min(end, change.decided_on)
        else:
            if change.suspended_to is None:
                return Term(None, credit, tuple(citations))
            assert change.suspended_from is not None
            end += ONE_DAY * ((change.suspended_to - change.suspended_from).days + 1)
    return Term(max(end, started_on), credit, tuple(citations))


def term_days(*, started_on: datetime.date, months: int) -> int:
    """The length of the decided term in days."""
    return (add_months(started_on, months) - started_on).days


def served_days(
    *,
    started_on: datetime.date,
    on: datetime.date,
    credit: int = 0,
    days_not_counted: int = 0,
) -> int:
    """Days served by `on` (the day itself not counted): time at the facility since the
    admission, plus the credited days, less days away or suspended."""
    return max(0, (on - started_on).days + credit - days_not_counted)


def half_served(
    *,
    started_on: datetime.date,
    months: int,
    on: datetime.date,
    credit: int = 0,
    days_not_counted: int = 0,
    fraction: tuple[int, int] = SERVED_FRACTION_FOR_RELIEF,
) -> bool:
    """Whether half the term (or `fraction`) is served by `on` (Decree 116/2021/NĐ-CP
    art. 58(1))."""
    numerator, denominator = fraction
    served = served_days(
        started_on=started_on, on=on, credit=credit, days_not_counted=days_not_counted
    )
    return served * denominator >= term_days(started_on=started_on, months=months) * numerator


def reduction_months_allowed(ground: str) -> tuple[int, int]:
    """The months a reduction may give for its ground (Decree 116/2021/NĐ-CP art. 58(1))."""
    if ground == ReductionGround.MERIT:
        return MERIT_REDUCTION_MONTHS
    if ground == ReductionGround.GOOD_CONDUCT:
        return GOOD_CONDUCT_REDUCTION_MONTHS
    raise ValueError(f"no reduction for {ground}")


def may_resume(*, resumed_on: datetime.date, planned_end: datetime.date) -> bool:
    """After a suspension the person goes back only when 3 months or more remain
    (Decree 116/2021/NĐ-CP art. 58(2)); otherwise the remainder is exempted."""
    return add_months(resumed_on, RESUME_MIN_REMAINING_MONTHS) <= planned_end


def minor_relief_age(age: int) -> bool:
    """Aged 14 to under 18 (Decree 116/2021/NĐ-CP art. 58(3))."""
    low, high = MINOR_RELIEF_AGES
    return low <= age < high
