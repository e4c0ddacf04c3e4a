"""Reads of the person registry, always through the jurisdiction scope."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pcmt.accounts.scope import Scope
from pcmt.audit.labels import action_label, field_label, value_label
from pcmt.audit.models import Event
from pcmt.core import crypto
from pcmt.core.errors import NotFound
from pcmt.core.templatetags.people import officer
from pcmt.core.text import fold, fold_words
from pcmt.geo.models import AdminUnit, Village
from pcmt.persons.events import person_read_record
from pcmt.persons.idnumbers import is_valid_phone, normalize_id, normalize_phone
from pcmt.persons.models import (
    Category,
    CategoryPeriod,
    EventAction,
    NameWord,
    Person,
    Sex,
)


def persons_visible(scope: Scope) -> QuerySet[Person]:
    """The persons a scope may read by name; empty for analysts and outsiders."""
    if not scope.can_read_persons:
        return Person.objects.none()
    return Person.objects.filter(scope.person_q())


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
        person_read_record(person=person, user=user, channel=channel)
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


def _words_match(alternatives: list[list[str]], *, rest: bool = False) -> Q | RawSQL:
    """Every position matches one of its alternative words, as whole words of the name.

    With `rest`, only the words other than the given name count.
    """
    if connection.vendor == "postgresql":
        query = " & ".join("(" + " | ".join(w for w in words) + ")" for words in alternatives)
        column = "rest_vector" if rest else "search_vector"
        return RawSQL(  # noqa: S611 - the column is one of two constants, the words are bound
            f"{column} @@ to_tsquery('simple', %s)", (query,), output_field=BooleanField()
        )
    field_name = "search_rest" if rest else "search_text"
    condition = Q()
    for words in alternatives:
        any_word = Q()
        for word in words:
            any_word |= Q(**{f"{field_name}__contains": f" {word} "})
        condition &= any_word
    return condition


def _expand(words: list[str], *, all_words: bool) -> list[list[str]]:
    """Alternatives for typos: vocabulary words close to each unknown word.

    When every word is known but nothing matched (`all_words`), a real word was mistyped into
    another one: then every word of three letters or more gets alternatives.
    """
    vocabulary = list(NameWord.objects.values_list("word", flat=True))
    known = set(vocabulary)
    all_words = all_words and all(word in known for word in words)
    alternatives: list[list[str]] = []
    for word in words:
        if word in known and not (all_words and len(word) >= 3):
            alternatives.append([word])
            continue
        limit = 1 if len(word) <= 4 else 2
        close = process.extract(
            word, vocabulary, scorer=Levenshtein.distance, score_cutoff=limit, limit=6
        )
        alternatives.append([word, *[c[0] for c in close if c[0] != word]])
    return alternatives


def _filtered(scope: Scope, query: SearchQuery) -> QuerySet[Person]:
    # A merged record is found as the record it was merged into.
    persons = persons_visible(scope).filter(merged_into__isnull=True)
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
    start = (page - 1) * size
    exact_words = [[w] for w in words]
    results, exact_total, capped = _slice(persons, exact_words, start, size)
    fuzzy_alternatives = _expand(words, all_words=exact_total == 0)
    if all(len(a) == 1 for a in fuzzy_alternatives):
        return SearchPage(results, exact_total, page, size, capped=capped)
    need = size - len(results)
    fuzzy_rows, fuzzy_total, fuzzy_capped = _slice(
        persons,
        fuzzy_alternatives,
        max(0, start - exact_total),
        max(need, 1),
        exclude=exact_words,
    )
    fuzzy_from = len(results) if need > 0 and fuzzy_rows else None
    results += fuzzy_rows[: max(need, 0)]
    total = exact_total + fuzzy_total
    capped = capped or fuzzy_capped
    return SearchPage(results, total, page, size, fuzzy_from, capped=capped)


def _page(persons: QuerySet[Person], page: int, size: int) -> SearchPage:
    rows, total, capped = _walk(persons, (page - 1) * size, size)
    return SearchPage(rows, total, page, size, capped=capped)


# On PostgreSQL a page of word matches is found in one of three ways:
# - collect: fetch the matches through the word (GIN) index, then sort them;
# - walk: walk the (province, sort key) index and filter, which finds a page at once when
#   the matches spread over the alphabetical order;
# - split: the order starts with the given name, so matches on a given name sit together and
#   a walk reaches them late; those are read in order from the (province, given name, sort key)
#   index, and the persons matched by their other words are collected.
# Few matches are cheapest collected.
FEW_MATCHES = 2000
# Beyond this many, only very common words match, and they spread over the order: walk.
MATCH_WINDOW = 60000
# Matches are "on a given name" when that many of them have one of the words as given name.
CLUSTER_SHARE = 0.2
# More alternative words than this make too many index reads to split.
SPLIT_BRANCHES = 16


def _estimated_rows(persons: QuerySet[Person]) -> float:
    """The planner's estimate of the rows (its word statistics make it a good one)."""
    if persons.query.is_empty():
        return 0.0
    plan = json.loads(persons.order_by().values("id").explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


def _exact_counts() -> bool:
    return connection.vendor == "postgresql"


def _strategy(base: QuerySet[Person], matches: QuerySet[Person], words: list[str]) -> str:
    if not _exact_counts():
        return "walk"
    estimate = _estimated_rows(matches)
    if estimate <= FEW_MATCHES:
        return "collect"
    if estimate > MATCH_WINDOW:
        return "walk"
    clustered = max(_estimated_rows(base.filter(given_folded=w)) for w in words)
    if clustered < CLUSTER_SHARE * estimate:
        return "walk"
    return "split" if len(words) <= SPLIT_BRANCHES else "collect"


def _count(persons: QuerySet[Person]) -> int:
    """The number of rows, up to COUNT_CAP + 1.

    On PostgreSQL, when the planner expects well over the cap, it is not counted: the list
    says "more than 1,000" either way.
    """
    if _exact_counts() and _estimated_rows(persons) > 2 * COUNT_CAP:
        return COUNT_CAP + 1
    return _capped_count(persons)


def _slice(
    base: QuerySet[Person],
    positions: list[list[str]],
    offset: int,
    size: int,
    *,
    exclude: list[list[str]] | None = None,
) -> tuple[list[Person], int, bool]:
    """One page of the persons matching every position, in Vietnamese alphabetical order.

    Returns the page, the total and whether the total was capped.
    """
    matches = base.filter(_words_match(positions))
    if exclude:
        matches = matches.exclude(_words_match(exclude))
    strategy = _strategy(base, matches, [w for words in positions for w in words])
    if strategy == "collect":
        found = _collect(matches, offset, size)
        if found is not None:
            return found
    if strategy == "split":
        rows = _split(base, positions, offset, size, exclude=exclude)
        total = _count(matches)
        return rows, min(total, COUNT_CAP), total > COUNT_CAP
    return _walk(matches, offset, size)


def _walk(persons: QuerySet[Person], offset: int, size: int) -> tuple[list[Person], int, bool]:
    total = _count(persons)
    rows = list(persons.order_by("sort_key", "pk")[offset : offset + size])
    return rows, min(total, COUNT_CAP), total > COUNT_CAP


def _collect(
    persons: QuerySet[Person], offset: int, size: int
) -> tuple[list[Person], int, bool] | None:
    """Collect the matches through the word index, then sort them; None if there are too many."""
    inner = persons.order_by().values("id", "sort_key")[: MATCH_WINDOW + 1]
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH m AS MATERIALIZED ({sql}) "  # noqa: S608 - Django-built SQL, bound params
            "SELECT m.id, count(*) OVER () FROM m ORDER BY m.sort_key, m.id LIMIT %s OFFSET %s",
            [*params, size, offset],
        )
        rows = cursor.fetchall()
    if rows:
        total = rows[0][1]
    elif offset == 0:
        total = 0
    else:
        total = persons.order_by()[: MATCH_WINDOW + 1].count()
    if total > MATCH_WINDOW:
        return None
    return _in_order([row[0] for row in rows]), total, False


