"""Pages of this app: the rehab actions posted from the person page."""

from django.urls import path

from pcmt.rehab import views

urlpatterns = [
    path("persons/<int:pk>/rehab/", views.rehab_register, name="rehab_register"),
    path("persons/<int:pk>/rehab/dossier/", views.rehab_dossier_open, name="rehab_dossier_open"),
    path("rehab/<int:rehab_pk>/start/", views.rehab_start, name="rehab_start"),
    path("rehab/<int:rehab_pk>/documents/", views.rehab_document, name="rehab_document"),
    path(
        "rehab/<int:rehab_pk>/court-submission/",
        views.rehab_send_to_court,
        name="rehab_send_to_court",
    ),
    path(
        "rehab/<int:rehab_pk>/court-decision/",
        views.rehab_court_decision,
        name="rehab_court_decision",
    ),
    path("rehab/<int:rehab_pk>/admission/", views.rehab_admit, name="rehab_admit"),
    path("rehab/<int:rehab_pk>/transfers/", views.rehab_transfer, name="rehab_transfer"),
    path("rehab/<int:rehab_pk>/escape/", views.rehab_escape, name="rehab_escape"),
    path("rehab/<int:rehab_pk>/return/", views.rehab_return, name="rehab_return"),
    path("rehab/<int:rehab_pk>/complete/", views.rehab_complete, name="rehab_complete"),
    path("rehab/<int:rehab_pk>/end/", views.rehab_end, name="rehab_end"),
    path("rehab/<int:rehab_pk>/post-rehab/", views.post_rehab_open, name="post_rehab_open"),
    path("post-rehab/<int:post_rehab_pk>/use/", views.post_rehab_use, name="post_rehab_use"),
    path("post-rehab/<int:post_rehab_pk>/end/", views.post_rehab_end, name="post_rehab_end"),
]
