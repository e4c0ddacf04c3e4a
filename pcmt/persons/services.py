"""Writes to the person registry. Every change writes an Event in the same transaction."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.capabilities import Capability, capability_check
from pcmt.accounts.scope import scope_for
from pcmt.core import crypto
from pcmt.core.errors import DomainError, NotFound, StaleVersion
from pcmt.core.text import fold, fold_words, normalize_name, sort_key
from pcmt.geo.models import AdminUnit, UnitLevel, Village
from pcmt.persons.events import person_event_record
from pcmt.persons.idnumbers import (
    IdIssue,
    check_old_id,
    check_personal_id,
    is_valid_phone,
    normalize_phone,
)
from pcmt.persons.models import (
    Category,
    CategoryPeriod,
    EventAction,
    NameWord,
    Person,
    PersonAlias,
)
from pcmt.persons.selectors import duplicates_find, persons_visible


@dataclass
class PersonInput:
    """What an officer types for a person; services validate and store it."""

    full_name: str
    birth_year: int | None
    sex: str
    current_commune: AdminUnit
    birth_date: datetime.date | None = None
    aliases: list[str] = field(default_factory=list)
    id_number: str = ""
    old_id_number: str = ""
    id_warning_override: str = ""
    phone: str = ""
    ethnicity: str = ""
    occupation: str = ""
    permanent_address: str = ""
    permanent_commune: AdminUnit | None = None
    permanent_village: Village | None = None
    current_address: str = ""
    current_village: Village | None = None
    managing_commune: AdminUnit | None = None
    photo: File | None = None  # a new photo; None keeps the current one
    remove_photo: bool = False  # remove the current photo (ignored when a new one is given)


MAX_PHOTO_BYTES = 2 * 1024 * 1024
_PHOTO_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def photo_type(head: bytes) -> str | None:
    """The content type from the file's first bytes; only JPEG and PNG are accepted."""
    for signature, content_type in _PHOTO_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


class DuplicateWarning(DomainError):
    """Likely duplicates exist; the officer must open one or confirm this is someone else."""

    def __init__(self, candidates: list[Person], hidden: int) -> None:
        super().__init__(
            "possible_duplicate",
            _(
                "This person may already be on record. Open the existing record, or confirm that "
                "this is a different person."
            ),
        )
        self.candidates = candidates
        self.hidden = hidden


class IdWarning(DomainError):
    """The ID number disagrees with the record; a reason is needed to keep it."""

    def __init__(self, warnings: list[IdIssue]) -> None:
        super().__init__(
            "id_warning",
            _("The ID number disagrees with the record: %(warnings)s Give a reason to keep it.")
            % {"warnings": " ".join(w.message for w in warnings)},
            field="id_number",
        )
        self.warnings = warnings


class IdNumberTaken(DomainError):
    """Another record (not merged) holds this 12-digit personal ID: one number, one person."""

    def __init__(self, candidates: list[Person], hidden: int) -> None:
        message: str | Promise
        if len(candidates) == 1 and not hidden:
            message = _(
                "A record with this personal ID number already exists: #%(id)s %(name)s. "
                "Open that record instead (merge the records if they are the same person)."
            ) % {"id": candidates[0].pk, "name": candidates[0].full_name}
        elif candidates:
            message = _(
                "Records with this personal ID number already exist: %(records)s. "
                "Open the existing record instead."
            ) % {"records": ", ".join(f"#{p.pk} {p.full_name}" for p in candidates)}
        else:
            message = _(
                "A record with this personal ID number already exists outside your "
                "jurisdiction (%(count)s). Ask your supervisor to find it."
            ) % {"count": hidden or 1}
        super().__init__("id_number_taken", message, "id_number")
        self.candidates = candidates
        self.hidden = hidden


def _id_holders(id_number: str, exclude_pk: int | None) -> Any:
    holders = Person.objects.filter(
        id_number_hash=crypto.lookup_hash("id", id_number), merged_into__isnull=True
    )
    return holders.exclude(pk=exclude_pk) if exclude_pk else holders


