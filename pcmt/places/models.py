"""Places the police keep: hotspots, incidents, key areas, conditional businesses and drug-free
units, each with the dated history that counts as of any past day."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.core.text import _letter_key
from pcmt.geo.models import AdminUnit, Located, Village

HOTSPOT_STREAM = "hotspot"
INCIDENT_STREAM = "incident"
KEY_AREA_STREAM = "key_area"
BUSINESS_STREAM = "business"
DRUG_FREE_STREAM = "drug_free"
DRUG_ROUTE_STREAM = "drug_route"
DRUG_FREE_ASSESSMENT_STREAM = "drug_free_assessment"


def place_sort_key(name: str) -> str:
    """Letters first, then tones, as in a Vietnamese dictionary; digits only."""
    letters, tones = [], []
    for char in " ".join(name.split()):
        if char == " ":
            letters.append("00")
            continue
        rank, tone = _letter_key(char)
        letters.append(f"{rank:02d}")
        tones.append(str(tone))
    return "".join(letters)[:900] + "00" + "".join(tones)[:90]


class HotspotStatus(models.TextChoices):
    AT_RISK = "at_risk", _("at risk")
    DETECTED = "detected", _("detected")
    SUPPRESSING = "suppressing", _("being suppressed")
    ELIMINATED = "eliminated", _("eliminated")
    MONITORING = "monitoring", _("under monitoring")
    CLOSED = "closed", _("closed after monitoring")
    RE_EMERGED = "re_emerged", _("re-emerged")


# The states a hotspot may be registered in.
HOTSPOT_REGISTERED = (HotspotStatus.AT_RISK, HotspotStatus.DETECTED)
# States in which a hotspot is active: a spell (`HotspotSpell`) is open.
HOTSPOT_ACTIVE = (HotspotStatus.DETECTED, HotspotStatus.SUPPRESSING, HotspotStatus.RE_EMERGED)
# States in which an eliminated hotspot is re-verified on a schedule.
HOTSPOT_REVERIFIED = (HotspotStatus.ELIMINATED, HotspotStatus.MONITORING)


class HotspotSeverity(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary hotspot")
    SEVERE = "severe", _("severe hotspot")


class HotspotKind(models.TextChoices):
    SELLING = "selling", _("selling point")
    ORGANISED_USE = "organised_use", _("organised use")
    HARBOURING = "harbouring", _("harbouring use")
    GATHERING = "gathering", _("gathering place")
    ONLINE = "online", _("online / cyberspace")


class HotspotAction(models.TextChoices):
    CREATED = "hotspot_created", _("hotspot registered")
    DETECTED = "hotspot_detected", _("hotspot detected")
    SUPPRESSING = "hotspot_suppressing", _("hotspot being suppressed")
    ELIMINATED = "hotspot_eliminated", _("hotspot eliminated")
    MONITORED = "hotspot_monitored", _("hotspot put under monitoring")
    CLOSED = "hotspot_closed", _("hotspot closed after monitoring")
    RE_EMERGED = "hotspot_re_emerged", _("hotspot re-emerged")
    REVERIFIED = "hotspot_reverified", _("hotspot re-verified")
    CHANGED = "hotspot_changed", _("hotspot changed")


class ReverificationFinding(models.TextChoices):
    CLEAN = "clean", _("still clean")
    SIGNS = "signs", _("signs of re-emergence")
    RE_EMERGED = "re_emerged", _("re-emerged")


class Hotspot(Located):
    """A point or gathering place of drug dealing or organised use, kept by its commune.

    `status` and the latest dates are the present; the history that counts as of a past day
    is in `HotspotSpell` (one row per period the hotspot was active: detected or re-emerged
    until eliminated) and `HotspotPeriod` (one row per state it stood in).
    """

    name = models.CharField(_("name"), max_length=200)
    # Digits only: plain string order is Vietnamese alphabetical order of the name.
    name_sort = models.CharField(max_length=1000, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=HotspotKind.choices)
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=HotspotSeverity.choices,
        default=HotspotSeverity.ORDINARY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=HotspotStatus.choices, default=HotspotStatus.DETECTED
    )
    discovered_on = models.DateField(_("discovered on"))
    detected_on = models.DateField(_("detected on"), null=True, blank=True)
    suppression_started_on = models.DateField(_("suppression started on"), null=True, blank=True)
    eliminated_on = models.DateField(_("eliminated on"), null=True, blank=True)
    monitoring_from = models.DateField(_("monitored from"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    re_emerged_on = models.DateField(_("re-emerged on"), null=True, blank=True)
    # Set while eliminated or monitored: the elimination or last re-verification plus the
    # interval (PCMT_HOTSPOT_REVERIFY_MONTHS); the worklist reads it.
    reverify_due_on = models.DateField(_("next re-verification due"), null=True, blank=True)
    business_name = models.CharField(_("linked business"), max_length=200, blank=True)
    business = models.ForeignKey(
        "Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotspots",
        verbose_name=_("conditional business"),
    )
    source = models.CharField(_("source of detection"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta(Located.Meta):
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["reverify_due_on"], name="places_hotspot_reverify_due"),
        ]

    def __str__(self) -> str:
        return self.name


class HotspotSpell(models.Model):
    """One period a hotspot was active: from its discovery or re-emergence to its elimination.

    A hotspot is open on a day when one of its spells started on or before that day and had
    not ended by then (ended on a later day, or not yet).
    """

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="spells")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    severity = models.CharField(max_length=10, choices=HotspotSeverity.choices)
    re_emergence = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="places_spell_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["hotspot"],
                condition=Q(ended_on__isnull=True),
                name="places_one_open_spell",
            ),
        ]
        indexes = [models.Index(fields=["started_on", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.hotspot_id}: {self.started_on} – {self.ended_on or ''}"


class PlaceRecord(models.Model):
    """What every place record carries: who registered it, when, and its version."""

    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every change: a save over a newer version is refused (`stale_version`).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class StatePeriod(models.Model):
    """One period a record stood in one state, from `started_on` to `ended_on` (excluded).

    A record is in a state on a day when such a period started on or before that day and
    had not ended by then.
    """

    status = models.CharField(max_length=20)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status}: {self.started_on} – {self.ended_on or ''}"


class HotspotPeriod(StatePeriod):
    """One state a hotspot stood in, with its dates: counts by state as of any past day."""

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="periods")

    class Meta(StatePeriod.Meta):
        constraints = [
            *StatePeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["hotspot"],
                condition=Q(ended_on__isnull=True),
                name="places_hotspot_one_open_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_on", "ended_on"])]


class HotspotReverification(models.Model):
    """A visit to an eliminated hotspot to check it has not come back (kiểm tra, xác minh lại)."""

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="reverifications")
    verified_on = models.DateField(_("re-verified on"))
    finding = models.CharField(_("finding"), max_length=12, choices=ReverificationFinding.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("re-verified by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-verified_on", "-pk"]
        verbose_name = _("re-verification")
        verbose_name_plural = _("re-verifications")

    def __str__(self) -> str:
        return f"{self.hotspot_id} {self.verified_on} {self.finding}"


# Incidents ---------------------------------------------------------------------------


class IncidentKind(models.TextChoices):
    ARREST = "arrest", _("arrest or prosecution")
    ADMINISTRATIVE = "administrative", _("administrative violation for use")
    SEIZURE = "seizure", _("seizure")
    PLANT_DESTRUCTION = "plant_destruction", _("drug-plant destruction")
    TIP = "tip", _("tip received")
    PUBLIC_USE = "public_use", _("dealing or use in a public place or school")


class IncidentAction(models.TextChoices):
    CREATED = "incident_created", _("incident recorded")
    CHANGED = "incident_changed", _("incident changed")


class Incident(Located, PlaceRecord):
    """A dated drug-related event at a place: an arrest, a seizure, a tip… (vụ việc)."""

    summary = models.CharField(_("summary"), max_length=300)
    summary_sort = models.CharField(max_length=1000, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("occurred on"))
    offenders = models.PositiveIntegerField(_("offenders"), default=0)
    substance = models.CharField(_("substance"), max_length=100, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    plants = models.PositiveIntegerField(_("drug plants destroyed"), default=0)
    area_m2 = models.DecimalField(
        _("area destroyed (m²)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    tip_verified = models.BooleanField(_("tip verified"), null=True, blank=True)
    hotspot = models.ForeignKey(
        Hotspot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("hotspot"),
    )
    business = models.ForeignKey(
        "Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("conditional business"),
    )

    class Meta(Located.Meta):
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["commune", "occurred_on"])]

    def __str__(self) -> str:
        return self.summary


# Key complex areas (QĐ 28/2025/QĐ-TTg) ----------------------------------------------------


class KeyAreaType(models.TextChoices):
    TYPE_I = "I", _("type I")
    TYPE_II = "II", _("type II")
    TYPE_III = "III", _("type III")


class KeyAreaStatus(models.TextChoices):
    SELECTED = "selected", _("selected for transformation")
    TRANSFORMING = "transforming", _("being transformed")
    TRANSFORMED = "transformed", _("transformed")
    SUSTAINED = "sustained", _("transformation sustained")
    RE_EMERGED = "re_emerged", _("re-emerged")


# States in which an area counts as transformed (Plan 3220's "transformed areas").
KEY_AREA_TRANSFORMED_STATES = frozenset({KeyAreaStatus.TRANSFORMED, KeyAreaStatus.SUSTAINED})


class KeyAreaAction(models.TextChoices):
    SELECTED = "key_area_selected", _("key area selected")
    STARTED = "key_area_started", _("key area transformation started")
    TRANSFORMED = "key_area_transformed", _("key area transformed")
    SUSTAINED = "key_area_sustained", _("key area transformation sustained")
    RE_EMERGED = "key_area_re_emerged", _("key area re-emerged")
    REOPENED = "key_area_reopened", _("key area transformation reopened")
    EVALUATED = "key_area_evaluated", _("key area evaluated")
    CHANGED = "key_area_changed", _("key area changed")


class KeyArea(PlaceRecord):
    """A commune selected for transformation as a key complex area, by decision and date.

    The status is the present; `KeyAreaPeriod` keeps every state with its dates.
    """

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    area_type = models.CharField(_("type"), max_length=3, choices=KeyAreaType.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    selected_on = models.DateField(_("selected on"))
    plan = models.CharField(_("transformation plan"), max_length=300, blank=True)
    agencies = models.CharField(_("responsible agencies"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=KeyAreaStatus.choices,
        default=KeyAreaStatus.SELECTED,
    )
    selected_by = models.CharField(_("selected by"), max_length=200, blank=True)
    transforming_since = models.DateField(_("transformation started on"), null=True, blank=True)
    transformed_on = models.DateField(_("transformed on"), null=True, blank=True)
    sustained_on = models.DateField(_("sustained on"), null=True, blank=True)
    re_emerged_on = models.DateField(_("re-emerged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("key area")
        verbose_name_plural = _("key areas")
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.decision_number}"


class KeyAreaPeriod(StatePeriod):
    key_area = models.ForeignKey(KeyArea, on_delete=models.CASCADE, related_name="periods")

    class Meta(StatePeriod.Meta):
        constraints = [
            *StatePeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["key_area"],
                condition=Q(ended_on__isnull=True),
                name="places_key_area_one_open_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_on", "ended_on"])]

    @property
    def status_label(self) -> str:
        if self.status in KeyAreaStatus.values:
            return str(KeyAreaStatus(self.status).label)
        return self.status


class KeyAreaEvaluationResult(models.TextChoices):
    ACHIEVED = "achieved", _("transformation target achieved")
    NOT_ACHIEVED = "not_achieved", _("transformation target not achieved")


class KeyAreaEvaluation(models.Model):
    """A dated evaluation of a key area against the QĐ 28/2025 criteria.

    `snapshot` keeps the classification computed from the data on that day (type, each
    criterion's value, threshold and whether it was met); `criteria_met` is what the
    evaluator found, which may differ from the computation."""

    key_area = models.ForeignKey(KeyArea, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    evaluator = models.CharField(_("evaluated by"), max_length=200)
    criteria_met = models.JSONField(_("criteria met"), default=list, blank=True)
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    result = models.CharField(_("result"), max_length=20, choices=KeyAreaEvaluationResult.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("key area evaluation")
        verbose_name_plural = _("key area evaluations")

    def __str__(self) -> str:
        return f"{self.key_area_id} {self.evaluated_on}"


class DrugRouteAction(models.TextChoices):
    SET = "drug_route_set", _("drug route mark set")


class DrugRouteMark(models.Model):
    """Whether a commune lies on a key drug route, from a day on (QĐ 28/2025 criterion 5).

    Officers set it; the mark in force on a day is the latest one dated on or before it,
    so the history stays whole."""

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    on_route = models.BooleanField(_("on a key drug route"))
    effective_on = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("drug route mark")
        verbose_name_plural = _("drug route marks")
        indexes = [models.Index(fields=["commune", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.on_route} {self.effective_on}"


# Conditional businesses -------------------------------------------------------------------


class BusinessKind(models.TextChoices):
    KARAOKE = "karaoke", _("karaoke")
    BAR = "bar", _("bar")
    DANCE_CLUB = "dance_club", _("dance club")
    MASSAGE = "massage", _("massage")
    GUEST_HOUSE = "guest_house", _("guest house")
    HOTEL = "hotel", _("hotel")
    OTHER = "other", _("other conditional business")


# The entertainment businesses the plans name ("no hotspot tied to an entertainment business").
ENTERTAINMENT_KINDS = frozenset(
    {BusinessKind.KARAOKE, BusinessKind.BAR, BusinessKind.DANCE_CLUB, BusinessKind.MASSAGE}
)


class BusinessStatus(models.TextChoices):
    OPERATING = "operating", _("operating")
    CLOSED = "closed", _("closed")


class BusinessAction(models.TextChoices):
    CREATED = "business_created", _("business registered")
    INSPECTED = "business_inspected", _("business inspected")
    CLOSED = "business_closed", _("business closed")
    CHANGED = "business_changed", _("business changed")


class Business(Located, PlaceRecord):
    """A business with security-order conditions (karaoke, bar, guest house…) and its licence.

    It operates from `opened_on` until `closed_on` (excluded): counts as of a day read these.
    """

    name = models.CharField(_("name"), max_length=200)
    name_sort = models.CharField(max_length=1000, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=BusinessKind.choices)
    licence_number = models.CharField(_("security-order certificate"), max_length=60, blank=True)
    licence_issued_on = models.DateField(_("licence issued on"), null=True, blank=True)
    licence_expires_on = models.DateField(_("licence expires on"), null=True, blank=True)
    opened_on = models.DateField(_("operating since"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BusinessStatus.choices,
        default=BusinessStatus.OPERATING,
    )

    class Meta(Located.Meta):
        verbose_name = _("conditional business")
        verbose_name_plural = _("conditional businesses")
        indexes = [models.Index(fields=["commune", "status"])]
        constraints = [
            *Located.Meta.constraints,
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="places_business_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BusinessInspection(models.Model):
    """One inspection of a business: the team, what was found, the measures taken."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    team = models.CharField(_("inspection team"), max_length=200)
    result = models.CharField(_("result"), max_length=300, blank=True)
    violations = models.CharField(_("violations"), max_length=300, blank=True)
    drug_use_found = models.BooleanField(_("drug use found"), default=False)
    measures = models.CharField(_("measures"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.business_id} {self.inspected_on}"


# Drug-free communes, villages and residential groups ---------------------------------------


class DrugFreeLevel(models.TextChoices):
    COMMUNE = "commune", _("commune")
    VILLAGE = "village", _("village")
    RESIDENTIAL_GROUP = "residential_group", _("residential group")


class DrugFreeStatus(models.TextChoices):
    RECOGNISED = "recognised", _("recognised drug-free")
    WITHDRAWN = "withdrawn", _("recognition withdrawn")


class DrugFreeAction(models.TextChoices):
    RECOGNISED = "drug_free_recognised", _("recognised drug-free")
    WITHDRAWN = "drug_free_withdrawn", _("drug-free recognition withdrawn")
    CHANGED = "drug_free_changed", _("drug-free recognition changed")


class DrugFreeRecognition(PlaceRecord):
    """A commune, village or residential group recognised drug-free by a decision on a day.

    It is drug-free from `recognised_on` until `withdrawn_on` (excluded); a later
    recognition is a new row, so the history of each unit stays whole.
    """

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village / residential group"),
    )
    level = models.CharField(_("unit"), max_length=20, choices=DrugFreeLevel.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    recognised_on = models.DateField(_("recognised on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DrugFreeStatus.choices,
        default=DrugFreeStatus.RECOGNISED,
    )

    class Meta:
        verbose_name = _("drug-free recognition")
        verbose_name_plural = _("drug-free recognitions")
        indexes = [models.Index(fields=["level", "recognised_on", "withdrawn_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="commune") & Q(village__isnull=True))
                | (~Q(level="commune") & Q(village__isnull=False)),
                name="places_drug_free_village_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("recognised_on")),
                name="places_drug_free_withdrawn_after_recognised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.decision_number}"

    @property
    def unit_name(self) -> str:
        return self.village.name if self.village is not None else self.commune.full_name


class DrugFreeResult(models.TextChoices):
    RECOGNISED = "recognised", _("meets the criteria: to be recognised")
    NOT_RECOGNISED = "not_recognised", _("does not meet the criteria: not recognised")


class DrugFreeAssessmentStatus(models.TextChoices):
    """Where an assessment stands: derived from its result and its recognition."""

    AWAITING_DECISION = "awaiting_decision", _("awaiting the recognition decision")
    RECOGNISED = "recognised", _("recognised drug-free")
    NOT_RECOGNISED = "not_recognised", _("not recognised")
    REVOKED = "revoked", _("recognition revoked")


class DrugFreeAssessmentAction(models.TextChoices):
    ASSESSED = "drug_free_assessed", _("drug-free assessment recorded")
    RECOGNISED = "drug_free_assessment_recognised", _("recognition decided on the assessment")
    CHANGED = "drug_free_assessment_changed", _("drug-free assessment changed")


class DrugFreeAssessment(PlaceRecord):
    """A commune, village or residential group assessed against the criteria in force on a
    day (`drug_free_criteria`), each criterion met or not with its evidence.

    An assessment that meets the criteria may lead to a recognition decision
    (`recognition`); the status follows that recognition (in force, revoked).
    """

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village / residential group"),
    )
    level = models.CharField(_("unit"), max_length=20, choices=DrugFreeLevel.choices)
    # Digits only: the unit's name in Vietnamese alphabetical order (`place_sort_key`).
    unit_sort = models.CharField(max_length=1000, editable=False, default="")
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.CharField(_("assessed by"), max_length=200)
    criteria_set = models.CharField(_("criteria"), max_length=40)
    result = models.CharField(_("result"), max_length=20, choices=DrugFreeResult.choices)
    recognition = models.OneToOneField(
        DrugFreeRecognition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment",
        verbose_name=_("drug-free recognition"),
    )

    class Meta:
        verbose_name = _("drug-free assessment")
        verbose_name_plural = _("drug-free assessments")
        indexes = [models.Index(fields=["commune", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="commune") & Q(village__isnull=True))
                | (~Q(level="commune") & Q(village__isnull=False)),
                name="places_assessment_village_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(recognition__isnull=True) | Q(result="recognised"),
                name="places_assessment_recognised_only_when_met",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.assessed_on}"

    @property
    def unit_name(self) -> str:
        return self.village.name if self.village is not None else self.commune.full_name

    @property
    def status(self) -> str:
        if self.result == DrugFreeResult.NOT_RECOGNISED:
            return DrugFreeAssessmentStatus.NOT_RECOGNISED
        if self.recognition is None:
            return DrugFreeAssessmentStatus.AWAITING_DECISION
        if self.recognition.status == DrugFreeStatus.WITHDRAWN:
            return DrugFreeAssessmentStatus.REVOKED
        return DrugFreeAssessmentStatus.RECOGNISED

    def get_status_display(self) -> str:
        return str(DrugFreeAssessmentStatus(self.status).label)


class DrugFreeCriterionCheck(models.Model):
    """One criterion of an assessment: met or not, and the evidence the assessor saw."""

    assessment = models.ForeignKey(
        DrugFreeAssessment, on_delete=models.CASCADE, related_name="checks"
    )
    code = models.CharField(_("criterion"), max_length=20)
    text = models.CharField(_("criterion"), max_length=400)
    met = models.BooleanField(_("met"))
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "code"], name="places_one_check_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.met}"


# Persons linked to a place -------------------------------------------------------------------


class PlacePersonRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    SELLER = "seller", _("seller")
    USER = "user", _("drug user")
    HARBOURER = "harbourer", _("harbourer")
    OFFENDER = "offender", _("offender")
    OTHER = "other", _("other role")


class PlacePersonAction(models.TextChoices):
    LINKED = "place_person_linked", _("person linked to the place")
    UNLINKED = "place_person_unlinked", _("person no longer linked to the place")


class PlacePerson(models.Model):
    """A person of the registry involved in a hotspot or an incident, with a role.

    Shown only to those whose jurisdiction reads the person; the link's history is in the
    place's events."""

    hotspot = models.ForeignKey(
        Hotspot, on_delete=models.CASCADE, null=True, blank=True, related_name="person_links"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="person_links"
    )
    person = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=PlacePersonRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(hotspot__isnull=False) & Q(incident__isnull=True))
                | (Q(hotspot__isnull=True) & Q(incident__isnull=False)),
                name="places_person_link_one_place",
            ),
            models.UniqueConstraint(
                fields=["hotspot", "person", "role"],
                condition=Q(hotspot__isnull=False),
                name="places_person_once_per_hotspot_role",
            ),
            models.UniqueConstraint(
                fields=["incident", "person", "role"],
                condition=Q(incident__isnull=False),
                name="places_person_once_per_incident_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.role}"
