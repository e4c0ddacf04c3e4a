"""Writes of population figures: one figure, or a spreadsheet of them. Each writes an event."""

import datetime
import re
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pcmt.audit.services import event_record
from pcmt.core import tabular
from pcmt.core.errors import DomainError, NotFound, StaleVersion
from pcmt.core.rowimport import ImportReport, RowError, RowProblem, day_parse
from pcmt.core.text import fold
from pcmt.geo.finder import CommuneFinder
from pcmt.geo.models import AdminUnit, UnitLevel, Village
from pcmt.population.models import FIRST_YEAR, LAST_YEAR, PopulationFigure
from pcmt.population.selectors import population_can_write, population_writable_communes

EVENT_STREAM = "population"
# More than any commune has (the largest have a few hundred thousand).
MAX_RESIDENTS = 5_000_000
MAX_IMPORT_ROWS = 20_000
_FIELDS = ["commune", "village", "year", "residents", "as_of", "source", "note"]


def population_event_write(
    *,
    stream: str,
    subject_id: int,
    actor: Any,
    action: str,
    changes: dict[str, list[Any]],
    note: str = "",
) -> None:
    """Record a change of a population figure in the event log, in the same transaction."""
    event_record(
        stream=stream, subject_id=subject_id, actor=actor, action=action, changes=changes, note=note
    )


@dataclass
class FigureInput:
    commune: AdminUnit
    year: int
    residents: int
    as_of: datetime.date
    source: str
    village: Village | None = None
    note: str = ""


def _check(data: FigureInput) -> None:
    if data.commune.level != UnitLevel.COMMUNE:
        raise DomainError("population_not_a_commune", _("Choose a commune."), "commune")
    if data.village is not None and data.village.commune_id != data.commune.pk:
        raise DomainError(
            "population_village_other_commune",
            _("This village or residential group belongs to another commune."),
            "village",
        )
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        raise DomainError(
            "population_year",
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            "year",
        )
    if not 0 <= data.residents <= MAX_RESIDENTS:
        raise DomainError(
            "population_residents",
            _("The number of residents must be a whole number from 0 to %(max)s.")
            % {"max": f"{MAX_RESIDENTS:,}".replace(",", ".")},
            "residents",
        )
    if data.as_of > timezone.localdate():
        raise DomainError(
            "population_as_of_future", _("The figure's date cannot be in the future."), "as_of"
        )
    if not data.source.strip():
        raise DomainError("population_source", _("Enter the source of the figure."), "source")


def _values(data: FigureInput) -> dict[str, Any]:
    return {
        "commune": data.commune,
        "village": data.village,
        "year": data.year,
        "residents": data.residents,
        "as_of": data.as_of,
        "source": data.source.strip(),
        "note": data.note.strip(),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, AdminUnit | Village):
        return str(value)
    return value


def _same_key(data: FigureInput) -> PopulationFigure | None:
    # No ordering: the default one joins the nullable village, which PostgreSQL cannot lock.
    figures = PopulationFigure.objects.select_for_update().filter(year=data.year).order_by()
    if data.village is not None:
        return figures.filter(village=data.village).first()
    return figures.filter(commune=data.commune, village__isnull=True).first()


def _apply(
    actor: Any, figure: PopulationFigure | None, data: FigureInput, note: str = ""
) -> tuple[PopulationFigure, str]:
    """Create or change a figure; returns it and "created", "updated" or "unchanged"."""
    values = _values(data)
    if figure is None:
        figure = PopulationFigure.objects.create(created_by=actor, updated_by=actor, **values)
        changes = {
            name: [None, _plain(values[name])] for name in _FIELDS if values[name] not in (None, "")
        }
        population_event_write(
            stream=EVENT_STREAM,
            subject_id=figure.pk,
            actor=actor,
            action="created",
            changes=changes,
            note=note,
        )
        return figure, "created"
    changes = {
        name: [_plain(getattr(figure, name)), _plain(values[name])]
        for name in _FIELDS
        if getattr(figure, name) != values[name]
    }
    if not changes:
        return figure, "unchanged"
    for name, value in values.items():
        setattr(figure, name, value)
    figure.updated_by = actor
    figure.version += 1
    figure.save()
    population_event_write(
        stream=EVENT_STREAM,
        subject_id=figure.pk,
        actor=actor,
        action="updated",
        changes=changes,
        note=note,
    )
    return figure, "updated"