def _check_id_unique(actor: Any, id_number: str, exclude_pk: int | None = None) -> None:
    """Refuse a 12-digit ID another non-merged record holds; offer it when in reach."""
    if not id_number:
        return
    holders = list(_id_holders(id_number, exclude_pk).values_list("pk", flat=True)[:20])
    if not holders:
        return
    visible = list(
        persons_visible(scope_for(actor)).filter(pk__in=holders).select_related("managing_commune")
    )
    raise IdNumberTaken(visible, len(holders) - len(visible))


def _save_unique(person: Person, actor: Any, id_number: str, **kwargs: Any) -> None:
    """Save; a concurrent save of the same ID is refused by the database, then explained."""
    try:
        with transaction.atomic():
            person.save(**kwargs)
    except IntegrityError:
        if id_number and _id_holders(id_number, person.pk).exists():
            _check_id_unique(actor, id_number, person.pk)
        raise


def _stale_changes(person: Person, since: int) -> list[tuple[str, str, str]]:
    """What changed after version `since`: each field from the value then to the value now."""
    from pcmt.persons.selectors import readable_changes

    events = [
        e
        for e in person.events.filter(action=EventAction.UPDATED).order_by("seq")
        if isinstance(e.changes.get("version"), list) and (e.changes["version"][1] or 0) > since
    ]
    first: dict[str, Any] = {}
    last: dict[str, Any] = {}
    for event in events:
        for name, values in event.changes.items():
            if name == "version" or not isinstance(values, list) or len(values) != 2:
                continue
            first.setdefault(name, values[0])
            last[name] = values[1]
    merged = {name: [first[name], last[name]] for name in first}
    return readable_changes(merged)


def _check_version(person: Person, version: int | None) -> None:
    if version is not None and version != person.version:
        raise StaleVersion(person.version, _stale_changes(person, version))


# Fields tracked in the event log, with how each is shown in it.
_TRACKED = [
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "occupation",
    "id_warning_override",
    "permanent_address",
    "permanent_commune_id",
    "permanent_village_id",
    "current_address",
    "current_commune_id",
    "current_village_id",
    "managing_commune_id",
]
_SECRET = {
    "id_number": "id_number_encrypted",
    "old_id_number": "old_id_encrypted",
    "phone": "phone_encrypted",
}


def person_snapshot(person: Person, *, secrets: dict[str, str] | None = None) -> dict[str, Any]:
    """The tracked values as the event log keeps them: ids for units, secrets masked.

    `secrets` gives the plain ID, old ID and phone when the caller has them (bulk loads);
    otherwise they are decrypted from the record.
    """
    values: dict[str, Any] = {}
    for name in _TRACKED:
        value = getattr(person, name)
        values[name] = value.isoformat() if isinstance(value, datetime.date) else value
    for name, stored in _SECRET.items():
        plain = secrets[name] if secrets is not None else crypto.decrypt(getattr(person, stored))
        values[name] = crypto.mask_tail(plain, 3)
    return values


def person_created_changes(
    person: Person, *, secrets: dict[str, str] | None = None
) -> dict[str, list[Any]]:
    """The changes of a "created" event: every filled field, from nothing."""
    return _diff({}, person_snapshot(person, secrets=secrets))


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    # Empty and missing are the same: a new record lists only the fields it filled.
    return {
        k: [before.get(k), after[k]] for k in after if (before.get(k) or None) != (after[k] or None)
    }


def _check_write_access(actor: Any, commune: AdminUnit) -> None:
    """A record outside the actor's reach is not found; so is any record for a reader."""
    scope = scope_for(actor)
    if not scope.can_write_persons or not scope.reaches_commune(commune):
        raise NotFound()


def _check_target_commune(actor: Any, commune: AdminUnit, field_name: str) -> None:
    """Units are public: choosing one outside the jurisdiction is a plain input error."""
    scope = scope_for(actor)
    if not scope.can_write_persons:
        raise NotFound()
    if not scope.reaches_commune(commune):
        raise DomainError(
            "commune_out_of_jurisdiction",
            _("This commune is outside your jurisdiction."),
            field_name,
        )


