"""Date formats of the English interface: dd/mm/yyyy as in Vietnamese, English separators."""

from pcmt.formats.vi.formats import (  # noqa: F401 - re-exported settings
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
