"""Errors a user can cause: a stable code and a translated message."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule violation the user can fix; `code` is stable, `message` is translated."""

    def __init__(self, code: str, message: str | Promise, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Missing or outside the user's jurisdiction: the two are never told apart."""

    def __init__(self) -> None:
        super().__init__("not_found", _("Not found."))


class StaleVersion(DomainError):
    """The record changed since the user loaded it; `changes` lists label, theirs, current."""

    def __init__(self, current: int, changes: list[tuple[str, str, str]] | None = None) -> None:
        changes = changes or []
        listing = "; ".join(f"{label}: {old} → {new}" for label, old, new in changes)
        message: str | Promise
        if listing:
            message = _(
                "Someone else changed this record after you opened it: %(changes)s. "
                "Your input was not saved: check it against these changes and save again."
            ) % {"changes": listing}
        else:
            message = _(
                "Someone else changed this record after you opened it. "
                "Your input was not saved: check it against these changes and save again."
            )
        super().__init__("stale_version", message)
        self.current = current
        self.changes = changes
