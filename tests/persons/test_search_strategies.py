"""On PostgreSQL the search finds a page by collecting, walking or splitting; all agree."""

import pytest
from django.db import connection

from pcmt.accounts.scope import scope_for
from pcmt.persons import selectors
from pcmt.persons.selectors import SearchQuery, person_search

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the strategies are PostgreSQL's"
)

NAMES = [
    "Nguyễn Văn Hùng",
    "Trần Hùng Cường",
    "Lê Văn Hưng",
    "Phạm Thị Hằng",
    "Nguyễn Hùng",
    "Đỗ Văn Hùng",
    "Vũ Hùng Anh",
    "Nguyễn Văn Hải",
    "Hoàng Văn Hùng",
    "Bùi Văn Hồng",
    "Ngô Hùng Văn",
    "Nguyễn Hữu Hùng",
    "Lý Văn Hưng",
    "Trịnh Văn An",
    "Đặng Hùng Dũng",
]


@pytest.fixture
def people(register, alice):
    return [register(full_name=name, birth_year=1970 + i) for i, name in enumerate(NAMES * 2)]


@pytest.mark.parametrize("text", ["hung", "van hung", "nguyen van hng", "hung van", "Hùng"])
def test_every_strategy_gives_the_same_pages(alice, people, monkeypatch, text):
    pages: dict[str, list[tuple[list[int], int, int | None]]] = {}
    for strategy in ["collect", "walk", "split"]:
        monkeypatch.setattr(selectors, "_strategy", lambda *args, s=strategy: s)
        pages[strategy] = []
        for number in (1, 2, 3):
            page = person_search(
                scope=scope_for(alice), query=SearchQuery(text=text), page=number, size=4
            )
            pages[strategy].append(([p.pk for p in page.persons], page.total, page.fuzzy_from))
    assert pages["collect"] == pages["walk"] == pages["split"]
    assert pages["collect"][0][0], "the query matches someone"