@transaction.atomic
def population_figure_record(*, actor: Any, data: FigureInput) -> tuple[PopulationFigure, str]:
    """Record the figure of a commune (or village) for a year, replacing that year's figure."""
    if not population_can_write(actor, data.commune):
        raise NotFound()
    _check(data)
    return _apply(actor, _same_key(data), data)


@transaction.atomic
def population_figure_update(
    *, actor: Any, figure: PopulationFigure, data: FigureInput, version: int | None = None
) -> PopulationFigure:
    """Change a figure; its commune, village or year may change unless another figure has them.

    `version` is the version the writer read: a write over a newer one is refused
    (`StaleVersion`), under the row lock.
    """
    if not (
        population_can_write(actor, figure.commune) and population_can_write(actor, data.commune)
    ):
        raise NotFound()
    _check(data)
    other = _same_key(data)
    if other is not None and other.pk != figure.pk:
        raise DomainError(
            "population_duplicate",
            _("This commune or village already has a figure for that year."),
            "year",
        )
    locked = PopulationFigure.objects.select_for_update().order_by().get(pk=figure.pk)
    if version is not None and version != locked.version:
        raise StaleVersion(locked.version)
    return _apply(actor, locked, data)[0]


# --- import from a spreadsheet -----------------------------------------------------------------

TEMPLATE_HEADERS = {
    "commune_code": "Mã xã/phường",
    "commune": "Xã/phường",
    "village": "Thôn/tổ dân phố",
    "year": "Năm",
    "residents": "Số dân",
    "as_of": "Ngày số liệu",
    "source": "Nguồn",
    "note": "Ghi chú",
}
TEMPLATE_EXAMPLE = ["00004", "Phường Ba Đình", "", "2025", "65000", "31/12/2025", "", ""]
SYNONYMS: dict[str, set[str]] = {
    "commune_code": {"ma xa phuong", "ma xa", "ma phuong", "ma don vi", "commune code", "ma"},
    "commune": {
        "xa phuong",
        "xa phuong dac khu",
        "xa",
        "phuong",
        "ten xa",
        "ten xa phuong",
        "don vi",
        "commune",
    },
    "village": {
        "thon to dan pho",
        "thon",
        "to dan pho",
        "thon ap ban",
        "thon ban to dan pho",
        "village",
    },
    "year": {"nam", "year"},
    "residents": {"so dan", "dan so", "so nhan khau", "nhan khau", "residents", "population"},
    "as_of": {"ngay so lieu", "tinh den ngay", "ngay", "as of", "date"},
    "source": {"nguon", "nguon so lieu", "source"},
    "note": {"ghi chu", "note"},
}
_NUMBER = re.compile(r"^(\d{1,3}(?:[.,\s]\d{3})+|\d+)$")


def _parse_int(text: str, code: str, message: str) -> int:
    clean = text.strip()
    if not _NUMBER.match(clean):
        raise RowProblem(code, message)
    return int(re.sub(r"[.,\s]", "", clean))


