import importlib
from pathlib import Path

from pcmt.rules.statutory import render_markdown, statutory_numbers

PAGE = Path(__file__).resolve().parents[2] / "docs" / "statutory-numbers.md"


def test_the_statutory_numbers_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == render_markdown(), (
        "docs/statutory-numbers.md is stale: run manage.py statutory_numbers"
    )


def test_every_number_names_a_function_that_exists_and_a_source():
    for row in statutory_numbers():
        module, _, name = row.function.rpartition(".")
        assert hasattr(importlib.import_module(module), name), row.function
        assert row.source and row.value, row


def test_the_post_rehab_periods_are_on_the_page_for_both_laws():
    page = render_markdown()
    assert page.count("Post-rehab management after compulsory rehab, adult | 24 months") == 2
    assert "Circular 10/2024/TT-BCA art. 8" in page
