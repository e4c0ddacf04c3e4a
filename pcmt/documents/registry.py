"""What other apps plug in: the official documents PCMT generates, the episodes scans attach to.

Apps register from their AppConfig.ready():

- `register_document(kind, title, loader, builder, candidates=...)`: a document generated from
  one record. `loader(scope=, pk=)` returns the record within the scope or raises NotFound;
  `builder(record)` returns an `OfficialDocument` or raises DomainError when the record is not
  at a stage that has the document; `candidates(person)` lists `(pk, label)` of the person's
  records that have it now, for the person's page. The record has a `person` attribute.
- `register_attachable(model, person_field="person")`: an episode model scans may attach to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from pcmt.accounts.scope import Scope
    from pcmt.documents.official import OfficialDocument
    from pcmt.persons.models import Person

Loader = Callable[..., Any]
Builder = Callable[[Any], "OfficialDocument"]
Candidates = Callable[["Person"], Iterable[tuple[int, str]]]


@dataclass(frozen=True)
class DocumentType:
    kind: str
    title: Any  # a lazy translated string
    loader: Loader
    builder: Builder
    candidates: Candidates | None = None

    def load(self, scope: "Scope", pk: object) -> Any:
        return self.loader(scope=scope, pk=pk)


_documents: dict[str, DocumentType] = {}


def register_document(
    kind: str,
    title: Any,
    loader: Loader,
    builder: Builder,
    *,
    candidates: Candidates | None = None,
) -> None:
    """Add a document type; `kind` is its stable name in URLs and events."""
    if not kind.replace("_", "").isalnum() or not kind.islower():
        raise ValueError(f"document kind {kind!r} must be lower-case letters, digits and _")
    existing = _documents.get(kind)
    if existing is not None and existing.builder is not builder:
        raise ValueError(f"document kind {kind!r} is already registered")
    _documents[kind] = DocumentType(kind, title, loader, builder, candidates)


def document_type(kind: str) -> DocumentType | None:
    return _documents.get(kind)


def document_types() -> list[DocumentType]:
    return list(_documents.values())


@dataclass(frozen=True)
class Attachable:
    model: type[models.Model]
    person_field: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def of_person(self, person_id: int) -> models.QuerySet[Any]:
        # With the person: an episode's label names it, one query for all, not one each.
        return self.model._default_manager.filter(
            **{f"{self.person_field}_id": person_id}
        ).select_related(self.person_field)

    def person_id_of(self, episode: models.Model) -> int:
        return int(getattr(episode, f"{self.person_field}_id"))


_attachables: dict[str, Attachable] = {}


def register_attachable(model: type[models.Model], person_field: str = "person") -> None:
    """Allow scans to be attached to records of `model`, which belong to `person_field`."""
    field = model._meta.get_field(person_field)
    target = field.related_model if field.many_to_one else None
    if target is None or target == "self" or target._meta.label_lower != "persons.person":
        raise ValueError(f"{model.__name__}.{person_field} is not a foreign key to Person")
    _attachables[model._meta.label_lower] = Attachable(model, person_field)


def attachable(label: str) -> Attachable | None:
    """The registered episode model named `app_label.model` (lower case), if any."""
    return _attachables.get(label.lower())


def attachables() -> list[Attachable]:
    return list(_attachables.values())
