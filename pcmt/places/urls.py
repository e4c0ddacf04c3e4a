from django.urls import URLPattern, path

from pcmt.lifecycle.views import page_urls
from pcmt.places import key_area_views, views
from pcmt.places.lifecycles import BUSINESS, DRUG_FREE, DRUG_FREE_ASSESSMENT, HOTSPOT, KEY_AREA

# The path of each registry's pages (the same as under /api/v1/).
PATHS = {
    "hotspot": "hotspots",
    "incident": "incidents",
    "key_area": "key-areas",
    "business": "businesses",
    "drug_free": "drug-free-recognitions",
    "drug_free_assessment": "drug-free-assessments",
}


def _registry_urls(registry: views.Registry) -> list[URLPattern]:
    base, kwarg, found = PATHS[registry.name], registry.url_kwarg, views.registry_views(registry)
    persons = []
    if registry.persons:
        persons = [
            path(
                f"{base}/<int:{kwarg}>/persons/",
                found["person_link"],
                name=f"{registry.name}_person_link",
            ),
            path(
                f"{base}/<int:{kwarg}>/persons/<int:link_pk>/remove/",
                found["person_unlink"],
                name=f"{registry.name}_person_unlink",
            ),
        ]
    return [
        *persons,
        path(f"{base}/", found["list"], name=f"{registry.name}_list"),
        path(f"{base}/export.xlsx", found["export"], name=f"{registry.name}_export"),
        path(f"{base}/import/", found["import"], name=f"{registry.name}_import"),
        path(
            f"{base}/import/template.xlsx",
            found["import_template"],
            name=f"{registry.name}_import_template",
        ),
        path(f"{base}/new/", found["create"], name=f"{registry.name}_create"),
        path(f"{base}/<int:{kwarg}>/", found["detail"], name=f"{registry.name}_detail"),
        path(f"{base}/<int:{kwarg}>/edit/", found["edit"], name=f"{registry.name}_edit"),
    ]


urlpatterns = [
    path("hotspots/counts/", views.hotspot_counts, name="hotspot_counts"),
    path("places/counts/", views.place_counts, name="place_counts"),
    path("businesses/worklist/", views.business_worklist, name="business_worklist"),
    path(
        "key-areas/classification/",
        key_area_views.classification_list,
        name="key_area_classification",
    ),
    path(
        "key-areas/classification/export.xlsx",
        key_area_views.classification_export,
        name="key_area_classification_export",
    ),
    path(
        "key-areas/classification/<str:code>/",
        key_area_views.classification_detail,
        name="key_area_classification_detail",
    ),
    path(
        "key-areas/classification/<str:code>/drug-route/",
        key_area_views.drug_route_mark,
        name="drug_route_mark",
    ),
    path(
        "key-areas/<int:key_area_pk>/evaluation/",
        key_area_views.key_area_evaluation_form,
        name="key_area_evaluation_form",
    ),
    path("places/address/", views.place_address_resolve, name="place_address_resolve"),
    path(
        "places/communes/<str:code>/boundary/",
        views.place_commune_boundary,
        name="place_commune_boundary",
    ),
    *[route for registry in views.REGISTRIES for route in _registry_urls(registry)],
    *page_urls(HOTSPOT, KEY_AREA, BUSINESS, DRUG_FREE, DRUG_FREE_ASSESSMENT),
]
