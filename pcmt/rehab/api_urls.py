"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.rehab import api

urlpatterns = [
    path("persons/<int:pk>/rehab/", api.PersonRehabView.as_view(), name="api_rehab_list"),
    path("rehab/<int:rehab_pk>/", api.EpisodeDetailView.as_view(), name="api_rehab_detail"),
    path("rehab/<int:rehab_pk>/start/", api.StartView.as_view(), name="api_rehab_start"),
    path("rehab/<int:rehab_pk>/documents/", api.DocumentView.as_view(), name="api_rehab_document"),
    path(
        "rehab/<int:rehab_pk>/court-submission/",
        api.SendToCourtView.as_view(),
        name="api_rehab_send_to_court",
    ),
    path(
        "rehab/<int:rehab_pk>/court-decision/",
        api.CourtDecisionView.as_view(),
        name="api_rehab_court_decision",
    ),
    path("rehab/<int:rehab_pk>/admission/", api.AdmissionView.as_view(), name="api_rehab_admit"),
    path("rehab/<int:rehab_pk>/transfers/", api.TransferView.as_view(), name="api_rehab_transfer"),
    path("rehab/<int:rehab_pk>/escape/", api.EscapeView.as_view(), name="api_rehab_escape"),
    path("rehab/<int:rehab_pk>/return/", api.ReturnView.as_view(), name="api_rehab_return"),
    path("rehab/<int:rehab_pk>/complete/", api.CompleteView.as_view(), name="api_rehab_complete"),
    path("rehab/<int:rehab_pk>/end/", api.EndView.as_view(), name="api_rehab_end"),
    path(
        "rehab/<int:rehab_pk>/post-rehab/",
        api.PostRehabOpenView.as_view(),
        name="api_post_rehab_open",
    ),
    path(
        "post-rehab/<int:post_rehab_pk>/",
        api.PostRehabDetailView.as_view(),
        name="api_post_rehab_detail",
    ),
    path(
        "post-rehab/<int:post_rehab_pk>/use/",
        api.PostRehabUseView.as_view(),
        name="api_post_rehab_use",
    ),
    path(
        "post-rehab/<int:post_rehab_pk>/end/",
        api.PostRehabEndView.as_view(),
        name="api_post_rehab_end",
    ),
]
