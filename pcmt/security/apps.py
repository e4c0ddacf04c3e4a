from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "pcmt.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_personal_stream, register_stream
        from pcmt.core.extensions import register_person_reach
        from pcmt.persons.models import PERSON_STREAM
        from pcmt.security import signals  # noqa: F401 - session start, password change
        from pcmt.security.emergency import emergency_reach
        from pcmt.security.models import USER_STREAM, PrivacyEventKind, SecurityEventKind
        from pcmt.security.selectors import persons_readable_by

        register_actions(SecurityEventKind)
        register_actions(PrivacyEventKind)
        register_stream(USER_STREAM, _("User account"))
        # Break-the-glass grants widen the reader's scope for one person, for a few hours.
        register_person_reach(emergency_reach)
        register_personal_stream(PERSON_STREAM, persons_readable_by)
        from pcmt.security.keys import KEYS_STREAM, KeyEvent

        register_actions(KeyEvent)
        register_stream(KEYS_STREAM, _("Encryption keys"))
