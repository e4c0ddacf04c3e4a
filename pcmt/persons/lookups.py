"""Look-ups by ID number or phone: never in an address, throttled, audited hit or miss.

A number names one person, so trying numbers one after another is how a registry is
harvested. Such a search is sent in the body of a POST (never in a URL that lands in
server logs), each one leaves an access row whether it found someone or not, and a user
who tries more than `PCMT_NUMBER_LOOKUPS_PER_HOUR` in an hour is refused until it passes.
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.audit.models import Access, Purpose
from pcmt.audit.reads import reads_purpose
from pcmt.core import crypto
from pcmt.core.errors import DomainError
from pcmt.persons.idnumbers import is_valid_phone, normalize_id, normalize_phone

WINDOW = datetime.timedelta(hours=1)


class LookupThrottled(DomainError):
    http_status = 429

    def __init__(self) -> None:
        super().__init__(
            "lookup_throttled",
            _(
                "Too many look-ups by ID number or phone in the last hour. "
                "Wait a while, or search by name."
            ),
            field="q",
        )


class NumberInAddress(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "number_in_address",
            _(
                "An ID number or phone must not be sent in the page address: "
                "type it in the search box (the API takes it in the body of a POST)."
            ),
            field="q",
        )


def number_kind(text: str) -> str:
    """ "id" or "phone" when the search text is a number that names a person, else ""."""
    text = text.strip()
    digits = normalize_id(text)
    if text and digits.isdigit() and len(digits) in (9, 12):
        return "id"
    if text and is_valid_phone(normalize_phone(text)) and not any(c.isalpha() for c in text):
        return "phone"
    return ""


def lookup_limit() -> int:
    return int(getattr(settings, "PCMT_NUMBER_LOOKUPS_PER_HOUR", 60))


def number_lookup_begin(user: Any, text: str) -> None:
    """Refuse past the hourly limit; otherwise mark this request as a look-up to audit.

    The access row keeps a keyed hash of the number (never the number), so the security
    officer can tell which numbers were tried without the log holding them.
    """
    since = timezone.now() - WINDOW
    done = Access.objects.filter(user=user, purpose=Purpose.ID_LOOKUP, at__gte=since).count()
    kind = number_kind(text)
    value = normalize_id(text) if kind == "id" else normalize_phone(text)
    tried = f"{kind}:{crypto.lookup_hash(kind, value)[:16]}"
    if done >= lookup_limit():
        # The refused attempt is a look-up too: hammering keeps the door shut.
        reads_purpose(Purpose.ID_LOOKUP, f"{tried} refused")
        raise LookupThrottled()
    reads_purpose(Purpose.ID_LOOKUP, tried)
