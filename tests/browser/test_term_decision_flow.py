"""A court's reduction of a compulsory-rehab term entered on the person page, in Chromium:
the planned end moves and the article that sets it is shown."""

import datetime

import pytest
from playwright.sync_api import expect

from pcmt.rehab.models import RehabEpisode
from pcmt.rehab.services import (
    compulsory_admit,
    compulsory_dossier_open,
    court_decision_record,
    dossier_document_receive,
    dossier_send_to_court,
    required_documents,
)
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def _admitted(alice, person) -> RehabEpisode:
    episode = compulsory_dossier_open(actor=alice, person=person, opened_on=D(2025, 6, 2))
    for code in required_documents(episode):
        dossier_document_receive(
            actor=alice, episode=episode, document=code, received_on=D(2025, 6, 2)
        )
    dossier_send_to_court(actor=alice, episode=episode, sent_on=D(2025, 6, 3))
    court_decision_record(
        actor=alice,
        episode=episode,
        court="TAND",
        number="3/QĐ",
        decided_on=D(2025, 6, 20),
        months=12,
    )
    return compulsory_admit(
        actor=alice, episode=episode, admitted_on=D(2025, 7, 1), facility="Cơ sở số 1"
    )


def test_an_officer_records_a_reduction_and_sees_the_new_end_with_its_article(
    live_server, page, alice, register
):
    person = register(full_name="Hà Văn Lực", birth_year=1990)
    _admitted(alice, person)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/persons/{person.pk}/")
    expect(page.locator("#rehab-episodes")).to_contain_text("01/07/2026")
    page.click("#rehab-episodes summary:has-text('Giảm thời hạn')")
    form = page.locator("#term-reduce-form")
    form.locator("[name=decision_number]").fill("15/QĐ-TA")
    form.locator("[name=decided_on]").fill("31/12/2025")
    form.locator("[name=issuer]").fill("TAND khu vực 3")
    form.locator("[name=ground]").select_option("good_conduct")
    form.locator("[name=months]").fill("2")
    form.locator("button[type=submit]").click()
    expect(page.locator("#rehab-episodes")).to_contain_text("01/05/2026")
    # The article first, in Vietnamese, with the court's decision number.
    expect(page.locator("#rehab-episodes")).to_contain_text(
        "Khoản 1 Điều 58 Nghị định 116/2021/NĐ-CP (15/QĐ-TA)"
    )
    assert RehabEpisode.objects.get(person=person).planned_end == D(2026, 5, 1)
