"""Turn a free-text Vietnamese address into a 2025 commune, converting pre-2025 units.

Reads only the unit tables (AdminUnit, LegacyUnit, LegacyConversion), through a name index
cached per process and rebuilt when the tables change. Never goes online.
"""

import datetime
import re
import threading
from dataclasses import dataclass, field, replace
from enum import StrEnum

from django.db import connection
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from pcmt.core.text import fold, fold_words
from pcmt.geo.models import (
    TWO_LEVEL_START,
    AdminUnit,
    DivisionType,
    LegacyConversion,
    LegacyLevel,
    LegacyUnit,
    UnitLevel,
    Village,
)


class ReasonCode(StrEnum):
    """Why an address resolved as it did; stable, for callers and the API."""

    EXACT_NEW = "exact_new"
    LEGACY_CONVERTED = "legacy_converted"
    LEGACY_PARTIAL = "legacy_partial"
    LEGACY_SPLIT_AMBIGUOUS = "legacy_split_ambiguous"
    AMBIGUOUS = "ambiguous"
    FUZZY = "fuzzy"
    PROVINCE_ONLY = "province_only"
    NOT_FOUND = "not_found"


REASONS: dict[ReasonCode, Promise] = {
    ReasonCode.EXACT_NEW: _("The address names a commune in force."),
    ReasonCode.LEGACY_CONVERTED: _(
        "The address names a unit from before 1 July 2025; it was converted to the commune "
        "that replaced it."
    ),
    ReasonCode.LEGACY_PARTIAL: _(
        "Only part of the pre-2025 commune in the address went to this commune; check it."
    ),
    ReasonCode.LEGACY_SPLIT_AMBIGUOUS: _(
        "The pre-2025 commune in the address was split over several communes; choose one."
    ),
    ReasonCode.AMBIGUOUS: _("Several communes match the address; choose one."),
    ReasonCode.FUZZY: _("No exact match; this is the closest commune name. Check it."),
    ReasonCode.PROVINCE_ONLY: _("Only the province was recognised in the address."),
    ReasonCode.NOT_FOUND: _("No administrative unit was recognised in the address."),
}


@dataclass(frozen=True)
class AddressResolution:
    """The commune an address points to, or why there is none."""

    commune: AdminUnit | None
    province: AdminUnit | None
    confidence: float
    reason_code: ReasonCode
    reason: Promise
    candidates: list[AdminUnit] = field(default_factory=list)
    legacy_unit: LegacyUnit | None = None


def address_resolve(
    text: str, *, on: datetime.date | None = None, province_hint: str | None = None
) -> AddressResolution:
    """Resolve `text` to a 2025 commune.

    `on` is the date the address was written: before 1/7/2025 the old units are read first.
    `province_hint` (a 2025 province code) scopes the search when the text names no province.
    A pre-2025 commune split over several communes is never guessed: the candidates are listed.
    """
    for _attempt in range(2):
        plan = _Resolver(_index(), text, on=on, province_hint=province_hint).run()
        result = _materialise(plan)
        if result is not None:
            return result
        # The cached index named rows that are gone: rebuild it once.
        address_index_clear()
    return AddressResolution(None, None, 0.0, ReasonCode.NOT_FOUND, REASONS[ReasonCode.NOT_FOUND])


def address_index_clear() -> None:
    """Forget the cached name index (the loader calls this after changing the units)."""
    with _LOCK:
        _CACHE.clear()


# --- Text normalisation -------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"[’‘'`´]")
_SEPARATORS = re.compile(r"[,;\n|/]+")
_COUNTRY = re.compile(r"[\s,.-]*\b(viet ?nam|vn)\W*$")
# Abbreviations on folded text; longer forms first.
_ABBREVIATIONS = [
    (re.compile(r"\b(?:t\.?\s?p\.?\s*)?hcmc?\b|\btphcm\b"), " thanh pho ho chi minh "),
    (re.compile(r"\b(?:t\.?\s?p\.?\s*)?hn\b|\btphn\b"), " thanh pho ha noi "),
    (re.compile(r"\bbr\s*-?\s*vt\b"), " ba ria vung tau "),
    (re.compile(r"\bt\.?p\b\.?"), " thanh pho "),
    (re.compile(r"\bt\.?x\b\.?"), " thi xa "),
    (re.compile(r"\bt\.?t\b\.?"), " thi tran "),
    (re.compile(r"\b[pf]\b\.?|\b[pf](?=\d)"), " phuong "),
    (re.compile(r"\bq\b\.?|\bq(?=\d)"), " quan "),
    (re.compile(r"\bh\b\.?"), " huyen "),
    (re.compile(r"\bx\b\.?"), " xa "),
    (re.compile(r"\bt\b\."), " tinh "),
    (re.compile(r"\bdk\b\.?"), " dac khu "),
]

