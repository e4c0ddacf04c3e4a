"""Pure normalisation for record linkage: names, births, ID numbers, phones and addresses.

Every function here is deterministic and free of database access, except `AddressCommunes`,
which calls an injected resolver (by default `pcmt.geo.address.address_resolve`, reading the
unit tables) once per distinct address.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from pcmt.core.names import SURNAMES
from pcmt.core.text import fold

_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_NON_DIGIT = re.compile(r"\D")

# Surnames written differently by region (Huỳnh in the south for Hoàng, Võ for Vũ): one key.
SURNAME_VARIANT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"hoang", "huynh"}),
    frozenset({"vu", "vo"}),
)
_VARIANT_KEY = {name: min(group) for group in SURNAME_VARIANT_GROUPS for name in group}

# Words that are surnames but far more often a middle name: never read them as a surname
# when deciding whether a name is written in Western order.
_MIDDLE_FIRST = frozenset({"van", "thi"})
KNOWN_SURNAMES: frozenset[str] = frozenset(fold(name) for name, _ in SURNAMES) | frozenset(
    {"luu", "ton", "ung", "khuat", "ta", "kha", "lo", "mac", "bach", "hua", "doan", "banh"}
)


# --- Folding ------------------------------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x1F00):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded != char.lower():
            table[code] = folded
    return table


_FOLD_TABLE = _fold_table()


def fast_fold(text: str) -> str:
    """`pcmt.core.text.fold` for precomposed (NFC) text, by one translation table.

    Text that still holds other non-ASCII characters after translation (decomposed marks,
    other scripts) goes through `fold` itself, so the result is always the same.
    """
    folded = text.translate(_FOLD_TABLE).lower()
    if not folded.isascii():
        return fold(text)
    return " ".join(folded.split())


# --- Names --------------------------------------------------------------------------------------


def fold_name(text: str) -> str:
    """Folded name: lower case, no tone or letter marks, đ→d, no punctuation, single spaces.

    >>> fold_name("  Đỗ  Thị-Hằng ")
    'do thi hang'
    """
    return " ".join(fast_fold(_NON_WORD.sub(" ", text or "")).split())


def name_tokens(text: str) -> list[str]:
    """The words of a name as typed, lower case NFC with their marks, punctuation removed."""
    text = unicodedata.normalize("NFC", _NON_WORD.sub(" ", text or "")).lower()
    return [word for word in text.split() if not _DIGIT.search(word)]


def has_marks(text: str) -> bool:
    """Whether the name carries any Vietnamese mark (tone, ă/â/ê/ô/ơ/ư or đ).

    A name typed without marks cannot tell "Hùng" from "Hưng"; one with marks can.
    """
    return fold_name(text) != " ".join(name_tokens(text)) if text else False


def surname_key(folded_surname: str) -> str:
    """The surname's variant-group key: "huynh" and "hoang" give the same key."""
    return _VARIANT_KEY.get(folded_surname, folded_surname)


@dataclass(frozen=True)
class ParsedName:
    """A name split into surname, middle name(s) and given name, in Vietnamese order."""

    surname: str
    middle: str
    given: str
    # The words were in Western order (given name first, surname last) and were turned round.
    reordered: bool = False

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.surname, self.middle, self.given) if part)


@lru_cache(maxsize=16_384)
def fold_word(word: str) -> str:
    """One word folded (cached: a list's names are made of a few hundred words)."""
    return fast_fold(word)


def name_order(folded: Sequence[str]) -> tuple[list[int], bool]:
    """Word positions in Vietnamese order (surname, middle…, given) and whether they moved.

    Western order has the surname last: "Hùng Văn Nguyễn" or "Văn Hùng Nguyễn". It is
    recognised when the last word is a known surname and the first is not (or is "Văn"/"Thị",
    which are far more often middle names). Agencies also write the given name first and
    then surname and middle name ("Thăng Lê Ngọc"): recognised when the first word is not a
    known surname and the second is.
    """
    count = len(folded)
    if count < 3 and not (count == 2 and folded[0] not in KNOWN_SURNAMES):
        return list(range(count)), False
    first, last = folded[0], folded[-1]
    western = last in KNOWN_SURNAMES and (first not in KNOWN_SURNAMES or first in _MIDDLE_FIRST)
    if not western:
        second = folded[1]
        if (
            first not in KNOWN_SURNAMES
            and first not in _MIDDLE_FIRST
            and second in KNOWN_SURNAMES
            and second not in _MIDDLE_FIRST
        ):
            # Given name first, then surname and middle name: "Thăng Lê Ngọc".
            return [*range(1, count), 0], True
        return list(range(count)), False
    if folded[0] in _MIDDLE_FIRST or count == 2:
        # "Văn Hùng Nguyễn": the middle name already precedes the given name.
        return [count - 1, *range(count - 1)], True
    # "Hùng Văn Nguyễn": the given name comes first.
    return [count - 1, *range(1, count - 1), 0], True


