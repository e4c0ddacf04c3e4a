"""Generated documents over the web and the API: jurisdiction, events, access log, refusals."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pcmt.audit.models import Event

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(name, record, kind="management_decision"):
    return reverse(name, kwargs={"document_kind": kind, "record_pk": record.pk})


def test_an_officer_downloads_the_decision_as_pdf_and_the_log_says_so(alice_client, decided):
    response = alice_client.get(_url("document_pdf", decided))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "quyet-dinh-quan-ly-tran-van-binh" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = Event.objects.get(action="document_issued")
    assert event.subject_id == decided.person_id
    assert event.changes["document"] == [None, "management_decision"]
    assert event.changes["format"] == [None, "pdf"]
    assert Event.objects.filter(
        action="read", subject_id=decided.person_id, origin__channel="ui"
    ).exists()


def test_the_docx_is_a_word_document(alice_client, decided):
    response = alice_client.get(_url("document_docx", decided))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response.content.startswith(b"PK")


def test_the_request_letter_is_generated_for_a_requested_determination(alice_client, requested):
    response = alice_client.get(_url("document_pdf", requested, "determination_request"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("persona", ["bob", "ann", "olga"])
@pytest.mark.parametrize("name", ["document_pdf", "document_docx", "api_document_pdf"])
def test_users_outside_the_jurisdiction_get_404(client, decided, persona, name, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(name, decided)).status_code == 404
    assert not Event.objects.filter(action="document_issued").exists()
    assert not Event.objects.filter(action="read").exists()


def test_a_provincial_supervisor_may_read_the_document(client, decided, sam):
    client.force_login(sam)
    assert client.get(_url("document_pdf", decided)).status_code == 200


def test_an_unknown_document_kind_is_404(alice_client, decided):
    assert alice_client.get(_url("document_pdf", decided, "no_such_kind")).status_code == 404


def test_a_document_for_an_undecided_management_is_refused_with_a_message(alice_client, management):
    response = alice_client.get(_url("document_pdf", management))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/persons/{management.person_id}/#documents")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("decision" in m and "first" in m for m in messages)
    assert not Event.objects.filter(action="document_issued").exists()


def test_the_api_refuses_an_undecided_management_with_a_code(alice_client, management):
    response = alice_client.get(_url("api_document_pdf", management))
    assert response.status_code == 400
    assert response.json()["code"] == "document_not_available"
    assert "decision" in response.json()["message"]


def test_the_api_generates_both_formats(alice_client, decided):
    pdf = alice_client.get(_url("api_document_pdf", decided))
    docx = alice_client.get(_url("api_document_docx", decided))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX
    assert Event.objects.filter(action="read", origin__channel="api").count() == 2
    assert Event.objects.filter(action="document_issued").count() == 2


def test_the_api_lists_the_documents_a_person_has(alice_client, decided, requested):
    response = alice_client.get(reverse("api_person_documents", kwargs={"pk": decided.person_id}))
    assert response.status_code == 200
    kinds = {(row["kind"], row["record"]) for row in response.json()}
    assert kinds == {
        ("management_decision", decided.pk),
        ("determination_request", requested.pk),
    }
    row = next(r for r in response.json() if r["kind"] == "management_decision")
    assert row["pdf"] == _url("api_document_pdf", decided)


def test_the_person_page_links_the_documents_only_once_they_exist(alice_client, management, alice):
    import datetime

    from pcmt.casework.services import management_decision_issue

    page = reverse("person_detail", kwargs={"pk": management.person_id})
    body = alice_client.get(page).content.decode()
    assert 'id="documents"' in body
    assert _url("document_pdf", management) not in body
    management_decision_issue(
        actor=alice,
        management=management,
        number="15",
        decision_date=datetime.date(2025, 10, 20),
        signer="Nguyễn Thị Hằng",
    )
    body = alice_client.get(page).content.decode()
    assert _url("document_pdf", management) in body
    assert _url("document_docx", management) in body
