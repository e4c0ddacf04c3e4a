"""Legal citations read in Vietnamese on Vietnamese pages: the article first, no English word."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from pcmt.rehab.law import LAW_NAMES, dossier_citation, duration_citation
from pcmt.rules import LAWS
from pcmt.rules import term as term_rules
from pcmt.rules.citations import citation_text
from pcmt.rules.deadlines import (
    DOSSIER_CITATIONS,
    MANAGEMENT_DECISION_CITATIONS,
    MANAGEMENT_PERIOD_CITATIONS,
    PRISON_RELEASE_CITATION,
)
from pcmt.rules.measures_2025 import FACILITY_CITATION
from pcmt.rules.post_rehab import post_rehab_citation

ENGLISH = re.compile(r"\b(Law|Decree|Circular|art|ch|until|under|limit|as|on|Handling)\b")


def _every_citation() -> set[str]:
    found = {PRISON_RELEASE_CITATION, *LAW_NAMES.values(), *FACILITY_CITATION.values()}
    for table in (DOSSIER_CITATIONS, MANAGEMENT_DECISION_CITATIONS, MANAGEMENT_PERIOD_CITATIONS):
        found.update(table.values())
    for name in dir(term_rules):
        if name.endswith(("_CITATION", "_LAW")):
            found.add(getattr(term_rules, name))
    for law in LAWS:
        found.add(post_rehab_citation(law.code))
        found.add(dossier_citation(law.code))
        for kind in ("voluntary_home", "voluntary_facility", "compulsory"):
            for minor in (False, True):
                for repeat in (False, True):
                    found.add(duration_citation(law.code, kind, minor=minor, repeat=repeat))
    found.discard("")
    return found


@pytest.mark.parametrize("citation", sorted(_every_citation()))
def test_every_citation_reads_in_vietnamese(citation: str) -> None:
    with translation.override("vi"):
        text = citation_text(citation)
    assert not ENGLISH.search(text), text
    # The numbers of the instruments and articles survive the rewriting.
    assert sorted(re.findall(r"\d+", text)) == sorted(re.findall(r"\d+", citation))


def test_article_comes_first_and_clause_is_named() -> None:
    with translation.override("vi"):
        assert citation_text("Law 73/2021/QH14 art. 23; Decree 105/2021/NĐ-CP") == (
            "Điều 23 Luật 73/2021/QH14; Nghị định 105/2021/NĐ-CP"
        )
        assert citation_text("Decree 116/2021/NĐ-CP art. 58(1) (12/QĐ-UBND)") == (
            "Khoản 1 Điều 58 Nghị định 116/2021/NĐ-CP (12/QĐ-UBND)"
        )
        assert citation_text("Law on Handling Administrative Violations art. 95") == (
            "Điều 95 Luật Xử lý vi phạm hành chính"
        )


def test_english_pages_keep_the_canonical_form() -> None:
    with translation.override("en"):
        assert citation_text("Law 73/2021/QH14 art. 23") == "Law 73/2021/QH14 art. 23"
    # Official documents are Vietnamese whatever the reader's language.
    with translation.override("en"):
        assert citation_text("Law 73/2021/QH14 art. 23", "vi") == "Điều 23 Luật 73/2021/QH14"


def test_filter_shows_a_stored_law_code_as_its_title() -> None:
    template = Template("{% load law %}{{ a|cite }}|{{ b|cite }}")
    with translation.override("vi"):
        context = Context({"a": "law_120_2025", "b": "Circular 10/2024/TT-BCA art. 8"})
        text = template.render(context)
    assert "law_120_2025" not in text
    assert text.endswith("|Điều 8 Thông tư 10/2024/TT-BCA")
