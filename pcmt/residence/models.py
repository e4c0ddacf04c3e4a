"""A person's move of residence from the managing commune to another commune."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Person


class MoveStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded by the sending commune")
    REPORTED = "reported", _("Reported at the new commune")
    NOTIFIED = "notified", _("Receiving commune notified")
    ACCEPTED = "accepted", _("Taken over by the receiving commune")
    CANCELLED = "cancelled", _("Cancelled by the sending commune")
    REFUSED = "refused", _("Refused by the receiving commune")


# A person has at most one move in these states.
OPEN_STATUSES = (MoveStatus.RECORDED, MoveStatus.REPORTED, MoveStatus.NOTIFIED)


class MoveOrigin(models.TextChoices):
    SENDER = "sender", _("Recorded by the sending commune")
    ARRIVAL = "arrival", _("The person reported at the new commune first")


class ResidenceMove(models.Model):
    """recorded (or reported at the new commune) → notified → accepted; or cancelled, refused.

    The sending and receiving provinces are kept beside the communes so that a province's
    scope reaches its moves through one index.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moves")
    origin = models.CharField(_("opened by"), max_length=10, choices=MoveOrigin.choices)
    status = models.CharField(_("status"), max_length=10, choices=MoveStatus.choices)
    law_code = models.CharField(_("law applied"), max_length=30)
    from_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending commune"),
    )
    from_province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    to_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving commune"),
    )
    to_province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    new_address = models.CharField(_("new address"), max_length=300)
    moved_on = models.DateField(_("move date"))
    moved_time = models.TimeField(_("move time"), null=True, blank=True)
    # Law 120/2025: both limits run 24 hours from the move; None under Law 73/2021.
    notify_due = models.DateTimeField(_("notice due"), null=True, blank=True)
    report_due = models.DateTimeField(_("report due"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    notified_late = models.BooleanField(_("notified late"), default=False)
    reported_on = models.DateField(_("reported at the new commune on"), null=True, blank=True)
    reported_time = models.TimeField(_("reported at"), null=True, blank=True)
    reported_late = models.BooleanField(_("reported late"), default=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("residence move")
        verbose_name_plural = _("residence moves")
        ordering = ["-moved_on", "-pk"]
        indexes = [
            # The jurisdiction scope: senders keep reading the persons who moved out,
            # receivers read the persons whose move awaits their acceptance.
            models.Index(
                fields=["from_commune", "person"],
                condition=Q(status="accepted"),
                name="move_sent_commune",
            ),
            models.Index(
                fields=["from_province", "person"],
                condition=Q(status="accepted"),
                name="move_sent_province",
            ),
            models.Index(
                fields=["to_commune", "person"],
                condition=Q(status="notified"),
                name="move_awaited_commune",
            ),
            models.Index(
                fields=["to_province", "person"],
                condition=Q(status="notified"),
                name="move_awaited_province",
            ),
            models.Index(fields=["status", "notify_due"], name="move_status_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["recorded", "reported", "notified"]),
                name="move_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(from_commune=F("to_commune")), name="move_to_another_commune"
            ),
            models.CheckConstraint(condition=~Q(new_address=""), name="move_address_required"),
            models.CheckConstraint(
                condition=~Q(status__in=["notified", "accepted"]) | Q(notified_at__isnull=False),
                name="move_notified_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["reported", "accepted"]) | Q(reported_on__isnull=False),
                name="move_report_has_date",
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(reported_on__gte=F("moved_on")),
                name="move_report_after_move",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="move_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["cancelled", "refused"], closed_at__isnull=False)
                & ~Q(reason="")
                | ~Q(status__in=["cancelled", "refused"]) & Q(closed_at__isnull=True),
                name="move_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.to_commune} {self.moved_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
