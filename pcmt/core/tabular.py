"""Spreadsheets as tables: the one reader for every import, the one writer for every export.

Reading streams rows so that a 100,000-row list never sits in memory as cell objects:
openpyxl's reader reads the workbook (sheets, shared strings, date styles) and the sheet's
cells are read with ElementTree's iterparse, about five times faster than openpyxl's cells.

CSV: UTF-8 with or without BOM; a file that is not valid UTF-8 is read as Windows-1258, the
code page Vietnamese Windows uses when Excel saves "CSV"; the delimiter (`;`, `,` or tab) is
taken from the header line.

The header row is found by the column names a caller expects: `synonyms` maps each field to
the folded header texts it answers to (with or without diacritics).

Limits are checked before anything is parsed (`upload_limits`, settings PCMT_UPLOAD_*): the
file's size, and for an .xlsx (a zip) the sizes its directory declares once unpacked and how
much it expands; rows and cells are counted as they stream. A refusal is a `FileRefused`
(a `DomainError` with a stable code and a Vietnamese message).

Writing (`write_xlsx`, `xlsx_book`, `write_csv`): every text cell that a spreadsheet would
read as a formula (starting with = + - @, tab or carriage return) is written as text.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

import openpyxl
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel

from pcmt.core.errors import DomainError
from pcmt.core.text import fold

# Folded header texts (see `header_key`) each field answers to.
type Synonyms = Mapping[str, Collection[str]]


_HEADER_SCAN_ROWS = 10
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")

MAX_ROWS = 200_000
_MB = 1024 * 1024
# Below this many unpacked bytes a high compression ratio is harmless (a template, a short list).
_RATIO_FLOOR = 10 * _MB


class UnreadableFile(Exception):
    """The file is not a readable .xlsx or .csv list."""


class FileRefused(DomainError):
    """The file is past an upload limit; nothing of it has been read."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uncompressed: int
    max_ratio: int
    max_rows: int
    max_cells: int
    max_parts: int = 1000


