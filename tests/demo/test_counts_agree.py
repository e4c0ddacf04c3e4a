"""Every count shown next to a list equals that list, on the demo data, for the demo personas:
the worklist's badge and its sections, each section's communes, the person search's total and
the services indicator's total row."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import User
from pcmt.demo.loader import demo_load
from pcmt.geo.models import AdminUnit
from tests.demo.conftest import TODAY

BADGE = re.compile(r'<span class="badge">(\d+)</span>')
ROW = re.compile(r"<tr>")
CELL_NUMBER = re.compile(r'<td class="num">([\d.,]+)</td>')


@pytest.fixture
def loaded(hanoi: AdminUnit) -> Any:
    return demo_load(province_code="01", persons=200, seed=2026, today=TODAY)


def _page(username: str, url: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


@pytest.mark.parametrize("username", ["canbo.xa1", "canbo.xa2", "giamsat.tinh"])
def test_the_worklist_badge_counts_what_its_sections_list(loaded, username):
    page = _page(username, reverse("home"))
    worklist = page[
        page.index('id="worklist"') : page.index("</section>", page.index('id="worklist"'))
    ]
    total = int(BADGE.search(worklist).group(1))
    sections = worklist.split("<h3>")[1:]
    counts = [int(BADGE.search(section).group(1)) for section in sections]
    assert total == sum(counts)
    assert total > 0, "the demo leaves something to do"
    for section, count in zip(sections, counts, strict=True):
        listed = section[section.index("<tbody>") : section.index("</tbody>")]
        rows = len(ROW.findall(listed))
        assert 0 < rows <= count
        if 'id="worklist-' in section and "-by-commune" in section:
            by_commune = section[section.index("-by-commune") :]
            assert sum(_number(n) for n in CELL_NUMBER.findall(by_commune)) == count


@pytest.mark.parametrize("username", ["canbo.xa1", "giamsat.tinh"])
def test_the_person_search_total_is_the_number_of_persons_listed(loaded, username):
    page = _page(username, reverse("person_list"))
    total = _number(re.search(r'id="result-count">([\d.,]+)', page).group(1))
    rows = len(re.findall(r'<tr>\s*<td><a href="/persons/\d+/"', page))
    pages = re.search(r"Trang 1 / (\d+)", page)
    if pages is None:
        assert rows == total
    else:
        assert rows < total <= rows * int(pages.group(1))


def test_the_services_total_row_is_the_sum_of_the_communes(loaded):
    page = _page("phantich", reverse("indicator_services"))
    table = page[
        page.index('id="services-reached"') : page.index(
            "</table>", page.index('id="services-reached"')
        )
    ]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    foot = table[table.index("<tfoot>") :]
    persons = [
        _number(n) for n in re.findall(r'<td class="num">([\d.,]+)</td><td class="num">', body)
    ]
    total = _number(re.search(r'<th class="num">([\d.,]+)</th>', foot).group(1))
    assert persons and total == sum(persons)
