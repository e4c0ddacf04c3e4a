"""The rules and the calendar as administrators configured them."""

import datetime
from typing import Any

from pcmt.rules import LawRules, rules_for
from pcmt.rules.calendar import add_working_days
from pcmt.rules.models import Holiday, RuleOverride


def rules_in_force(day: datetime.date) -> LawRules:
    """The law's rules on `day`, with the latest administrator value of each unsure rule."""
    law = rules_for(day)
    overrides: dict[str, Any] = {}
    for override in RuleOverride.objects.filter(
        effective_from__lte=day, rule__in=sorted(law.unsure)
    ).order_by("rule", "-effective_from"):
        overrides.setdefault(override.rule, override.value)
    return rules_for(day, overrides)


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def deadline_in_working_days(start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start`, skipping weekends and the holiday table."""
    # Tết and the weekends around it never stretch a limit by more than this.
    horizon = start + datetime.timedelta(days=days * 2 + 21)
    return add_working_days(start, days, holidays_between(start, horizon))
