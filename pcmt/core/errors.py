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
