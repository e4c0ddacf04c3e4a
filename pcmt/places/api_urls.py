"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.lifecycle.views import api_urls
from pcmt.places import api
from pcmt.places.lifecycles import BUSINESS, DRUG_FREE, DRUG_FREE_ASSESSMENT, HOTSPOT, KEY_AREA

NAMES = {
    "hotspots": "hotspot",
    "incidents": "incident",
    "key-areas": "key_area",
    "businesses": "business",
    "drug-free-recognitions": "drug_free",
    "drug-free-assessments": "drug_free_assessment",
}
COUNTS = {
    "hotspots": api.HotspotCountsView,
    "incidents": api.IncidentCountsView,
    "key-areas": api.KeyAreaCountsView,
    "businesses": api.BusinessCountsView,
    "drug-free-recognitions": api.DrugFreeSharesView,
    "drug-free-assessments": api.DrugFreeSharesView,
}

urlpatterns = (
    [
        path(
            "key-areas/classification/",
            api.ClassificationView.as_view(),
            name="api_key_area_classification",
        )
    ]
    + [
        route
        for base, registry in api.API_REGISTRIES.items()
        for route in (
            path(f"{base}/", api.list_view(registry).as_view(), name=f"api_{NAMES[base]}_list"),
            path(f"{base}/counts/", COUNTS[base].as_view(), name=f"api_{NAMES[base]}_counts"),
            path(
                f"{base}/<int:{registry.url_kwarg}>/",
                api.detail_view(registry).as_view(),
                name=f"api_{NAMES[base]}_detail",
            ),
        )
    ]
    + [
        route
        for base in ("hotspots", "incidents")
        for registry in (api.API_REGISTRIES[base],)
        for route in (
            path(
                f"{base}/<int:{registry.url_kwarg}>/persons/",
                api.place_persons_view(registry).as_view(),
                name=f"api_{NAMES[base]}_persons",
            ),
            path(
                f"{base}/<int:{registry.url_kwarg}>/persons/<int:link_pk>/",
                api.place_person_view(registry).as_view(),
                name=f"api_{NAMES[base]}_person",
            ),
        )
    ]
    + [
        path(
            "hotspots/<int:hotspot_pk>/reverifications/",
            api.HotspotReverificationsView.as_view(),
            name="api_hotspot_reverifications",
        )
    ]
    + api_urls(HOTSPOT, KEY_AREA, BUSINESS, DRUG_FREE, DRUG_FREE_ASSESSMENT)
)
