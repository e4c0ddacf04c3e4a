from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "pcmt.places"
    label = "places"
    verbose_name = _("Places: hotspots")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_stream
        from pcmt.places.models import HOTSPOT_STREAM, HotspotAction

        register_actions(HotspotAction)
        register_stream(HOTSPOT_STREAM, _("Hotspot"))
