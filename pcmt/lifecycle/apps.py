from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "pcmt.lifecycle"
    label = "lifecycle"
    verbose_name = _("Lifecycles")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its lifecycles in `<app>/lifecycles.py`.
        autodiscover_modules("lifecycles")
