"""The registries as spreadsheets: the columns each list exports, through the one writer
(`core.tabular.write_xlsx`)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcmt.core import tabular
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.rowimport import ImportReport, RowError, RowProblem
from pcmt.core.rowimport import day_parse as parse_date
from pcmt.core.tabular import write_xlsx
from pcmt.core.text import fold
from pcmt.geo.finder import CommuneFinder
from pcmt.geo.models import Village
from pcmt.places import selectors, services
from pcmt.places.models import (
    BusinessKind,
    DrugFreeResult,
    HotspotKind,
    HotspotSeverity,
    HotspotStatus,
    IncidentKind,
    KeyAreaType,
)
from pcmt.population.services import MAX_IMPORT_ROWS


def _day(field: str) -> Callable[[Any], str]:
    def get(record: Any) -> str:
        value = getattr(record, field)
        return value.strftime("%d/%m/%Y") if value else ""

    return get


def _attr(path: str) -> Callable[[Any], Any]:
    def get(record: Any) -> Any:
        value = record
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
        return "" if value is None else value

    return get


def _display(field: str) -> Callable[[Any], str]:
    return lambda record: str(getattr(record, f"get_{field}_display")())


def _number(field: str) -> Callable[[Any], Any]:
    def get(record: Any) -> Any:
        value = getattr(record, field)
        return "" if value is None else float(value)

    return get


_LOCATION = [
    (_("Commune code"), _attr("commune.code")),
    (_("Commune"), _attr("commune.full_name")),
    (_("Village / residential group"), _attr("village.name")),
    (_("Address"), _attr("address")),
    (_("Latitude"), _number("latitude")),
    (_("Longitude"), _number("longitude")),
]

COLUMNS: dict[str, list[tuple[Any, Callable[[Any], Any]]]] = {
    "hotspot": [
        (_("Name"), _attr("name")),
        *_LOCATION,
        (_("Kind"), _display("kind")),
        (_("Severity"), _display("severity")),
        (_("Status"), _display("status")),
        (_("Discovered on"), _day("discovered_on")),
        (_("Detected on"), _day("detected_on")),
        (_("Suppression started on"), _day("suppression_started_on")),
        (_("Eliminated on"), _day("eliminated_on")),
        (_("Monitored from"), _day("monitoring_from")),
        (_("Closed on"), _day("closed_on")),
        (_("Re-emerged on"), _day("re_emerged_on")),
        (_("Next re-verification due"), _day("reverify_due_on")),
        (_("Conditional business"), _attr("business.name")),
        (_("Source of detection"), _attr("source")),
    ],
    "incident": [
        (_("Occurred on"), _day("occurred_on")),
        (_("Summary"), _attr("summary")),
        *_LOCATION,
        (_("Kind"), _display("kind")),
        (_("Offenders"), _attr("offenders")),
        (_("Substance"), _attr("substance")),
        (_("Quantity"), _number("quantity")),
        (_("Unit"), _attr("unit")),
        (_("Drug plants destroyed"), _attr("plants")),
        (_("Area destroyed (m²)"), _number("area_m2")),
        (_("Hotspot"), _attr("hotspot.name")),
        (_("Conditional business"), _attr("business.name")),
    ],
    "key_area": [
        (_("Commune code"), _attr("commune.code")),
        (_("Commune"), _attr("commune.full_name")),
        (_("Type"), _display("area_type")),
        (_("Decision number"), _attr("decision_number")),
        (_("Selected on"), _day("selected_on")),
        (_("Selected by"), _attr("selected_by")),
        (_("Status"), _display("status")),
        (_("Transformation started on"), _day("transforming_since")),
        (_("Transformed on"), _day("transformed_on")),
        (_("Sustained on"), _day("sustained_on")),
        (_("Re-emerged on"), _day("re_emerged_on")),
        (_("Transformation plan"), _attr("plan")),
        (_("Responsible agencies"), _attr("agencies")),
    ],
    "business": [
        (_("Name"), _attr("name")),
        *_LOCATION,
        (_("Kind"), _display("kind")),
        (_("Operating since"), _day("opened_on")),
        (_("Status"), _display("status")),
        (_("Closed on"), _day("closed_on")),
        (_("Security-order certificate"), _attr("licence_number")),
        (_("Licence issued on"), _day("licence_issued_on")),
        (_("Licence expires on"), _day("licence_expires_on")),
    ],
    "drug_free": [
        (_("Commune code"), _attr("commune.code")),
        (_("Commune"), _attr("commune.full_name")),
        (_("Village / residential group"), _attr("village.name")),
        (_("Unit"), _display("level")),
        (_("Decision number"), _attr("decision_number")),
        (_("Decided by"), _attr("decided_by")),
        (_("Recognised on"), _day("recognised_on")),
        (_("Status"), _display("status")),
        (_("Withdrawn on"), _day("withdrawn_on")),
        (_("Reason for withdrawal"), _attr("withdrawal_reason")),
    ],
    "drug_free_assessment": [
        (_("Commune code"), _attr("commune.code")),
        (_("Commune"), _attr("commune.full_name")),
        (_("Village / residential group"), _attr("village.name")),
        (_("Unit"), _display("level")),
        (_("Assessed on"), _day("assessed_on")),
        (_("Assessed by"), _attr("assessor")),
        (_("Criteria met"), lambda a: ", ".join(c.code for c in a.checks.all() if c.met)),
        (_("Criteria not met"), lambda a: ", ".join(c.code for c in a.checks.all() if not c.met)),
        (_("Result"), _display("result")),
        (_("Status"), _display("status")),
        (_("Decision number"), _attr("recognition.decision_number")),
        (
            _("Recognised on"),
            lambda a: _day("recognised_on")(a.recognition) if a.recognition else "",
        ),
        (_("Withdrawn on"), lambda a: _day("withdrawn_on")(a.recognition) if a.recognition else ""),
        (_("Note"), _attr("note")),
    ],
}


def registry_export(name: str, records: Iterable[Any], target: IO[bytes]) -> None:
    """One row per record, in the list's order and filters."""
    columns = COLUMNS[name]
    write_xlsx(
        target,
        [str(header) for header, _get in columns],
        ([get(record) for _header, get in columns] for record in records),
    )


