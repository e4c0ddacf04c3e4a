"""Readable names of event actions; each app registers its choices from AppConfig.ready()."""

from typing import Any

from django.db import models

# Labels stay lazy: they are translated when shown.
_labels: dict[str, Any] = {}
_streams: dict[str, Any] = {}


def register_actions(choices: type[models.TextChoices]) -> None:
    _labels.update({str(value): label for value, label in choices.choices})


def register_stream(stream: str, label: Any) -> None:
    _streams[stream] = label


def action_label(action: str) -> str:
    return str(_labels.get(action, action))


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in _labels.items()), key=lambda c: c[1])


def stream_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in _streams.items()), key=lambda c: c[1])


# Streams about persons: the audit page shows their values only to those who may read the
# subject (`readable(user, ids)` → the readable ids); others see the field names alone.
_personal: dict[str, Any] = {}


def register_personal_stream(stream: str, readable: Any) -> None:
    _personal[stream] = readable


def is_personal_stream(stream: str) -> bool:
    return stream in _personal


def readable_subjects(user: Any, stream: str, ids: set[int]) -> set[int]:
    """The subjects of a personal stream whose values `user` may see."""
    readable = _personal.get(stream)
    return set(readable(user, ids)) if readable is not None and ids else set()
