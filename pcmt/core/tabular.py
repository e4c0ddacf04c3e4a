"""Spreadsheets as tables: reading .xlsx and .csv lists, writing .xlsx. One reader for every import.

Reading streams rows so that a 100,000-row list never sits in memory as cell objects:
openpyxl's reader reads the workbook (sheets, shared strings, date styles) and the sheet's
cells are read with ElementTree's iterparse, about five times faster than openpyxl's cells.

CSV: UTF-8 with or without BOM; a file that is not valid UTF-8 is read as Windows-1258, the
code page Vietnamese Windows uses when Excel saves "CSV"; the delimiter (`;`, `,` or tab) is
taken from the header line.

The header row is found by the column names a caller expects: `synonyms` maps each field to
the folded header texts it answers to (with or without diacritics).
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

import openpyxl
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel

from pcmt.core.text import fold

# Folded header texts (see `header_key`) each field answers to.
type Synonyms = Mapping[str, Collection[str]]


_HEADER_SCAN_ROWS = 10
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")

MAX_ROWS = 200_000


class UnreadableFile(Exception):
    """The file is not a readable .xlsx or .csv list."""


class TooManyRows(Exception):
    pass


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


def open_table(name: str, data: IO[bytes], synonyms: Synonyms) -> Table:
    """Open a list; the header row is the first of the first rows naming the most fields."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif lower.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise UnreadableFile(name)
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

    return Table(headers, header_row, data_rows(), auto_mapping(headers, synonyms))


# --- .xlsx --------------------------------------------------------------------------------------

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE = (f"{_NS}{t}" for t in ("row", "c", "v"))


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


def _xlsx_rows(data: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
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
    )


def _sheet_rows(
    archive: zipfile.ZipFile, target: str, shared: list[Any], dates: set[int], epoch: Any
) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        with archive.open(target) as source:
            # ElementTree resolves no external entity; expat >= 2.4 caps entity expansion.
            for _event, element in iterparse(source, events=("end",)):  # noqa: S314
                if element.tag != _ROW:
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


def _csv_rows(data: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    text = decode_csv(data.read())
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


def write_xlsx(target: IO[bytes], headers: list[str], rows: Iterable[list[Any]]) -> None:
    """A one-sheet workbook written as it streams (memory stays flat for long reports)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(target)
