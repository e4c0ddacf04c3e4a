"""The typeface of generated documents: Tinos, metric-compatible with Times New Roman.

Official documents are set in Times New Roman; Tinos has the same widths, so a PDF breaks its
lines where the DOCX opened in Word does. The files ship in the `pdfboss-fonts` package
(SIL OFL 1.1) and cover every Vietnamese letter.
"""

from functools import cache
from pathlib import Path

import pdfboss_fonts

FAMILY = "Tinos"
# The font Word is told to use in the DOCX; Tinos stands in for it in the PDF.
DOCX_FAMILY = "Times New Roman"
STYLES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}

# Every letter of Vietnamese: the vowels with their tone marks, đ, in both cases.
_BASE_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def vietnamese_letters() -> str:
    """The 134 letters with diacritics Vietnamese uses, composed (NFC), lower and upper case."""
    import unicodedata

    letters = {
        unicodedata.normalize("NFC", vowel + tone) for vowel in _BASE_VOWELS for tone in _TONES
    }
    letters = {letter for letter in letters if not letter.isascii()} | {"đ"}
    return "".join(sorted(letters | {letter.upper() for letter in letters}))


def font_path(style: str = "") -> Path:
    """The TrueType file of a style: "" regular, "B" bold, "I" italic, "BI" bold italic."""
    return Path(pdfboss_fonts.font_dir()) / f"{FAMILY}-{STYLES[style]}.ttf"


@cache
def missing_letters(path: Path) -> str:
    """The Vietnamese letters the font at `path` has no glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
    return "".join(letter for letter in vietnamese_letters() if ord(letter) not in cmap)
