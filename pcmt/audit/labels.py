"""Readable names of event actions; each app registers its choices from AppConfig.ready()."""

from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext

# Labels stay lazy: they are translated when shown.
_labels: dict[str, Any] = {}
_streams: dict[str, Any] = {}


def register_actions(choices: type[models.TextChoices]) -> None:
    _labels.update({str(value): label for value, label in choices.choices})


def register_stream(stream: str, label: Any) -> None:
    _streams[stream] = label


def action_label(action: str) -> str:
    return str(_labels.get(action, action))


def stream_label(stream: str) -> str:
    return str(_streams.get(stream, stream))


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


# Names of logged fields and of their coded values, read from the project's models: an event
# says "registered_on" or "law_73_2021"; a reader sees the field's and the choice's names.
_fields: dict[str, Any] = {}
_values: dict[str, dict[str, Any]] = {}


def _models_read() -> None:
    from django.apps import apps

    for model in apps.get_models():
        if not model.__module__.startswith("pcmt."):
            continue
        for field in model._meta.get_fields():
            verbose = getattr(field, "verbose_name", None)
            name = getattr(field, "name", "")
            if not name or verbose is None:
                continue
            for key in (name, getattr(field, "attname", name)):
                # A translated name wins over Django's default (the field's name in English).
                known = _fields.get(key)
                if known is None or (
                    isinstance(verbose, Promise) and not isinstance(known, Promise)
                ):
                    _fields[key] = verbose
            choices = getattr(field, "choices", None)
            if choices:
                _values.setdefault(name, {}).update(
                    {str(code): label for code, label in choices if code not in (None, "")}
                )


def register_field(name: str, label: Any) -> None:
    """The name of a logged field that is no model field (a computed value an event records)."""
    if not _fields:
        _models_read()
    _fields[name] = label


def register_values(name: str, labels: Any) -> None:
    """The names of the codes a logged field holds when no model choice names them (a
    registry's codes: indicators, criteria)."""
    if not _fields:
        _models_read()
    _values.setdefault(name, {}).update({str(code): label for code, label in labels.items()})


def field_label(name: str) -> str:
    """A logged field's name as the models call it, or the name itself."""
    if not _fields:
        _models_read()
    label = _fields.get(name)
    return str(label)[:1].upper() + str(label)[1:] if label is not None else name


def value_label(name: str, value: Any) -> str | None:
    """A coded value's name (a choice, a law version), or None when it is not a code."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if not _fields:
        _models_read()
    labels = _values.get(name) or _values.get(name.removesuffix("_id"))
    if isinstance(value, list) and labels and value and all(isinstance(v, str) for v in value):
        return ", ".join(str(labels.get(v, v)) for v in value)
    if not isinstance(value, str):
        return None
    if labels and value in labels:
        return str(labels[value])
    if value.startswith("law_") and (name == "law" or name.endswith("law_code")):
        from pcmt.rules import law_title

        return str(law_title(value))
    return None
