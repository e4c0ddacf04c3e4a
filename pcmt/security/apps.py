from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "pcmt.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from pcmt.security import signals  # noqa: F401 - session start, password change
