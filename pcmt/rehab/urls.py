"""Pages of this app: the rehab transitions posted from the person page, from the declarations."""

from pcmt.lifecycle.views import page_urls
from pcmt.rehab.lifecycles import LIFECYCLES

urlpatterns = page_urls(*LIFECYCLES)
