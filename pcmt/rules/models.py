"""What administrators maintain: the public-holiday table and values of the unsure rules."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pcmt.rules import LAWS


class CalendarYear(models.Model):
    """A year whose official calendar was announced: its days are in `CalendarDay`.

    A year without a row here uses the provisional calendar of the Labour Code.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    document = models.CharField(_("document number"), max_length=200)
    document_date = models.DateField(_("document date"))
    issuer = models.CharField(_("issued by"), max_length=120)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="calendaryear_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.document}"


class CalendarDay(models.Model):
    """A day off for public offices, or a weekend day made a working day (a swapped day),
    with the document that set it (Labour Code art. 111-112 and the yearly notices)."""

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("day off")
        WORKING_DAY = "working", _("weekend working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DAY_OFF)
    name = models.CharField(_("name"), max_length=120)
    document = models.CharField(_("document number"), max_length=200, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        """Only a Saturday or Sunday can be made a working day."""
        if self.date and self.kind == self.Kind.WORKING_DAY and self.date.weekday() < 5:
            raise ValidationError({"kind": _("Only a Saturday or a Sunday can be a working day.")})


UNSURE_RULES = sorted({name for law in LAWS for name in law.unsure})


class RuleOverride(models.Model):
    """A value for a rule the law leaves to decrees, in force from a date."""

    rule = models.CharField(
        _("rule"), max_length=60, choices=[(name, name) for name in UNSURE_RULES]
    )
    value = models.JSONField(
        _("value"), help_text=_("A number, [minimum, maximum] months, or a list of reasons.")
    )
    effective_from = models.DateField(_("in force from"))
    note = models.CharField(_("legal basis"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")
        ordering = ["rule", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "effective_from"], name="ruleoverride_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} = {self.value} ({self.effective_from:%d/%m/%Y})"

    def clean(self) -> None:
        """The value must fit the rule and the law in force on its date."""
        from pcmt.rules import NoLawInForce, rules_for

        if not self.rule or self.effective_from is None:
            return
        try:
            rules_for(self.effective_from, {self.rule: self.value})
        except NoLawInForce as exc:
            raise ValidationError(
                {"effective_from": _("No law is modelled on that date.")}
            ) from exc
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                {
                    "value": _(
                        "This value does not fit the rule under the law in force on that date."
                    )
                }
            ) from exc
