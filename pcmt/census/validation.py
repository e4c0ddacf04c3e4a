"""Checks on one row of a list: required fields, dates, ID number, address, category, duplicates.

An error refuses the row; a warning keeps it and is reported. Every distinct address is
resolved once per list (a 100,000-row list names a few thousand places at most).
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from pcmt.core.crypto import lookup_hash
from pcmt.core.tabular import header_key
from pcmt.core.text import fold, normalize_name
from pcmt.geo.address import ReasonCode, address_resolve
from pcmt.geo.models import AdminUnit
from pcmt.persons.idnumbers import (
    check_old_id,
    check_personal_id,
    is_valid_phone,
    normalize_id,
    normalize_phone,
)
from pcmt.persons.models import Category, Sex

_GENDERS = {"nam": Sex.MALE, "male": Sex.MALE, "nu": Sex.FEMALE, "female": Sex.FEMALE}

# Vietnamese names of the categories as agencies write them (folded), besides the code values.
_CATEGORY_NAMES: dict[str, str] = {
    "nguoi su dung trai phep chat ma tuy": Category.DRUG_USER,
    "nguoi su dung trai phep": Category.DRUG_USER,
    "su dung trai phep": Category.DRUG_USER,
    "nguoi su dung ma tuy": Category.DRUG_USER,
    "nguoi su dung": Category.DRUG_USER,
    "su dung": Category.DRUG_USER,
    "nguoi nghi su dung": Category.SUSPECTED_USER,
    "nghi su dung": Category.SUSPECTED_USER,
    "nguoi nghi su dung trai phep chat ma tuy": Category.SUSPECTED_USER,
    "nguoi nghien ma tuy": Category.DEPENDENT,
    "nguoi nghien": Category.DEPENDENT,
    "nghien": Category.DEPENDENT,
    "nghien ma tuy": Category.DEPENDENT,
    "dieu tri thay the": Category.SUBSTITUTION_THERAPY,
    "dieu tri methadone": Category.SUBSTITUTION_THERAPY,
    "methadone": Category.SUBSTITUTION_THERAPY,
    "nguoi dieu tri thay the": Category.SUBSTITUTION_THERAPY,
    "quan ly sau cai nghien": Category.POST_REHAB,
    "sau cai nghien": Category.POST_REHAB,
    "sau cai": Category.POST_REHAB,
    "nguoi sau cai nghien": Category.POST_REHAB,
    "nguoi chap hanh xong an phat tu ve ma tuy": Category.RELEASED_OFFENDER,
    "chap hanh xong an phat tu": Category.RELEASED_OFFENDER,
    "chap hanh xong an": Category.RELEASED_OFFENDER,
    "nguoi co nguy co cao": Category.HIGH_RISK,
    "nguy co cao": Category.HIGH_RISK,
    "ngao da": Category.PSYCHOSIS_RISK,
    "nguy co ngao da": Category.PSYCHOSIS_RISK,
}
_CATEGORY_TEXT: dict[str, str] = {
    **{header_key(value): value for value in Category.values},
    **{header_key(str(Category(value).label)): value for value in Category.values},
    **_CATEGORY_NAMES,
}
# Category names to write in a list (the template's words).
CATEGORY_WORDS: dict[str, str] = {
    Category.DRUG_USER: "Người sử dụng trái phép chất ma túy",
    Category.SUSPECTED_USER: "Người nghi sử dụng",
    Category.DEPENDENT: "Người nghiện ma túy",
    Category.SUBSTITUTION_THERAPY: "Điều trị thay thế",
    Category.POST_REHAB: "Quản lý sau cai nghiện",
    Category.RELEASED_OFFENDER: "Người chấp hành xong án phạt tù về ma túy",
    Category.HIGH_RISK: "Người có nguy cơ cao",
    Category.PSYCHOSIS_RISK: "Ngáo đá",
}

_YEAR = re.compile(r"^(\d{4})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Segments that start with a unit type (lower case, with or without diacritics): the
# address from there on decides the commune.
_UNIT_START = re.compile(
    r"^\s*(x[ãa]|ph[ưu][ờo]ng|th[ịi] (tr[ấa]n|x[ãa])|[đd][ặa]c khu|qu[ậa]n|huy[ệe]n"
    r"|th[àa]nh ph[ốo]|t[ỉi]nh|tp|tt|tx|[pfqhx])(\.|\s|\d|$)"
)


def _issue(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


@dataclass
class CheckedRow:
    """A row's fields as read, with its errors and warnings."""

    record_id: str = ""
    full_name: str = ""
    name_folded: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    gender: str = ""
    id_number: str = ""
    id_hash: str = ""
    phone: str = ""
    address: str = ""
    commune_id: int | None = None
    address_reason: str = ""
    category: str = ""
    note: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Resolved:
    commune_id: int | None
    reason: str
    error: dict[str, str] | None = None
    warning: dict[str, str] | None = None


