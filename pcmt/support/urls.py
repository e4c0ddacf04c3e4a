"""Pages of this app."""

from django.urls import path

from pcmt.lifecycle.views import page_urls
from pcmt.support import views
from pcmt.support.lifecycles import LIFECYCLES

urlpatterns = [
    *page_urls(*LIFECYCLES),
    path("indicators/services/", views.indicator_services, name="indicator_services"),
]
