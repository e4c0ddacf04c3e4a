"""Upload limits of the one reader: checked before parsing, refused with a code and a message."""

import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from pcmt.core.tabular import FileRefused, Limits, check_upload, open_table

SYNONYMS = {"name": {"ho ten"}}
SMALL = Limits(
    max_bytes=100_000, max_uncompressed=5_000_000, max_ratio=100, max_rows=5, max_cells=12
)
_ROW = b'<row><c t="inlineStr"><is><t>' + b"a" * 60 + b"</t></is></c></row>"


def xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ tên", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def bomb(unpacked: int) -> io.BytesIO:
    """A small .xlsx whose sheet expands to `unpacked` bytes, written without holding them."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = _ROW * 4096
            for _ in range(unpacked // len(block)):
                sheet.write(block)
    data.seek(0)
    return data


@pytest.fixture(scope="module")
def bomb_300_mb() -> io.BytesIO:
    return bomb(300 * 1024 * 1024)


def test_a_300_mb_zip_bomb_is_refused_fast_with_bounded_memory(bomb_300_mb, settings):
    assert len(bomb_300_mb.getvalue()) < 2 * 1024 * 1024
    tracemalloc.start()
    began = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        open_table("ds.xlsx", bomb_300_mb, SYNONYMS)
    elapsed = time.monotonic() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.code == "file_expands_too_much"
    assert "200 MB" in str(refused.value.message)
    assert elapsed < 1.0
    assert peak < 5 * 1024 * 1024


def test_a_file_that_expands_too_many_times_is_refused_under_the_total_limit():
    data = bomb(20 * 1024 * 1024)
    with pytest.raises(FileRefused) as refused:
        check_upload("ds.xlsx", data)
    assert refused.value.code == "file_compression_suspicious"


def test_a_file_past_the_size_limit_is_refused_before_reading(settings):
    settings.PCMT_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(FileRefused) as refused:
        open_table("ds.csv", io.BytesIO(b"Ho ten\n" + b"An\n" * 1000), SYNONYMS)
    assert refused.value.code == "file_too_large"
    assert refused.value.field == "file"


def test_rows_past_the_limit_are_refused_while_reading():
    with pytest.raises(FileRefused) as refused:
        list(open_table("ds.xlsx", xlsx([["An"]] * 6), SYNONYMS, SMALL).rows)
    assert refused.value.code == "too_many_rows"


def test_cells_past_the_limit_are_refused_while_reading():
    with pytest.raises(FileRefused) as refused:
        list(open_table("ds.csv", io.BytesIO(("Họ tên;x;y\n" * 5).encode()), SYNONYMS, SMALL).rows)
    assert refused.value.code == "too_many_cells"


def test_one_row_of_too_many_cells_is_refused_inside_the_row():
    with pytest.raises(FileRefused) as refused:
        list(open_table("ds.xlsx", xlsx([["An", *range(40)]]), SYNONYMS, SMALL).rows)
    assert refused.value.code == "too_many_cells"


def test_a_list_within_the_limits_is_read():
    table = open_table("ds.xlsx", xlsx([["An", "x"], ["Bình", "y"]]), SYNONYMS, SMALL)
    assert [cells for _n, cells in table.rows] == [["An", "x"], ["Bình", "y"]]


def test_a_refusal_message_is_in_vietnamese(settings):
    settings.PCMT_UPLOAD_MAX_BYTES = 10
    with pytest.raises(FileRefused) as refused:
        check_upload("ds.csv", io.BytesIO(b"x" * 11))
    assert str(refused.value.message).startswith("Tệp")
