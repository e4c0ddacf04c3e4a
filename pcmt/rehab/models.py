"""Rehab episodes (voluntary at home or in the community, voluntary at a facility, compulsory)
and post-rehab management at the place of residence. The rules live in services.py."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.casework.models import SubstitutionTherapy
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Person
from pcmt.rules.post_rehab import post_rehab_citation


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
