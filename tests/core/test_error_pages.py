"""Error pages are Vietnamese, offer a way back, and never show Django's debug page."""

import pytest
from django.test import Client
from django.urls import path, reverse

from pcmt.urls import urlpatterns as project_urls


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [*project_urls, path("boom/", _boom)]


def test_an_unknown_address_answers_a_vietnamese_404_with_a_way_home(client, alice):
    client.force_login(alice)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert f'href="{reverse("home")}"' in page
    assert "Traceback" not in page and "urlpatterns" not in page


def test_a_record_outside_the_jurisdiction_is_the_same_vietnamese_404(client, bob, person_a):
    client.force_login(bob)
    response = client.get(reverse("person_detail", args=[person_a.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_a_vietnamese_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("person_create"), {})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page
    assert "Chưa có gì được lưu" in page


@pytest.mark.urls(__name__)
def test_a_server_error_answers_a_vietnamese_500_without_details(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Lỗi hệ thống" in page
    assert "boom" not in page and "Traceback" not in page
