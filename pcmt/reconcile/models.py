"""Linking a round's lists: runs, candidate pairs, review decisions and the resulting clusters.

Records are named by a key: "r<pk>" for a list row (census.SubmissionRow), "p<pk>" for a
registry person. Decisions name records by key, so a new run re-applies them to the same
pairs; candidates and clusters belong to one run and are replaced by the next.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.audit.reads import ReadRecorded
from pcmt.persons.models import Category


class Band(models.TextChoices):
    LINKED = "linked", _("Linked automatically")
    REVIEW = "review", _("To review")
    NOT_LINKED = "not_linked", _("Not linked")


class LinkRun(models.Model):
    """One linking of a round's current lists against the registry, run as a background job."""

    round = models.ForeignKey("census.Round", on_delete=models.CASCADE, related_name="+")
    job = models.OneToOneField(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(_("list rows"), default=0)
    reference = models.PositiveIntegerField(_("registry persons compared"), default=0)
    pairs = models.PositiveIntegerField(_("candidate pairs"), default=0)
    # The thresholds used: {"link": ..., "review": ...}.
    thresholds = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("link run")
        verbose_name_plural = _("link runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.pk}"


class Candidate(models.Model):
    """A scored pair: a list row and another row, or a list row and a registry person."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="candidates")
    left_key = models.CharField(max_length=20)
    right_key = models.CharField(max_length=20)
    left_row = models.ForeignKey("census.SubmissionRow", on_delete=models.CASCADE, related_name="+")
    right_row = models.ForeignKey(
        "census.SubmissionRow", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    right_person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    probability = models.FloatField(_("match probability"))
    weight = models.FloatField(_("match weight"))
    band = models.CharField(_("band"), max_length=12, choices=Band.choices)
    # [{"comparison", "level", "weight"}]
    explanation = models.JSONField(default=list)

    class Meta:
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        ordering = ["-probability", "pk"]
        indexes = [models.Index(fields=["run", "band", "probability"], name="candidate_band")]
        constraints = [
            models.UniqueConstraint(fields=["run", "left_key", "right_key"], name="candidate_once"),
            models.CheckConstraint(
                condition=Q(right_row__isnull=True, right_person__isnull=False)
                | Q(right_row__isnull=False, right_person__isnull=True),
                name="candidate_one_right_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_key}~{self.right_key}"


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", _("Same person")
    REJECT = "reject", _("Different persons")
    SPLIT = "split", _("Taken out of its group")
    MERGE = "merge", _("Groups joined")
    REGISTERED = "registered", _("Registered from the lists")
    UNDO = "undo", _("Decision undone")


class Decision(models.Model):
    """A reviewer's decision on a round's records; undone by a later UNDO row, never deleted."""

    round = models.ForeignKey("census.Round", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("decision"), max_length=12, choices=DecisionKind.choices)
    left_key = models.CharField(max_length=20, blank=True)
    # Empty for a split (one record) and an undo.
    right_key = models.CharField(max_length=20, blank=True)
    undoes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="undone_by"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="undo", undoes__isnull=False)
                | (~Q(kind="undo") & Q(undoes__isnull=True)),
                name="decision_undo_target",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["undo"]) | ~Q(left_key=""), name="decision_names_a_record"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_key} {self.right_key}".strip()


class ClusterMember(models.Model):
    """A record in a cluster (one person) of a run, as the auto links and decisions make it."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="members")
    cluster = models.CharField(max_length=20)
    key = models.CharField(max_length=20)
    row = models.ForeignKey(
        "census.SubmissionRow", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        ordering = ["cluster", "key"]
        indexes = [models.Index(fields=["run", "cluster"], name="member_cluster")]
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="member_once"),
            models.CheckConstraint(
                condition=Q(row__isnull=True, person__isnull=False)
                | Q(row__isnull=False, person__isnull=True),
                name="member_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster}:{self.key}"


class RunPerson(ReadRecorded):
    """One person of a run, consolidated from its cluster once, when the clusters change.

    The results page, its counts and the comparison with the previous round read these rows
    (a page at a time for the names), never every cluster member."""

    READ_KIND = "run_person"
    READ_PERSONS = ("person_id",)

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="persons")
    cluster = models.CharField(max_length=20)
    identity = models.CharField(max_length=200)
    name = models.CharField(max_length=120)
    birth = models.CharField(max_length=20, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The commune's code, or "~" without one: the results' order (commune, name).
    commune_code = models.CharField(max_length=10)
    category = models.CharField(max_length=30, blank=True)
    agencies = models.JSONField(default=list)
    agencies_key = models.CharField(max_length=500, blank=True)
    person = models.ForeignKey(
        "persons.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    identities = models.JSONField(default=list)

    class Meta:
        verbose_name = _("consolidated person")
        verbose_name_plural = _("consolidated persons")
        ordering = ["commune_code", "name", "cluster"]
        indexes = [
            models.Index(
                fields=["run", "commune_code", "name", "cluster"], name="run_person_order"
            ),
            models.Index(fields=["run", "commune", "category"], name="run_person_count"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["run", "cluster"], name="run_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.cluster}"

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""
