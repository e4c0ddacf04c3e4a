"""The person-page section, its forms, the worklist sections and the dossier context."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pcmt.accounts.scope import scope_for
from pcmt.core.extensions import worklist_sections
from pcmt.rehab import selectors
from pcmt.rehab.models import RehabEpisode
from pcmt.rehab.services import (
    compulsory_dossier_open,
    dossier_document_receive,
    rehab_complete,
    rehab_escape,
    rehab_register,
    rehab_start,
)

D = datetime.date


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_the_officer_opens_a_dossier_from_the_person_page(alice_client, person_a, today):
    today(D(2026, 3, 10))
    response = alice_client.post(
        reverse("rehab_dossier_open", kwargs={"pk": person_a.pk}), {"opened_on": "02/03/2026"}
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    section = page.split('id="rehab"')[1].split("</section>")[0]
    assert "09/03/2026" in section and 'class="badge warn"' in section
    assert 'id="open-dossier"' not in section and "/court-submission/" in section
    episode = RehabEpisode.objects.get()
    bad = alice_client.post(
        reverse("rehab_court_decision", kwargs={"rehab_pk": episode.pk}),
        {"court": "TAND", "number": "1", "decided_on": "03/03/2026", "months": "12"},
    )
    assert _messages(bad) and RehabEpisode.objects.get().status == "dossier"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "voluntary_home", "registered_on": "31/02/2025"},
        {"kind": "voluntary_home", "registered_on": "01/03/2025", "months": "40"},
        {"kind": "voluntary_home", "registered_on": "01/03/2025", "months": "6", "commune": "9"},
        {"kind": "compulsory", "registered_on": "01/03/2025", "months": "6"},
    ],
)
def test_bad_registration_input_is_a_message_and_saves_nothing(alice_client, person_a, today, data):
    response = alice_client.post(reverse("rehab_register", kwargs={"pk": person_a.pk}), data)
    assert response.status_code == 302
    assert _messages(response)
    assert not RehabEpisode.objects.exists()


def test_readers_see_the_section_without_forms(client, sam, alice, person_a, today):
    compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2026, 3, 2))
    client.force_login(sam)
    page = client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert 'id="rehab"' in page and "09/03/2026" in page
    assert "<form" not in page.split('id="rehab"')[1].split("</section>")[0]


def test_the_worklist_lists_dossiers_terms_ending_absences_and_post_rehab(
    alice, bob, sam, person_a, register, today
):
    today(D(2026, 3, 20))
    compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2026, 3, 2))
    other = register(full_name="Phạm Văn Tú", birth_year=1990)
    home = rehab_register(
        actor=alice, person=other, kind="voluntary_home", registered_on=D(2025, 9, 1), months=6
    )
    rehab_start(actor=alice, episode=home, started_on=D(2025, 9, 15))
    keys = {s.key: s for s in worklist_sections(scope_for(alice), D(2026, 3, 20))}
    assert keys["rehab_dossiers"].items[0].overdue_on(D(2026, 3, 20))
    assert keys["rehab_dossiers"].items[0].due == D(2026, 3, 9)
    assert keys["rehab_ending"].items[0].due == D(2026, 3, 15)
    assert "rehab_away" not in keys and "post_rehab_ending" not in keys
    assert not any(
        s.key.startswith("rehab") for s in worklist_sections(scope_for(bob), D(2026, 3, 20))
    )
    province = {s.key: s for s in worklist_sections(scope_for(sam), D(2026, 3, 20))}
    assert province["rehab_dossiers"].by_commune == [("Ba Đình", 1)]
    # Completing voluntary rehab opens post-rehab management (Law 73/2021 art. 40).
    rehab_complete(actor=alice, episode=home, completed_on=D(2026, 3, 15))
    keys = {s.key for s in worklist_sections(scope_for(alice), D(2027, 3, 1))}
    assert "post_rehab_ending" in keys


def test_persons_away_without_permission_are_listed(alice, person_a, admitted, today):
    episode = admitted(person_a, D(2025, 3, 1), months=12)
    rehab_escape(actor=alice, episode=episode, left_on=D(2025, 6, 1))
    section = selectors.away_section(scope_for(alice), D(2025, 6, 2), 50)
    assert section is not None and [i.person_id for i in section.items] == [person_a.pk]


def test_the_dossier_context_masks_the_id_and_ticks_documents(alice, person_a, today):
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2026, 3, 2))
    dossier_document_receive(
        actor=alice, episode=episode, document="grounds", received_on=D(2026, 3, 3)
    )
    context = selectors.dossier_context(RehabEpisode.objects.get(pk=episode.pk))
    assert context["person_name"] == "Trần Văn Bình" and context["birth"] == "04/03/1988"
    assert context["id_number"].endswith("345") and "001088" not in context["id_number"]
    assert context["commune"].endswith("Ba Đình") and context["dossier_due"] == D(2026, 3, 9)
    ticked = {item["code"]: item["received"] for item in context["checklist"]}
    assert ticked["grounds"] and not ticked["proposal"]
    assert "representative_opinion" not in ticked
