"""The codebase writes spreadsheets in one place: `pcmt/core/tabular.py`, which escapes formulas."""

import re
from pathlib import Path

import pcmt

WRITER = Path(pcmt.__file__).parent / "core" / "tabular.py"
# A workbook built by hand, or a CSV writer, bypasses the escaping of formulas.
FORBIDDEN = re.compile(r"openpyxl\.Workbook\(|csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(")


def writers_outside_the_one_module() -> list[str]:
    found = []
    for path in sorted(Path(pcmt.__file__).parent.rglob("*.py")):
        if path == WRITER:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
    return found


def test_no_module_but_the_writer_builds_a_workbook_or_a_csv_writer():
    assert writers_outside_the_one_module() == []


def test_the_check_sees_a_workbook_built_by_hand(tmp_path, monkeypatch):
    stray = Path(pcmt.__file__).parent / "core" / "_stray_writer_for_test.py"
    stray.write_text("import openpyxl\nbook = openpyxl.Workbook()\n", encoding="utf-8")
    try:
        assert any("_stray_writer_for_test" in f for f in writers_outside_the_one_module())
    finally:
        stray.unlink()