def _split(
    base: QuerySet[Person],
    positions: list[list[str]],
    offset: int,
    size: int,
    *,
    exclude: list[list[str]] | None,
) -> list[Person]:
    """Union of: per word, persons with it as given name (read in order from the index), and
    persons matched by their other words (collected first: they are few and may sit anywhere).
    A person in several parts counts once."""
    limit = offset + size
    given_parts: list[QuerySet[Person]] = []
    for index, words in enumerate(positions):
        others = positions[:index] + positions[index + 1 :]
        for word in words:
            part = base.filter(given_folded=word)
            if others:
                part = part.filter(_words_match(others))
            given_parts.append(part)
    rest = base.filter(_words_match(positions, rest=True))
    if exclude:
        given_parts = [p.exclude(_words_match(exclude)) for p in given_parts]
        rest = rest.exclude(_words_match(exclude))
    sql_parts: list[str] = []
    params: list[Any] = []
    rest_sql, rest_params = (
        rest.order_by().values("id", "sort_key")[:MATCH_WINDOW].query.sql_with_params()
    )
    params += rest_params
    for part in given_parts:
        part_sql, part_params = (
            part.order_by("sort_key", "id").values("id", "sort_key")[:limit].query.sql_with_params()
        )
        sql_parts.append(f"({part_sql})")
        params += part_params
    sql_parts.append("(SELECT id, sort_key FROM r)")
    query = (
        f"WITH r AS MATERIALIZED ({rest_sql}) "  # noqa: S608 - Django-built SQL, bound params
        f"SELECT id FROM ({' UNION '.join(sql_parts)}) AS u "
        "ORDER BY sort_key, id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, size, offset])
        return _in_order([row[0] for row in cursor.fetchall()])


def _in_order(ids: list[int]) -> list[Person]:
    by_id = Person.objects.select_related("managing_commune").in_bulk(ids)
    return [by_id[i] for i in ids]


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
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new


_SECRET_LABELS = {
    "id_number": _("personal ID number"),
    "old_id_number": _("old ID card number"),
    "phone": _("phone"),
    "alias": _("alias"),
    "photo": _("photo"),
    "category": _("category"),
    "start_date": _("from"),
    "end_date": _("until"),
}
_CHOICES = {"sex": dict(Sex.choices), "category": dict(Category.choices)}


def _label(name: str) -> str:
    if name in _SECRET_LABELS:
        return str(_SECRET_LABELS[name])
    try:
        model_field = Person._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        # An episode's field, logged on the person's stream: named as its model names it.
        return field_label(name)
    return str(getattr(model_field, "verbose_name", name))


def _readable(name: str, value: Any, units: dict[int, str], villages: dict[int, str]) -> str:
    """How one logged value reads to a person: names for units, dd/mm/yyyy for dates."""
    if value is None or value == "":
        return "—"
    if name.endswith("commune_id"):
        return units.get(value, str(value))
    if name.endswith("village_id"):
        return villages.get(value, str(value))
    if name in _CHOICES:
        return str(_CHOICES[name].get(value, value))
    coded = value_label(name, value)
    if coded is not None:
        return coded
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, str) and len(value) > 18 and value[4] == "-" and value[10] == "T":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment.tzinfo else value
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _readable_changes(events: list[Event]) -> dict[int, list[tuple[str, str, str]]]:
    unit_ids: set[int] = set()
    village_ids: set[int] = set()
    for event in events:
        for name, values in event.changes.items():
            target = (
                unit_ids
                if name.endswith("commune_id")
                else (village_ids if name.endswith("village_id") else None)
            )
            if target is not None:
                target.update(v for v in values if isinstance(v, int))
    units = {u.pk: u.full_name for u in AdminUnit.objects.filter(pk__in=unit_ids)}
    villages = dict(Village.objects.filter(pk__in=village_ids).values_list("pk", "name"))
    return {
        event.pk: [
            (
                _label(name),
                _readable(name, old, units, villages),
                _readable(name, new, units, villages),
            )
            for name, (old, new) in event.changes.items()
            if name != "version" and ((old or None) is not None or (new or None) is not None)
        ]
        for event in events
    }


def readable_changes(changes: dict[str, list[Any]]) -> list[tuple[str, str, str]]:
    """Logged changes (name: [old, new]) as a person reads them: label, old, new."""
    return _readable_changes([Event(pk=0, changes=changes)])[0]


def person_timeline(person: Person, *, with_events: bool) -> list[TimelineItem]:
    """Everything that happened to a person, newest first: category periods and changes."""
    items: list[TimelineItem] = []
    # The caller prefetches the periods with who recorded them (the person page does).
    for period in person.category_periods.all():
        items.append(
            TimelineItem(
                day=period.start_date,
                at=None,
                kind="category_start",
                title=str(period.get_category_display()),
                detail=period.reason,
                actor=officer(period.recorded_by) if period.recorded_by else "",
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
        # The person's stream, without the reads of the record (those are for the audit).
        events = list(person.events.exclude(action=EventAction.READ).select_related("actor"))
        readable = _readable_changes(events)
        for event in events:
            local = timezone.localtime(event.at)
            items.append(
                TimelineItem(
                    day=local.date(),
                    at=local,
                    kind=f"event_{event.action}",
                    title=action_label(event.action),
                    detail=event.note,
                    actor=officer(event.actor) if event.actor else "",
                    changes=readable[event.pk],
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