def _row_input(
    cells: dict[str, str],
    finder: CommuneFinder,
    villages: dict[tuple[int, str], Village],
    default_source: str,
) -> FigureInput:
    commune = finder.find(cells.get("commune_code", ""), cells.get("commune", ""))
    village = None
    if cells.get("village"):
        village = villages.get((commune.pk, fold(cells["village"])))
        if village is None:
            raise RowProblem(
                "population_village_unknown",
                _("%(commune)s has no village or residential group named “%(name)s”.")
                % {"commune": commune.full_name, "name": cells["village"]},
            )
    year = _parse_int(
        cells.get("year", ""), "population_year", _("Enter the year as four digits, e.g. 2025.")
    )
    residents = _parse_int(
        cells.get("residents", ""),
        "population_residents",
        _("Enter the number of residents as a whole number, e.g. 12345 or 12.345."),
    )
    as_of_text = cells.get("as_of", "")
    if as_of_text:
        parsed = day_parse(as_of_text)
        if parsed is None:
            raise RowProblem(
                "population_as_of", _("Enter the figure's date as dd/mm/yyyy, e.g. 31/12/2025.")
            )
        as_of = parsed
    elif FIRST_YEAR <= year <= LAST_YEAR:
        as_of = min(datetime.date(year, 12, 31), timezone.localdate())
    else:
        as_of = timezone.localdate()
    return FigureInput(
        commune=commune,
        village=village,
        year=year,
        residents=residents,
        as_of=as_of,
        source=cells.get("source", "") or default_source,
        note=cells.get("note", ""),
    )


def population_import(
    *, actor: Any, name: str, data: IO[bytes], default_source: str = ""
) -> ImportReport:
    """Import figures from a .xlsx or .csv list: all rows, or none when a row has an error.

    Raises `DomainError` for a file that cannot be read or lacks the needed columns;
    row errors are returned in the report, each with its row number, code and message.
    """
    if not population_can_write(actor):
        raise NotFound()
    try:
        table = tabular.open_table(name, data, SYNONYMS)
    except tabular.UnreadableFile as exc:
        raise DomainError(
            "population_file_unreadable",
            _("The file cannot be read: upload an Excel (.xlsx) or CSV (.csv) file."),
            "file",
        ) from exc
    mapping = table.mapping
    missing = [TEMPLATE_HEADERS[f] for f in ("year", "residents") if f not in mapping]
    if "commune_code" not in mapping and "commune" not in mapping:
        missing.insert(0, TEMPLATE_HEADERS["commune"])
    if missing:
        table.close()
        raise DomainError(
            "population_columns_missing",
            _("The file lacks the column(s): %(columns)s. Download the template to see them.")
            % {"columns": ", ".join(missing)},
            "file",
        )
    communes = list(population_writable_communes(actor))
    finder = CommuneFinder(communes)
    villages = {
        (v.commune_id, v.name_folded): v
        for v in Village.objects.filter(commune__in=communes, is_active=True)
    }
    report = ImportReport()
    inputs: list[tuple[int, FigureInput]] = []
    seen: dict[tuple[int, int | None, int], int] = {}
    try:
        for number, row in table.rows:
            cells = {f: row[i].strip() if i < len(row) else "" for f, i in mapping.items()}
            if not any(cells.values()):
                continue
            report.rows += 1
            if report.rows > MAX_IMPORT_ROWS:
                raise DomainError(
                    "population_too_many_rows",
                    _("The file has more than %(max)s rows: split it.") % {"max": MAX_IMPORT_ROWS},
                    "file",
                )
            try:
                figure = _row_input(cells, finder, villages, default_source)
                _check(figure)
            except RowProblem as problem:
                report.errors.append(RowError(number, problem.code, problem.message))
                continue
            except DomainError as error:
                report.errors.append(RowError(number, error.code, str(error.message)))
                continue
            key = (figure.commune.pk, figure.village.pk if figure.village else None, figure.year)
            if key in seen:
                report.errors.append(
                    RowError(
                        number,
                        "population_row_repeated",
                        _("Same commune or village and year as row %(row)s.") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = number
            inputs.append((number, figure))
    finally:
        table.close()
    if report.errors or not inputs:
        return report
    with transaction.atomic():
        for number, figure in inputs:
            _result, outcome = _apply(
                actor, _same_key(figure), figure, note=f"{name}, row {number}"
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def population_template_xlsx(target: IO[bytes]) -> None:
    """The import template: the columns and one example row."""
    tabular.write_xlsx(target, list(TEMPLATE_HEADERS.values()), [TEMPLATE_EXAMPLE])
