"""Every user's own account page and password change, outside the administrators' site."""

from django.urls import reverse

from tests.conftest import PASSWORD


def test_the_account_page_shows_the_name_in_vietnamese_order_and_the_agency(client, alice):
    alice.first_name, alice.last_name = "Dũng", "Phạm Quốc"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("account_detail")).content.decode()
    assert "Phạm Quốc Dũng" in page
    assert "Dũng Phạm Quốc" not in page
    assert alice.agency.name in page
    assert "Đổi mật khẩu" in page


def test_the_header_links_every_user_to_his_account(client, olga):
    client.force_login(olga)
    assert reverse("account_detail") in client.get(reverse("home")).content.decode()


def test_the_account_page_needs_a_login(client, db):
    response = client.get(reverse("account_detail"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_user_changes_his_password_and_stays_signed_in(client, alice):
    client.force_login(alice)
    new = "Mật-khẩu-mới-2026!"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert client.get(reverse("account_detail")).status_code == 200


def test_a_wrong_current_password_changes_nothing_and_says_so_in_vietnamese(client, alice):
    client.force_login(alice)
    new = "Mật-khẩu-mới-2026!"
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
