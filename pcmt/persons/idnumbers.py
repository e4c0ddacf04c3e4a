"""Personal ID numbers (CCCD, 12 digits) and old ID numbers (CMND, 9 digits).

Structure (Circular 59/2021/TT-BCA art. 7): 3-digit code of the province where the birth
was registered, 1 digit for century and sex, 2 digits of the birth year, 6 random digits.
A structural error is refused; a disagreement with the recorded sex or birth year is a
warning that the officer may override with a reason.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Birth-registration province codes of the 63 provinces (Circular 59/2021/TT-BCA, appendix).
BIRTH_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Century-and-sex digit: even is male, odd is female; pairs step by century from 1900.
_CENTURY_START = {
    0: 1900,
    1: 1900,
    2: 2000,
    3: 2000,
    4: 2100,
    5: 2100,
    6: 2200,
    7: 2200,
    8: 1800,
    9: 1800,
}

_NON_DIGITS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class IdIssue:
    code: str
    message: str


@dataclass
class IdCheck:
    """The outcome of checking a number: `errors` refuse it, `warnings` need a reason."""

    number: str
    errors: list[IdIssue] = field(default_factory=list)
    warnings: list[IdIssue] = field(default_factory=list)
    birth_province: str | None = None
    sex: str | None = None
    birth_year: int | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors


def normalize_id(raw: str) -> str:
    """Strip spaces, dots and dashes that people type inside numbers."""
    return _NON_DIGITS.sub("", raw or "")


def check_personal_id(
    raw: str, *, sex: str | None = None, birth_year: int | None = None
) -> IdCheck:
    """Check a 12-digit personal ID against its structure and the recorded sex and birth year."""
    number = normalize_id(raw)
    result = IdCheck(number=number)
    if not number.isdigit() or len(number) != 12:
        result.errors.append(
            IdIssue("id_format", str(_("A personal ID number has exactly 12 digits.")))
        )
        return result
    province, century_sex, year2 = number[:3], int(number[3]), int(number[4:6])
    result.sex = "male" if century_sex % 2 == 0 else "female"
    result.birth_year = _CENTURY_START[century_sex] + year2
    if province in BIRTH_PROVINCE_CODES:
        result.birth_province = BIRTH_PROVINCE_CODES[province]
    else:
        result.warnings.append(
            IdIssue(
                "id_unknown_province",
                str(
                    _("The first three digits (%(code)s) are not a known birth-province code.")
                    % {"code": province}
                ),
            )
        )
    if century_sex >= 6:
        result.warnings.append(
            IdIssue(
                "id_unlikely_century",
                str(
                    _("The fourth digit gives a birth year of %(year)s, which is unlikely.")
                    % {"year": result.birth_year}
                ),
            )
        )
    if sex and sex != result.sex:
        result.warnings.append(
            IdIssue(
                "id_sex_mismatch",
                str(_("The ID number encodes a different sex from the one recorded.")),
            )
        )
    if birth_year and birth_year != result.birth_year:
        result.warnings.append(
            IdIssue(
                "id_birth_year_mismatch",
                str(
                    _("The ID number encodes birth year %(id_year)s, the record says %(year)s.")
                    % {"id_year": result.birth_year, "year": birth_year}
                ),
            )
        )
    return result


def check_old_id(raw: str) -> IdCheck:
    """An old identity card number (CMND) has 9 digits (some provinces issued 12)."""
    number = normalize_id(raw)
    result = IdCheck(number=number)
    if not number.isdigit() or len(number) not in (9, 12):
        result.errors.append(
            IdIssue("old_id_format", str(_("An old ID card number has 9 (or 12) digits.")))
        )
    return result


def normalize_phone(raw: str) -> str:
    """Vietnamese phone numbers to the national form: +84 / 84 prefixes become 0."""
    digits = re.sub(r"[^\d+]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def is_valid_phone(number: str) -> bool:
    """Mobile numbers have 10 digits, landlines 10–11, all starting with 0."""
    return number.isdigit() and number.startswith("0") and 10 <= len(number) <= 11
