"""In-app notifications: one row per recipient, read or not."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The sentence as the site's language said it when sent (what e-mail and old rows show).
    message = models.CharField(_("message"), max_length=300)
    # The sentence's message id and its parameters: shown in the reader's language.
    msgid = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Stable key of what the notice is about, so the same notice is not sent twice.
    key = models.CharField(_("key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_unique_key_per_user",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The notice in the active language; the person's name is read from the record."""
        from pcmt.notifications.messages import message_render

        return message_render(self.msgid, self.params, self.person, fallback=self.message)
