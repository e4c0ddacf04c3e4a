from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "pcmt.maps"
    label = "maps"
    verbose_name = _("Digital map")

    def ready(self) -> None:
        from pcmt.maps import jobs  # noqa: F401 (registers the job handlers)
