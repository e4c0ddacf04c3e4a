from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "pcmt.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from pcmt.audit.models import Event
        from pcmt.notifications.events import on_person_event

        post_save.connect(on_person_event, sender=Event, dispatch_uid="notifications_person_event")
