from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "pcmt.census"
    label = "census"
    verbose_name = _("Review rounds")

    def ready(self) -> None:
        # Registers the "census_import" job handler.
        from pcmt.census import jobs  # noqa: F401