# Import ----------------------------------------------------------------------------------------
#
# The lists provinces keep: a template per registry, columns found by their Vietnamese names
# (or synonyms), every row checked by the registry's own service, and a report of every bad
# row. The report, the commune finder and the date reading are the population import's; the
# rows are saved all together or not at all.


@dataclass(frozen=True)
class ImportSpec:
    headers: dict[str, str]  # field → the template's column (Vietnamese, as provinces write)
    synonyms: dict[str, set[str]]  # field → folded names a province's own list may use
    required: tuple[str, ...]
    example: list[str]
    input: type[Any]
    create: Callable[..., Any]
    choices: dict[str, type[models.TextChoices]]
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()  # decimals (points, quantities)
    integers: tuple[str, ...] = ()
    located: bool = True  # village, address and point columns
    # The row's values as the service's input takes them (a list of codes → the criteria).
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None


_LOCATION_HEADERS = {
    "village": "Thôn/tổ dân phố",
    "address": "Địa chỉ",
    "latitude": "Vĩ độ",
    "longitude": "Kinh độ",
    "location_override_reason": "Lý do điểm nằm ngoài xã",
}
_LOCATION_SYNONYMS = {
    "village": {"thon to dan pho", "thon", "to dan pho", "village"},
    "address": {"dia chi", "dia diem", "address"},
    "latitude": {"vi do", "latitude", "lat"},
    "longitude": {"kinh do", "longitude", "lng", "lon"},
    "location_override_reason": {"ly do diem nam ngoai xa", "ly do"},
}
_COMMUNE_HEADERS = {"commune_code": "Mã xã/phường", "commune": "Xã/phường"}
_COMMUNE_SYNONYMS = {
    "commune_code": {"ma xa phuong", "ma xa", "ma phuong", "ma don vi", "commune code"},
    "commune": {"xa phuong", "xa phuong dac khu", "xa", "phuong", "ten xa", "commune"},
}


def _spec(
    fields: dict[str, tuple[str, set[str]]], *, located: bool = True, **kwargs: Any
) -> ImportSpec:
    headers = {**_COMMUNE_HEADERS, **{f: h for f, (h, _s) in fields.items()}}
    synonyms = {**_COMMUNE_SYNONYMS, **{f: s | {fold(h)} for f, (h, s) in fields.items()}}
    if located:
        headers.update(_LOCATION_HEADERS)
        synonyms.update(_LOCATION_SYNONYMS)
    return ImportSpec(headers=headers, synonyms=synonyms, located=located, **kwargs)


class RegisteredAs(models.TextChoices):
    """The states a hotspot may be imported in."""

    AT_RISK = HotspotStatus.AT_RISK.value, HotspotStatus.AT_RISK.label
    DETECTED = HotspotStatus.DETECTED.value, HotspotStatus.DETECTED.label


