"""The dossier cover sheet and the deadlines rehab adds to the person's page."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pcmt.rehab.services import (
    compulsory_dossier_open,
    dossier_document_receive,
    required_documents,
)

D = datetime.date


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def dossier(alice, person_a, today):
    today(D(2026, 3, 2))
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2026, 2, 12))
    first = required_documents(episode)[0]
    dossier_document_receive(
        actor=alice, episode=episode, document=first, received_on=D(2026, 2, 13)
    )
    return episode


def test_the_cover_sheet_lists_the_documents_received_and_missing(client, alice, dossier):
    client.force_login(alice)
    url = reverse(
        "document_pdf", kwargs={"document_kind": "rehab_dossier", "record_pk": dossier.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert dossier.person.full_name in text
    assert "đã có (ngày 13/02/2026)" in text
    assert "CHƯA CÓ" in text  # the other documents are still missing
    docx = client.get(url.replace(".pdf", ".docx"))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_the_cover_sheet_is_404_outside_the_jurisdiction(client, bob, dossier):
    client.force_login(bob)
    url = reverse(
        "document_pdf", kwargs={"document_kind": "rehab_dossier", "record_pk": dossier.pk}
    )
    assert client.get(url).status_code == 404


def test_the_person_page_shows_the_dossier_deadline_counted_in_working_days(client, alice, dossier):
    client.force_login(alice)
    page = client.get(reverse("person_detail", kwargs={"pk": dossier.person_id})).content.decode()
    deadlines = page.split('id="deadlines"')[1].split("</ul>")[0]
    assert dossier.dossier_due.strftime("%d/%m/%Y") in deadlines
    assert "73/2021" in deadlines or "Luật" in deadlines
