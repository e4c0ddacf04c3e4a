"""Writes to the holiday table."""

from django.db import transaction

from pcmt.rules.holidays_vn import HOLIDAYS
from pcmt.rules.models import Holiday

LOADED_NOTE = "Nạp sẵn; quản trị viên kiểm tra theo quyết định hằng năm."


@transaction.atomic
def holidays_load() -> int:
    """Add the known public holidays; days already there stay as administrators set them."""
    existing = set(Holiday.objects.values_list("date", flat=True))
    new = [
        Holiday(
            date=day, name=name, note="Nạp sẵn; quản trị viên kiểm tra theo quyết định hằng năm."
        )
        for day, name in HOLIDAYS
        if day not in existing
    ]
    Holiday.objects.bulk_create(new)
    return len(new)
