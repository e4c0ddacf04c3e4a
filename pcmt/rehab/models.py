"""Rehab episodes (voluntary at home or in the community, voluntary at a facility, compulsory)
and post-rehab management at the place of residence. The rules live in services.py."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.casework.models import SubstitutionTherapy
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Person
from pcmt.rehab.law import dossier_citation, duration_citation
from pcmt.rules.measures_2025 import LAW_120
from pcmt.rules.post_rehab import post_rehab_citation
from pcmt.rules.term import (
    ABSENCE_CITATION,
    CREDIT_CITATION,
    HeldAt,
    HeldPeriod,
    credited_days,
)

# Law 120/2025/QH15: electronic monitoring during home rehab, substitution therapy, post-rehab.
MONITORING_CITATION = LAW_120


class RehabAction(models.TextChoices):
    """Event actions of rehab written on the person's stream (beside `EventAction`)."""

    DOSSIER_HELD = "rehab_dossier_held", _("Holding during the dossier recorded")
    TERM_REDUCED = "rehab_term_reduced", _("Compulsory-rehab term reduced")
    TERM_SUSPENDED = "rehab_term_suspended", _("Compulsory-rehab term suspended")
    TERM_RESUMED = "rehab_term_resumed", _("Compulsory rehab resumed after a suspension")
    TERM_EXEMPTED = "rehab_term_exempted", _("Remainder of the compulsory-rehab term exempted")
    MONITORING_STARTED = "monitoring_started", _("Electronic monitoring started")
    MONITORING_ALERT = "monitoring_alert", _("Electronic-monitoring alert")
    MONITORING_ENDED = "monitoring_ended", _("Electronic monitoring ended")


class RehabKind(models.TextChoices):
    VOLUNTARY_HOME = "voluntary_home", _("Voluntary, at home or in the community")
    VOLUNTARY_FACILITY = "voluntary_facility", _("Voluntary, at a rehab facility")
    COMPULSORY = "compulsory", _("Compulsory")


class RehabStatus(models.TextChoices):
    # Voluntary rehab.
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In rehab")
    # Compulsory rehab.
    DOSSIER = "dossier", _("Dossier being prepared")
    AT_COURT = "at_court", _("Dossier sent to the court")
    DECIDED = "decided", _("Court decision, awaiting admission")
    ADMITTED = "admitted", _("In the facility")
    AWAY = "away", _("Away without permission")
    SUSPENDED = "suspended", _("Suspended (serious illness)")
    # Both.
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


CLOSED_STATUSES = (RehabStatus.COMPLETED, RehabStatus.ENDED_EARLY)


class RehabEndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    STOPPED_BY_PERSON = "stopped_by_person", _("Stopped by the person")
    DRUG_USE_DETECTED = "drug_use_detected", _("Drug use detected during voluntary rehab")
    MOVED = "moved", _("Moved away")
    DOSSIER_WITHDRAWN = "dossier_withdrawn", _("Dossier withdrawn (grounds not met)")
    COURT_REFUSED = "court_refused", _("The court did not apply the measure")
    EXEMPTED = "exempted", _("Rest of the term exempted by the court")
    PRISON = "prison", _("Criminal proceedings or prison")
    DEATH = "death", _("Death")


class DossierDocument(models.TextChoices):
    """Documents of a compulsory-rehab dossier (Law on Handling Administrative Violations
    art. 103, Law 73/2021 art. 32–33)."""

    PERSONAL_HISTORY = "personal_history", _("Summary of personal history")
    DETERMINATION_RESULT = "determination_result", _("Result of the addiction determination")
    GROUNDS = (
        "grounds",
        _(
            "Documents proving the grounds (voluntary rehab not registered, stopped or with drug "
            "use; relapse during post-rehab; therapy stopped)"
        ),
    )
    STATEMENT = "statement", _("Statement of the person or the legal representative")
    REPRESENTATIVE_OPINION = (
        "representative_opinion",
        _("Opinion of the parents or guardian (persons under 18)"),
    )
    PROPOSAL = "proposal", _("Written proposal of the commune police chief")