_COMMUNE_WORDS = frozenset({("xa",), ("phuong",), ("thi", "tran"), ("dac", "khu")})
_DISTRICT_WORDS = frozenset({("quan",), ("huyen",), ("thi", "xa"), ("thanh", "pho")})
_PROVINCE_WORDS = frozenset({("tinh",), ("thanh", "pho")})
_TYPE_WORDS = _COMMUNE_WORDS | _DISTRICT_WORDS | _PROVINCE_WORDS
# A name right after these is a village, street or house number, not a unit.
# (thôn, ấp, bản, tổ, xóm, khóm, khu, đường, phố, ngõ, ngách, hẻm, kiệt, số, lô, KP, TDP)
_NOT_A_UNIT = frozenset(
    {"thon", "ap", "ban", "to", "xom", "khom", "khu", "duong", "pho", "ngo", "ngach", "hem"}
    | {"kiet", "so", "lo", "kp", "tdp"}
)
_PROVINCE_ALIASES = {"46": ("Thừa Thiên Huế",)}


def _words(text: str) -> tuple[str, ...]:
    """Folded words of a name; numbers lose leading zeros ("Phường 03" = "Phường 3")."""
    return tuple(
        str(int(word)) if word.isdecimal() else word
        for word in fold_words(_APOSTROPHES.sub("", text))
    )


def _segments(text: str) -> list[tuple[str, ...]]:
    folded = _APOSTROPHES.sub("", fold(text))
    folded = _COUNTRY.sub("", folded)
    for pattern, replacement in _ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    return [words for part in _SEPARATORS.split(folded) if (words := _words(part))]


def _strip_type(words: tuple[str, ...]) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """("phuong", "cua", "nam") → (("phuong",), ("cua", "nam"))."""
    for size in (2, 1):
        if words[:size] in _TYPE_WORDS:
            return words[:size], words[size:]
    return None, words


def _type_before(tokens: tuple[str, ...], start: int) -> tuple[str, ...] | None:
    """The unit type word just before `start`, if any ("thanh pho" wins over "pho")."""
    if start >= 2 and tokens[start - 2 : start] in _TYPE_WORDS:
        return tokens[start - 2 : start]
    if start >= 1 and tokens[start - 1 : start] in _TYPE_WORDS:
        return tokens[start - 1 : start]
    return None


# --- The name index -----------------------------------------------------------------------------


class _Kind(StrEnum):
    PROVINCE = "province"
    COMMUNE = "commune"
    OLD_PROVINCE = "old_province"
    OLD_DISTRICT = "old_district"
    OLD_COMMUNE = "old_commune"


_KIND_WORDS = {
    _Kind.PROVINCE: _PROVINCE_WORDS,
    _Kind.OLD_PROVINCE: _PROVINCE_WORDS,
    _Kind.OLD_DISTRICT: _DISTRICT_WORDS,
    _Kind.COMMUNE: _COMMUNE_WORDS,
    _Kind.OLD_COMMUNE: _COMMUNE_WORDS,
}
_NEW_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    DivisionType.MUNICIPALITY: ("thanh", "pho"),
    DivisionType.PROVINCE: ("tinh",),
    DivisionType.COMMUNE: ("xa",),
    DivisionType.WARD: ("phuong",),
    DivisionType.SPECIAL_ZONE: ("dac", "khu"),
}


@dataclass(frozen=True)
class _Entry:
    kind: _Kind
    id: int
    type_words: tuple[str, ...]
    # The 2025 province code for new units, the old province code for legacy ones.
    province: str
    parent_id: int | None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def in_force(self, day: datetime.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day >= self.valid_to)


