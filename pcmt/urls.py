"""URL configuration: pages, the API under /api/v1/, and the administrators' site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pcmt.accounts import account
from pcmt.casework.lifecycles import LIFECYCLES as CASEWORK_LIFECYCLES
from pcmt.geo import views as geo_views
from pcmt.home import views as home_views
from pcmt.lifecycle.views import page_urls
from pcmt.persons import views as person_views
from pcmt.security import views as security_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("worklist/export.xlsx", home_views.worklist_export, name="worklist_export"),
    path("login/", security_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account.account_detail, name="account_detail"),
    path(
        "account/password/",
        account.AccountPasswordChangeView.as_view(),
        name="password_change",
    ),
    path("persons/", person_views.person_list, name="person_list"),
    path("persons/export.xlsx", person_views.person_export, name="person_export"),
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
    *page_urls(*CASEWORK_LIFECYCLES),
    path("", include("pcmt.rehab.urls")),
    path("", include("pcmt.residence.urls")),
    path("", include("pcmt.support.urls")),
    path("", include("pcmt.documents.urls")),
    path("", include("pcmt.notifications.urls")),
    path("", include("pcmt.census.urls")),
    path("", include("pcmt.reconcile.urls")),
    path("", include("pcmt.jobs.urls")),
    path("", include("pcmt.rules.urls")),
    path("", include("pcmt.outreach.urls")),
    path("", include("pcmt.population.urls")),
    path("", include("pcmt.places.urls")),
    path("", include("pcmt.reports.urls")),
    path("", include("pcmt.maps.urls")),
    path("", include("pcmt.plans.urls")),
    path("", include("pcmt.security.urls")),
    path("", include("pcmt.audit.urls")),
    path("units/", geo_views.unit_list, name="unit_list"),
    path("units/resolve/", geo_views.address_preview, name="address_preview"),
    path("units/<str:code>/", geo_views.unit_detail, name="unit_detail"),
    path("units/<str:code>/villages/", geo_views.village_add, name="village_add"),
    path("api/v1/", include("pcmt.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
