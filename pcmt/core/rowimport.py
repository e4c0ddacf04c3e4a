"""What every spreadsheet import shares: the report of saved and refused rows, the problem a row
raises, the communes an importer may write found by code or name, and the day as agencies type it.

Population figures and the registries of places import through these; each importer keeps only
its own columns and checks.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pcmt.core.dates import DAY_FORMATS
from pcmt.core.text import fold
from pcmt.geo.loader import split_type
from pcmt.geo.models import AdminUnit


@dataclass(frozen=True)
class RowError:
    row: int
    code: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.errors and self.rows > 0


class RowProblem(Exception):
    """A row refused, with a stable code and a message for the report."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class CommuneFinder:
    """Communes the importer may write, by code or by name (with or without the type)."""

    def __init__(self, communes: list[AdminUnit]) -> None:
        self.by_code = {c.code: c for c in communes}
        self.by_name: dict[str, list[AdminUnit]] = {}
        for commune in communes:
            self.by_name.setdefault(commune.name_folded, []).append(commune)

    def find(self, code: str, name: str) -> AdminUnit:
        if code:
            found = self.by_code.get(code.zfill(5) if code.isdigit() else code)
            if found is None:
                raise RowProblem(
                    "population_commune_unknown",
                    _("No commune with code “%(code)s” in your jurisdiction.") % {"code": code},
                )
            return found
        if not name:
            raise RowProblem("population_commune_missing", _("Enter the commune's code or name."))
        matches = self.by_name.get(fold(split_type(name)[1]), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise RowProblem(
                "population_commune_unknown",
                _("No commune named “%(name)s” in your jurisdiction.") % {"name": name},
            )
        raise RowProblem(
            "population_commune_ambiguous",
            _("Several communes are named “%(name)s”: give the commune's code.") % {"name": name},
        )


def day_parse(text: str) -> datetime.date | None:
    """The day written in one of `DAY_FORMATS`, or None."""
    for pattern in DAY_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None
