"""The review rounds' list: the template's columns and the header texts each field answers to.

Reading and writing spreadsheets is `pcmt.core.tabular`'s; this module only says what a
review round's list holds.
"""

from typing import IO

from pcmt.core import tabular
from pcmt.core.tabular import Table, write_xlsx

# The fields of a list row, in the template's order, with its Vietnamese column headers.
FIELDS = [
    "record_id",
    "full_name",
    "birth",
    "gender",
    "id_number",
    "address",
    "commune",
    "phone",
    "category",
    "note",
]
TEMPLATE_HEADERS = {
    "record_id": "Mã hồ sơ",
    "full_name": "Họ và tên",
    "birth": "Ngày sinh",
    "gender": "Giới tính",
    "id_number": "Số định danh cá nhân",
    "address": "Địa chỉ",
    "commune": "Xã/phường",
    "phone": "Số điện thoại",
    "category": "Đối tượng",
    "note": "Ghi chú",
}
TEMPLATE_EXAMPLE = [
    "",
    "Nguyễn Văn An",
    "04/03/1988",
    "Nam",
    "001088012345",
    "Số 12 ngõ 34, Phường Cửa Nam, Thành phố Hà Nội",
    "",
    "0912345678",
    "Người sử dụng trái phép chất ma túy",
    "",
]
REASON_HEADER = "Lý do"
REQUIRED_FIELDS = ("full_name", "birth", "gender", "address")

# Folded header texts each field answers to (with or without diacritics).
_SYNONYMS: dict[str, set[str]] = {
    "record_id": {"ma ho so", "ma", "ma doi tuong", "ma ban ghi", "record id", "id"},
    "full_name": {"ho va ten", "ho ten", "ten", "full name", "name", "ho va ten doi tuong"},
    "birth": {
        "ngay sinh",
        "ngay thang nam sinh",
        "nam sinh",
        "ngay sinh nam sinh",
        "date of birth",
        "dob",
        "birth",
    },
    "gender": {"gioi tinh", "gioi", "gender", "sex"},
    "id_number": {
        "so dinh danh ca nhan",
        "so dinh danh",
        "dinh danh",
        "cccd",
        "so cccd",
        "cmnd",
        "so cmnd",
        "cccd cmnd",
        "so cccd cmnd",
        "id number",
    },
    "address": {
        "dia chi",
        "noi cu tru",
        "noi o",
        "noi o hien nay",
        "dia chi cu tru",
        "noi thuong tru",
        "address",
    },
    "commune": {"xa phuong", "xa phuong dac khu", "xa", "phuong", "commune"},
    "phone": {"so dien thoai", "dien thoai", "sdt", "phone"},
    "category": {"doi tuong", "loai doi tuong", "phan loai", "nhom doi tuong", "category"},
    "note": {"ghi chu", "note"},
}


def auto_mapping(headers: list[str]) -> dict[str, int]:
    """The template fields found among `headers` (first matching column wins)."""
    return tabular.auto_mapping(headers, _SYNONYMS)


def open_table(name: str, data: IO[bytes]) -> Table:
    """Open a review round's list; the header row is the one naming the most fields."""
    return tabular.open_table(name, data, _SYNONYMS)


def template_xlsx(target: IO[bytes]) -> None:
    write_xlsx(target, [TEMPLATE_HEADERS[f] for f in FIELDS], [TEMPLATE_EXAMPLE])
