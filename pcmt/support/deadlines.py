"""Time limits of support work that the law leaves to the province (configurable, pure)."""

import datetime

# How far ahead a summons may set the day to appear; a later day is most likely a typo.
SUMMONS_MAX_LEAD_DAYS = 90

# Summonses missed in a row (excused ones aside) that put the person on the worklist.
MISSED_IN_A_ROW = 2


def latest_appearance(issued_on: datetime.date) -> datetime.date:
    return issued_on + datetime.timedelta(days=SUMMONS_MAX_LEAD_DAYS)


def missed_in_a_row(outcomes: list[str]) -> int:
    """Summonses missed since the last attended one, newest outcome first; excused skipped."""
    count = 0
    for outcome in outcomes:
        if outcome == "attended":
            break
        if outcome == "absent":
            count += 1
    return count
