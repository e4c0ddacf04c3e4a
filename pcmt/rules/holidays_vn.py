"""The official calendars of public offices, as the government announced them.

Each day names the document that set it. `manage.py load_holidays` copies these years into
the calendar table; administrators enter later years from the notice on the calendar page.
Years not listed here (nor entered) use the provisional calendar of the Labour Code.
"""

import datetime

from pcmt.rules.calendar import LABOUR_CODE, CalendarEntry, DayKind, YearCalendar

D = datetime.date
OFF, WORKED = DayKind.DAY_OFF, DayKind.WORKING_DAY

# Labour Code 2019 art. 112(1): the fixed public holidays.
ART_112 = f"{LABOUR_CODE}, Điều 112 khoản 1"
# Labour Code 2019 art. 111(3): a holiday on a weekly day off is taken on the next working day.
ART_111 = f"{LABOUR_CODE}, Điều 111 khoản 3"
NATIONAL_ASSEMBLY = "Quốc hội"

# Government Office letter conveying the Prime Minister's decision on the 2025 days off, carried
# out by the Labour Ministry's Notice 6150/TB-BLĐTBXH.
VPCP_8726 = ("Công văn 8726/VPCP-KGVX (Thông báo 6150/TB-BLĐTBXH)", D(2024, 11, 26))
# Government Office letter: the Deputy Prime Minister agreed to swap Friday 2/1/2026.
VPCP_12729 = ("Công văn 12729/VPCP-KGVX", D(2025, 12, 25))
# Ministry of Home Affairs' Notice on Tết and the National Day holidays of 2026.
BNV_9441 = ("Thông báo 9441/TB-BNV", D(2025, 10, 16))
GOVERNMENT_OFFICE = "Văn phòng Chính phủ"
HOME_AFFAIRS = "Bộ Nội vụ"


def _law(day: datetime.date, name: str, article: str = ART_112) -> CalendarEntry:
    return CalendarEntry(day, OFF, name, article, D(2019, 11, 20), NATIONAL_ASSEMBLY)


def _notice(
    day: datetime.date,
    kind: DayKind,
    name: str,
    document: tuple[str, datetime.date],
    issuer: str,
) -> CalendarEntry:
    return CalendarEntry(day, kind, name, document[0], document[1], issuer)


OFFICIAL_YEARS: dict[int, YearCalendar] = {
    2025: YearCalendar(
        2025,
        (
            _law(D(2025, 1, 1), "Tết Dương lịch"),
            _notice(
                D(2025, 1, 27),
                OFF,
                "Tết Ất Tỵ (hoán đổi, làm bù thứ Bảy 8/2)",
                VPCP_8726,
                GOVERNMENT_OFFICE,
            ),
            *[
                _notice(D(2025, 1, d), OFF, "Tết Nguyên đán Ất Tỵ", VPCP_8726, GOVERNMENT_OFFICE)
                for d in (28, 29, 30, 31)
            ],
            _notice(D(2025, 2, 8), WORKED, "Làm bù cho thứ Hai 27/1", VPCP_8726, GOVERNMENT_OFFICE),
            _law(D(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
            _notice(D(2025, 4, 26), WORKED, "Làm bù cho thứ Sáu 2/5", VPCP_8726, GOVERNMENT_OFFICE),
            _law(D(2025, 4, 30), "Ngày Chiến thắng"),
            _law(D(2025, 5, 1), "Ngày Quốc tế Lao động"),
            _notice(
                D(2025, 5, 2),
                OFF,
                "Hoán đổi, làm bù thứ Bảy 26/4",
                VPCP_8726,
                GOVERNMENT_OFFICE,
            ),
            _notice(D(2025, 9, 1), OFF, "Quốc khánh (ngày liền kề)", VPCP_8726, GOVERNMENT_OFFICE),
            _law(D(2025, 9, 2), "Quốc khánh"),
        ),
        provisional=False,
        source="Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-BLĐTBXH",
    ),
    2026: YearCalendar(
        2026,
        (
            _law(D(2026, 1, 1), "Tết Dương lịch"),
            _notice(
                D(2026, 1, 2),
                OFF,
                "Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/1)",
                VPCP_12729,
                GOVERNMENT_OFFICE,
            ),
            _notice(
                D(2026, 1, 10), WORKED, "Làm bù cho thứ Sáu 2/1", VPCP_12729, GOVERNMENT_OFFICE
            ),
            *[
                _notice(D(2026, 2, d), OFF, "Tết Nguyên đán Bính Ngọ", BNV_9441, HOME_AFFAIRS)
                for d in (16, 17, 18, 19, 20)
            ],
            _law(D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)", ART_111),
            _law(D(2026, 4, 30), "Ngày Chiến thắng"),
            _law(D(2026, 5, 1), "Ngày Quốc tế Lao động"),
            _notice(D(2026, 8, 22), WORKED, "Làm bù cho thứ Hai 31/8", BNV_9441, HOME_AFFAIRS),
            _notice(
                D(2026, 8, 31),
                OFF,
                "Quốc khánh (hoán đổi, làm bù thứ Bảy 22/8)",
                BNV_9441,
                HOME_AFFAIRS,
            ),
            _notice(D(2026, 9, 1), OFF, "Quốc khánh (ngày liền kề)", BNV_9441, HOME_AFFAIRS),
            _law(D(2026, 9, 2), "Quốc khánh"),
        ),
        provisional=False,
        source="Thông báo 9441/TB-BNV ngày 16/10/2025; Công văn 12729/VPCP-KGVX ngày 25/12/2025",
    ),
}

# The days off of the official years (for code that only needs the dates).
HOLIDAYS: list[tuple[datetime.date, str]] = [
    (entry.day, entry.name)
    for year in OFFICIAL_YEARS.values()
    for entry in year.entries
    if entry.kind == OFF
]
WORKED_WEEKENDS: list[datetime.date] = [
    entry.day for year in OFFICIAL_YEARS.values() for entry in year.entries if entry.kind == WORKED
]
