"""The communes' lists of schools and industrial zones, imported from Excel or CSV through
the shared reader (`core/tabular.py`), report (`core/rowimport.py`) and commune finder
(`geo/finder.py`); each row goes through `school_add` or `industrial_zone_add`."""

from typing import IO, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from pcmt.core import tabular
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.rowimport import ImportReport, RowError, RowProblem
from pcmt.core.text import fold
from pcmt.geo.finder import CommuneFinder
from pcmt.outreach.models import SchoolLevel
from pcmt.outreach.services import industrial_zone_add, school_add
from pcmt.places.selectors import place_writable_communes
from pcmt.population.services import MAX_IMPORT_ROWS

HEADERS = {
    "commune_code": "Mã xã/phường",
    "commune": "Xã/phường",
    "name": "Tên",
    "kind": "Loại",
}
SYNONYMS = {
    "commune_code": {"ma xa phuong", "ma xa", "ma phuong", "ma don vi", "commune code"},
    "commune": {"xa phuong", "xa", "phuong", "ten xa", "commune"},
    "name": {"ten", "ten truong", "ten co so", "ten truong kcn", "name"},
    "kind": {"loai", "cap hoc", "loai hinh", "kind", "level"},
}
INDUSTRIAL_ZONE = "industrial_zone"
# Short forms the lists use, besides the labels of the levels.
_KIND_WORDS = {
    "thcs": SchoolLevel.LOWER_SECONDARY,
    "thpt": SchoolLevel.UPPER_SECONDARY,
    "nghe": SchoolLevel.VOCATIONAL,
    "truong nghe": SchoolLevel.VOCATIONAL,
    "trung cap": SchoolLevel.VOCATIONAL,
    "dai hoc": SchoolLevel.UNIVERSITY,
    "cao dang": SchoolLevel.UNIVERSITY,
    "kcn": INDUSTRIAL_ZONE,
    "khu cong nghiep": INDUSTRIAL_ZONE,
    "industrial zone": INDUSTRIAL_ZONE,
}


def _kinds() -> dict[str, str]:
    found = dict(_KIND_WORDS)
    for value, label in SchoolLevel.choices:
        found[fold(value)] = value
        found[fold(str(label))] = value
        with translation.override("vi"):
            found[fold(str(label))] = value
    return found


def _kind(raw: str, kinds: dict[str, str]) -> str:
    found = kinds.get(fold(raw))
    if found is None:
        raise RowProblem(
            "outreach_import_kind",
            gettext("“%(value)s” is not one of: %(allowed)s.")
            % {"value": raw, "allowed": "THCS, THPT, nghề, đại học, KCN"},
        )
    return found


def targets_import(*, actor: Any, filename: str, data: IO[bytes]) -> ImportReport:
    """Import schools and industrial zones of the communes the actor writes for: every row,
    or none when a row is wrong; the report names each bad row with its code."""
    communes = list(place_writable_communes(actor))
    if not communes:
        raise NotFound()
    try:
        table = tabular.open_table(filename, data, SYNONYMS)
    except tabular.UnreadableFile as exc:
        raise DomainError(
            "outreach_import_unreadable",
            gettext("The file cannot be read: upload an Excel (.xlsx) or CSV (.csv) file."),
            "file",
        ) from exc
    mapping = table.mapping
    missing = [HEADERS[f] for f in ("name", "kind") if f not in mapping]
    if "commune_code" not in mapping and "commune" not in mapping:
        missing.insert(0, HEADERS["commune"])
    if missing:
        table.close()
        raise DomainError(
            "outreach_import_columns_missing",
            gettext("The file lacks the column(s): %(columns)s. Download the template.")
            % {"columns": ", ".join(missing)},
            "file",
        )
    finder = CommuneFinder(communes)
    kinds = _kinds()
    report = ImportReport()
    try:
        with transaction.atomic():
            for number, row in table.rows:
                cells = {f: row[i].strip() if i < len(row) else "" for f, i in mapping.items()}
                if not any(cells.values()):
                    continue
                report.rows += 1
                if report.rows > MAX_IMPORT_ROWS:
                    raise DomainError(
                        "outreach_import_too_many_rows",
                        gettext("The file has more than %(max)s rows: split it.")
                        % {"max": MAX_IMPORT_ROWS},
                        "file",
                    )
                try:
                    commune = finder.find(cells.get("commune_code", ""), cells.get("commune", ""))
                    kind = _kind(cells.get("kind", ""), kinds)
                    with transaction.atomic():
                        if kind == INDUSTRIAL_ZONE:
                            industrial_zone_add(actor=actor, commune=commune, name=cells["name"])
                        else:
                            school_add(actor=actor, commune=commune, name=cells["name"], level=kind)
                except RowProblem as problem:
                    report.errors.append(RowError(number, problem.code, str(problem.message)))
                except NotFound:
                    report.errors.append(
                        RowError(number, "not_found", gettext("Outside your jurisdiction."))
                    )
                except DomainError as error:
                    report.errors.append(RowError(number, error.code, str(error.message)))
                else:
                    report.created += 1
            if report.errors:
                transaction.set_rollback(True)
                report.created = 0
    finally:
        table.close()
    return report
