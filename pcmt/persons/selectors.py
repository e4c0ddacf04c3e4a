"""Reads of the person registry, always through the jurisdiction scope."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pcmt.accounts.scope import Scope
from pcmt.core import crypto
from pcmt.core.errors import NotFound
from pcmt.core.text import fold, fold_words
from pcmt.geo.models import AdminUnit
from pcmt.persons.idnumbers import is_valid_phone, normalize_id, normalize_phone
from pcmt.persons.models import (
    CategoryPeriod,
    NameWord,
    Person,
    PersonAccess,
    PersonEvent,
)


def persons_visible(scope: Scope) -> QuerySet[Person]:
    """The persons a scope may read by name; empty for analysts and outsiders."""
    if not scope.can_read_persons:
        return Person.objects.none()
    return Person.objects.filter(scope.province_q("managing_province", "managing_commune"))


def person_get(*, scope: Scope, pk: Any, user: Any = None, channel: str = "") -> Person:
    """One person in the scope, or NotFound; a read by a user is logged."""
    try:
        person = (
            persons_visible(scope)
            .select_related(
                "managing_commune",
                "current_commune",
                "permanent_commune",
                "current_village",
                "permanent_village",
                "managing_province",
            )
            .get(pk=int(pk))
        )
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if user is not None and channel:
        PersonAccess.objects.create(person=person, user=user, channel=channel)
    return person


def person_secrets(person: Person) -> dict[str, str]:
    """The decrypted personal ID, old ID and phone, for those allowed to read the record."""
    return {
        "id_number": crypto.decrypt(person.id_number_encrypted),
        "old_id_number": crypto.decrypt(person.old_id_encrypted),
        "phone": crypto.decrypt(person.phone_encrypted),
    }


def open_categories(person: Person, on: datetime.date | None = None) -> list[CategoryPeriod]:
    on = on or timezone.localdate()
    return [
        p
        for p in person.category_periods.all()
        if p.start_date <= on and (p.end_date is None or p.end_date >= on)
    ]


# --- search -----------------------------------------------------------------------------


@dataclass
class SearchQuery:
    text: str = ""
    category: str = ""
    commune_id: int | None = None
    age_min: int | None = None
    age_max: int | None = None


@dataclass
class SearchPage:
    persons: list[Person]
    total: int
    number: int
    size: int
    fuzzy_from: int | None = None  # index in `persons` where typo-tolerant matches begin
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


# Counting stops here: "more than 1,000" is all a list needs to say.
COUNT_CAP = 1000


def _words_match(alternatives: list[list[str]]) -> Q | RawSQL:
    """Every position matches one of its alternative words, as whole words of `search_text`."""
    if connection.vendor == "postgresql":
        query = " & ".join("(" + " | ".join(w for w in words) + ")" for words in alternatives)
        return RawSQL(
            "to_tsvector('simple', search_text) @@ to_tsquery('simple', %s)",
            (query,),
            output_field=BooleanField(),
        )
    condition = Q()
    for words in alternatives:
        any_word = Q()
        for word in words:
            any_word |= Q(search_text__contains=f" {word} ")
        condition &= any_word
    return condition


def _expand(words: list[str], *, all_words: bool) -> list[list[str]]:
    """Alternatives for typos: vocabulary words close to each unknown (or every) word."""
    vocabulary = list(NameWord.objects.values_list("word", flat=True))
    known = set(vocabulary)
    alternatives: list[list[str]] = []
    for word in words:
        if word in known and not (all_words and len(word) >= 3):
            alternatives.append([word])
            continue
        limit = 1 if len(word) <= 4 else 2
        close = process.extract(
            word, vocabulary, scorer=Levenshtein.distance, score_cutoff=limit, limit=12
        )
        alternatives.append([word, *[c[0] for c in close if c[0] != word]])
    return alternatives


def _filtered(scope: Scope, query: SearchQuery) -> QuerySet[Person]:
    persons = persons_visible(scope)
    if query.commune_id:
        persons = persons.filter(managing_commune_id=query.commune_id)
    if query.category:
        today = timezone.localdate()
        persons = persons.filter(
            Exists(
                CategoryPeriod.objects.filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today),
                    person=OuterRef("pk"),
                    category=query.category,
                    start_date__lte=today,
                )
            )
        )
    year = timezone.localdate().year
    if query.age_min is not None:
        persons = persons.filter(birth_year__lte=year - query.age_min)
    if query.age_max is not None:
        persons = persons.filter(birth_year__gte=year - query.age_max)
    return persons


def _capped_count(persons: QuerySet[Person]) -> int:
    return persons.order_by()[: COUNT_CAP + 1].count()


def person_search(*, scope: Scope, query: SearchQuery, page: int = 1, size: int = 25) -> SearchPage:
    """Search by name (diacritic- and typo-tolerant), ID or phone (exact), with filters.

    Exact word matches come first in Vietnamese alphabetical order, then typo-tolerant ones.
    """
    page = max(1, page)
    persons = _filtered(scope, query).select_related("managing_commune")
    text = query.text.strip()
    digits = normalize_id(text)
    phone = normalize_phone(text)
    if text and digits.isdigit() and len(digits) in (9, 12):
        hashes = [crypto.lookup_hash("id", digits), crypto.lookup_hash("old_id", digits)]
        persons = persons.filter(Q(id_number_hash__in=hashes) | Q(old_id_hash__in=hashes))
        return _page(persons, page, size)
    if text and is_valid_phone(phone) and not any(c.isalpha() for c in text):
        return _page(persons.filter(phone_hash=crypto.lookup_hash("phone", phone)), page, size)
    words = fold_words(text)[:8]
    if not words:
        return _page(persons, page, size)
    exact = persons.filter(_words_match([[w] for w in words]))
    exact_total = _capped_count(exact)
    fuzzy_alternatives = _expand(words, all_words=exact_total == 0)
    if all(len(a) == 1 for a in fuzzy_alternatives):
        return _page(exact, page, size, total=exact_total)
    fuzzy = persons.filter(_words_match(fuzzy_alternatives)).exclude(pk__in=exact.values("pk"))
    fuzzy_total = _capped_count(fuzzy)
    start, end = (page - 1) * size, page * size
    results: list[Person] = list(exact.order_by("sort_key", "pk")[start:end])
    fuzzy_from = len(results) if len(results) < size else None
    if len(results) < size:
        offset = max(0, start - exact_total)
        results += list(fuzzy.order_by("sort_key", "pk")[offset : offset + size - len(results)])
        if fuzzy_from == len(results):
            fuzzy_from = None
    total = min(exact_total + fuzzy_total, COUNT_CAP + 1)
    return SearchPage(
        results, min(total, COUNT_CAP), page, size, fuzzy_from, capped=total > COUNT_CAP
    )


def _page(persons: QuerySet[Person], page: int, size: int, total: int | None = None) -> SearchPage:
    if total is None:
        total = _capped_count(persons)
    rows = list(persons.order_by("sort_key", "pk")[(page - 1) * size : page * size])
    return SearchPage(rows, min(total, COUNT_CAP), page, size, capped=total > COUNT_CAP)


# --- duplicates ---------------------------------------------------------------------------


@dataclass
class Duplicates:
    visible: list[Person] = field(default_factory=list)
    hidden: int = 0  # candidates outside the user's jurisdiction: counted, never shown


def duplicates_find(
    *,
    scope: Scope,
    full_name: str,
    birth_year: int | None,
    communes: list[AdminUnit],
    id_number: str = "",
    phone: str = "",
    exclude_pk: int | None = None,
) -> Duplicates:
    """Likely duplicates: same ID; or same folded name, birth year and commune; or same phone."""
    condition = Q(pk__in=[])
    if id_number:
        condition |= Q(id_number_hash=crypto.lookup_hash("id", id_number))
    if phone:
        condition |= Q(phone_hash=crypto.lookup_hash("phone", phone))
    if full_name and birth_year and communes:
        ids = [c.pk for c in communes]
        condition |= Q(name_folded=fold(full_name), birth_year=birth_year) & (
            Q(current_commune_id__in=ids)
            | Q(permanent_commune_id__in=ids)
            | Q(managing_commune_id__in=ids)
        )
    candidates = Person.objects.filter(condition)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    visible_ids = set(persons_visible(scope).filter(condition).values_list("pk", flat=True)[:50])
    all_ids = list(candidates.values_list("pk", flat=True)[:50])
    visible = list(
        Person.objects.filter(pk__in=[i for i in all_ids if i in visible_ids]).select_related(
            "managing_commune"
        )
    )
    return Duplicates(visible=visible, hidden=len([i for i in all_ids if i not in visible_ids]))


# --- timeline -------------------------------------------------------------------------------


@dataclass
class TimelineItem:
    day: datetime.date
    at: datetime.datetime | None
    kind: str
    title: str
    detail: str = ""
    actor: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def person_timeline(person: Person, *, with_events: bool) -> list[TimelineItem]:
    """Everything that happened to a person, newest first: category periods and changes."""
    items: list[TimelineItem] = []
    for period in person.category_periods.select_related("recorded_by"):
        items.append(
            TimelineItem(
                day=period.start_date,
                at=None,
                kind="category_start",
                title=str(period.get_category_display()),
                detail=period.reason,
                actor=period.recorded_by.get_username() if period.recorded_by else "",
            )
        )
        if period.end_date:
            items.append(
                TimelineItem(
                    day=period.end_date,
                    at=None,
                    kind="category_end",
                    title=str(period.get_category_display()),
                    detail=period.end_reason,
                )
            )
    if with_events:
        for event in PersonEvent.objects.filter(person=person).select_related("actor"):
            local = timezone.localtime(event.at)
            items.append(
                TimelineItem(
                    day=local.date(),
                    at=local,
                    kind=f"event_{event.action}",
                    title=str(event.get_action_display()),
                    detail=event.note,
                    actor=event.actor.get_username() if event.actor else "",
                    changes=event.changes,
                )
            )
    items.sort(
        key=lambda i: (
            i.day,
            i.at or timezone.make_aware(datetime.datetime.combine(i.day, datetime.time.min)),
        ),
        reverse=True,
    )
    return items
