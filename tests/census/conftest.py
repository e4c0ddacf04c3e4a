"""Units of Hà Nội and Hồ Chí Minh City, a round of Hà Nội, and lists as files."""

import csv
import datetime
import io
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from pcmt.census.services import round_create
from pcmt.census.tabular import FIELDS, TEMPLATE_HEADERS
from pcmt.geo.loader import LoadReport, units_load

HEADERS = [TEMPLATE_HEADERS[f] for f in FIELDS]
CUTOFF = datetime.date(2025, 10, 1)


def good_row(**changes: str) -> list[str]:
    """A valid row in the template's columns; keyword arguments replace fields."""
    values = {
        "record_id": "",
        "full_name": "Nguyễn Văn An",
        "birth": "04/03/1988",
        "gender": "Nam",
        "id_number": "001088012345",
        "address": "Số 12 ngõ 34, Phường Cửa Nam, Thành phố Hà Nội",
        "commune": "",
        "phone": "0912345678",
        "category": "Người sử dụng trái phép chất ma túy",
        "note": "",
    }
    values.update(changes)
    return [values[f] for f in FIELDS]


def xlsx_file(rows: list[list[Any]], headers: list[str] | None = None, name: str = "ds.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers if headers is not None else HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
    headers: list[str] | None = None,
    name: str = "ds.csv",
):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers if headers is not None else HEADERS)
    writer.writerows(rows)
    content = text.getvalue()
    data = to_cp1258(content) if encoding == "cp1258" else content.encode(encoding)
    return SimpleUploadedFile(name, data)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Windows writes it in cp1258: letters precomposed, tone marks combining."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = "".join(m for m in parts if m in _TONES)
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
            out += (base + tone).encode("cp1258")
    return out


@pytest.fixture(scope="module")
def units(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with django_db_blocker.unblock(), transaction.atomic():
        report = units_load(provinces=["01", "79"])
        yield report
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Any) -> Any:
    settings.PCMT_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture
def make_round(units: LoadReport, db: Any, sam: Any, alice: Any, bob: Any) -> Callable[..., Any]:
    def _make(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "name": "Rà soát 2025",
            "cutoff_date": CUTOFF,
            "deadline": CUTOFF + datetime.timedelta(days=30),
            "categories": ["drug_user", "dependent"],
            "agencies": [alice.agency, bob.agency],
        }
        fields.update(overrides)
        return round_create(actor=sam, **fields)

    return _make


@pytest.fixture
def census_round(make_round: Callable[..., Any]) -> Any:
    return make_round()


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the messages in their English source; pages default to English too."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