def upload_limits() -> Limits:
    """The limits of the settings (PCMT_UPLOAD_*), with the defaults of `pcmt/settings.py`."""
    return Limits(
        max_bytes=int(getattr(settings, "PCMT_UPLOAD_MAX_BYTES", 20 * _MB)),
        max_uncompressed=int(getattr(settings, "PCMT_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * _MB)),
        max_ratio=int(getattr(settings, "PCMT_UPLOAD_MAX_RATIO", 100)),
        max_rows=int(getattr(settings, "PCMT_UPLOAD_MAX_ROWS", MAX_ROWS)),
        max_cells=int(getattr(settings, "PCMT_UPLOAD_MAX_CELLS", 5_000_000)),
    )


def _megabytes(size: int) -> str:
    return f"{max(size / _MB, 0.1):,.1f}".removesuffix(".0")


def too_large(limits: Limits | None = None) -> FileRefused:
    limits = limits or upload_limits()
    return FileRefused(
        "file_too_large",
        _("The file is larger than %(limit)s MB: split it or remove what is not needed.")
        % {"limit": _megabytes(limits.max_bytes)},
        "file",
    )


def _size_of(data: IO[bytes]) -> int:
    start = data.tell()
    size = data.seek(0, io.SEEK_END)
    data.seek(start)
    return size


def check_upload(name: str, data: IO[bytes], limits: Limits | None = None) -> None:
    """Refuse a file past the limits from its size and its zip directory alone."""
    limits = limits or upload_limits()
    if _size_of(data) > limits.max_bytes:
        raise too_large(limits)
    if not name.lower().endswith(".xlsx"):
        return
    start = data.tell()
    try:
        with zipfile.ZipFile(data) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(name) from exc
    finally:
        data.seek(start)
    if len(parts) > limits.max_parts:
        raise FileRefused(
            "file_too_many_parts",
            _("The file holds too many parts to be a list: save it again in Excel as .xlsx."),
            "file",
        )
    unpacked = sum(p.file_size for p in parts)
    packed = max(sum(p.compress_size for p in parts), 1)
    if unpacked > limits.max_uncompressed:
        raise FileRefused(
            "file_expands_too_much",
            _(
                "Once opened the file would take more than %(limit)s MB: it is refused. "
                "Split it, or save it again in Excel as .xlsx."
            )
            % {"limit": _megabytes(limits.max_uncompressed)},
            "file",
        )
    if unpacked > _RATIO_FLOOR and unpacked > limits.max_ratio * packed:
        raise FileRefused(
            "file_compression_suspicious",
            _(
                "The file is packed in an unusual way (it expands %(ratio)s times): it is "
                "refused. Save it again in Excel as .xlsx."
            )
            % {"ratio": unpacked // packed},
            "file",
        )


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(
        "too_many_rows",
        _("A list has at most %(count)s rows: split the file.") % {"count": f"{limits.max_rows:,}"},
        "file",
    )


def _too_many_cells(limits: Limits) -> FileRefused:
    return FileRefused(
        "too_many_cells",
        _("A list has at most %(count)s cells: split the file or remove the columns not needed.")
        % {"count": f"{limits.max_cells:,}"},
        "file",
    )


def _limited(
    rows: Iterator[tuple[int, list[str]]], limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    cells = 0
    for count, (number, values) in enumerate(rows, start=1):
        cells += len(values)
        if count > limits.max_rows:
            raise _too_many_rows(limits)
        if cells > limits.max_cells:
            raise _too_many_cells(limits)
        yield number, values


def header_key(text: str) -> str:
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", fold(text))).strip()


def auto_mapping(headers: list[str], synonyms: Synonyms) -> dict[str, int]:
    """The fields found among `headers` (first matching column wins)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        for name, words in synonyms.items():
            if key in words and name not in found:
                found[name] = index
                break
    return found


@dataclass
class Table:
    """A list being read: its header row, where that row is, and the data rows to come."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]
    mapping: dict[str, int]
    # How many rows the file says it has (a sheet's dimension, a CSV's lines), 0 if unknown.
    size: dict[str, int] = field(default_factory=dict)

    @property
    def estimated_rows(self) -> int:
        return max(self.size.get("rows", 0) - self.header_row, 0)

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()


def cell_text(value: Any) -> str:
    """A cell as the text a person would read: dates dd/mm/yyyy, 1988.0 as 1988."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return unicodedata.normalize("NFC", str(value)).strip()


def open_table(
    name: str, data: IO[bytes], synonyms: Synonyms, limits: Limits | None = None
) -> Table:
    """Open a list; the header row is the first of the first rows naming the most fields.

    Raises `FileRefused` past a limit (before parsing, or while the rows stream) and
    `UnreadableFile` for anything that is not a list."""
    limits = limits or upload_limits()
    lower = name.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise UnreadableFile(name)
    check_upload(name, data, limits)
    size: dict[str, int] = {}
    if lower.endswith(".xlsx"):
        rows = _limited(_xlsx_rows(data, limits, size), limits)
    else:
        rows = _limited(_csv_rows(data, size), limits)
    head: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        head.append((number, cells))
        if len(head) >= _HEADER_SCAN_ROWS:
            break
    if not head:
        raise UnreadableFile(name)
    best = max(head, key=lambda item: (len(auto_mapping(item[1], synonyms)), -item[0]))
    if not auto_mapping(best[1], synonyms):
        best = head[0]
    header_row, headers = best
    rest = [(n, c) for n, c in head if n > header_row]

    def data_rows() -> Iterator[tuple[int, list[str]]]:
        yield from rest
        yield from rows

    return Table(headers, header_row, data_rows(), auto_mapping(headers, synonyms), size)


# --- .xlsx --------------------------------------------------------------------------------------

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _DIMENSION = (f"{_NS}{t}" for t in ("row", "c", "v", "dimension"))
_LAST_ROW = re.compile(r"(\d+)$")


_COLUMN_INDEX: dict[str, int] = {}


def _column_index(reference: str) -> int:
    """ "C12" → 2 (cached by the letters: a sheet has few columns)."""
    letters = reference.rstrip("0123456789")
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        index = 0
        for char in letters.upper():
            index = index * 26 + ord(char) - 64
        index = _COLUMN_INDEX[letters] = max(index - 1, 0) if len(letters) <= 3 else 0
    return index


def _xlsx_rows(
    data: IO[bytes], limits: Limits, size: dict[str, int]
) -> Iterator[tuple[int, list[str]]]:
    """The first worksheet's rows. The workbook parts are read by openpyxl's reader, all but
    its worksheet objects: building one parses the whole sheet when it has no dimension."""
    try:
        reader = ExcelReader(data, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        target = next(
            (
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if "chartsheet" not in rel.Type and rel.target in reader.valid_files
            ),
            None,
        )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError) as exc:
        raise UnreadableFile("xlsx") from exc
    if target is None:
        raise UnreadableFile("xlsx")
    workbook = reader.wb
    return _sheet_rows(
        reader.archive,
        target,
        list(reader.shared_strings),
        set(workbook._date_formats),
        workbook.epoch,
        limits,
        size,
    )


def _sheet_rows(
    archive: zipfile.ZipFile,
    target: str,
    shared: list[Any],
    dates: set[int],
    epoch: Any,
    limits: Limits,
    size: dict[str, int],
) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        with archive.open(target) as source:
            # ElementTree resolves no external entity; expat >= 2.4 caps entity expansion.
            for _event, element in iterparse(source, events=("end",)):  # noqa: S314
                if element.tag != _ROW:
                    if element.tag == _DIMENSION:
                        last = _LAST_ROW.search(element.get("ref", ""))
                        size["rows"] = int(last.group(1)) if last else 0
                    continue
                reference = element.get("r")
                number = int(reference) if reference else number + 1
                cells: list[str] = []
                for cell in element.iter(_CELL):
                    reference = cell.get("r")
                    if reference:
                        column = _column_index(reference)
                        if column > len(cells):
                            cells.extend([""] * (column - len(cells)))
                    cells.append(_xlsx_value(cell, shared, dates, epoch))
                    # One row of millions of cells would otherwise sit whole in memory.
                    if len(cells) > limits.max_cells:
                        raise _too_many_cells(limits)
                element.clear()
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    yield number, cells
    except (ParseError, zipfile.BadZipFile, OSError, ValueError, IndexError) as exc:
        raise UnreadableFile("xlsx") from exc
    finally:
        archive.close()


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _xlsx_value(cell: Any, shared: list[Any], dates: set[int], epoch: Any) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _text("".join(cell.itertext()))
    raw = cell.findtext(_VALUE)
    if not raw:
        return ""
    if kind == "s":
        value = shared[int(raw)]
        return _text(value) if isinstance(value, str) else cell_text(value)
    if kind == "n":
        number = float(raw)
        style = cell.get("s")
        if style and int(style) in dates:
            try:
                return cell_text(from_excel(number, epoch))
            except (OverflowError, ValueError):
                return raw
        return cell_text(number)
    if kind == "b":
        return "1" if raw == "1" else "0"
    return _text(raw)


# --- .csv ---------------------------------------------------------------------------------------


def decode_csv(raw: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1258; NFC either way."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: IO[bytes], size: dict[str, int]) -> Iterator[tuple[int, list[str]]]:
    text = decode_csv(data.read())
    size["rows"] = text.count("\n") + (not text.endswith("\n"))
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, cells in enumerate(reader, start=1):
                values = [cell_text(c) for c in cells]
                while values and not values[-1]:
                    values.pop()
                if values:
                    yield number, values
        except csv.Error as exc:
            raise UnreadableFile("csv") from exc

    return rows()


# --- writing ------------------------------------------------------------------------------------

# What a spreadsheet reads as the start of a formula (or DDE call) when it meets it in a cell.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_TYPED = (int, float, Decimal, datetime.date, datetime.datetime, datetime.time, bool)


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would run; a plain signed number ("-12", "+84912…") is harmless."""
    return text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(text)


class XlsxSheet:
    """A sheet being written: rows go out as they come, text never as a formula."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet

    def _cell(self, value: Any) -> Any:
        if value is None or isinstance(value, _TYPED):
            return value
        text = str(value)
        if not is_formula_like(text):
            return text
        # Kept as written, typed as text and marked so that editing it keeps it text.
        cell = WriteOnlyCell(self._sheet, text)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell

    def append(self, row: Iterable[Any]) -> None:
        self._sheet.append([self._cell(value) for value in row])


class XlsxBook:
    def __init__(self) -> None:
        self._book = openpyxl.Workbook(write_only=True)

    def sheet(
        self,
        title: str,
        *,
        widths: Iterable[float] = (),
        header_block: Iterable[Iterable[Any]] = (),
        headers: Iterable[Any] | None = None,
    ) -> XlsxSheet:
        """A new sheet (title cut to Excel's 31 characters), its widths, title lines, headers."""
        raw = self._book.create_sheet(str(title)[:31])
        for index, width in enumerate(widths, start=1):
            raw.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
        sheet = XlsxSheet(raw)
        for line in header_block:
            sheet.append(line)
        if headers is not None:
            sheet.append(headers)
        return sheet

    def save(self, target: IO[bytes]) -> None:
        self._book.save(target)


@dataclass(frozen=True)
class Formula:
    """A formula the code writes on purpose (a total, a change), without the leading "=";
    text from data is never written as one."""

    text: str


class XlsxForm:
    """A one-sheet workbook laid out cell by cell, for official forms (merged header cells,
    a signature block): text is escaped like every export, `Formula` values are formulas."""

    def __init__(self, title: str) -> None:
        self._book = openpyxl.Workbook()
        self.sheet = self._book.active
        self.sheet.title = str(title)[:31]

    def widths(self, widths: Iterable[float]) -> None:
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width

    def put(self, row: int, column: int, value: Any, **style: Any) -> Any:
        """Write one cell; `style` sets its font, alignment, border…"""
        cell = self.sheet.cell(row, column)
        if isinstance(value, Formula):
            cell.value = "=" + value.text
        elif value is None or isinstance(value, _TYPED):
            cell.value = value
        else:
            text = str(value)
            cell.value = text
            if is_formula_like(text):
                cell.data_type = "s"
                cell.quotePrefix = True
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def merge(self, top: int, left: int, bottom: int, right: int, value: Any, **style: Any) -> Any:
        self.sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
        return self.put(top, left, value, **style)

    def save(self, target: IO[bytes]) -> None:
        self._book.save(target)


@contextmanager
def xlsx_book(target: IO[bytes]) -> Iterator[XlsxBook]:
    """A workbook of several sheets, written as it streams, saved to `target` at the end."""
    book = XlsxBook()
    yield book
    book.save(target)


def write_xlsx(
    target: IO[bytes],
    headers: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    title: str = "Danh sách",
    widths: Iterable[float] = (),
    header_block: Iterable[Iterable[Any]] = (),
) -> None:
    """A one-sheet workbook written as it streams (memory stays flat for long reports)."""
    with xlsx_book(target) as book:
        sheet = book.sheet(title, widths=widths, header_block=header_block, headers=headers)
        for row in rows:
            sheet.append(row)


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _TYPED):
        return str(value)
    text = str(value)
    # A CSV has no types: the apostrophe is what spreadsheets take as "this is text".
    return f"'{text}" if is_formula_like(text) else text


def write_csv(
    target: IO[str], headers: list[str], rows: Iterable[Iterable[Any]], *, delimiter: str = ","
) -> int:
    """A CSV (the caller opens `target` with its encoding); returns the rows written."""
    writer = csv.writer(target, delimiter=delimiter)
    writer.writerow([csv_cell(h) for h in headers])
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 (the count is returned)
        writer.writerow([csv_cell(value) for value in row])
    return count
