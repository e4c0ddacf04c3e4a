"""What every spreadsheet import shares: the report of saved and refused rows, the problem a row
raises and the day as agencies type it (the communes an importer may write are found by
`pcmt.geo.finder.CommuneFinder`).

Population figures and the registries of places import through these; each importer keeps only
its own columns and checks.
"""

import datetime
from dataclasses import dataclass, field

from pcmt.core.dates import DAY_FORMATS


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


def day_parse(text: str) -> datetime.date | None:
    """The day written in one of `DAY_FORMATS`, or None."""
    for pattern in DAY_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None
