from django.urls import reverse

from pcmt.accounts.models import DataRole
from pcmt.security.models import PrivilegeRequest, RequestStatus
from pcmt.security.services import privileges_change, privileges_of


def _form(user, **new):
    data = {**privileges_of(user), **new}
    form = {"data_role": data["data_role"], "reason": "bổ nhiệm"}
    if data["agency"]:
        form["agency"] = data["agency"]
    for flag in ("is_staff", "is_superuser", "is_security_officer"):
        if data[flag]:
            form[flag] = "on"
    return form


def test_an_administrator_requests_a_role_on_the_privileges_page(client, ada, olga, alice):
    client.force_login(ada)
    url = reverse("user_privileges", kwargs={"user_pk": olga.pk})
    response = client.post(url, _form(olga, agency=alice.agency_id, data_role="officer"))
    request = PrivilegeRequest.objects.get(user=olga)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "privilege_request_detail", kwargs={"request_pk": request.pk}
    )
    olga.refresh_from_db()
    assert olga.data_role == DataRole.NONE


def test_the_privileges_page_of_oneself_has_no_form(client, ada):
    client.force_login(ada)
    url = reverse("user_privileges", kwargs={"user_pk": ada.pk})
    assert "privileges-form" not in client.get(url).content.decode()
    response = client.post(url, _form(ada, is_superuser="on"))
    ada.refresh_from_db()
    assert response.status_code == 200 and not ada.is_superuser


def test_a_second_administrator_approves_on_the_request_page(client, ada, ben, olga, alice):
    request = privileges_change(
        actor=ada,
        user=olga,
        new={**privileges_of(olga), "agency": alice.agency_id, "data_role": "officer"},
    )
    client.force_login(ada)
    page = client.get(reverse("privilege_request_detail", kwargs={"request_pk": request.pk}))
    assert "Approve" not in page.content.decode() and "Phê duyệt" not in page.content.decode()
    client.post(reverse("privilege_request_approve", kwargs={"request_pk": request.pk}))
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    client.force_login(ben)
    client.post(
        reverse("privilege_request_approve", kwargs={"request_pk": request.pk}), {"note": "ok"}
    )
    request.refresh_from_db()
    olga.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and olga.data_role == DataRole.OFFICER


def test_a_second_administrator_refuses_on_the_request_page(client, ada, ben, olga):
    request = privileges_change(actor=ada, user=olga, new={**privileges_of(olga), "is_staff": True})
    client.force_login(ben)
    client.post(reverse("privilege_request_refuse", kwargs={"request_pk": request.pk}))
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED


def test_the_request_pages_are_404_for_everyone_else(client, alice, ada, olga):
    request = privileges_change(actor=ada, user=olga, new={**privileges_of(olga), "is_staff": True})
    client.force_login(alice)
    for url in (
        reverse("privilege_request_list"),
        reverse("privilege_request_detail", kwargs={"request_pk": request.pk}),
        reverse("user_privileges", kwargs={"user_pk": olga.pk}),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("privilege_request_approve", kwargs={"request_pk": request.pk})
        ).status_code
        == 404
    )


def test_the_menu_shows_the_requests_only_to_administrators(client, alice, ada):
    client.force_login(alice)
    assert "nav-privilege-requests" not in client.get(reverse("notification_list")).content.decode()
    client.force_login(ada)
    assert "nav-privilege-requests" in client.get(reverse("notification_list")).content.decode()


def test_the_request_list_is_in_vietnamese(client, ada):
    client.force_login(ada)
    body = client.get(reverse("privilege_request_list")).content.decode()
    assert "Yêu cầu cấp quyền" in body


def test_the_admin_user_form_cannot_change_protected_fields(client, sue, olga, alice):
    client.force_login(sue)
    url = reverse("admin:accounts_user_change", args=[olga.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "username": "olga",
            "first_name": "Olga",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "agency": alice.agency_id,
            "data_role": "supervisor",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    olga.refresh_from_db()
    assert olga.first_name == "Olga"
    assert olga.data_role == DataRole.NONE and not olga.is_superuser and not olga.is_staff
    assert olga.agency is None


def test_the_admin_cannot_edit_his_own_rights_in_django_admin(client, sue):
    client.force_login(sue)
    url = reverse("admin:accounts_user_change", args=[sue.pk])
    client.post(url, {"username": "sue", "data_role": "officer", "is_active": ""})
    sue.refresh_from_db()
    assert sue.is_active and sue.data_role == DataRole.NONE


def test_the_admin_site_is_titled_pcmt_in_vietnamese(client, sue):
    client.force_login(sue)
    assert "Quản trị PCMT" in client.get("/admin/").content.decode()


def test_the_admin_site_shows_no_groups_nor_authenticator_secrets():
    from django.contrib import admin
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (Group, TOTPDevice, StaticDevice):
        assert not admin.site.is_registered(model)
