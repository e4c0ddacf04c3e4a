"""Date fields that refuse dates no record can hold (year 9999, 0001), forms and API alike.

Every date a user types goes through `form_date` or `api_date`: a date outside
FIRST_DAY..LAST_DAY is a field error in Vietnamese, not a value that later overflows a
deadline computation. A codebase test forbids the bare Django and DRF date fields.
"""

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Days as officers type them and agencies' spreadsheets write them, dd/mm/yyyy first.
DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y")
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def plausible_date_validators() -> list[Any]:
    return [
        MinValueValidator(FIRST_DAY, message=_("Enter a date from 01/01/1900.")),
        MaxValueValidator(LAST_DAY, message=_("Enter a date until 31/12/2100.")),
    ]


def form_date(**kwargs: Any) -> forms.DateField:
    kwargs["validators"] = [*kwargs.get("validators", []), *plausible_date_validators()]
    return forms.DateField(**kwargs)


def api_date(**kwargs: Any) -> serializers.DateField:
    kwargs["validators"] = [*kwargs.get("validators", []), *plausible_date_validators()]
    return serializers.DateField(**kwargs)
