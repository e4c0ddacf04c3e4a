"""Legal time limits in working days: the day they start from, and the day they end.

Pure: the calendar is passed in (`selectors.working_calendar()` reads the official one).
"""

import datetime
from dataclasses import dataclass

from pcmt.rules import LawRules
from pcmt.rules.calendar import WorkingCalendar

# Circular 10/2024/TT-BCA art. 8: commune police verify a released prisoner's residence within
# 3 working days of receiving the prison's notice.
PRISON_RELEASE_VERIFICATION_WORKING_DAYS = 3
PRISON_RELEASE_CITATION = "Circular 10/2024/TT-BCA art. 8"
# Decree 116/2021/NĐ-CP ch. V: the compulsory-rehab dossier within 5 working days of detecting
# the case, with the content of Law on Handling Administrative Violations art. 103.
DOSSIER_CITATIONS = {
    "law_73_2021": (
        "Decree 116/2021/NĐ-CP ch. V; Law on Handling Administrative Violations art. 103"
    ),
    "law_120_2025": "Law 120/2025/QH15 (time limit as under Decree 116/2021/NĐ-CP until a decree)",
}
# Law 73/2021 art. 23(2): user management lasts one year from the chairman's decision.
MANAGEMENT_PERIOD_CITATIONS = {
    "law_73_2021": "Law 73/2021/QH14 art. 23",
    "law_120_2025": "Law 120/2025/QH15",
}
# Law 73/2021 art. 23, Decree 105/2021/NĐ-CP: the chairman decides within 3 working days.
MANAGEMENT_DECISION_CITATIONS = {
    "law_73_2021": "Law 73/2021/QH14 art. 23; Decree 105/2021/NĐ-CP",
    "law_120_2025": "Law 120/2025/QH15 (time limit as under Decree 105/2021/NĐ-CP until a decree)",
}


@dataclass(frozen=True)
class Deadline:
    starts_from: datetime.date
    due: datetime.date
    citation: str
    # The limit crosses a year whose calendar is not yet officially announced.
    provisional_calendar: bool


def _deadline(
    start: datetime.date, days: int, citation: str, calendar: WorkingCalendar
) -> Deadline:
    due = calendar.add_working_days(start, days)
    return Deadline(start, due, citation, bool(calendar.provisional_years(start, due)))


def management_decision_start(
    *, tested_on: datetime.date, result_received_on: datetime.date | None = None
) -> datetime.date:
    """The day the chairman's time limit starts: the day the positive result was received
    (the test date when not recorded); a result cannot be received before the test."""
    if result_received_on is None:
        return tested_on
    if result_received_on < tested_on:
        raise ValueError("the result cannot be received before the test")
    return result_received_on


def management_decision_due(
    *,
    tested_on: datetime.date,
    rules: LawRules,
    calendar: WorkingCalendar,
    result_received_on: datetime.date | None = None,
) -> Deadline:
    """The last day for the commune chairman's user-management decision."""
    # Law 73/2021 art. 23, Decree 105/2021/NĐ-CP: 3 working days of *receiving* the result.
    start = management_decision_start(tested_on=tested_on, result_received_on=result_received_on)
    citation = MANAGEMENT_DECISION_CITATIONS[rules.code]
    return _deadline(start, rules.management_decision_working_days, citation, calendar)


def compulsory_dossier_due(
    *, detected_on: datetime.date, rules: LawRules, calendar: WorkingCalendar
) -> Deadline:
    """The last day to prepare the dossier proposing compulsory rehab."""
    # Decree 116/2021/NĐ-CP ch. V: within 5 working days of detecting the case.
    citation = DOSSIER_CITATIONS[rules.code]
    return _deadline(detected_on, rules.compulsory_dossier_working_days, citation, calendar)


def prison_release_verification_due(
    *, notice_received_on: datetime.date, calendar: WorkingCalendar
) -> Deadline:
    """The last day for the commune police to verify a released prisoner's residence."""
    # Circular 10/2024/TT-BCA art. 8: 3 working days of the prison's notice (both laws).
    return _deadline(
        notice_received_on,
        PRISON_RELEASE_VERIFICATION_WORKING_DAYS,
        PRISON_RELEASE_CITATION,
        calendar,
    )
