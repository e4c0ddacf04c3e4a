"""URL configuration: pages, the API under /api/v1/, and the administrators' site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pcmt.accounts import views as account_views
from pcmt.casework import views as casework_views
from pcmt.geo import views as geo_views
from pcmt.home import views as home_views
from pcmt.persons import views as person_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("persons/", person_views.person_list, name="person_list"),
    path("persons/new/", person_views.person_create, name="person_create"),
    path("persons/<int:pk>/", person_views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", person_views.person_edit, name="person_edit"),
    path("persons/<int:pk>/photo/", person_views.person_photo, name="person_photo"),
    path(
        "persons/<int:pk>/categories/", person_views.person_category_add, name="person_category_add"
    ),
    path(
        "persons/<int:pk>/categories/<int:period_pk>/end/",
        person_views.person_category_end,
        name="person_category_end",
    ),
    path("persons/<int:pk>/merge/", person_views.person_merge, name="person_merge"),
    path("persons/<int:pk>/unmerge/", person_views.person_unmerge, name="person_unmerge"),
    path("persons/<int:pk>/drug-tests/", casework_views.drug_test_add, name="drug_test_add"),
    path(
        "managements/<int:management_pk>/decision/",
        casework_views.management_decide,
        name="management_decide",
    ),
    path(
        "managements/<int:management_pk>/end/",
        casework_views.management_finish,
        name="management_finish",
    ),
    path(
        "persons/<int:pk>/determinations/",
        casework_views.determination_add,
        name="determination_add",
    ),
    path(
        "determinations/<int:determination_pk>/request/",
        casework_views.determination_send,
        name="determination_send",
    ),
    path(
        "determinations/<int:determination_pk>/result/",
        casework_views.determination_result,
        name="determination_result",
    ),
    path("persons/<int:pk>/therapies/", casework_views.therapy_add, name="therapy_add"),
    path("therapies/<int:therapy_pk>/stop/", casework_views.therapy_end, name="therapy_end"),
    path("", include("pcmt.rehab.urls")),
    path("", include("pcmt.residence.urls")),
    path("", include("pcmt.support.urls")),
    path("", include("pcmt.documents.urls")),
    path("", include("pcmt.notifications.urls")),
    path("", include("pcmt.census.urls")),
    path("", include("pcmt.reconcile.urls")),
    path("", include("pcmt.jobs.urls")),
    path("", include("pcmt.audit.urls")),
    path("units/", geo_views.unit_list, name="unit_list"),
    path("units/resolve/", geo_views.address_preview, name="address_preview"),
    path("units/<str:code>/", geo_views.unit_detail, name="unit_detail"),
    path("units/<str:code>/villages/", geo_views.village_add, name="village_add"),
    path("api/v1/", include("pcmt.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