class FacilityKind(models.TextChoices):
    """Where compulsory rehab is served. Reform schools and qualifying public facilities take
    persons aged 12 to under 18 from 1/7/2026 (Law 120/2025/QH15)."""

    COMPULSORY_REHAB_FACILITY = "compulsory_rehab_facility", _("Compulsory-rehab facility")
    REFORM_SCHOOL = "reform_school", _("Reform school")
    QUALIFYING_PUBLIC_FACILITY = (
        "qualifying_public_facility",
        _("Public rehab facility qualified for persons under 18"),
    )


# Only persons under 18 need the parents' or guardian's opinion.
MINOR_ONLY_DOCUMENTS = frozenset({DossierDocument.REPRESENTATIVE_OPINION})


class RehabEpisode(models.Model):
    """One rehab measure for a person, from registration or dossier to its end."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rehab_episodes")
    kind = models.CharField(_("kind"), max_length=20, choices=RehabKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RehabStatus.choices)
    # Registration date (voluntary) or the day the case was detected and the dossier opened.
    opened_on = models.DateField(_("registered / dossier opened on"))
    # The law that fixed the duration (registration or court decision date).
    law_code = models.CharField(_("law applied"), max_length=30, blank=True)
    repeat = models.BooleanField(_("repeat rehab"), default=False)
    minor = models.BooleanField(_("aged 12 to under 18"), default=False)
    months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune of home or community rehab"),
    )
    facility = models.CharField(_("facility"), max_length=200, blank=True)
    facility_kind = models.CharField(
        _("kind of facility"), max_length=30, choices=FacilityKind.choices, blank=True
    )
    # Compulsory dossier.
    dossier_law_code = models.CharField(_("law of the dossier"), max_length=30, blank=True)
    dossier_due = models.DateField(_("dossier due"), null=True, blank=True)
    sent_to_court_on = models.DateField(_("sent to the court on"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    court_decision_number = models.CharField(_("court decision number"), max_length=60, blank=True)
    court_decision_date = models.DateField(_("court decision date"), null=True, blank=True)
    # Start of rehab (voluntary) or admission to the facility (compulsory).
    started_on = models.DateField(_("started / admitted on"), null=True, blank=True)
    # The term counts from here: the admission, or earlier when the person was held at a
    # facility while the dossier was prepared (that time counts toward the term).
    term_from = models.DateField(_("term counted from"), null=True, blank=True)
    days_away = models.PositiveIntegerField(_("days away without permission"), default=0)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=RehabEndReason.choices, blank=True
    )
    end_note = models.CharField(_("note on the end"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rehab episode")
        verbose_name_plural = _("rehab episodes")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "dossier_due"], name="rehab_status_due"),
            models.Index(fields=["status", "planned_end"], name="rehab_status_end"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status__in=["completed", "ended_early"]),
                name="rehab_one_open",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["voluntary_home", "voluntary_facility"],
                    status__in=["registered", "in_progress", "completed", "ended_early"],
                )
                | Q(kind="compulsory") & ~Q(status__in=["registered", "in_progress"]),
                name="rehab_status_fits_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="voluntary_home") | Q(commune__isnull=False),
                name="rehab_home_has_commune",
            ),
            models.CheckConstraint(
                condition=~Q(kind="compulsory") | Q(dossier_due__isnull=False),
                name="rehab_compulsory_has_dossier_due",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["in_progress", "admitted", "away", "completed"])
                & Q(started_on__isnull=False, planned_end__gt=F("started_on"))
                | ~Q(status__in=["in_progress", "admitted", "away", "completed"]),
                name="rehab_running_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(status="completed", end_reason="completed", ended_on__isnull=False)
                & Q(ended_on__gte=F("planned_end"))
                | Q(status="ended_early", ended_on__isnull=False)
                & ~Q(end_reason__in=["", "completed"])
                | ~Q(status__in=["completed", "ended_early"])
                & Q(ended_on__isnull=True, end_reason=""),
                name="rehab_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def is_compulsory(self) -> bool:
        return self.kind == RehabKind.COMPULSORY

    @property
    def credited_days(self) -> int:
        """Days held at a facility while the dossier was prepared (Decree 116 art. 44)."""
        return credited_days(
            HeldPeriod(h.held_from, h.held_to, HeldAt(h.place)) for h in self.holdings.all()
        )

    @property
    def dossier_due_citation(self) -> str:
        """The text that sets the dossier's time limit."""
        return dossier_citation(self.dossier_law_code) if self.dossier_law_code else ""

    @property
    def planned_end_citation(self) -> str:
        """The texts that set the planned end: the duration, the credit, each decision on it."""
        if self.planned_end is None and not self.term_changes.exists():
            return ""
        parts = [duration_citation(self.law_code, self.kind, minor=self.minor, repeat=self.repeat)]
        if self.is_compulsory and self.credited_days:
            parts.append(CREDIT_CITATION)
        if self.days_away:
            parts.append(ABSENCE_CITATION)
        parts += [f"{c.citation} ({c.decision_number})" for c in self.term_changes.all()]
        return "; ".join(p for p in parts if p)


