"""The communes a spreadsheet importer may write, found by code or by name."""

from django.utils.translation import gettext as _

from pcmt.core.rowimport import RowProblem
from pcmt.core.text import fold
from pcmt.geo.loader import split_type
from pcmt.geo.models import AdminUnit


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
