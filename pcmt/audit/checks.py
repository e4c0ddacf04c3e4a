"""Deploy check: the event chain must have its own key in production."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_audit_key(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if getattr(settings, "PCMT_AUDIT_KEY", ""):
        return []
    return [
        Warning(
            "PCMT_AUDIT_KEY is not set: the event chain is keyed from SECRET_KEY, so rotating "
            "SECRET_KEY would make audit_verify report every stream as broken.",
            id="pcmt.audit.W001",
        )
    ]
