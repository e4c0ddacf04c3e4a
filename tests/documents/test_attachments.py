"""Scans attached to episodes: type by content, size limit, private storage, jurisdiction,
soft removal."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given
from hypothesis import strategies as st

from pcmt.audit.models import Event
from pcmt.casework.models import DrugTest
from pcmt.core import filecrypt
from pcmt.core.errors import DomainError, NotFound
from pcmt.documents import storage
from pcmt.documents.checks import private_root_check
from pcmt.documents.models import Attachment
from pcmt.documents.registry import register_attachable
from pcmt.documents.services import attachment_add, attachment_remove

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 60


def upload(content=PDF, name="quyet-dinh.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(actor, management, content=PDF, name="quyet-dinh.pdf", **kwargs):
    return attachment_add(
        actor=actor,
        person=management.person,
        episode_type=kwargs.pop("episode_type", "casework.usermanagement"),
        episode_id=kwargs.pop("episode_id", management.pk),
        kind=kwargs.pop("kind", "decision"),
        upload=upload(content, name),
    )


def test_a_pdf_is_stored_under_a_random_name_outside_the_web_root(alice, management, private_root):
    scan = attach(alice, management)
    path = Path(private_root) / scan.storage_name
    stored = path.read_bytes()
    assert stored.startswith(filecrypt.MAGIC) and PDF not in stored  # encrypted at rest
    assert storage.open_scan(scan.storage_name).read() == PDF
    assert "quyet" not in scan.storage_name and not scan.storage_name.endswith(".pdf")
    assert scan.size == len(PDF) and scan.sha256 == hashlib.sha256(PDF).hexdigest()
    assert scan.content_type == "application/pdf" and scan.original_name == "quyet-dinh.pdf"
    for served in (settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS):
        assert not path.resolve().is_relative_to(Path(served).resolve())
    event = Event.objects.get(action="attachment_added")
    assert event.changes["attachment"] == [None, "quyet-dinh.pdf"]
    assert event.changes["episode"] == [None, f"casework.usermanagement:{management.pk}"]


def test_the_default_private_root_is_outside_the_served_folders():
    from pcmt import settings as project

    private = Path(project.PCMT_PRIVATE_MEDIA_ROOT)
    assert private == project.VAR_DIR / "private"
    for served in (project.STATIC_ROOT, project.MEDIA_ROOT, *project.STATICFILES_DIRS):
        assert not private.is_relative_to(served)


def test_a_private_root_inside_the_static_files_fails_the_start_up_check(settings):
    assert private_root_check() == []
    settings.PCMT_PRIVATE_MEDIA_ROOT = Path(settings.STATIC_ROOT) / "scans"
    assert [error.id for error in private_root_check()] == ["documents.E001"]


def test_an_exe_named_pdf_is_refused_by_its_content(alice, management, private_root):
    with pytest.raises(DomainError) as refused:
        attach(alice, management, EXE, "quyet-dinh.pdf")
    assert refused.value.code == "file_type_not_allowed" and refused.value.field == "file"
    assert isinstance(refused.value.message, Promise), "the message goes through translation"
    assert "PDF, JPEG and PNG" in str(refused.value.message)
    with translation.override("vi"):
        assert str(refused.value.message)
    assert not Attachment.objects.exists()
    assert not [p for p in Path(private_root).rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PNG, "scan.txt", "image/png"),
        (JPEG, "anh.png", "image/jpeg"),
        (PDF, "qd", "application/pdf"),
    ],
)
def test_the_type_comes_from_the_content_not_the_name(alice, management, content, name, expected):
    assert attach(alice, management, content, name).content_type == expected


@given(st.binary(min_size=0, max_size=32))
def test_only_the_three_signatures_are_recognised(head):
    known = head.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
    assert (storage.scan_type(head) is not None) == known


def test_the_size_limit_comes_from_the_settings(alice, management, settings):
    settings.PCMT_ATTACHMENT_MAX_BYTES = 1000
    body = PDF + b"0" * (1000 - len(PDF))
    assert attach(alice, management, body).size == 1000
    with pytest.raises(DomainError) as refused:
        attach(alice, management, body + b"0")
    assert refused.value.code == "file_too_large" and refused.value.field == "file"
    assert Attachment.objects.count() == 1


def test_the_default_limit_is_ten_megabytes():
    from pcmt import settings as project

    assert project.PCMT_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024


def test_an_episode_of_another_person_or_model_is_refused(alice, management, person_b, bob):
    from pcmt.casework.services import drug_test_record

    other = drug_test_record(
        actor=bob,
        person=person_b,
        tested_on=management.positive_test.tested_on,
        place="x",
        result="negative",
        tested_by="y",
    )
    for episode_type, episode_id in [
        ("casework.drugtest", other.pk),
        ("persons.person", management.person_id),
        ("casework.usermanagement", 999999),
    ]:
        with pytest.raises(DomainError) as refused:
            attach(alice, management, episode_type=episode_type, episode_id=episode_id)
        assert refused.value.code == "episode_not_found"


def test_only_officers_of_the_managing_commune_attach(bob, sam, management):
    for actor in (bob, sam):
        with pytest.raises(NotFound):
            attach(actor, management)


def test_register_attachable_needs_a_foreign_key_to_person():
    with pytest.raises(ValueError, match="not a foreign key to Person"):
        register_attachable(DrugTest, person_field="recorded_by")


def test_removing_hides_the_scan_but_keeps_the_file(alice, management, private_root):
    scan = attach(alice, management)
    attachment_remove(actor=alice, attachment=scan, reason="Tải nhầm tệp")
    scan.refresh_from_db()
    assert scan.is_removed and scan.removed_by == alice and scan.removed_reason == "Tải nhầm tệp"
    assert storage.open_scan(scan.storage_name).read() == PDF
    event = Event.objects.get(action="attachment_removed")
    assert event.note == "Tải nhầm tệp"
    with pytest.raises(DomainError) as again:
        attachment_remove(actor=alice, attachment=scan, reason="again")
    assert again.value.code == "illegal_transition"


def test_removing_needs_a_reason(alice, management):
    scan = attach(alice, management)
    with pytest.raises(DomainError) as refused:
        attachment_remove(actor=alice, attachment=scan, reason="  ")
    assert refused.value.field == "reason"


# --- pages -------------------------------------------------------------------------------


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_officer_attaches_a_scan_from_the_person_page(alice_client, management):
    person_page = reverse("person_detail", kwargs={"pk": management.person_id})
    body = alice_client.get(person_page).content.decode()
    assert 'id="add-attachment"' in body
    assert f"casework.usermanagement:{management.pk}" in body
    response = alice_client.post(
        reverse("attachment_add", kwargs={"pk": management.person_id}),
        {
            "episode": f"casework.usermanagement:{management.pk}",
            "kind": "decision",
            "file": upload(),
        },
    )
    assert response.status_code == 302
    scan = Attachment.objects.get()
    body = alice_client.get(person_page).content.decode()
    assert reverse("attachment_download", kwargs={"attachment_pk": scan.pk}) in body


def test_a_fake_pdf_from_the_page_is_a_message_not_a_file(alice_client, management):
    response = alice_client.post(
        reverse("attachment_add", kwargs={"pk": management.person_id}),
        {
            "episode": f"casework.usermanagement:{management.pk}",
            "kind": "decision",
            "file": upload(EXE),
        },
    )
    assert response.status_code == 302
    assert any("PDF, JPEG and PNG" in m for m in _messages(response))
    assert not Attachment.objects.exists()


def test_download_is_an_attachment_with_nosniff_and_logged(alice_client, alice, management):
    scan = attach(alice, management, PNG, "giay to.jpg")
    response = alice_client.get(reverse("attachment_download", kwargs={"attachment_pk": scan.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="giay to.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Event.objects.filter(
        action="read", subject_id=management.person_id, origin__channel="ui"
    ).exists()


@pytest.mark.parametrize("persona", ["bob", "ann", "olga"])
@pytest.mark.parametrize("name", ["attachment_download", "api_attachment_file"])
def test_download_outside_the_jurisdiction_is_404(
    client, alice, management, persona, name, request
):
    scan = attach(alice, management)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name, kwargs={"attachment_pk": scan.pk})).status_code == 404
    assert not Event.objects.filter(action="read").exists()


def test_a_removed_scan_is_no_longer_served(alice_client, alice, management):
    scan = attach(alice, management)
    response = alice_client.post(
        reverse("attachment_remove", kwargs={"attachment_pk": scan.pk}), {"reason": "Nhầm"}
    )
    assert response.status_code == 302
    url = reverse("attachment_download", kwargs={"attachment_pk": scan.pk})
    assert alice_client.get(url).status_code == 404
    body = alice_client.get(
        reverse("person_detail", kwargs={"pk": management.person_id})
    ).content.decode()
    assert 'id="removed-attachments"' in body and "Nhầm" in body


def test_a_supervisor_reads_but_cannot_remove(client, sam, alice, management):
    scan = attach(alice, management)
    client.force_login(sam)
    url = reverse("attachment_download", kwargs={"attachment_pk": scan.pk})
    assert client.get(url).status_code == 200
    remove = reverse("attachment_remove", kwargs={"attachment_pk": scan.pk})
    assert client.post(remove, {"reason": "x"}).status_code == 404
    scan.refresh_from_db()
    assert not scan.is_removed


# --- API ---------------------------------------------------------------------------------


def test_the_api_uploads_lists_downloads_and_removes(alice_client, management):
    person = management.person_id
    created = alice_client.post(
        reverse("api_attachment_upload", kwargs={"pk": person}),
        {
            "episode_type": "casework.usermanagement",
            "episode_id": management.pk,
            "kind": "court_decision",
            "file": upload(JPEG, "qd.jpg", "image/jpeg"),
        },
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["content_type"] == "image/jpeg" and data["kind"] == "court_decision"
    listed = alice_client.get(reverse("api_person_attachments", kwargs={"pk": person})).json()
    assert [row["id"] for row in listed] == [data["id"]]
    file = alice_client.get(data["file"])
    assert file.status_code == 200 and b"".join(file.streaming_content) == JPEG
    assert file["X-Content-Type-Options"] == "nosniff"
    removed = alice_client.post(
        reverse("api_attachment_remove", kwargs={"attachment_pk": data["id"]}),
        {"reason": "Bản chụp mờ"},
        content_type="application/json",
    )
    assert removed.status_code == 200 and removed.json()["removed_reason"] == "Bản chụp mờ"
    assert removed.json()["file"] is None
    assert alice_client.get(data["file"]).status_code == 404


def test_the_api_refuses_a_disguised_file_with_a_field_error(alice_client, management):
    response = alice_client.post(
        reverse("api_attachment_upload", kwargs={"pk": management.person_id}),
        {
            "episode_type": "casework.usermanagement",
            "episode_id": management.pk,
            "kind": "decision",
            "file": upload(EXE),
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "file_type_not_allowed"
    assert response.json()["field"] == "file"
