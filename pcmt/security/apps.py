from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "pcmt.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_stream
        from pcmt.security import signals  # noqa: F401 - session start, password change
        from pcmt.security.models import USER_STREAM, SecurityEventKind

        register_actions(SecurityEventKind)
        register_stream(USER_STREAM, _("User account"))
        from pcmt.security.keys import KEYS_STREAM, KeyEvent

        register_actions(KeyEvent)
        register_stream(KEYS_STREAM, _("Encryption keys"))