def _require_commune(unit: AdminUnit | None, field_name: str) -> None:
    if unit is not None and unit.level != UnitLevel.COMMUNE:
        raise DomainError("not_a_commune", _("Choose a commune, not a province."), field_name)


def _require_village(village: Village | None, commune: AdminUnit | None, field_name: str) -> None:
    if village is not None and (commune is None or village.commune_id != commune.pk):
        raise DomainError(
            "village_outside_commune",
            _("The village or residential group does not belong to the chosen commune."),
            field_name,
        )


# Below this confidence a resolved address is not trusted to fill the commune.
ADDRESS_CONFIDENCE = 0.8


def _resolve_permanent_commune(data: PersonInput) -> None:
    """Fill the permanent commune from the address text when it resolves unambiguously."""
    if data.permanent_commune is not None or not data.permanent_address.strip():
        return
    from pcmt.geo.address import address_resolve

    result = address_resolve(data.permanent_address)
    if result.commune is not None and result.confidence >= ADDRESS_CONFIDENCE:
        data.permanent_commune = result.commune


# Aliases a record keeps: enough for every name a person is known by.
MAX_ALIASES = 20


def _validate(data: PersonInput) -> tuple[str, str, str]:
    """Check the input; return the normalised ID, old ID and phone."""
    _resolve_permanent_commune(data)
    if not normalize_name(data.full_name):
        raise DomainError("name_required", _("Enter the full name."), "full_name")
    if len(data.aliases) > MAX_ALIASES:
        raise DomainError(
            "too_many_aliases",
            _("A person has at most %(n)s aliases.") % {"n": MAX_ALIASES},
            "aliases",
        )
    if any(len(alias) > 120 for alias in data.aliases):
        raise DomainError("alias_too_long", _("An alias has at most 120 characters."), "aliases")
    if data.birth_date is not None:
        if data.birth_year and data.birth_year != data.birth_date.year:
            raise DomainError(
                "birth_year_mismatch",
                _("The year of birth differs from the date of birth."),
                "birth_year",
            )
        data.birth_year = data.birth_date.year
    if not data.birth_year:
        raise DomainError(
            "birth_year_required", _("Enter the date or year of birth."), "birth_year"
        )
    today = timezone.localdate()
    if not 1900 <= data.birth_year <= today.year or (data.birth_date and data.birth_date > today):
        raise DomainError(
            "birth_out_of_range", _("The date of birth is not plausible."), "birth_year"
        )
    if data.sex not in ("male", "female"):
        raise DomainError("sex_required", _("Choose the sex."), "sex")
    _require_commune(data.current_commune, "current_commune")
    _require_commune(data.permanent_commune, "permanent_commune")
    _require_commune(data.managing_commune, "managing_commune")
    _require_village(data.current_village, data.current_commune, "current_village")
    _require_village(data.permanent_village, data.permanent_commune, "permanent_village")

    id_number = ""
    if data.id_number.strip():
        check = check_personal_id(data.id_number, sex=data.sex, birth_year=data.birth_year)
        if check.errors:
            raise DomainError(check.errors[0].code, check.errors[0].message, "id_number")
        if check.warnings and not data.id_warning_override.strip():
            raise IdWarning(check.warnings)
        id_number = check.number
    old_id = ""
    if data.old_id_number.strip():
        old = check_old_id(data.old_id_number)
        if old.errors:
            raise DomainError(old.errors[0].code, old.errors[0].message, "old_id_number")
        old_id = old.number
    phone = ""
    if data.phone.strip():
        phone = normalize_phone(data.phone)
        if not is_valid_phone(phone):
            raise DomainError(
                "phone_format",
                _("A phone number has 10 or 11 digits and starts with 0 or +84."),
                "phone",
            )
    return id_number, old_id, phone


def person_search_fields(full_name: str, aliases: list[str]) -> dict[str, str]:
    """The derived columns the search and the ordering rely on.

    `search_rest` holds every word but the given name: PostgreSQL searches it separately so
    that persons matched by their given name can be read in order from an index.
    """
    name_words = fold_words(full_name)
    alias_words = [word for alias in aliases for word in fold_words(alias)]
    return {
        "name_folded": fold(full_name),
        "given_folded": name_words[-1][:60] if name_words else "",
        "search_text": f" {' '.join(name_words + alias_words)} ",
        "search_rest": f" {' '.join(name_words[:-1] + alias_words)} ",
        "sort_key": sort_key(full_name),
    }


