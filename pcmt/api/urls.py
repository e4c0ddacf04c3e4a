"""The REST API, version 1, and its OpenAPI schema and offline docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pcmt.casework import api as casework_api
from pcmt.geo import api as geo_api
from pcmt.persons import api as persons_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("persons/", persons_api.PersonListView.as_view(), name="api_person_list"),
    path("persons/<int:pk>/", persons_api.PersonDetailView.as_view(), name="api_person_detail"),
    path("persons/<int:pk>/merge/", persons_api.PersonMergeView.as_view(), name="api_person_merge"),
    path(
        "persons/<int:pk>/unmerge/",
        persons_api.PersonUnmergeView.as_view(),
        name="api_person_unmerge",
    ),
    path(
        "persons/<int:pk>/drug-tests/",
        casework_api.DrugTestListView.as_view(),
        name="api_drug_test_list",
    ),
    path(
        "managements/<int:management_pk>/decision/",
        casework_api.ManagementDecisionView.as_view(),
        name="api_management_decision",
    ),
    path(
        "managements/<int:management_pk>/end/",
        casework_api.ManagementEndView.as_view(),
        name="api_management_end",
    ),
    path(
        "persons/<int:pk>/determinations/",
        casework_api.DeterminationListView.as_view(),
        name="api_determination_list",
    ),
    path(
        "determinations/<int:determination_pk>/request/",
        casework_api.DeterminationRequestView.as_view(),
        name="api_determination_request",
    ),
    path(
        "determinations/<int:determination_pk>/result/",
        casework_api.DeterminationResultView.as_view(),
        name="api_determination_result",
    ),
    path(
        "persons/<int:pk>/therapies/",
        casework_api.TherapyListView.as_view(),
        name="api_therapy_list",
    ),
    path(
        "therapies/<int:therapy_pk>/stop/",
        casework_api.TherapyStopView.as_view(),
        name="api_therapy_stop",
    ),
    path("", include("pcmt.rehab.api_urls")),
    path("", include("pcmt.residence.api_urls")),
    path("", include("pcmt.support.api_urls")),
    path("", include("pcmt.documents.api_urls")),
    path("", include("pcmt.notifications.api_urls")),
    path("", include("pcmt.census.api_urls")),
    path("", include("pcmt.reconcile.api_urls")),
    path("", include("pcmt.jobs.api_urls")),
    path("worklist/", casework_api.WorklistView.as_view(), name="api_worklist"),
    path("units/", geo_api.UnitListView.as_view(), name="api_unit_list"),
    path("units/<str:code>/", geo_api.UnitDetailView.as_view(), name="api_unit_detail"),
    path("address/resolve/", geo_api.AddressResolveView.as_view(), name="api_address_resolve"),
]