class DossierItem(models.Model):
    """One document of a compulsory-rehab dossier and when it was received."""

    episode = models.ForeignKey(RehabEpisode, on_delete=models.CASCADE, related_name="documents")
    document = models.CharField(_("document"), max_length=30, choices=DossierDocument.choices)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["received_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "document"], name="dossier_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.received_on:%d/%m/%Y}"


class RehabTransfer(models.Model):
    """A move of a compulsory-rehab resident from one facility to another."""

    episode = models.ForeignKey(RehabEpisode, on_delete=models.CASCADE, related_name="transfers")
    transferred_on = models.DateField(_("transferred on"))
    from_facility = models.CharField(_("from facility"), max_length=200)
    to_facility = models.CharField(_("to facility"), max_length=200)

    class Meta:
        verbose_name = _("facility transfer")
        verbose_name_plural = _("facility transfers")
        ordering = ["transferred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_facility} → {self.to_facility}"


class RehabAbsence(models.Model):
    """Leaving the facility without permission, and the return; the time away does not count."""

    episode = models.ForeignKey(RehabEpisode, on_delete=models.CASCADE, related_name="absences")
    left_on = models.DateField(_("left on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)

    class Meta:
        verbose_name = _("absence without permission")
        verbose_name_plural = _("absences without permission")
        ordering = ["left_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("left_on")),
                name="absence_return_after_leaving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_on:%d/%m/%Y} – {self.returned_on or '…'}"

    @property
    def days(self) -> int | None:
        return None if self.returned_on is None else (self.returned_on - self.left_on).days


class TermChangeKind(models.TextChoices):
    REDUCTION = "reduction", _("Reduction of the term")
    SUSPENSION = "suspension", _("Suspension")
    EXEMPTION = "exemption", _("Exemption of the remainder")


class TermChangeGround(models.TextChoices):
    GOOD_CONDUCT = "good_conduct", _("Good conduct, last 3 months rated good or better")
    MERIT = "merit", _("Meritorious deed, last 3 months rated good or better")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness, inpatient treatment over 10 days")
    PROGRESS = "progress", _("Clear progress or a meritorious deed")
    DANGEROUS_ILLNESS = "dangerous_illness", _("Dangerous illness")
    SHORT_REMAINDER = "short_remainder", _("Recovered with under 3 months of the term left")
    MINOR_PROGRESS = "minor_progress", _("Aged 14 to under 18, clear progress")


class TermChange(models.Model):
    """A decision changing a compulsory-rehab term (Decree 116/2021/NĐ-CP art. 58): reduction,
    suspension or exemption of the remainder, with the planned end before and after it."""

    episode = models.ForeignKey(RehabEpisode, on_delete=models.CASCADE, related_name="term_changes")
    kind = models.CharField(_("change"), max_length=20, choices=TermChangeKind.choices)
    ground = models.CharField(_("ground"), max_length=30, choices=TermChangeGround.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=200)
    reduction_months = models.PositiveSmallIntegerField(_("reduced by (months)"), default=0)
    suspended_from = models.DateField(_("suspended from"), null=True, blank=True)
    suspended_to = models.DateField(_("suspended until (last day)"), null=True, blank=True)
    planned_end_before = models.DateField(_("planned end before"), null=True, blank=True)
    planned_end_after = models.DateField(_("planned end after"), null=True, blank=True)
    citation = models.CharField(_("legal basis"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("change of the term")
        verbose_name_plural = _("changes of the term")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reduction") | Q(reduction_months__gt=0),
                name="term_change_reduction_months",
            ),
            models.CheckConstraint(
                condition=~Q(kind="suspension") | Q(suspended_from__isnull=False),
                name="term_change_suspension_start",
            ),
            models.CheckConstraint(
                condition=Q(suspended_to__isnull=True)
                | Q(suspended_from__isnull=False, suspended_to__gte=F("suspended_from")),
                name="term_change_suspension_order",
            ),
            models.CheckConstraint(
                condition=~Q(decision_number="") & ~Q(issuer=""),
                name="term_change_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_number} {self.decided_on:%d/%m/%Y}"


class HeldPlace(models.TextChoices):
    """How a person was managed while the dossier was prepared (Decree 116/2021 art. 45)."""

    FACILITY = "facility", _("Held at a rehab facility or social-protection centre")
    HOME = "home", _("Managed by the family at home")


class DossierHolding(models.Model):
    """Where the person was while the compulsory-rehab dossier was prepared; only the days
    held at a facility count toward the term (Decree 116/2021/NĐ-CP art. 44)."""

    episode = models.ForeignKey(RehabEpisode, on_delete=models.CASCADE, related_name="holdings")
    place = models.CharField(_("held"), max_length=10, choices=HeldPlace.choices)
    held_from = models.DateField(_("held from"))
    held_to = models.DateField(_("held until (last day)"))
    facility = models.CharField(_("facility"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("holding during the dossier")
        verbose_name_plural = _("holdings during the dossier")
        ordering = ["held_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_to__gte=F("held_from")), name="holding_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_place_display()} {self.held_from:%d/%m/%Y} – {self.held_to:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.held_to - self.held_from).days + 1


class PostRehabStatus(models.TextChoices):
    ACTIVE = "active", _("Under post-rehab management")
    ENDED = "ended", _("Ended")


class PostRehabEndReason(models.TextChoices):
    SERVED = "served", _("Period served")
    NEW_REHAB = "new_rehab", _("Back in rehab")
    PRISON = "prison", _("Criminal proceedings or prison")
    MOVED = "moved", _("Moved away")
    DEATH = "death", _("Death")


class PostRehab(models.Model):
    """Post-rehab management at the place of residence, decided by the commune chairman."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="post_rehabs")
    # What the person completed: a rehab episode, or substitution therapy (Law 73/2021 art. 40).
    episode = models.OneToOneField(
        RehabEpisode, on_delete=models.PROTECT, related_name="post_rehab", null=True, blank=True
    )
    therapy = models.OneToOneField(
        SubstitutionTherapy,
        on_delete=models.PROTECT,
        related_name="post_rehab",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=10, choices=PostRehabStatus.choices)
    law_code = models.CharField(_("law applied"), max_length=30)
    started_on = models.DateField(_("started on"))
    planned_end = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=PostRehabEndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post-rehab management")
        verbose_name_plural = _("post-rehab managements")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["status", "planned_end"], name="post_rehab_status_end")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="post_rehab_one_open"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("started_on")), name="post_rehab_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__gte=F("started_on")) & ~Q(end_reason="")
                | Q(status="active", ended_on__isnull=True, end_reason=""),
                name="post_rehab_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(episode__isnull=False, therapy__isnull=True)
                | Q(episode__isnull=True, therapy__isnull=False),
                name="post_rehab_after_episode_or_therapy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"

    @property
    def citation(self) -> str:
        """The article that sets the planned end (Law 73/2021 art. 40, or Law 120/2025)."""
        return post_rehab_citation(self.law_code)


class MonitoredEpisode(models.TextChoices):
    """Episodes during which Law 120/2025/QH15 allows electronic monitoring."""

    VOLUNTARY_HOME = "voluntary_home", _("Voluntary rehab at home or in the community")
    SUBSTITUTION_THERAPY = "substitution_therapy", _("Substitution therapy")
    POST_REHAB = "post_rehab", _("Post-rehab management")


class MonitoringStatus(models.TextChoices):
    ACTIVE = "active", _("Monitored")
    ENDED = "ended", _("Ended")


class ElectronicMonitoring(models.Model):
    """Electronic monitoring of a person during home rehab, substitution therapy or post-rehab
    (Law 120/2025/QH15, from 1/7/2026): an episode with its device and alerts."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="monitorings")
    monitored = models.CharField(_("during"), max_length=30, choices=MonitoredEpisode.choices)
    episode = models.ForeignKey(
        RehabEpisode, on_delete=models.PROTECT, related_name="monitorings", null=True, blank=True
    )
    post_rehab = models.ForeignKey(
        PostRehab, on_delete=models.PROTECT, related_name="monitorings", null=True, blank=True
    )
    therapy = models.ForeignKey(
        SubstitutionTherapy,
        on_delete=models.PROTECT,
        related_name="monitorings",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=10, choices=MonitoringStatus.choices)
    law_code = models.CharField(_("law applied"), max_length=30)
    device_reference = models.CharField(_("device reference"), max_length=60)
    started_on = models.DateField(_("started on"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("electronic monitoring")
        verbose_name_plural = _("electronic monitorings")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="monitoring_one_active"
            ),
            models.CheckConstraint(
                condition=Q(monitored="voluntary_home", episode__isnull=False)
                & Q(post_rehab__isnull=True, therapy__isnull=True)
                | Q(monitored="post_rehab", post_rehab__isnull=False)
                & Q(episode__isnull=True, therapy__isnull=True)
                | Q(monitored="substitution_therapy", therapy__isnull=False)
                & Q(episode__isnull=True, post_rehab__isnull=True),
                name="monitoring_one_episode",
            ),
            models.CheckConstraint(
                condition=Q(started_on__gte=datetime.date(2026, 7, 1)),
                name="monitoring_from_law_120",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__gte=F("started_on")),
                name="monitoring_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("started_on")),
                name="monitoring_planned_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(device_reference=""), name="monitoring_device_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.device_reference} {self.get_status_display()}"

    @property
    def citation(self) -> str:
        return MONITORING_CITATION


class AlertKind(models.TextChoices):
    ZONE_EXIT = "zone_exit", _("Left the permitted area")
    TAMPER = "tamper", _("Device tampered with or removed")
    SIGNAL_LOST = "signal_lost", _("Signal lost")
    BATTERY = "battery", _("Battery not charged")
    OTHER = "other", _("Other")


class MonitoringAlert(models.Model):
    """An alert raised by the device during electronic monitoring."""

    monitoring = models.ForeignKey(
        ElectronicMonitoring, on_delete=models.CASCADE, related_name="alerts"
    )
    occurred_on = models.DateField(_("occurred on"))
    kind = models.CharField(_("alert"), max_length=20, choices=AlertKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("monitoring alert")
        verbose_name_plural = _("monitoring alerts")
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"