def name_words_remember(names: list[str]) -> None:
    """Add the words of these names to the vocabulary the typo-tolerant search expands against."""
    words = {word for name in names for word in fold_words(name) if len(word) <= 60}
    if words:
        NameWord.objects.bulk_create(
            [NameWord(word=w) for w in sorted(words)], ignore_conflicts=True
        )


def _apply(person: Person, data: PersonInput, id_number: str, old_id: str, phone: str) -> None:
    aliases = [normalize_name(a) for a in data.aliases if normalize_name(a)]
    person.full_name = normalize_name(data.full_name)
    for name, value in person_search_fields(person.full_name, aliases).items():
        setattr(person, name, value)
    person.birth_date = data.birth_date
    person.birth_year = data.birth_year or 0
    person.sex = data.sex
    person.id_number_encrypted = crypto.encrypt(id_number)
    person.id_number_hash = crypto.lookup_hash("id", id_number)
    person.old_id_encrypted = crypto.encrypt(old_id)
    person.old_id_hash = crypto.lookup_hash("old_id", old_id)
    person.id_warning_override = data.id_warning_override.strip() if id_number else ""
    person.phone_encrypted = crypto.encrypt(phone)
    person.phone_hash = crypto.lookup_hash("phone", phone)
    person.ethnicity = data.ethnicity.strip()
    person.occupation = data.occupation.strip()
    person.permanent_address = data.permanent_address.strip()
    person.permanent_commune = data.permanent_commune
    person.permanent_village = data.permanent_village
    person.current_address = data.current_address.strip()
    person.current_commune = data.current_commune
    person.current_village = data.current_village
    managing = data.managing_commune or data.current_commune
    person.managing_commune = managing
    assert managing.parent_id is not None  # a commune always has its province
    person.managing_province_id = managing.parent_id


def _store_photo(person: Person, photo: File | None) -> bool:
    """Replace the photo; it is stored under MEDIA_ROOT, outside anything the web server serves."""
    if photo is None:
        return False
    head = photo.read(8)
    photo.seek(0)
    if (photo.size is not None and photo.size > MAX_PHOTO_BYTES) or photo_type(head) is None:
        raise DomainError(
            "photo_invalid", _("The photo must be a JPEG or PNG of at most 2 MB."), "photo"
        )
    extension = "png" if photo_type(head) == "image/png" else "jpg"
    if person.photo:
        person.photo.delete(save=False)
    person.photo.save(f"{person.pk}.{extension}", photo, save=True)
    return True


def _sync_aliases(person: Person, actor: Any, aliases: list[str]) -> None:
    wanted = {fold(a): normalize_name(a) for a in aliases if normalize_name(a)}
    existing = {a.name_folded: a for a in person.aliases.all()}
    for folded, name in wanted.items():
        if folded not in existing:
            PersonAlias.objects.create(person=person, name=name, name_folded=folded)
            person_event_record(
                person=person,
                actor=actor,
                action=EventAction.ALIAS_ADDED,
                changes={"alias": [None, name]},
            )
    for folded, alias in existing.items():
        if folded not in wanted:
            alias.delete()
            person_event_record(
                person=person,
                actor=actor,
                action=EventAction.ALIAS_REMOVED,
                changes={"alias": [alias.name, None]},
            )


