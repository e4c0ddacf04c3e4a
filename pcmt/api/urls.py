"""The REST API, version 1, and its OpenAPI schema and offline docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pcmt.casework import api as casework_api
from pcmt.casework.lifecycles import LIFECYCLES as CASEWORK_LIFECYCLES
from pcmt.geo import api as geo_api
from pcmt.lifecycle.views import api_urls
from pcmt.persons import api as persons_api
from pcmt.security import reveal

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", template_name="api/swagger_ui.html"
        ),
        name="api_docs",
    ),
    path("persons/", persons_api.PersonListView.as_view(), name="api_person_list"),
    path("persons/search/", persons_api.PersonSearchView.as_view(), name="api_person_search"),
    path("persons/<int:pk>/", persons_api.PersonDetailView.as_view(), name="api_person_detail"),
    path("persons/<int:pk>/merge/", persons_api.PersonMergeView.as_view(), name="api_person_merge"),
    path("persons/<int:pk>/reveal/", reveal.PersonRevealView.as_view(), name="api_person_reveal"),
    path(
        "persons/<int:pk>/unmerge/",
        persons_api.PersonUnmergeView.as_view(),
        name="api_person_unmerge",
    ),
    *api_urls(*CASEWORK_LIFECYCLES),
    path("", include("pcmt.rehab.api_urls")),
    path("", include("pcmt.residence.api_urls")),
    path("", include("pcmt.support.api_urls")),
    path("", include("pcmt.documents.api_urls")),
    path("", include("pcmt.notifications.api_urls")),
    path("", include("pcmt.census.api_urls")),
    path("", include("pcmt.reconcile.api_urls")),
    path("", include("pcmt.jobs.api_urls")),
    path("", include("pcmt.population.api_urls")),
    path("", include("pcmt.places.api_urls")),
    path("", include("pcmt.reports.api_urls")),
    path("", include("pcmt.maps.api_urls")),
    path("", include("pcmt.outreach.api_urls")),
    path("", include("pcmt.plans.api_urls")),
    path("worklist/", casework_api.WorklistView.as_view(), name="api_worklist"),
    path("units/", geo_api.UnitListView.as_view(), name="api_unit_list"),
    path("units/<str:code>/", geo_api.UnitDetailView.as_view(), name="api_unit_detail"),
    path("address/resolve/", geo_api.AddressResolveView.as_view(), name="api_address_resolve"),
]
