"""An official document as content, laid out in PDF and DOCX by the renderers.

The layout follows the form of administrative documents (Decree 30/2020/NĐ-CP): a two-column
header (issuing body and number on the left, the national motto and place and date on the
right), the title and subject, the body, the recipients and the signature block.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from pcmt.core.crypto import mask_tail
from pcmt.geo.models import AdminUnit

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# The names of the unit types as they stand in official documents.
# In running text the type is lower case ("Công an phường Ba Đình"); headers are upper case.
UNIT_TYPES = {
    "municipality": "thành phố",
    "province": "tỉnh",
    "commune": "xã",
    "ward": "phường",
    "special_zone": "đặc khu",
}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph. `lead` is set in bold before the text (e.g. "Điều 1.")."""

    text: str
    lead: str = ""
    style: str = "body"  # body, basis (italic), heading (centred bold), field (left-aligned)


@dataclass
class OfficialDocument:
    filename: str  # without extension, ASCII
    issuer_lines: list[str]  # the issuing body, upper case, in bold (left column)
    number: str  # "Số: 12/QĐ-UBND"
    place: str
    date: datetime.date | None  # None leaves the date to be filled in by hand
    title: str
    subject: str = ""
    addressees: list[str] = field(default_factory=list)  # "Kính gửi" lines
    body: list[Paragraph] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_lines: list[str] = field(default_factory=list)  # e.g. ["TM. ỦY BAN NHÂN DÂN", ...]
    signer_name: str = ""
    parent_body: str = ""  # the body the issuer answers to, above it, not in bold
    # A table after the body (statistical reports): header row first, widths in mm.
    table: list[list[str]] = field(default_factory=list)
    table_widths: tuple[float, ...] = ()
    table_bold_rows: frozenset[int] = frozenset()  # rows set in bold (section titles, totals)

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.date)


def nfc(text: str) -> str:
    """Vietnamese text in composed form, so that every letter is one glyph of the font."""
    return unicodedata.normalize("NFC", text)


def place_and_date(place: str, day: datetime.date | None) -> str:
    """ "Ba Đình, ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 take a zero
    (Decree 30/2020/NĐ-CP, appendix I)."""
    if day is None:
        return f"{place}, ngày …… tháng …… năm ……"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def unit_name(unit: AdminUnit | None) -> str:
    """ "phường Ba Đình", "thành phố Hà Nội"."""
    if unit is None:
        return ""
    return f"{UNIT_TYPES.get(unit.division_type, '')} {unit.name}".strip()


def upper(text: str) -> str:
    return nfc(text).upper()


def mask_id(value: str) -> str:
    """Only the last 4 digits of an ID number are printed; the rest stays in PCMT."""
    return mask_tail(value, 4, fill="x")


def ascii_slug(text: str) -> str:
    """An ASCII file name part: Vietnamese letters folded, anything else a hyphen."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "document"