@transaction.atomic
def person_register(
    *, actor: Any, data: PersonInput, acknowledge_duplicates: bool = False
) -> Person:
    """Register a person; refuse likely duplicates unless the officer confirmed."""
    _check_target_commune(actor, data.managing_commune or data.current_commune, "current_commune")
    id_number, old_id, phone = _validate(data)
    # The override covers look-alikes, never a second record of the same 12-digit ID.
    _check_id_unique(actor, id_number)
    if not acknowledge_duplicates:
        found = duplicates_find(
            scope=scope_for(actor),
            full_name=data.full_name,
            birth_year=data.birth_year,
            communes=[c for c in (data.current_commune, data.permanent_commune) if c],
            id_number=id_number,
            phone=phone,
        )
        if found.visible or found.hidden:
            raise DuplicateWarning(found.visible, found.hidden)
    person = Person(created_by=actor)
    _apply(person, data, id_number, old_id, phone)
    _save_unique(person, actor, id_number)
    _store_photo(person, data.photo)
    name_words_remember([person.full_name, *data.aliases])
    person_event_record(
        person=person,
        actor=actor,
        action=EventAction.CREATED,
        changes=person_created_changes(person),
        note=str(_("Registered after confirming it is not a duplicate."))
        if acknowledge_duplicates
        else "",
    )
    _sync_aliases(person, actor, data.aliases)
    return person


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, data: PersonInput, version: int | None = None
) -> Person:
    """Change a person's record; the event lists each changed field as old → new.

    `version` is the version the user edited: a save over a newer one is refused
    (`StaleVersion`), under the row lock, so no change is silently lost.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_write_access(actor, person.managing_commune)
    _check_version(person, version)
    if data.managing_commune is not None:
        _check_target_commune(actor, data.managing_commune, "managing_commune")
    else:
        data.managing_commune = person.managing_commune
    id_number, old_id, phone = _validate(data)
    if person.merged_into_id is None:
        _check_id_unique(actor, id_number, person.pk)
    before = person_snapshot(person)
    secrets_before = {name: getattr(person, stored) for name, stored in _SECRET.items()}
    aliases_before = sorted(a.name_folded for a in person.aliases.all())
    _apply(person, data, id_number, old_id, phone)
    changes = _diff(before, person_snapshot(person))
    aliases_after = sorted({fold(a) for a in data.aliases if normalize_name(a)})
    photo_change = data.photo is not None or (data.remove_photo and bool(person.photo))
    if changes or aliases_after != aliases_before or photo_change:
        person.version += 1
    _save_unique(person, actor, id_number)
    name_words_remember([person.full_name, *data.aliases])
    if _store_photo(person, data.photo):
        changes["photo"] = [None, str(_("new photo"))]
    elif data.remove_photo and person.photo:
        person.photo.delete(save=True)
        changes["photo"] = [str(_("photo")), None]
    if changes:
        changes["version"] = [person.version - 1, person.version]
        # The event shows secrets masked; their old values are kept sealed (encrypted).
        replaced = {
            name: crypto.decrypt(token)
            for name, token in secrets_before.items()
            if token and name in changes
        }
        person_event_record(
            person=person,
            actor=actor,
            action=EventAction.UPDATED,
            changes=changes,
            sealed=replaced or None,
        )
    _sync_aliases(person, actor, data.aliases)
    return person


@transaction.atomic
def person_category_add(
    *, actor: Any, person: Person, category: str, start_date: datetime.date, reason: str = ""
) -> CategoryPeriod:
    """Open a category period; one open period per category at a time."""
    _check_write_access(actor, person.managing_commune)
    if category not in Category.values:
        raise DomainError("category_unknown", _("Choose a category."), "category")
    if start_date > timezone.localdate():
        raise DomainError("date_in_future", _("The date cannot be in the future."), "start_date")
    if CategoryPeriod.objects.filter(
        person=person, category=category, end_date__isnull=True
    ).exists():
        raise DomainError(
            "category_already_open",
            _("The person is already in this category; end the current period first."),
            "category",
        )
    period = CategoryPeriod.objects.create(
        person=person,
        category=category,
        start_date=start_date,
        reason=reason.strip(),
        recorded_by=actor,
    )
    person_event_record(
        person=person,
        actor=actor,
        action=EventAction.CATEGORY_ADDED,
        changes={"category": [None, category], "start_date": [None, start_date.isoformat()]},
        note=reason.strip()[:300],
    )
    return period


@transaction.atomic
def person_category_end(
    *, actor: Any, period: CategoryPeriod, end_date: datetime.date, end_reason: str
) -> CategoryPeriod:
    """Close an open category period with a reason."""
    period = CategoryPeriod.objects.select_for_update().select_related("person").get(pk=period.pk)
    _check_write_access(actor, period.person.managing_commune)
    if period.end_date is not None:
        raise DomainError("category_already_ended", _("This period has already ended."))
    if end_date < period.start_date:
        raise DomainError(
            "end_before_start", _("The end date is before the start date."), "end_date"
        )
    if end_date > timezone.localdate():
        raise DomainError("date_in_future", _("The date cannot be in the future."), "end_date")
    if not end_reason.strip():
        raise DomainError("end_reason_required", _("Give the reason for ending."), "end_reason")
    period.end_date = end_date
    period.end_reason = end_reason.strip()
    period.save(update_fields=["end_date", "end_reason"])
    person_event_record(
        person=period.person,
        actor=actor,
        action=EventAction.CATEGORY_ENDED,
        changes={
            "category": [period.category, period.category],
            "end_date": [None, end_date.isoformat()],
        },
        note=period.end_reason[:300],
    )
    return period


def _merge_events(person: Person, into: Person, actor: Any, action: str, note: str) -> None:
    person_event_record(
        person=person,
        actor=actor,
        action=action,
        changes={"merged_into": [None, f"#{into.pk} {into.full_name}"]},
        note=note[:300],
    )
    person_event_record(
        person=into,
        actor=actor,
        action=action,
        changes={"merged_record": [None, f"#{person.pk} {person.full_name}"]},
        note=note[:300],
    )


@transaction.atomic
def person_merge(*, actor: Any, person: Person, into: Any, note: str = "") -> Person:
    """Merge `person` into `into` (the same human being on two records). Nothing is deleted:
    the merged record keeps its history, episodes and source records, leaves the counts and
    points to the record that stays; `person_merge_undo` takes it back."""
    try:
        target_id = int(getattr(into, "pk", into))
    except (TypeError, ValueError) as exc:
        raise DomainError(
            "merge_target_required", _("Enter the number of the record."), "into"
        ) from exc
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .select_related("managing_commune")
        .filter(pk__in=[person.pk, target_id])
    }
    person = locked[person.pk]
    _check_write_access(actor, person.managing_commune)
    capability_check(actor, Capability.PERSON_MERGE)
    target = locked.get(target_id)
    if target is None or target.pk == person.pk:
        raise DomainError(
            "merge_target_invalid", _("Choose another record of the same person."), "into"
        )
    scope = scope_for(actor)
    if not scope.reaches_commune(target.managing_commune):
        raise DomainError(
            "merge_target_invalid", _("Choose another record of the same person."), "into"
        )
    if person.merged_into_id is not None:
        raise DomainError("illegal_transition", _("This record is already merged into another."))
    if target.merged_into_id is not None:
        raise DomainError(
            "merge_target_merged",
            _("That record is itself merged: merge into the record it points to."),
            "into",
        )
    if person.merged_records.exists():
        raise DomainError(
            "illegal_transition",
            _("Other records are merged into this one: undo those merges first."),
        )
    person.merged_into = target
    person.version += 1
    person.save(update_fields=["merged_into", "version", "updated_at"])
    _merge_events(person, target, actor, EventAction.MERGED, note)
    return person


@transaction.atomic
def person_merge_undo(*, actor: Any, person: Person, note: str = "") -> Person:
    """Separate a merged record again; both records are as they were before the merge."""
    person = Person.objects.select_for_update().select_related("managing_commune").get(pk=person.pk)
    _check_write_access(actor, person.managing_commune)
    capability_check(actor, Capability.PERSON_MERGE)
    target = person.merged_into  # read after the lock (a nullable join cannot be locked)
    if target is None:
        raise DomainError("illegal_transition", _("This record is not merged."))
    person.merged_into = None
    id_number = crypto.decrypt(person.id_number_encrypted)
    if id_number and _id_holders(id_number, person.pk).exists():
        raise DomainError(
            "id_number_taken",
            _(
                "The record it is merged into holds the same personal ID number: one number, "
                "one person. Correct the ID number of one of the records first."
            ),
        )
    person.version += 1
    person.save(update_fields=["merged_into", "version", "updated_at"])
    _merge_events(person, target, actor, EventAction.MERGE_UNDONE, note)
    return person
