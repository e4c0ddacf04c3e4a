"""The printable management record: identity, categories and timeline as a PDF, for readers
in scope only, each print in the access log."""

import io
import unicodedata

from django.urls import reverse
from pypdf import PdfReader

from pcmt.audit.models import Access, Purpose


def _text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_the_record_prints_the_person_and_his_timeline(client, alice, person_a):
    client.force_login(alice)
    page = client.get(reverse("person_detail", args=[person_a.pk])).content.decode()
    assert f'href="{reverse("person_record_pdf", args=[person_a.pk])}"' in page
    response = client.get(reverse("person_record_pdf", args=[person_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="ho-so-quan-ly-')
    text = _text(response.content)
    assert "HỒ SƠ QUẢN LÝ" in text
    assert "Họ và tên: Trần Văn Bình" in text
    assert "Ngày sinh: 04/03/1988" in text
    # The ID is masked: only its last four digits are printed.
    assert "001088012345" not in text and "2345" in text
    assert "10/01/2025" in text and "Test dương tính" in text
    assert "DIỄN BIẾN QUÁ TRÌNH QUẢN LÝ" in text
    access = Access.objects.filter(user=alice, route="person_record_pdf").latest("pk")
    assert access.purpose == Purpose.EXPORT


def test_the_record_is_not_printed_outside_the_jurisdiction(client, bob, ann, person_a):
    for user in (bob, ann):
        client.force_login(user)
        assert client.get(reverse("person_record_pdf", args=[person_a.pk])).status_code == 404
