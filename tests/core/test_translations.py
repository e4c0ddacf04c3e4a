"""Every interface string has its Vietnamese translation."""

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return [b for b in PO.read_text(encoding="utf-8").split("\n\n") if "\nmsgid" in "\n" + b]


def test_no_string_is_left_untranslated_or_fuzzy():
    missing = []
    for block in _entries()[1:]:  # the first entry is the header
        if "#, fuzzy" in block or re.search(r'msgstr(\[0\])? ""\s*$', block):
            missing.append(block.splitlines()[0])
    assert missing == []


def test_the_catalogue_says_vietnamese_has_one_plural_form():
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in _entries()[0]