@dataclass
class _Index:
    names: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    max_words: int = 1
    old_to_new: dict[str, set[str]] = field(default_factory=dict)
    new_to_old: dict[str, set[str]] = field(default_factory=dict)
    conversions: dict[int, list[tuple[int, bool]]] = field(default_factory=dict)
    # Old district id → the 2025 communes its communes went to.
    district_targets: dict[int, set[int]] = field(default_factory=dict)
    # Province names (new and old) and commune names by province, for fuzzy matching.
    provinces: dict[str, list[_Entry]] = field(default_factory=dict)
    fuzzy: dict[tuple[_Kind, str], dict[str, list[_Entry]]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], entry: _Entry) -> None:
        if not key:
            return
        self.names.setdefault(key, []).append(entry)
        self.max_words = max(self.max_words, len(key))
        if entry.kind in (_Kind.PROVINCE, _Kind.OLD_PROVINCE):
            self.provinces.setdefault(" ".join(key), []).append(entry)
        elif entry.kind in (_Kind.COMMUNE, _Kind.OLD_COMMUNE) and not key[-1].isdecimal():
            choices = self.fuzzy.setdefault((entry.kind, entry.province), {})
            choices.setdefault(" ".join(key), []).append(entry)

    def fuzzy_choices(self, kind: _Kind, provinces: set[str] | None) -> dict[str, list[_Entry]]:
        """Commune names of `kind` in those provinces (all provinces for None)."""
        merged: dict[str, list[_Entry]] = {}
        for (entry_kind, province), names in self.fuzzy.items():
            if entry_kind != kind or (provinces is not None and province not in provinces):
                continue
            for name, entries in names.items():
                merged.setdefault(name, []).extend(entries)
        return merged


_LOCK = threading.Lock()
_CACHE: dict[str, tuple[tuple[object, ...], _Index]] = {}


