"""The term of compulsory rehab as decisions change it, and the time that counts toward it.

Pure: each change is a decision (number, date) the authority issued; whether a person
deserves a reduction is the authority's judgement, not the system's. The system recomputes
the planned end from the decisions and says which provision each change rests on.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pcmt.rules.calendar import add_months

ONE_DAY = datetime.timedelta(days=1)
# Decree 116/2021/NĐ-CP: the provisions on changing the term of compulsory rehab.
TERM_CHANGE_CITATION = "Decree 116/2021/NĐ-CP"
# Decree 116/2021/NĐ-CP art. 44: time held at a facility while the dossier is prepared counts.
CREDIT_CITATION = "Decree 116/2021/NĐ-CP art. 44"


class HeldAt(StrEnum):
    """Where a person was while the compulsory-rehab dossier was prepared."""

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
    REDUCTION = "reduction"  # the term is shortened by a number of days
    SUSPENSION = "suspension"  # the term stops running for a while (e.g. serious illness)
    EXEMPTION = "exemption"  # the remainder is exempted: the term ends on the decision date


@dataclass(frozen=True)
class TermChange:
    kind: TermChangeKind
    decided_on: datetime.date
    decision_number: str
    reduction_days: int = 0
    suspended_from: datetime.date | None = None
    suspended_to: datetime.date | None = None  # inclusive; None while still suspended

    def __post_init__(self) -> None:
        if self.kind == TermChangeKind.REDUCTION and self.reduction_days <= 0:
            raise ValueError("a reduction gives a positive number of days")
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
) -> Term:
    """The planned end of a compulsory-rehab term after credit and the decisions on it."""
    credit = credited_days(held)
    end = add_months(started_on, months) - ONE_DAY * credit
    citations = [CREDIT_CITATION] if credit else []
    for change in sorted(changes, key=lambda c: c.decided_on):
        citations.append(f"{TERM_CHANGE_CITATION} ({change.decision_number})")
        if change.kind == TermChangeKind.REDUCTION:
            end -= ONE_DAY * change.reduction_days
        elif change.kind == TermChangeKind.EXEMPTION:
            end = min(end, change.decided_on)
        else:
            if change.suspended_to is None:
                return Term(None, credit, tuple(citations))
            assert change.suspended_from is not None
            end += ONE_DAY * ((change.suspended_to - change.suspended_from).days + 1)
    return Term(max(end, started_on), credit, tuple(citations))
