"""Legal rules by date: `rules_for(day)` gives the rules of the law in force on that day.

A record is judged by the rule in force on the date of its event (decision, detection).
"""

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from pcmt.rules.base import LawRules, MonthRange
from pcmt.rules.law_2021 import LAW_73_2021
from pcmt.rules.law_2025 import LAW_120_2025

LAWS: tuple[LawRules, ...] = (LAW_73_2021, LAW_120_2025)


def law_title(code: str) -> str:
    """The full name of a law version from its code (the code itself if unknown)."""
    return next((law.title for law in LAWS if law.code == code), code)


class NoLawInForce(ValueError):
    """The day is before the first law PCMT models (1/1/2022)."""


def rules_for(day: datetime.date, overrides: Mapping[str, Any] | None = None) -> LawRules:
    """The rules in force on `day`, with administrators' values for the unsure rules."""
    for law in LAWS:
        if law.in_force_on(day):
            break
    else:
        raise NoLawInForce(f"no law modelled for {day:%d/%m/%Y}")
    if not overrides:
        return law
    changes: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in law.unsure:
            raise ValueError(f"{name} is fixed by {law.code} and cannot be overridden")
        current = getattr(law, name)
        if isinstance(current, MonthRange):
            value = MonthRange(*value)
        elif isinstance(current, frozenset):
            if not isinstance(value, list | tuple | set | frozenset):
                raise TypeError(f"{name} takes a list")
            value = frozenset(value)
        elif isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise TypeError(f"{name} takes a positive whole number")
        changes[name] = value
    return dataclasses.replace(law, **changes)


__all__ = ["LAWS", "LawRules", "MonthRange", "NoLawInForce", "law_title", "rules_for"]
