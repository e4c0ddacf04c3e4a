"""Start-up check: scans are stored where no web server serves files."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks


def served_roots() -> list[Path]:
    """The folders a web server may serve as files: static files and media."""
    roots = [settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS]
    return [Path(root).resolve() for root in roots if root]


def private_root_check(**kwargs: Any) -> list[checks.CheckMessage]:
    private = Path(settings.PCMT_PRIVATE_MEDIA_ROOT).resolve()
    problems: list[checks.CheckMessage] = []
    for root in served_roots():
        if private == root or root in private.parents or private in root.parents:
            problems.append(
                checks.Error(
                    f"PCMT_PRIVATE_MEDIA_ROOT ({private}) overlaps {root}, which is served as "
                    "files; scans must be stored outside the web root.",
                    id="documents.E001",
                )
            )
    return problems


def register() -> None:
    checks.register(private_root_check, checks.Tags.security)
