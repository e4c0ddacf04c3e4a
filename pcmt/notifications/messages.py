"""A notice is stored as its message id and parameters and rendered in the reader's language.

A parameter is plain text (a date, a commune's name), a message id to translate
(`{"t": "Law 120/2025"}`), or a piece made elsewhere in each language
(`{"vi": "...", "en": "..."}`). The person's name and year of birth are never stored: they
are read from the linked record when the notice is shown, so the read is audited and a
corrected name shows corrected.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


@dataclass(frozen=True)
class Message:
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


def translatable(msgid: str) -> dict[str, str]:
    """A parameter translated when shown."""
    return {"t": msgid}


def in_each_language(make: Any) -> dict[str, str]:
    """A parameter made by `make()` in each of the site's languages."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[code] = str(make())
    return values


def _param(value: Any) -> str:
    if isinstance(value, dict):
        if "t" in value:
            return gettext(str(value["t"]))
        language = translation.get_language() or settings.LANGUAGE_CODE
        return str(value.get(language[:2]) or value.get(settings.LANGUAGE_CODE[:2]) or "")
    return str(value)


def message_render(msgid: str, params: dict[str, Any], person: Any, *, fallback: str = "") -> str:
    if not msgid:
        return fallback
    values = {key: _param(value) for key, value in (params or {}).items()}
    if person is not None:
        values.setdefault("name", person.full_name)
        values.setdefault("year", str(person.birth_year))
    try:
        return gettext(msgid) % values
    except (KeyError, TypeError, ValueError):
        return fallback or msgid
