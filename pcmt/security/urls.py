from django.urls import path

from pcmt.security import privacy_views, reveal, views

urlpatterns = [
    path("login/verify/", views.second_factor_verify, name="second_factor_verify"),
    path("account/second-factor/", views.second_factor_setup, name="second_factor_setup"),
    path(
        "account/second-factor/recovery/",
        views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path("account/security/", views.account_security, name="account_security"),
    path(
        "account/tokens/<int:token_pk>/revoke/",
        views.api_token_revoke_view,
        name="token_revoke",
    ),
    path("account/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("security/requests/", views.privilege_request_list, name="privilege_request_list"),
    path(
        "security/requests/<int:request_pk>/",
        views.privilege_request_detail,
        name="privilege_request_detail",
    ),
    path(
        "security/requests/<int:request_pk>/approve/",
        views.privilege_request_approve_view,
        name="privilege_request_approve",
    ),
    path(
        "security/requests/<int:request_pk>/refuse/",
        views.privilege_request_refuse_view,
        name="privilege_request_refuse",
    ),
    path("security/users/<int:user_pk>/", views.user_privileges, name="user_privileges"),
    path(
        "security/users/<int:user_pk>/second-factor/reset/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("persons/<int:pk>/reveal/", reveal.person_reveal, name="person_reveal"),
    path("security/emergency/", privacy_views.emergency_open, name="emergency_open"),
    path(
        "security/emergency/review/",
        privacy_views.emergency_review_list,
        name="emergency_review_list",
    ),
    path(
        "security/emergency/<int:grant_pk>/review/",
        privacy_views.emergency_review,
        name="emergency_review",
    ),
    path("security/unusual/", privacy_views.unusual_access_page, name="unusual_access"),
    path(
        "security/unusual/export/",
        privacy_views.unusual_access_export,
        name="unusual_access_export",
    ),
    path("account/passkeys/", views.passkey_list, name="passkey_list"),
    path(
        "account/passkeys/options/",
        views.passkey_register_options,
        name="passkey_register_options",
    ),
    path("account/passkeys/add/", views.passkey_register_view, name="passkey_register"),
    path(
        "account/passkeys/<int:passkey_pk>/remove/",
        views.passkey_remove_view,
        name="passkey_remove",
    ),
    path("login/passkey/options/", views.passkey_login_options, name="passkey_login_options"),
    path("login/passkey/verify/", views.passkey_login_verify, name="passkey_login_verify"),
]
