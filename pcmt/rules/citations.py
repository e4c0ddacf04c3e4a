"""Legal citations as a reader of the active language writes them.

The rules keep each citation in one canonical form ("Law 73/2021/QH14 art. 23; Decree
105/2021/NĐ-CP"): it is what the code compares, what events and term changes store, and what
`docs/statutory-numbers.md` prints. Pages show it through `citation_text`, which in Vietnamese
writes the article first, as Vietnamese legal texts do ("Điều 23 Luật 73/2021/QH14; Nghị định
105/2021/NĐ-CP"). Stored citations are rendered the same way, so old rows need no rewrite.
"""

import re

from django.utils.translation import get_language

# Instruments named in the citations; the longest first so "Law on …" wins over "Law".
_INSTRUMENTS = (
    ("Law on Handling Administrative Violations", "Luật Xử lý vi phạm hành chính"),
    ("Law", "Luật"),
    ("Decree", "Nghị định"),
    ("Circular", "Thông tư"),
)
_NUMBER = r"(?:\s+\d+(?:/\d{4}/[\wĐđ-]+)?)?"
_WHICH = r"[\dIVXLC]+(?:\(\d+\))?(?:\s*[–,-]\s*\d+(?:\(\d+\))?)*"
_ARTICLE = r"(?:\s+(?P<unit>art\.|ch\.)\s+(?P<which>" + _WHICH + r"))?"
_REFERENCE = re.compile(
    r"(?P<instrument>"
    + "|".join(re.escape(english) for english, _ in _INSTRUMENTS)
    + r")(?P<number>"
    + _NUMBER
    + r")"
    + _ARTICLE
)
_UNITS = {"art.": "Điều", "ch.": "Chương"}
# Words around the references, longest first.
_PHRASES = (
    ("time limit as under", "thời hạn theo"),
    ("until a new decree", "cho đến khi có nghị định mới"),
    ("until a decree", "cho đến khi có nghị định mới"),
    ("no limit", "không giới hạn"),
)


def _reference(match: re.Match[str]) -> str:
    instrument = dict(_INSTRUMENTS)[match["instrument"]]
    name = f"{instrument}{match['number']}"
    if not match["unit"]:
        return name
    which = match["which"]
    clause = re.fullmatch(r"(\d+)\((\d+)\)", which)
    if match["unit"] == "art." and clause:
        return f"Khoản {clause[2]} Điều {clause[1]} {name}"
    return f"{_UNITS[match['unit']]} {which} {name}"


def citation_text(citation: str, language: str | None = None) -> str:
    """`citation` in `language` (the active one by default): unchanged in English, article
    first in Vietnamese. Official documents pass "vi": they are Vietnamese whatever the reader's."""
    if not citation or not (language or get_language() or "vi").startswith("vi"):
        return citation
    text = _REFERENCE.sub(_reference, citation)
    for english, vietnamese in _PHRASES:
        text = text.replace(english, vietnamese)
    return text