def split_name(text: str) -> ParsedName:
    """Split a name (marks kept, lower case) into its parts, turning Western order round.

    "Hùng Văn Nguyễn" and "Văn Hùng Nguyễn" both give Nguyễn / Văn / Hùng. A name whose first
    word is a known surname is taken as written. One word is a given name.
    """
    words = name_tokens(text)
    if not words:
        return ParsedName("", "", "")
    if len(words) == 1:
        return ParsedName("", "", words[0])
    order, reordered = name_order([fold_word(word) for word in words])
    words = [words[i] for i in order]
    return ParsedName(words[0], " ".join(words[1:-1]), words[-1], reordered)


# --- Births -------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Day and month that agencies write when only the year is known: a placeholder, not a date.
PLACEHOLDER_DAY_MONTH: frozenset[tuple[int, int]] = frozenset({(1, 1), (30, 6)})


def parse_dob(text: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from dd/mm/yyyy, yyyy-mm-dd or yyyy; missing parts are None.

    An impossible day or month keeps the year only: "31/02/1990" gives (1990, None, None).
    So does a placeholder for an unknown day and month (01/01/yyyy, 1/1/yyyy, 30/06/yyyy).
    """
    text = (text or "").strip()
    if not text:
        return None, None, None
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _YEAR.match(text):
        year, month, day = int(match.group(1)), 0, 0
    else:
        return None, None, None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None, None, None
    if not _valid_day(year, month, day) or (day, month) in PLACEHOLDER_DAY_MONTH:
        return year, None, None
    return year, month, day


def _valid_day(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    days = [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28]
    days += [31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= days[month - 1]


def parse_gender(text: str | None) -> str | None:
    """ "M", "F" or None from Nam/Nữ (with or without marks) or male/female."""
    value = fold(text or "")
    if value in {"nam", "male", "m"}:
        return "M"
    if value in {"nu", "female", "f"}:
        return "F"
    return None


# --- ID numbers ---------------------------------------------------------------------------------

# Century-and-sex digit of a 12-digit personal ID: even male, odd female, pairs by century.
_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200}


# First two digits of an old 9-digit ID (issuing province's police) → the birth-registration
# codes (first three digits of the 12-digit ID) of the provinces that office served. Pairs of
# provinces shared a range (Nghệ An and Hà Tĩnh: 18); Hà Tây's 11 is now Hà Nội's.
CMND_PROVINCES: dict[str, tuple[str, ...]] = {
    "01": ("001",), "02": ("079",), "03": ("031",), "04": ("011", "012"), "05": ("014",),
    "06": ("010", "015"), "07": ("002", "008"), "08": ("004", "020"), "09": ("006", "019"),
    "10": ("022",), "11": ("001", "017"), "12": ("024", "027"), "13": ("025", "026"),
    "14": ("030", "033"), "15": ("034",), "16": ("035", "036", "037"), "17": ("038",),
    "18": ("040", "042"), "19": ("044", "045", "046"), "20": ("048", "049"),
    "21": ("051", "052"), "22": ("054", "056"), "23": ("062", "064"), "24": ("066", "067"),
    "25": ("068",), "26": ("058", "060"), "27": ("075", "077"), "28": ("070", "074"),
    "29": ("072",), "30": ("080",), "31": ("082",), "32": ("083",), "33": ("084", "086"),
    "34": ("087",), "35": ("089",), "36": ("092", "093", "094"), "37": ("091",),
    "38": ("095", "096"),
}  # fmt: skip


def id_region(number: "IdNumber") -> tuple[str, ...]:
    """Birth-registration province codes an ID is consistent with (12 digits: its own;
    9 digits: those of its issuing office), or () when unknown."""
    if number.kind == "cccd":
        return (number.digits[:3],)
    if number.kind == "cmnd":
        return CMND_PROVINCES.get(number.digits[:2], ())
    return ()


class IdNumber(NamedTuple):
    """A cleaned ID number with what a 12-digit one says about its holder."""

    digits: str
    kind: str  # "cccd" (12 digits), "cmnd" (9 digits), "other" (wrong length) or ""
    sex: str | None = None
    birth_year: int | None = None


def parse_id(text: str | None) -> IdNumber:
    """Clean an ID number (spaces, dots, dashes dropped) and read sex and birth year.

    A 12-digit personal ID encodes sex and birth year (digits 4–6); a 9-digit old ID
    encodes neither. Numbers of other lengths are kept for typo-tolerant comparison.
    """
    digits = text if text and text.isdigit() else _NON_DIGIT.sub("", text or "")
    if not digits or set(digits) == {"0"}:
        return IdNumber("", "")
    if len(digits) == 12:
        century = _CENTURY.get(int(digits[3]))
        if century is None:
            return IdNumber(digits, "cccd")
        sex = "M" if int(digits[3]) % 2 == 0 else "F"
        return IdNumber(digits, "cccd", sex, century + int(digits[4:6]))
    if len(digits) == 9:
        return IdNumber(digits, "cmnd")
    return IdNumber(digits, "other")


# --- Phones -------------------------------------------------------------------------------------


def normalize_phone(text: str | None) -> str:
    """National form of a Vietnamese phone number (+84, 84 or 0084 become 0), or "".

    Numbers that cannot be a Vietnamese phone number (fewer than 9 digits) give "".
    """
    if not text:
        return ""
    digits = text if text.isdigit() else _NON_DIGIT.sub("", text)
    if digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    if len(digits) < 10 or len(digits) > 11 or len(set(digits[1:])) == 1:
        return ""
    return digits


# --- Addresses ----------------------------------------------------------------------------------

# Words that open a part of an address below the commune (house, street, village).
_LOCAL_WORDS = frozenset(
    {"so", "ngo", "ngach", "hem", "kiet", "duong", "pho", "thon", "xom", "ap", "ban", "to"}
    | {"khom", "khu", "tdp", "kp", "lo", "can", "nha", "toa", "chung", "dia"}
)
_ADDRESS_SEPARATORS = re.compile(r"[,;\n|]+")


def address_key(text: str | None) -> str:
    """The part of an address that names units: folded, house/street/village parts dropped.

    Two addresses with the same key resolve to the same commune, so each key is resolved
    once. Leading parts that start with a number or a word such as "số", "ngõ", "thôn" are
    dropped while at least one part remains.
    """
    parts = [fast_fold(part) for part in _ADDRESS_SEPARATORS.split(text or "")]
    parts = [part for part in parts if part]
    while len(parts) > 1:
        first = parts[0].split(" ")[0].rstrip(".")
        if first in _LOCAL_WORDS or first[:1].isdigit():
            parts.pop(0)
        else:
            break
    return ", ".join(parts)


def _unit_part(text: str) -> str:
    """The raw text from the first part that does not open with a house, street or village."""
    parts = _ADDRESS_SEPARATORS.split(text)
    start = 0
    while start < len(parts) - 1:
        words = parts[start].split(maxsplit=1)
        if words and not _opens_local_part(words[0]):
            break
        start += 1
    return ",".join(parts[start:])


@lru_cache(maxsize=4096)
def _opens_local_part(word: str) -> bool:
    first = fast_fold(word).rstrip(".")
    return first in _LOCAL_WORDS or first[:1].isdigit()


@dataclass(frozen=True)
class Commune:
    """The 2025 commune an address resolved to, or the candidates of a split old commune."""

    code: str | None
    province: str | None
    candidates: tuple[str, ...] = ()


NO_COMMUNE = Commune(None, None)

Resolver = Callable[[str], Commune]


def db_resolver(min_confidence: float = 0.6) -> Resolver:
    """Resolve through the unit tables as `pcmt.geo.address.address_resolve` does (no writes).

    The address resolver's plan is read directly and its unit ids mapped to codes from one
    query, instead of fetching model instances for every address (twenty times faster on a
    census-sized list); any surprise falls back to `address_resolve` itself.
    """
    from pcmt.geo import address as geo
    from pcmt.geo.models import AdminUnit

    state: dict[str, Any] = {}

    def public(text: str) -> Commune:
        result = geo.address_resolve(text)
        province = result.province.code if result.province is not None else None
        if result.commune is not None and result.confidence >= min_confidence:
            return Commune(result.commune.code, result.commune.province_code)
        return Commune(None, province, tuple(unit.code for unit in result.candidates))

    def resolve(text: str) -> Commune:
        try:
            if not state:
                state["index"] = geo._index()
                state["units"] = {
                    pk: (code, province)
                    for pk, code, province in AdminUnit.objects.values_list(
                        "pk", "code", "province_code"
                    )
                }
            units = state["units"]
            plan = geo._Resolver(state["index"], text, on=None, province_hint=None).run()
            candidates = tuple(sorted(units[pk][0] for pk in plan.candidate_ids))
            if plan.commune_id is not None:
                code, province = units[plan.commune_id]
                if plan.confidence >= min_confidence:
                    return Commune(code, province)
                return Commune(None, province, candidates)
            provinces = {units[pk][1] for pk in plan.candidate_ids} or set(plan.province_codes)
            return Commune(None, provinces.pop() if len(provinces) == 1 else None, candidates)
        except Exception:  # the resolver's internals changed: take the public road
            return public(text)

    return resolve


class AddressCommunes:
    """Address → 2025 commune, resolving each distinct `address_key` once."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self._resolve = resolver or db_resolver()
        self._cache: dict[str, Commune] = {}
        self._seen: dict[str, Commune] = {}

    def __call__(self, text: str | None) -> Commune:
        if not text:
            return NO_COMMUNE
        # House numbers make most addresses unique; the part naming units repeats.
        tail = _unit_part(text)
        found = self._seen.get(tail)
        if found is None:
            key = address_key(tail)
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = self._resolve(key) if key else NO_COMMUNE
            self._seen[tail] = found
        return found

    @property
    def resolved(self) -> int:
        """How many distinct addresses were resolved."""
        return len(self._cache)


def tidy(text: str | None) -> str:
    """A cell as text: NFC, single spaces, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
