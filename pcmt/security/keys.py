"""The encryption keys' own stream in the event log: each rotation is recorded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KEYS_STREAM = "keys"


class KeyEvent(models.TextChoices):
    ROTATED = "keys_rotated", _("Encrypted fields re-encrypted under the first key")
