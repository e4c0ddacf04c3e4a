"""Days off for public offices in 2025 and 2026, as announced (the table is maintained by
administrators: each year's Tết and swapped days are decided anew)."""

import datetime

D = datetime.date

HOLIDAYS: list[tuple[datetime.date, str]] = [
    (D(2025, 1, 1), "Tết Dương lịch"),
    *[(D(2025, 1, 25) + datetime.timedelta(days=i), "Tết Nguyên đán Ất Tỵ") for i in range(9)],
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
    (D(2025, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ bù (hoán đổi ngày làm việc)"),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    *[(D(2026, 2, 14) + datetime.timedelta(days=i), "Tết Nguyên đán Bính Ngọ") for i in range(9)],
    (D(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù, 26/4 là Chủ nhật)"),
    (D(2026, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
]