def _index_key() -> tuple[object, ...]:
    """Row counts and highest ids of the unit tables: they change whenever units are loaded."""
    quote = connection.ops.quote_name
    parts = []
    for model in (AdminUnit, LegacyUnit, LegacyConversion):
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column or "id")
        # Table and column names come from the models, not from input.
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({pk}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return (connection.alias, *row)


def _index() -> _Index:
    key = _index_key()
    cached = _CACHE.get("index")
    if cached is not None and cached[0] == key:
        return cached[1]
    with _LOCK:
        cached = _CACHE.get("index")
        if cached is None or cached[0] != key:
            cached = (key, _index_build())
            _CACHE["index"] = cached
        return cached[1]


def _index_build() -> _Index:
    index = _Index()
    unit_province: dict[int, str] = {}
    units = AdminUnit.objects.values_list(
        "pk",
        "level",
        "division_type",
        "name",
        "parent_id",
        "province_code",
        "valid_from",
        "valid_to",
    )
    for pk, level, kind, name, parent_id, province, valid_from, valid_to in units:
        entry = _Entry(
            kind=_Kind.PROVINCE if level == UnitLevel.PROVINCE else _Kind.COMMUNE,
            id=pk,
            type_words=_NEW_TYPE_WORDS.get(kind, ()),
            province=province,
            parent_id=parent_id,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        index.add(_words(name), entry)
        unit_province[pk] = province
        if entry.kind == _Kind.PROVINCE:
            for alias in _PROVINCE_ALIASES.get(province, ()):
                index.add(_words(alias), entry)
    kinds = {
        LegacyLevel.PROVINCE: _Kind.OLD_PROVINCE,
        LegacyLevel.DISTRICT: _Kind.OLD_DISTRICT,
        LegacyLevel.COMMUNE: _Kind.OLD_COMMUNE,
    }
    old_communes: dict[int, _Entry] = {}
    for pk, level, name, division_type, parent_id, province in LegacyUnit.objects.values_list(
        "pk", "level", "name", "division_type", "parent_id", "province_code"
    ):
        entry = _Entry(kinds[LegacyLevel(level)], pk, _words(division_type), province, parent_id)
        index.add(_words(name), entry)
        if entry.kind == _Kind.OLD_PROVINCE:
            for alias in _PROVINCE_ALIASES.get(province, ()):
                index.add(_words(alias), entry)
        if entry.kind == _Kind.OLD_COMMUNE:
            old_communes[pk] = entry
    for legacy_id, unit_id, partial in LegacyConversion.objects.values_list(
        "legacy_unit_id", "unit_id", "is_partial"
    ):
        index.conversions.setdefault(legacy_id, []).append((unit_id, partial))
        old, new = old_communes.get(legacy_id), unit_province.get(unit_id)
        if old is not None and new is not None:
            index.old_to_new.setdefault(old.province, set()).add(new)
            index.new_to_old.setdefault(new, set()).add(old.province)
            if old.parent_id is not None:
                index.district_targets.setdefault(old.parent_id, set()).add(unit_id)
    return index


# --- Resolution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    segment: int
    start: int
    end: int
    entry: _Entry
    # 3: after a type word of its level; 2: a whole segment, or a province ending the text;
    # 1: somewhere inside the text.
    strength: int
    # The type word written before it, when it is the unit's own ("Xã" before a xã).
    exact_type: bool = False
    type_length: int = 0

    @property
    def position(self) -> tuple[int, int]:
        return self.segment, self.end

    def same_span(self, other: "_Mention") -> bool:
        return (self.segment, self.start, self.end) == (other.segment, other.start, other.end)

    def overlaps(self, other: "_Mention") -> bool:
        return self.segment == other.segment and self.start < other.end and other.start < self.end

    def covers(self, other: "_Mention") -> bool:
        """Whether `other` lies inside this name or the type word written before it."""
        return (
            self.segment == other.segment
            and self.start - self.type_length <= other.start
            and other.end <= self.end
            and (self.end - self.start > other.end - other.start or other.start < self.start)
        )


@dataclass(frozen=True)
class _Scope:
    """2025 and old province codes to search in; empty means everywhere."""

    new: set[str]
    old: set[str]
    # The text names an old province that is no 2025 province ("Hà Giang").
    legacy_only: bool

    def has_new(self, code: str) -> bool:
        return not self.new or code in self.new

    def has_old(self, code: str) -> bool:
        return not self.old or code in self.old


@dataclass
class _Plan:
    """What the resolver decided, in ids; `_materialise` turns it into model instances."""

    reason: ReasonCode
    confidence: float
    commune_id: int | None = None
    province_codes: set[str] = field(default_factory=set)
    candidate_ids: list[int] = field(default_factory=list)
    legacy_id: int | None = None


# Confidence by mention strength, before the province context scales it.
_STRENGTH_CONFIDENCE = {3: 1.0, 2: 0.95, 1: 0.7}
# Province context: named in the text, misspelt, hinted by the caller, or unknown.
_PROVINCE_NAMED, _PROVINCE_MISSPELT, _PROVINCE_HINTED, _PROVINCE_UNKNOWN = 1.0, 0.75, 0.9, 0.85
_CONVERTED = 0.95
_PARTIAL_MAX = 0.7
_SPLIT, _AMBIGUOUS = 0.5, 0.4
_FUZZY_CUTOFF, _FUZZY_LOW, _FUZZY_HIGH = 85.0, 0.4, 0.75
_PROVINCE_ONLY = 0.3


class _Resolver:
    def __init__(
        self, index: _Index, text: str, *, on: datetime.date | None, province_hint: str | None
    ) -> None:
        self.index = index
        self.segments = _segments(text or "")
        # Old dates convert to the units of 1/7/2025.
        self.day = max(on or timezone.localdate(), TWO_LEVEL_START)
        self.old_first = on is not None and on < TWO_LEVEL_START
        self.hint = (province_hint or "").strip()

    def run(self) -> _Plan:
        mentions = self._mentions()
        province = self._province(mentions)
        misspelt = None
        if province is not None:
            scope = self._scope([m.entry for m in mentions if m.same_span(province)])
            factor = _PROVINCE_NAMED
            mentions = [m for m in mentions if not m.overlaps(province)]
        elif (misspelt := self._fuzzy_province()) is not None:
            scope, factor = self._scope(misspelt), _PROVINCE_MISSPELT
        elif self.hint:
            scope = _Scope({self.hint}, self._old_of({self.hint}), legacy_only=False)
            factor = _PROVINCE_HINTED
        else:
            scope, factor = _Scope(set(), set(), legacy_only=False), _PROVINCE_UNKNOWN
        plan = self._commune(mentions, scope) or self._fuzzy_commune(province, scope)
        if plan is None:
            if province is None and misspelt is None:
                return _Plan(ReasonCode.NOT_FOUND, 0.0)
            confidence = round(_PROVINCE_ONLY * factor, 3)
            return _Plan(ReasonCode.PROVINCE_ONLY, confidence, province_codes=scope.new)
        plan.confidence = round(plan.confidence * factor, 3)
        return plan

    def _mentions(self) -> list[_Mention]:
        """Every run of words naming a unit, kept when the type word before it allows it."""
        found: list[_Mention] = []
        last = len(self.segments) - 1
        for number, tokens in enumerate(self.segments):
            spans = [
                (start, end, self.index.names[tokens[start:end]])
                for start in range(len(tokens))
                for end in range(start + 1, min(len(tokens), start + self.index.max_words) + 1)
                if tokens[start:end] in self.index.names
            ]
            for start, end, entries in spans:
                # "Phúc Xá Ba Đình": the "xá" ending a name is no type word for what follows.
                typed = not any(s < start - 1 < e <= start for s, e, _ in spans)
                for entry in entries:
                    mention = _mention(tokens, number, start, end, entry, number == last, typed)
                    if mention is not None:
                        found.append(mention)
        # Words inside a longer name or its type word name nothing ("Hòa Bình" in "Xã Hòa Bình 1",
        # "Thanh" in "Thành phố Huế").
        return [m for m in found if not any(o.covers(m) for o in found)]

    @staticmethod
    def _province(mentions: list[_Mention]) -> _Mention | None:
        provinces = [
            m
            for m in mentions
            if m.entry.kind in (_Kind.PROVINCE, _Kind.OLD_PROVINCE) and m.strength >= 2
        ]
        # Vietnamese addresses end with the province: the rightmost one wins.
        return max(provinces, key=lambda m: (m.position, m.strength), default=None)

    def _scope(self, provinces: list[_Entry]) -> _Scope:
        new = {e.province for e in provinces if e.kind == _Kind.PROVINCE}
        old = {e.province for e in provinces if e.kind == _Kind.OLD_PROVINCE}
        new_scope = new | {code for o in old for code in self.index.old_to_new.get(o, ())}
        # An old province's name alone keeps the old-unit search in that old province.
        old_scope = old | self._old_of(new) if new else old
        return _Scope(new_scope, old_scope, legacy_only=bool(old) and not new)

    def _old_of(self, new: set[str]) -> set[str]:
        return {code for n in new for code in self.index.new_to_old.get(n, ())}

    def _fuzzy_province(self) -> list[_Entry] | None:
        """The province a misspelt last segment names ("Ha Noii")."""
        if not self.segments:
            return None
        type_words, words = _strip_type(self.segments[-1])
        if type_words is not None and type_words not in _PROVINCE_WORDS:
            return None
        names = list(self.index.provinces)
        match = process.extractOne(
            " ".join(words), names, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        return self.index.provinces[match[0]] if match is not None else None

    def _commune(self, mentions: list[_Mention], scope: _Scope) -> _Plan | None:
        old = [
            m
            for m in mentions
            if m.entry.kind == _Kind.OLD_COMMUNE and scope.has_old(m.entry.province)
        ]
        districts = [
            m
            for m in mentions
            if m.entry.kind == _Kind.OLD_DISTRICT
            and scope.has_old(m.entry.province)
            # Typed ("Quận 5"), or holding an old commune the text also names.
            and (
                m.strength == 3
                or any(o.entry.parent_id == m.entry.id and not o.overlaps(m) for o in old)
            )
        ]
        district_ids = {m.entry.id for m in districts}
        if district_ids:
            # A commune inside the district named beside it is as good as a whole segment.
            old = [
                replace(m, strength=max(m.strength, 2))
                for m in old
                if m.entry.parent_id in district_ids
            ]
        new = [
            m
            for m in mentions
            if m.entry.kind == _Kind.COMMUNE
            and scope.has_new(m.entry.province)
            and m.entry.in_force(self.day)
            and not any(m.overlaps(d) for d in districts)
        ]
        best_new, best_old = _best(new), _best(old)
        # A district, an old province's name or an old date says the text uses the old units.
        old_first = self.old_first or scope.legacy_only or bool(districts)
        if best_old and (
            not best_new
            or best_old[0].strength > best_new[0].strength
            or (best_old[0].strength == best_new[0].strength and old_first)
        ):
            plan = self._legacy(best_old)
            if plan is not None:
                return plan
        if best_new:
            return self._new(best_new)
        return self._district(district_ids) if district_ids else None

    def _new(self, best: list[_Mention]) -> _Plan:
        ids = sorted({m.entry.id for m in _exact_type_first(best)})
        if len(ids) > 1:
            return _Plan(ReasonCode.AMBIGUOUS, _AMBIGUOUS, candidate_ids=ids)
        return _Plan(ReasonCode.EXACT_NEW, _STRENGTH_CONFIDENCE[best[0].strength], ids[0])

    def _legacy(self, best: list[_Mention], confidence: float | None = None) -> _Plan | None:
        """Convert the old commune(s) named; None when none of them has a conversion."""
        if confidence is None:
            confidence = _STRENGTH_CONFIDENCE[best[0].strength] * _CONVERTED
        converted = _exact_type_first([m for m in best if m.entry.id in self.index.conversions])
        legacy_ids = sorted({m.entry.id for m in converted})
        targets = {
            unit: partial
            for legacy_id in legacy_ids
            for unit, partial in self.index.conversions[legacy_id]
        }
        if not targets:
            return None
        if len(legacy_ids) > 1:
            # Several old communes share the name: fine only if they all became one commune.
            if len(targets) == 1 and not any(targets.values()):
                unit = next(iter(targets))
                return _Plan(ReasonCode.LEGACY_CONVERTED, confidence * _CONVERTED, unit)
            return _Plan(ReasonCode.AMBIGUOUS, _AMBIGUOUS, candidate_ids=sorted(targets))
        legacy_id = legacy_ids[0]
        if len(targets) > 1:
            candidates = sorted(targets)
            return _Plan(
                ReasonCode.LEGACY_SPLIT_AMBIGUOUS,
                _SPLIT,
                candidate_ids=candidates,
                legacy_id=legacy_id,
            )
        ((unit, partial),) = targets.items()
        if partial:
            # The rest of the old commune went to a unit the table does not name.
            return _Plan(
                ReasonCode.LEGACY_PARTIAL, min(confidence, _PARTIAL_MAX), unit, legacy_id=legacy_id
            )
        return _Plan(ReasonCode.LEGACY_CONVERTED, confidence, unit, legacy_id=legacy_id)

    def _district(self, district_ids: set[int]) -> _Plan | None:
        """Only an old district is recognised: the communes that replaced it."""
        targets = sorted({u for d in district_ids for u in self.index.district_targets.get(d, ())})
        if not targets:
            return None
        if len(targets) == 1:
            return _Plan(
                ReasonCode.LEGACY_CONVERTED, _STRENGTH_CONFIDENCE[2] * _CONVERTED, targets[0]
            )
        return _Plan(ReasonCode.AMBIGUOUS, _AMBIGUOUS, candidate_ids=targets)

    def _fuzzy_commune(self, province: _Mention | None, scope: _Scope) -> _Plan | None:
        """The closest commune name to a piece of the text, new or old, within the scope."""
        queries = [q for q in self._fuzzy_queries(province) if len(q) >= 3]
        if not queries:
            return None
        sources = [
            (False, self.index.fuzzy_choices(_Kind.COMMUNE, scope.new or None)),
            (True, self.index.fuzzy_choices(_Kind.OLD_COMMUNE, scope.old or None)),
        ]
        if self.old_first or scope.legacy_only:
            sources.reverse()
        best: tuple[float, bool, list[_Entry]] | None = None
        for query in queries:
            for is_old, choices in sources:
                match = process.extractOne(
                    query, list(choices), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
                )
                if match is None or (best is not None and match[1] <= best[0]):
                    continue
                entries = [e for e in choices[match[0]] if is_old or e.in_force(self.day)]
                if entries:
                    best = (match[1], is_old, entries)
        if best is None:
            return None
        score, is_old, entries = best
        share = (score - _FUZZY_CUTOFF) / (100 - _FUZZY_CUTOFF)
        confidence = _FUZZY_LOW + (_FUZZY_HIGH - _FUZZY_LOW) * share
        mentions = [_Mention(0, 0, 0, e, 1) for e in entries]
        plan = self._legacy(mentions, confidence) if is_old else self._new(mentions)
        if plan is not None and plan.commune_id is not None:
            plan.reason, plan.confidence = ReasonCode.FUZZY, min(plan.confidence, confidence)
        return plan

    def _fuzzy_queries(self, province: _Mention | None) -> list[str]:
        """Commune-like pieces of the text: each segment cut before every unit type word."""
        queries = []
        for number, tokens in enumerate(self.segments):
            if province is not None and number == province.segment:
                tokens = tokens[: province.start - province.type_length]
            cuts = [i for i in range(len(tokens)) if _strip_type(tokens[i:])[0] is not None]
            for start, end in zip([0, *cuts], [*cuts, len(tokens)], strict=True):
                type_words, words = _strip_type(tokens[start:end])
                if type_words is not None and type_words not in _COMMUNE_WORDS:
                    continue
                if words and not words[-1].isdecimal():
                    queries.append(" ".join(words))
        return queries


def _mention(
    tokens: tuple[str, ...],
    segment: int,
    start: int,
    end: int,
    entry: _Entry,
    last: bool,
    typed: bool,
) -> _Mention | None:
    """The mention of `entry` at tokens[start:end], or None when the context rules it out."""
    type_words = _type_before(tokens, start) if typed else None
    if type_words is not None:
        if type_words not in _KIND_WORDS[entry.kind]:
            return None  # "Quận Ba Đình" is no ward, "Phường Hà Giang 1" no province
        exact = type_words == entry.type_words
        return _Mention(segment, start, end, entry, 3, exact, len(type_words))
    if start >= 1 and tokens[start - 1] in _NOT_A_UNIT:
        return None  # a village, street or house: "Thôn Tân Lập", "Đường Hà Nội"
    if tokens[end - 1].isdecimal():
        return None  # "3" is a unit only as "Phường 3" or "Quận 3"
    if start == 0 and end == len(tokens):
        return _Mention(segment, start, end, entry, 2)
    is_province = entry.kind in (_Kind.PROVINCE, _Kind.OLD_PROVINCE)
    strength = 2 if is_province and last and end == len(tokens) else 1
    return _Mention(segment, start, end, entry, strength)


def _best(mentions: list[_Mention]) -> list[_Mention]:
    """The strongest, rightmost mention, with every unit its words name."""
    top = max(mentions, key=lambda m: (m.strength, m.position), default=None)
    if top is None:
        return []
    return [m for m in mentions if m.same_span(top) and m.strength == top.strength]


def _exact_type_first(mentions: list[_Mention]) -> list[_Mention]:
    """Units whose own type word was written, when there are any ("Xã Tân Thành")."""
    return [m for m in mentions if m.exact_type] or mentions


def _materialise(plan: _Plan) -> AddressResolution | None:
    """Fetch the units the plan names; None when the cached index is out of date."""
    ids = set(plan.candidate_ids) | ({plan.commune_id} if plan.commune_id else set())
    units = AdminUnit.objects.select_related("parent").in_bulk(ids) if ids else {}
    if len(units) != len(ids):
        return None
    legacy = None
    if plan.legacy_id is not None:
        legacy = (
            LegacyUnit.objects.select_related("parent__parent").filter(pk=plan.legacy_id).first()
        )
        if legacy is None:
            return None
    commune = units[plan.commune_id] if plan.commune_id else None
    candidates = sorted((units[pk] for pk in plan.candidate_ids), key=lambda u: u.code)
    parents = {u.parent for u in candidates if u.parent is not None}
    if commune is not None:
        province = commune.parent
    elif len(parents) == 1:
        province = parents.pop()
    elif len(plan.province_codes) == 1:
        (code,) = plan.province_codes
        province = AdminUnit.objects.provinces().filter(code=code).first()
    else:
        province = None
    return AddressResolution(
        commune=commune,
        province=province,
        confidence=plan.confidence,
        reason_code=plan.reason,
        reason=REASONS[plan.reason],
        candidates=candidates,
        legacy_unit=legacy,
    )


def address_village(commune: AdminUnit, text: str) -> Village | None:
    """The village or residential group of `commune` an address names, when exactly one
    does ("Tổ dân phố 3", "TDP 3", "thôn Đông"); None when none or several."""
    words = f" {' '.join(_words(text))} "
    words = re.sub(r"\btdp\b", "to dan pho", words)
    found = [
        village
        for village in Village.objects.filter(commune=commune, is_active=True)
        if f" {' '.join(_words(village.name))} " in words
    ]
    # "Tổ dân phố 1" is also inside "Tổ dân phố 12": keep the longest names only.
    longest = max((len(v.name_folded) for v in found), default=0)
    found = [v for v in found if len(v.name_folded) == longest]
    return found[0] if len(found) == 1 else None