IMPORTS: dict[str, ImportSpec] = {
    "hotspot": _spec(
        {
            "name": ("Tên điểm, tụ điểm", {"ten diem", "ten", "ten diem tu diem", "name"}),
            "kind": ("Loại", {"loai", "loai diem", "kind"}),
            "severity": ("Mức độ", {"muc do", "tinh chat", "severity"}),
            # A point at risk or a detected hotspot; blank: detected.
            "status": ("Tình trạng", {"tinh trang", "trang thai", "status"}),
            "discovered_on": ("Ngày phát hiện", {"ngay phat hien", "ngay", "discovered on"}),
            "business_name": ("Cơ sở kinh doanh liên quan", {"co so kinh doanh", "co so"}),
            "source": ("Nguồn phát hiện", {"nguon", "nguon phat hien"}),
            "note": ("Ghi chú", {"ghi chu", "note"}),
        },
        required=("name", "kind", "discovered_on"),
        example=[
            "00004",
            "Phường Ba Đình",
            "Bãi đất trống ven sông",
            "organised_use",
            "ordinary",
            "detected",
            "15/03/2024",
            "",
            "Tin báo quần chúng",
            "",
            "",
            "Ngõ 12",
            "21.035",
            "105.83",
            "",
        ],
        input=services.HotspotInput,
        create=services.hotspot_create,
        choices={"kind": HotspotKind, "severity": HotspotSeverity, "status": RegisteredAs},
        dates=("discovered_on",),
    ),
    "business": _spec(
        {
            "name": ("Tên cơ sở", {"ten co so", "ten", "name"}),
            "kind": ("Loại hình", {"loai hinh", "loai", "nganh nghe", "kind"}),
            "opened_on": ("Hoạt động từ ngày", {"ngay hoat dong", "tu ngay", "opened on"}),
            "licence_number": (
                "Số giấy chứng nhận ANTT",
                {"so giay chung nhan", "giay chung nhan"},
            ),
            "licence_issued_on": ("Ngày cấp", {"ngay cap"}),
            "licence_expires_on": ("Ngày hết hạn", {"ngay het han", "han"}),
            "note": ("Ghi chú", {"ghi chu", "note"}),
        },
        required=("name", "kind", "opened_on"),
        example=[
            "00004",
            "Phường Ba Đình",
            "Karaoke Hoa Hồng",
            "karaoke",
            "01/05/2022",
            "123/GCN",
            "01/05/2022",
            "01/05/2027",
            "",
            "",
            "Số 5 phố Đội Cấn",
            "",
            "",
            "",
        ],
        input=services.BusinessInput,
        create=services.business_register,
        choices={"kind": BusinessKind},
        dates=("opened_on", "licence_issued_on", "licence_expires_on"),
    ),
    "incident": _spec(
        {
            "summary": ("Tóm tắt vụ việc", {"tom tat", "noi dung", "vu viec", "summary"}),
            "kind": ("Loại vụ việc", {"loai", "loai vu viec", "kind"}),
            "occurred_on": ("Ngày xảy ra", {"ngay xay ra", "ngay", "occurred on"}),
            "offenders": ("Số đối tượng", {"so doi tuong", "doi tuong"}),
            "substance": ("Loại ma túy", {"loai ma tuy", "ma tuy"}),
            "quantity": ("Khối lượng", {"khoi luong", "so luong"}),
            "unit": ("Đơn vị tính", {"don vi tinh", "dvt"}),
            "plants": ("Số cây bị phá", {"so cay", "cay"}),
            "area_m2": ("Diện tích bị phá (m²)", {"dien tich", "dien tich m2"}),
            "note": ("Ghi chú", {"ghi chu", "note"}),
        },
        required=("summary", "kind", "occurred_on"),
        example=[
            "00004",
            "Phường Ba Đình",
            "Bắt quả tang mua bán",
            "arrest",
            "05/03/2024",
            "2",
            "ma túy đá",
            "3.5",
            "gam",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        input=services.IncidentInput,
        create=services.incident_create,
        choices={"kind": IncidentKind},
        dates=("occurred_on",),
        numbers=("quantity", "area_m2"),
        integers=("offenders", "plants"),
    ),
    "key_area": _spec(
        {
            "area_type": ("Loại địa bàn", {"loai dia ban", "loai", "type"}),
            "decision_number": ("Số quyết định", {"so quyet dinh", "quyet dinh"}),
            "selected_on": ("Ngày lựa chọn", {"ngay lua chon", "ngay quyet dinh", "ngay"}),
            "plan": ("Kế hoạch chuyển hóa", {"ke hoach", "ke hoach chuyen hoa"}),
            "agencies": ("Cơ quan chủ trì, phối hợp", {"co quan", "co quan chu tri"}),
            "note": ("Ghi chú", {"ghi chu", "note"}),
        },
        located=False,
        required=("area_type", "decision_number", "selected_on"),
        example=["00004", "Phường Ba Đình", "I", "12/QĐ-UBND", "10/01/2024", "", "", ""],
        input=services.KeyAreaInput,
        create=services.key_area_select,
        choices={"area_type": KeyAreaType},
        dates=("selected_on",),
    ),
    "drug_free": _spec(
        {
            "village": ("Thôn/tổ dân phố", {"thon to dan pho", "thon", "to dan pho"}),
            "decision_number": ("Số quyết định", {"so quyet dinh", "quyet dinh"}),
            "decided_by": ("Cấp quyết định", {"cap quyet dinh", "co quan quyet dinh"}),
            "recognised_on": ("Ngày công nhận", {"ngay cong nhan", "ngay"}),
            "note": ("Ghi chú", {"ghi chu", "note"}),
        },
        located=False,
        required=("decision_number", "recognised_on"),
        example=[
            "00004",
            "Phường Ba Đình",
            "Tổ dân phố 1",
            "45/QĐ-UBND",
            "UBND phường",
            "20/12/2024",
            "",
        ],
        input=services.DrugFreeInput,
        create=services.drug_free_recognise,
        choices={},
        dates=("recognised_on",),
    ),
    "drug_free_assessment": _spec(
        {
            "village": ("Thôn/tổ dân phố", {"thon to dan pho", "thon", "to dan pho"}),
            "assessed_on": ("Ngày đánh giá", {"ngay danh gia", "ngay"}),
            "assessor": ("Người/cơ quan đánh giá", {"nguoi danh gia", "co quan danh gia"}),
            "criteria_met": (
                "Tiêu chí đạt",
                {"tieu chi dat", "cac tieu chi dat", "dat tieu chi"},
            ),
            "result": ("Kết quả", {"ket qua", "ket qua danh gia"}),
            "note": ("Ghi chú", {"ghi chu", "note"}),
        },
        located=False,
        required=("assessed_on", "assessor", "result"),
        example=[
            "00004",
            "Phường Ba Đình",
            "Tổ dân phố 1",
            "15/11/2025",
            "Công an phường Ba Đình",
            "TC1, TC2, TC3, TC4, TC5",
            "Đạt",
            "",
        ],
        input=services.DrugFreeAssessmentInput,
        create=services.drug_free_assess,
        choices={},
        dates=("assessed_on",),
        prepare=lambda values: _criteria_met(values),
    ),
}


# The result as provinces write it: the code, the label, or a short word.
_RESULT_WORDS = {
    "dat": DrugFreeResult.RECOGNISED,
    "cong nhan": DrugFreeResult.RECOGNISED,
    "khong dat": DrugFreeResult.NOT_RECOGNISED,
    "khong cong nhan": DrugFreeResult.NOT_RECOGNISED,
}


def _result(raw: str) -> str:
    if not raw:
        return ""
    found = {**_choice_index(DrugFreeResult), **_RESULT_WORDS}.get(fold(raw))
    if found is None:
        raise RowProblem(
            "place_import_choice",
            gettext("“%(value)s” is not one of: %(allowed)s.")
            % {"value": raw, "allowed": "Đạt, Không đạt"},
        )
    return found


def _criteria_met(values: dict[str, Any]) -> dict[str, Any]:
    """“TC1, TC3” in the criteria column: those met, every other criterion of the unit in
    force on the day not met (no evidence in a list)."""
    from pcmt.places.drug_free_criteria import criteria_set_on

    values["result"] = _result(str(values.get("result") or ""))
    raw = str(values.pop("criteria_met", "") or "")
    day, village = values.get("assessed_on"), values.get("village")
    found = criteria_set_on(day) if day else None
    if found is None:
        return values
    met = {code.strip().upper() for code in raw.replace(";", ",").split(",") if code.strip()}
    level = services.drug_free_level(village)
    codes = {c.code for c in found.for_level(level)}
    unknown = sorted(met - codes)
    if unknown:
        raise RowProblem(
            "drug_free_criterion_unknown",
            gettext("Criteria %(codes)s do not apply to this unit on this date.")
            % {"codes": ", ".join(unknown)},
        )
    return {**values, "checks": {code: services.CriterionResult(code in met) for code in codes}}


def import_template(name: str, target: IO[bytes]) -> None:
    """The import template: the columns and one example row."""
    spec = IMPORTS[name]
    fields = list(spec.headers)
    example = list(spec.example)
    with translation.override("vi"):
        for field, kind in spec.choices.items():
            position = fields.index(field)
            example[position] = str(kind(example[position]).label)
    write_xlsx(target, list(spec.headers.values()), [example])


def _choice_index(choices: type[models.TextChoices]) -> dict[str, str]:
    """Folded code, English and Vietnamese label → the code."""
    index = {}
    for value, label in choices.choices:
        index[fold(value)] = value
        index[fold(str(label))] = value
        with translation.override("vi"):
            index[fold(str(label))] = value
    return index


def _cell_value(spec: ImportSpec, field: str, raw: str, choices: dict[str, Any]) -> Any:
    if field in spec.dates:
        if not raw:
            return None
        day = parse_date(raw)
        if day is None:
            raise RowProblem(
                "place_import_date",
                gettext("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": raw},
            )
        return day
    if field in spec.choices:
        if not raw:
            return ""
        found = choices[field].get(fold(raw))
        if found is None:
            raise RowProblem(
                "place_import_choice",
                gettext("“%(value)s” is not one of: %(allowed)s.")
                % {
                    "value": raw,
                    "allowed": ", ".join(str(label) for _v, label in spec.choices[field].choices),
                },
            )
        return found
    if field in spec.numbers or field in ("latitude", "longitude"):
        if not raw:
            return None
        try:
            return Decimal(raw.replace(",", "."))
        except InvalidOperation as exc:
            raise RowProblem(
                "place_import_number", gettext("“%(value)s” is not a number.") % {"value": raw}
            ) from exc
    if field in spec.integers:
        if not raw:
            return 0
        if not raw.isdigit():
            raise RowProblem(
                "place_import_number",
                gettext("“%(value)s” is not a whole number.") % {"value": raw},
            )
        return int(raw)
    return raw


def registry_import(*, actor: Any, name: str, filename: str, data: IO[bytes]) -> ImportReport:
    """Import a registry's list from a .xlsx or .csv file: every row, or none when a row
    is wrong. Each row goes through the registry's service (jurisdiction, dates, point in
    the commune); the report names every bad row with its code and message."""
    spec = IMPORTS[name]
    communes = list(selectors.place_writable_communes(actor))
    if not communes:
        raise NotFound()
    try:
        table = tabular.open_table(filename, data, spec.synonyms)
    except tabular.UnreadableFile as exc:
        raise DomainError(
            "place_import_unreadable",
            gettext("The file cannot be read: upload an Excel (.xlsx) or CSV (.csv) file."),
            "file",
        ) from exc
    mapping = table.mapping
    missing = [spec.headers[f] for f in spec.required if f not in mapping]
    if "commune_code" not in mapping and "commune" not in mapping:
        missing.insert(0, spec.headers["commune"])
    if missing:
        table.close()
        raise DomainError(
            "place_import_columns_missing",
            gettext("The file lacks the column(s): %(columns)s. Download the template.")
            % {"columns": ", ".join(missing)},
            "file",
        )
    finder = CommuneFinder(communes)
    villages = {
        (v.commune_id, v.name_folded): v
        for v in Village.objects.filter(commune__in=communes, is_active=True)
    }
    choices = {field: _choice_index(kind) for field, kind in spec.choices.items()}
    fields = set(spec.input.__dataclass_fields__)
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
                        "place_import_too_many_rows",
                        gettext("The file has more than %(max)s rows: split it.")
                        % {"max": MAX_IMPORT_ROWS},
                        "file",
                    )
                try:
                    commune = finder.find(cells.get("commune_code", ""), cells.get("commune", ""))
                    values: dict[str, Any] = {"commune": commune}
                    if cells.get("village"):
                        village = villages.get((commune.pk, fold(cells["village"])))
                        if village is None:
                            raise RowProblem(
                                "place_import_village_unknown",
                                gettext("%(commune)s has no village named “%(name)s”.")
                                % {"commune": commune.full_name, "name": cells["village"]},
                            )
                        values["village"] = village
                    for field, raw in cells.items():
                        if field in fields and field not in ("commune", "village"):
                            values[field] = _cell_value(spec, field, raw, choices)
                        elif spec.prepare is not None and field not in ("commune", "village"):
                            values[field] = raw
                    if spec.prepare is not None:
                        values = spec.prepare(values)
                    with transaction.atomic():
                        spec.create(actor=actor, data=services.input_of(spec.input, values))
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
