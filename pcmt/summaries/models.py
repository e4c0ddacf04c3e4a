"""Summary tables: counts over a province kept in the same transaction as the writes.

A summary counts *contributions*: a subject (a person) counts `weight` under a key (a
category) in a commune and its province from a start day to an end day. `Contribution` keeps
what each subject counts now, so a write replaces exactly what it changed; `Tally` keeps the
changes of the count by day, month and year, so the count on any day is a sum of at most
31 + 11 + the number of years rows per unit and key.
"""

from django.db import models


class Grain(models.TextChoices):
    YEAR = "y", "year"
    MONTH = "m", "month"
    DAY = "d", "day"


class Contribution(models.Model):
    """What one subject counts in one summary: `weight` under `key` from `start` to `end`."""

    summary = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    commune_id = models.BigIntegerField(null=True, blank=True)
    province_id = models.BigIntegerField(null=True, blank=True)
    key = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)  # counted through this day; none: still
    weight = models.IntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["summary", "subject_id"], name="contribution_subject"),
            # Subjects counted in a window, commune by commune.
            models.Index(
                fields=["summary", "key", "commune_id", "start"], name="contribution_window"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="contribution_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.summary}:{self.subject_id}:{self.key}"


class Tally(models.Model):
    """The change of a count on a day (or over a month, a year) in one unit, for one key."""

    summary = models.CharField(max_length=40)
    unit_id = models.BigIntegerField()  # a commune or a province (AdminUnit ids are unique)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()  # the day, or the first day of the month or year
    key = models.CharField(max_length=40)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "unit_id", "grain", "day", "key"], name="tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.summary}:{self.unit_id}:{self.grain}{self.day}:{self.key}={self.value}"