def address_unit_part(text: str) -> str:
    """The address from its first named unit on ("Số 5, Thôn X, Xã Y, Tỉnh Z" → "Xã Y, Tỉnh Z")."""
    segments = text.split(",")
    for index, segment in enumerate(segments):
        if _UNIT_START.match(segment.lower()):
            return ",".join(segments[index:]).strip()
    return text.strip()


class RowValidator:
    """Checks the rows of one list for one round; remembers rows seen, for duplicates."""

    def __init__(
        self,
        *,
        province: AdminUnit,
        commune_ids: set[int],
        categories: list[str],
        cutoff_date: datetime.date,
        today: datetime.date,
    ) -> None:
        self.province = province
        self.commune_ids = commune_ids
        self.categories = categories
        self.cutoff_date = cutoff_date
        self.today = today
        self._addresses: dict[str, _Resolved] = {}
        # Raw texts seen, so that most rows skip folding: unit part → resolution, and
        # category text → (category, error).
        self._seen_addresses: dict[str, _Resolved] = {}
        self._seen_categories: dict[str, tuple[str, dict[str, str] | None]] = {}
        self._ids: dict[str, int] = {}
        self._names: dict[tuple[str, int, int | None, int | None], int] = {}

    def check(
        self, number: int, values: dict[str, str], *, commune: AdminUnit | None = None
    ) -> CheckedRow:
        """Check a row given as {field: text}; `commune` skips the address resolution."""
        row = CheckedRow(
            record_id=values.get("record_id", "")[:60], note=values.get("note", "")[:300]
        )
        self._name(row, values.get("full_name", ""))
        self._birth(row, values.get("birth", ""))
        self._gender(row, values.get("gender", ""))
        self._id(row, values.get("id_number", ""))
        self._phone(row, values.get("phone", ""))
        self._address(row, values.get("address", ""), values.get("commune", ""), commune)
        self._category(row, values.get("category", ""))
        if row.valid:
            self._duplicate(row, number)
        return row

    def _name(self, row: CheckedRow, text: str) -> None:
        name = normalize_name(text)
        if not name:
            row.errors.append(_issue("name_required", _("The full name is missing.")))
        elif len(name) > 120:
            row.errors.append(_issue("name_too_long", _("The name is longer than 120 letters.")))
        else:
            row.full_name, row.name_folded = name, fold(name)

    def _birth(self, row: CheckedRow, text: str) -> None:
        text = text.strip()
        if not text:
            row.errors.append(_issue("birth_required", _("The date of birth is missing.")))
            return
        day = month = None
        if match := _YEAR.match(text):
            year = int(match.group(1))
        else:
            dmy, iso = _DMY.match(text), _ISO.match(text)
            if dmy:
                parts = (int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
            elif iso:
                parts = (int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            else:
                row.errors.append(self._bad_date(text))
                return
            year, month, day = parts
            try:
                born = datetime.date(year, month, day)
            except ValueError:
                row.errors.append(self._bad_date(text))
                return
            if born > self.today:
                row.errors.append(_issue("birth_future", _("The date of birth is in the future.")))
                return
        if year > self.today.year:
            row.errors.append(_issue("birth_future", _("The date of birth is in the future.")))
            return
        if year < 1900:
            row.errors.append(
                _issue("birth_range", _("The year of birth is before 1900.")),
            )
            return
        row.birth_year, row.birth_month, row.birth_day = year, month, day

    @staticmethod
    def _bad_date(text: str) -> dict[str, str]:
        return _issue(
            "birth_format",
            _("“%(value)s” is not a date: write dd/mm/yyyy or the year alone.")
            % {"value": text[:40]},
        )

    def _gender(self, row: CheckedRow, text: str) -> None:
        key = text.strip().lower()
        key = key if key in _GENDERS else fold(text)
        if not key:
            row.errors.append(_issue("gender_required", _("The sex is missing (Nam or Nữ).")))
        elif key not in _GENDERS:
            row.errors.append(
                _issue(
                    "gender_invalid",
                    _("“%(value)s” is not a sex: write Nam or Nữ.") % {"value": text[:20]},
                )
            )
        else:
            row.gender = _GENDERS[key]

    def _id(self, row: CheckedRow, text: str) -> None:
        number = normalize_id(text)
        if not number:
            return
        if number.isdigit() and len(number) in (8, 10, 11):
            # A spreadsheet keeps IDs typed as numbers without their leading zeros.
            number = number.zfill(9 if len(number) == 8 else 12)
            row.warnings.append(
                _issue(
                    "id_zeros_restored",
                    _("The ID number had lost its leading zeros; they were put back."),
                )
            )
        if len(number) == 9 and number.isdigit():
            check = check_old_id(number)
            kind = "old_id"
        else:
            check = check_personal_id(number, sex=row.gender or None, birth_year=row.birth_year)
            kind = "id"
        row.errors += [_issue(i.code, str(i.message)) for i in check.errors]
        row.warnings += [_issue(i.code, str(i.message)) for i in check.warnings]
        # Kept (encrypted) even when wrong, so the error report can show it.
        row.id_number = check.number
        if check.is_valid:
            row.id_hash = lookup_hash(kind, check.number)

    def _phone(self, row: CheckedRow, text: str) -> None:
        phone = normalize_phone(text)
        if not phone:
            return
        row.phone = phone
        if not is_valid_phone(phone):
            row.warnings.append(
                _issue("phone_invalid", _("The phone number does not look like a Vietnamese one."))
            )

    def _address(
        self, row: CheckedRow, address: str, commune_text: str, commune: AdminUnit | None
    ) -> None:
        row.address = address.strip()[:300]
        if commune is not None:
            row.commune_id, row.address_reason = commune.pk, "registry"
            return
        text = ", ".join(part for part in (address_unit_part(address), commune_text) if part)
        if not text.strip():
            row.errors.append(_issue("address_required", _("The address is missing.")))
            return
        resolved = self._seen_addresses.get(text)
        if resolved is None:
            key = fold(text)
            resolved = self._addresses.get(key)
            if resolved is None:
                resolved = self._addresses[key] = self._resolve(text)
            self._seen_addresses[text] = resolved
        row.commune_id, row.address_reason = resolved.commune_id, resolved.reason
        if resolved.error:
            row.errors.append(resolved.error)
        if resolved.warning:
            row.warnings.append(resolved.warning)

    def _resolve(self, text: str) -> _Resolved:
        result = address_resolve(text, on=self.cutoff_date, province_hint=self.province.code)
        code = result.reason_code
        names = ", ".join(unit.full_name for unit in result.candidates)
        commune = result.commune
        if code == ReasonCode.LEGACY_SPLIT_AMBIGUOUS:
            return _Resolved(
                None,
                code,
                error=_issue(
                    "legacy_split",
                    _(
                        "The pre-2025 unit “%(old)s” was split over several communes "
                        "(%(candidates)s): write the 2025 commune."
                    )
                    % {"old": result.legacy_unit or "", "candidates": names},
                ),
            )
        if code == ReasonCode.AMBIGUOUS:
            return _Resolved(
                None,
                code,
                error=_issue(
                    "address_ambiguous",
                    _("Several communes match the address (%(candidates)s): write the commune.")
                    % {"candidates": names},
                ),
            )
        if commune is None:
            return _Resolved(
                None,
                code,
                error=_issue(
                    "address_unknown", _("No 2025 commune was recognised in the address.")
                ),
            )
        if commune.parent_id != self.province.pk or (
            self.commune_ids and commune.pk not in self.commune_ids
        ):
            return _Resolved(
                None,
                code,
                error=_issue(
                    "address_outside_round",
                    _("The address is in %(commune)s, outside the communes this round counts.")
                    % {"commune": commune.full_name},
                ),
            )
        warning = None
        if code in (ReasonCode.LEGACY_CONVERTED, ReasonCode.LEGACY_PARTIAL):
            warning = _issue(
                code,
                _("Pre-2025 address (%(old)s), converted to %(commune)s.")
                % {"old": result.legacy_unit or "", "commune": commune.full_name},
            )
        elif code == ReasonCode.FUZZY:
            warning = _issue(
                "address_fuzzy",
                _("No exact match for the address; read as %(commune)s. Check it.")
                % {"commune": commune.full_name},
            )
        return _Resolved(commune.pk, code, warning=warning)

    def _category(self, row: CheckedRow, text: str) -> None:
        seen = self._seen_categories.get(text)
        if seen is None:
            before = len(row.errors)
            self._category_read(row, text)
            error = row.errors[before] if len(row.errors) > before else None
            self._seen_categories[text] = seen = (row.category, error)
            return
        row.category = seen[0]
        if seen[1] is not None:
            row.errors.append(seen[1])

    def _category_read(self, row: CheckedRow, text: str) -> None:
        key = header_key(text)
        if not key:
            if len(self.categories) == 1:
                row.category = self.categories[0]
                return
            row.errors.append(_issue("category_required", _("The category is missing.")))
            return
        category = _CATEGORY_TEXT.get(key)
        if category is None:
            row.errors.append(
                _issue(
                    "category_unknown",
                    _("“%(value)s” is not a category. Use one of: %(names)s.")
                    % {
                        "value": text[:60],
                        "names": "; ".join(CATEGORY_WORDS[c] for c in self.categories),
                    },
                )
            )
        elif category not in self.categories:
            row.errors.append(
                _issue(
                    "category_not_counted",
                    _("This round does not count “%(category)s”.")
                    % {"category": CATEGORY_WORDS[category]},
                )
            )
        else:
            row.category = category

    def _duplicate(self, row: CheckedRow, number: int) -> None:
        if row.id_hash:
            first = self._ids.get(row.id_hash)
            if first is not None:
                row.errors.append(
                    _issue(
                        "duplicate_in_file",
                        _("Same ID number as row %(row)s of this list.") % {"row": first},
                    )
                )
                return
        assert row.birth_year is not None
        key = (row.name_folded, row.birth_year, row.birth_month, row.birth_day)
        first = self._names.get(key)
        if first is not None:
            row.errors.append(
                _issue(
                    "duplicate_in_file",
                    _("Same name and date of birth as row %(row)s of this list.") % {"row": first},
                )
            )
            return
        if row.id_hash:
            self._ids[row.id_hash] = number
        self._names[key] = number


def issues_text(errors: list[Any], warnings: list[Any]) -> str:
    """The reason column of the error report."""
    parts = [f"{_('Error')}: {e['message']}" for e in errors]
    parts += [f"{_('Warning')}: {w['message']}" for w in warnings]
    return " | ".join(parts)
