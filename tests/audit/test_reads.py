"""Every answer that carries a person's name, ID number or phone leaves an access row
(and no answer is cached, and pages carry the strict content policy).

Generated from the URL configuration, like the jurisdiction matrix: each route is requested
with the objects of commune A by the officers who may read its person. Whenever the answer
(page, JSON, or a spreadsheet) shows person A's name, ID number or phone, an access row of
that request must name person A. A new route is covered without being listed here.
"""

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from pcmt.audit.models import Access, AccessSubject, Purpose
from pcmt.persons.models import READ_ACTION
from tests import test_jurisdiction_matrix as matrix
from tests.test_jurisdiction_matrix import ROUTES, _url

# The matrix's objects of commune A, as a fixture of this module.
world = matrix.world

NAME, ID_NUMBER, PHONE = "Trần Văn Bình", "001088012345", "0912345678"
READERS = ["alice", "hana"]
# The blank list template's example row happens to use the fixtures' ID and phone.
NOBODYS = {"census_template"}


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        except (zipfile.BadZipFile, KeyError, OSError):
            return ""
        cells = (str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return " ".join(cells)
    return content.decode("utf-8", errors="replace")


def _shows_person(text: str) -> bool:
    return NAME in text or ID_NUMBER in text or PHONE in text


def _recorded(person_pk: int, since: int) -> bool:
    subjects = AccessSubject.objects.filter(
        access_id__gt=since, kind="person", subject_id=person_pk
    )
    from pcmt.audit.models import Event

    return (
        subjects.exists()
        or Event.objects.filter(
            stream="person", subject_id=person_pk, action=READ_ACTION, pk__gt=0
        ).exists()
    )


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize(("name", "params"), ROUTES, ids=[r[0] for r in ROUTES])
def test_an_answer_that_shows_a_person_leaves_an_access_row(
    client, world, name, params, persona, django_user_model, person_a
):
    client.force_login(django_user_model.objects.get(username=persona))
    url = _url(name, params, world)
    last = Access.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    # Whatever it shows, no answer is kept by a cache, and pages run under the strict policy.
    assert "no-store" in response["Cache-Control"], name
    if response.get("Content-Type", "").startswith("text/html"):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, name
    if name in NOBODYS or response.status_code != 200 or not _shows_person(_text(response)):
        return
    subjects = AccessSubject.objects.filter(access_id__gt=last)
    # Person A's record, or the rows of an agency's list (or a round's consolidated persons)
    # that carry their data.
    read = subjects.filter(kind="person", subject_id=person_a.pk) | subjects.filter(
        kind__in=["list_row", "run_person"]
    )
    assert read.exists(), f"{name} showed person A to {persona} and left no access row naming them"
    access = Access.objects.filter(pk__gt=last, user__username=persona).first()
    assert access is not None and access.route.endswith(name)


def test_the_search_list_names_every_person_shown(client, alice, person_a, register):
    other = register(full_name="Trần Văn Cường", birth_year=1990)
    client.force_login(alice)
    response = client.get(reverse("person_list"), {"q": "tran van"})
    assert response.status_code == 200
    access = Access.objects.get()
    assert access.purpose == Purpose.VIEW and access.route == "person_list"
    assert set(access.subjects.values_list("subject_id", flat=True)) == {person_a.pk, other.pk}
    assert access.count == 2


def test_a_page_that_shows_nobody_leaves_no_access_row(client, alice, person_a):
    client.force_login(alice)
    response = client.get(reverse("person_list"), {"q": "khong co ai"})
    assert response.status_code == 200
    assert not Access.objects.exists()


def test_a_refused_request_shows_nothing_and_records_nothing(client, bob, person_a):
    client.force_login(bob)
    assert client.get(reverse("person_detail", args=[person_a.pk])).status_code == 404
    assert not Access.objects.exists()


def test_an_id_number_in_the_address_is_refused_and_not_searched(client, alice, person_a):
    client.force_login(alice)
    response = client.get(reverse("person_list"), {"q": ID_NUMBER})
    assert response.status_code == 200
    assert NAME not in response.content.decode()
    assert "địa chỉ trang" in response.content.decode()
    api = client.get(reverse("api_person_list"), {"q": ID_NUMBER})
    assert api.status_code == 400 and api.json()["code"] == "number_in_address"


def test_a_look_up_by_number_is_posted_and_audited_hit_or_miss(client, alice, person_a):
    client.force_login(alice)
    hit = client.post(reverse("person_list"), {"q": ID_NUMBER})
    assert hit.status_code == 200 and NAME in hit.content.decode()
    miss = client.post(reverse("api_person_search"), {"q": "001099000001"}, "application/json")
    assert miss.status_code == 200 and miss.json()["count"] == 0
    rows = list(Access.objects.filter(purpose=Purpose.ID_LOOKUP).order_by("pk"))
    assert [a.count for a in rows] == [1, 0]
    assert list(rows[0].subjects.values_list("subject_id", flat=True)) == [person_a.pk]
    # The log keeps a keyed hash of the number tried, never the number.
    assert all(a.note.startswith("id:") and ID_NUMBER not in a.note for a in rows)


def test_a_posted_name_search_is_answered_at_its_address(client, alice, person_a):
    client.force_login(alice)
    response = client.post(reverse("person_list"), {"q": "tran van binh", "category": ""})
    assert response.status_code == 302
    assert response["Location"].endswith("?q=tran%20van%20binh")
    htmx = client.post(reverse("person_list"), {"q": "tran van binh"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and NAME in htmx.content.decode()
    assert htmx["HX-Push-Url"].endswith("?q=tran%20van%20binh")
    number = client.post(reverse("person_list"), {"q": PHONE}, HTTP_HX_REQUEST="true")
    assert number["HX-Push-Url"] == reverse("person_list")


def test_look_ups_by_number_are_limited_per_hour(client, alice, person_a, settings):
    settings.PCMT_NUMBER_LOOKUPS_PER_HOUR = 3
    client.force_login(alice)
    codes = [
        client.post(reverse("api_person_search"), {"q": f"00109900000{i}"}, "application/json")
        for i in range(5)
    ]
    assert [r.status_code for r in codes] == [200, 200, 200, 429, 429]
    assert codes[3].json()["code"] == "lookup_throttled"
    page = client.post(reverse("person_list"), {"q": ID_NUMBER})
    assert NAME not in page.content.decode().split("</form>", 1)[-1]
    # Refused attempts are recorded too.
    assert Access.objects.filter(purpose=Purpose.ID_LOOKUP, note__endswith="refused").count() == 3


def test_access_rows_cannot_be_changed_on_postgresql(alice, person_a, client):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    client.force_login(alice)
    client.get(reverse("person_detail", args=[person_a.pk]))
    access = Access.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        Access.objects.filter(pk=access.pk).update(note="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessSubject.objects.filter(access=access).delete()


def test_a_person_is_never_deleted_so_reads_and_events_stay(client, alice, person_a):
    from pcmt.audit.models import Event

    client.force_login(alice)
    client.get(reverse("person_detail", args=[person_a.pk]))
    with pytest.raises(PermissionError):
        person_a.delete()
    assert AccessSubject.objects.filter(kind="person", subject_id=person_a.pk).exists()
    assert Event.objects.filter(stream="person", subject_id=person_a.pk).exists()
