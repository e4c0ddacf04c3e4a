"""Excel exports of the lists an official works from: the rows shown, with the filters
applied, nothing outside the jurisdiction, and each export in the access log."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from pcmt.audit.models import Access, AccessSubject, Purpose
from pcmt.residence.services import move_notify

D = datetime.date


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def _cells(html, table_id):
    """The text of each cell of a table's body rows, as the page shows it."""
    body = html.split(f'id="{table_id}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def _export_recorded(user, route):
    access = Access.objects.filter(user=user, route=route).latest("pk")
    assert access.purpose == Purpose.EXPORT
    return set(
        AccessSubject.objects.filter(access=access, kind="person").values_list(
            "subject_id", flat=True
        )
    )


def test_the_person_export_has_the_rows_shown_with_the_filter(client, alice, register, person_a):
    register(full_name="Phạm Thị Dung", sex="female", birth_year=1992)
    client.force_login(alice)
    page = client.get(reverse("person_list"), {"category": "drug_user"})
    html = page.content.decode()
    assert 'id="person-export"' in html
    assert '<input type="hidden" name="category" value="drug_user">' in html
    response = client.post(reverse("person_export"), {"category": "drug_user"})
    headers, rows = _sheet(response)
    assert headers[0] == "Full name"
    assert [row[0] for row in rows] == [person_a.full_name]  # the filter is applied
    assert rows[0][1] == "04/03/1988"
    assert _export_recorded(alice, "person_export") == {person_a.pk}


def test_the_person_export_leaves_out_other_communes(client, alice, person_a, person_b):
    client.force_login(alice)
    _headers, rows = _sheet(client.post(reverse("person_export"), {}))
    names = [row[0] for row in rows]
    assert person_a.full_name in names and person_b.full_name not in names
    assert person_b.pk not in _export_recorded(alice, "person_export")


def test_a_number_search_exports_by_post_only(client, alice, person_a):
    client.force_login(alice)
    _headers, rows = _sheet(client.post(reverse("person_export"), {"q": "001088012345"}))
    assert [row[0] for row in rows] == [person_a.full_name]
    assert client.get(reverse("person_export"), {"q": "001088012345"}).status_code == 405


def test_readers_without_persons_cannot_export(client, ann, person_a):
    client.force_login(ann)
    assert client.post(reverse("person_export"), {}).status_code == 404
    assert client.get(reverse("move_export")).status_code == 404
    assert client.get(reverse("worklist_export")).status_code == 404


def test_the_moves_export_has_the_rows_shown_with_the_filter(
    client, alice, bob, carol, person_a, commune_b, commune_c, move_of
):
    move = move_of(commune_b, D(2026, 7, 1), datetime.time(10, 0))
    client.force_login(alice)
    page = client.get(reverse("move_list"), {"direction": "out"})
    shown = _cells(page.content.decode(), "moves")
    headers, rows = _sheet(client.get(reverse("move_export"), {"direction": "out"}))
    assert headers[:3] == ["Person", "Year of birth", "Move date"]
    assert len(rows) == len(shown) == 1
    assert shown[0][0].startswith(rows[0][0])
    assert rows[0][2] == "01/07/2026" and shown[0][1].startswith("01/07/2026")
    assert rows[0][3:5] == [str(person_a.managing_commune), str(commune_b)]
    assert _export_recorded(alice, "move_export") == {person_a.pk}
    # Filtered to moves in: none for the sender; the receiver sees his one; others none.
    assert _sheet(client.get(reverse("move_export"), {"direction": "in"}))[1] == []
    move_notify(actor=alice, move=move)
    client.force_login(bob)
    assert len(_sheet(client.get(reverse("move_export"), {"direction": "in"}))[1]) == 1
    client.force_login(carol)
    assert _sheet(client.get(reverse("move_export")))[1] == []


def test_the_worklist_export_has_the_items_shown(client, alice, bob, person_a, commune_b, move_of):
    move_of(commune_b, D(2026, 7, 1), datetime.time(10, 0))
    client.force_login(alice)
    html = client.get(reverse("home")).content.decode()
    assert 'id="worklist-export"' in html
    shown = []
    for key in re.findall(r'<table class="grid" id="worklist-([a-z_]+)"', html):
        shown += [row[:2] for row in _cells(html, f"worklist-{key}")]
    headers, rows = _sheet(client.get(reverse("worklist_export")))
    assert headers[:3] == ["Section", "Person", "Commune"]
    assert [row[1:3] for row in rows] == shown
    assert person_a.full_name in [row[1] for row in rows]
    assert _export_recorded(alice, "worklist_export") >= {person_a.pk}
    # Commune B's officer has nothing of A's to do before it is notified.
    client.force_login(bob)
    assert person_a.full_name not in [
        row[1] for row in _sheet(client.get(reverse("worklist_export")))[1]
    ]


@pytest.mark.parametrize("name", ["move_export", "worklist_export"])
def test_exports_ask_to_log_in(client, name, db):
    assert client.get(reverse(name)).status_code == 302
