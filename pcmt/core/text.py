"""Vietnamese text helpers: folding for search and the Vietnamese alphabetical sort key."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)

# Vietnamese alphabet order; letters outside it (f, j, w, z) sit where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index + 1 for index, letter in enumerate(_ALPHABET)}
# Tone order used by Vietnamese dictionaries: level, grave, acute, hook, tilde, dot below.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Marks that make a new letter (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def fold(text: str) -> str:
    """Lower-case, strip tone and letter marks, đ→d, collapse white space.

    >>> fold("  Nguyễn  Văn HÙNG ")
    'nguyen van hung'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_words(text: str) -> list[str]:
    """Folded words, punctuation removed: the tokens the name search works on."""
    return [word for word in _NON_WORD.sub(" ", fold(text)).split(" ") if word]


# Invisible characters (zero-width spaces and joiners, direction marks, controls): never
# part of a name, and a name made only of them must not pass as one.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}


def visible(text: str) -> str:
    """The text without invisible characters, and without marks that follow no letter."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category in _INVISIBLE:
            continue
        if category.startswith("M") and not (kept and kept[-1].isalpha()):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def has_letters(text: str) -> bool:
    """A name holds at least one letter."""
    return any(char.isalpha() for char in text)


def normalize_name(text: str) -> str:
    """Tidy a person's name as typed: NFC, no invisible characters, single spaces, each word
    capitalised. A text with no letter at all normalises to ""."""
    text = _SPACES.sub(" ", visible(text)).strip()
    if not has_letters(text):
        return ""
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split(" "))


def _letter_key(char: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0]
    tone = 0
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            base = unicodedata.normalize("NFC", base + mark)
    if base == "đ":
        return _RANK["đ"], tone
    if base in _RANK:
        return _RANK[base], tone
    if base.isdigit():
        return 50 + int(base), tone
    return 90, tone


def sort_key(full_name: str) -> str:
    """A key whose plain string order is Vietnamese alphabetical order of names.

    Lists are ordered by the given name (the last word) first, then by the whole name;
    letters compare before tones. The key is digits only, so every database collation
    orders it the same way.
    """
    words = normalize_name(full_name).split(" ") if full_name.strip() else []
    given = words[-1:] if words else []

    def primary(parts: list[str]) -> tuple[str, str]:
        letters: list[str] = []
        tones: list[str] = []
        for part in parts:
            for char in part:
                rank, tone = _letter_key(char)
                letters.append(f"{rank:02d}")
                tones.append(str(tone))
            letters.append("00")
        return "".join(letters), "".join(tones)

    given_letters, given_tones = primary(given)
    all_letters, all_tones = primary(words)
    return given_letters + "00" + all_letters + "00" + given_tones + all_tones
