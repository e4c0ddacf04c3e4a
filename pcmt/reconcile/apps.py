from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconcileConfig(AppConfig):
    name = "pcmt.reconcile"
    label = "reconcile"
    verbose_name = _("Reconciliation of review rounds")

    def ready(self) -> None:
        # Registers the "round_link" job handler.
        from pcmt.reconcile import jobs  # noqa: F401
