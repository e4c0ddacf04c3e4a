"""Rehab and post-rehab lifecycles, declared once; each transition is checked against the law
of its date. Pages, API, schema and diagrams are derived from these tables.

States
- Voluntary (home/community or facility): registered → in_progress → completed, or
  ended_early (stopped by the person, drug use detected, moved, prison, death).
- Compulsory: dossier → at_court → decided → admitted ⇄ away → completed, or ended_early
  (dossier withdrawn, court refused, prison, death). After admission: admitted ⇄ suspended
  (serious illness), and a decision exempting the remainder ends it early.
- Electronic monitoring (Law 120/2025, from 1/7/2026): active → ended, with alerts.

Which law governs which step
- The dossier deadline: the law on the day the dossier is opened (case detected), in
  working days with the holiday table (Decree 116/2021/NĐ-CP: 5 working days).
- The duration: the law on the registration date (voluntary) or the court decision date
  (compulsory), by kind, first time or repeat and age on that date. The law's code is stored.
- Post-rehab: the law on its start date (the completion date) gives its length.

Choices where the law is silent (or not yet settled by decree)
- Repeat: a rehab is a repeat when the person has an earlier rehab episode of any kind that
  actually began (started or admitted) before the date that fixes the duration.
- Age: full years on the fixing date from the birth date; with only a birth year the person
  is taken as born on 31/12 (the youngest possible). Under 12: no compulsory dossier and no
  court decision.
- One rehab at a time: a second open rehab episode is refused, whatever the kinds. A
  compulsory dossier does not end an open voluntary rehab by itself: Law 73/2021 art. 32
  sends a person to compulsory rehab *because* the voluntary rehab was stopped or drug use
  was detected during it, so that end (with its reason) is recorded first.
- Time held at a facility while the dossier is prepared counts toward the term (Decree
  116/2021 art. 44–45), time managed by the family at home does not: holdings are recorded
  before admission (or the admission gives an earlier `term_from`, a facility holding up to
  the day before). The planned end is the admission plus the months, less the credited days,
  plus the days away, then each decision on the term in date order (`rules.term`).
- Term decisions (Decree 116/2021 art. 58): a reduction (good conduct 1–3 months, merit 3–6)
  once half the term is served; a suspension for serious illness stops the term, the return
  moves the end by the days suspended and is refused with under 3 months left (the remainder
  is then exempted); an exemption (progress after half the term, dangerous illness at any
  time, the short remainder after a suspension, aged 14 to under 18) ends the episode and,
  as a finished decision, opens post-rehab management. "Half served" counts credited days
  and leaves out days away or suspended. Whether a person deserves relief is the court's
  judgement; PCMT checks the numbers the texts state.
- Kind of facility: adults a compulsory-rehab facility; persons placed as aged 12 to under 18
  a reform school or a qualifying public facility when admitted from 1/7/2026 (Law 120/2025),
  a compulsory-rehab facility before.
- Electronic monitoring accompanies one episode under way (home rehab, substitution therapy,
  post-rehab), starts on or after 1/7/2026, ends within it and ends with it.
- Leaving without permission: the days from leaving to returning do not count toward the
  term; the planned end moves later by exactly that many days (return day counts as served).
- Post-rehab opens on completion of compulsory rehab (Law 73/2021 art. 40; kept for Law
  120/2025), on completion of substitution therapy (a therapy stopped as "completed"; 1 year)
  and, at the officer's decision, after a completed voluntary rehab. A new rehab
  (start or admission) ends an active post-rehab. Drug use during post-rehab requires an
  addiction determination (Law 73/2021 art. 27). The post-rehab category period follows the
  post-rehab management; no category exists for being in rehab itself.
"""

import datetime
from typing import Any

from django.db.models import Max, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.capabilities import Capability
from pcmt.casework.guards import record_event
from pcmt.casework.lifecycles import DETERMINATION, episode_person, episode_writable
from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationStatus,
    SubstitutionTherapy,
    TherapyStopReason,
)
from pcmt.core.errors import DomainError
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.lifecycle.declarations import INITIAL, Guard, Lifecycle, Step, Transition, register
from pcmt.lifecycle.guards import (
    capability,
    check_date,
    dated,
    illegal,
    law_in_force,
    one_of,
    person_writable,
    required,
    rule,
    rules_on,
)
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.models import Category, CategoryPeriod, EventAction, Person
from pcmt.persons.selectors import person_get
from pcmt.rehab import selectors
from pcmt.rehab.forms import (
    AdmissionForm,
    CompleteForm,
    CourtDecisionForm,
    DocumentForm,
    DossierOpenForm,
    EndEarlyForm,
    EscapeForm,
    HoldingForm,
    MonitoringAlertForm,
    MonitoringEndForm,
    MonitoringStartForm,
    PostRehabEndForm,
    PostRehabOpenForm,
    PostRehabUseForm,
    RehabRegisterForm,
    ReturnForm,
    SendToCourtForm,
    StartForm,
    TermExemptForm,
    TermReduceForm,
    TermResumeForm,
    TermSuspendForm,
    TransferForm,
)
from pcmt.rehab.law import (
    ADULT_AGE,
    MINIMUM_COMPULSORY_AGE,
    age_on,
    duration_range,
    law_name,
    post_rehab_required,
    range_message,
)
from pcmt.rehab.models import (
    CLOSED_STATUSES,
    MINOR_ONLY_DOCUMENTS,
    AlertKind,
    DossierDocument,
    DossierHolding,
    DossierItem,
    ElectronicMonitoring,
    FacilityKind,
    HeldPlace,
    MonitoredEpisode,
    MonitoringAlert,
    MonitoringStatus,
    PostRehab,
    PostRehabEndReason,
    PostRehabStatus,
    RehabAbsence,
    RehabAction,
    RehabEndReason,
    RehabEpisode,
    RehabKind,
    RehabStatus,
    RehabTransfer,
    TermChange,
    TermChangeGround,
    TermChangeKind,
)
from pcmt.rehab.serializers import (
    EndSerializer,
    EpisodeSerializer,
    MonitoringSerializer,
    OpenSerializer,
    PostRehabSerializer,
    PostRehabUseSerializer,
)
from pcmt.rules import term as term_rules
from pcmt.rules.calendar import add_months
from pcmt.rules.citations import citation_text
from pcmt.rules.measures_2025 import (
    FACILITY_CITATION,
    LAW_120,
    MINOR_FACILITIES_FROM,
    electronic_monitoring_term,
    facility_kinds,
)
from pcmt.rules.post_rehab import CompletedKind
from pcmt.rules.selectors import deadline_in_working_days, post_rehab_planned_end

VOLUNTARY_KINDS = (RehabKind.VOLUNTARY_HOME, RehabKind.VOLUNTARY_FACILITY)

# Reasons an episode may end before its term, by status (Law 73/2021 art. 32; Law on
# Handling Administrative Violations: court refusal, exemption of the rest of the term).
_VOLUNTARY_EARLY = frozenset(
    {
        RehabEndReason.STOPPED_BY_PERSON,
        RehabEndReason.DRUG_USE_DETECTED,
        RehabEndReason.MOVED,
        RehabEndReason.PRISON,
        RehabEndReason.DEATH,
    }
)
EARLY_END_REASONS: dict[str, frozenset[str]] = {
    RehabStatus.REGISTERED: _VOLUNTARY_EARLY,
    RehabStatus.IN_PROGRESS: _VOLUNTARY_EARLY,
    RehabStatus.DOSSIER: frozenset(
        {RehabEndReason.DOSSIER_WITHDRAWN, RehabEndReason.PRISON, RehabEndReason.DEATH}
    ),
    RehabStatus.AT_COURT: frozenset(
        {
            RehabEndReason.DOSSIER_WITHDRAWN,
            RehabEndReason.COURT_REFUSED,
            RehabEndReason.PRISON,
            RehabEndReason.DEATH,
        }
    ),
    RehabStatus.DECIDED: frozenset(
        {RehabEndReason.EXEMPTED, RehabEndReason.PRISON, RehabEndReason.DEATH}
    ),
    # After admission the remainder is exempted by a decision (`term_exempt`), with its
    # number, date, issuer and ground (Decree 116/2021/NĐ-CP art. 58(3)).
    RehabStatus.ADMITTED: frozenset({RehabEndReason.PRISON, RehabEndReason.DEATH}),
    RehabStatus.AWAY: frozenset({RehabEndReason.PRISON, RehabEndReason.DEATH}),
    RehabStatus.SUSPENDED: frozenset({RehabEndReason.PRISON, RehabEndReason.DEATH}),
}


def _refuse_second_open(person: Person) -> None:
    open_one = RehabEpisode.objects.filter(person=person).exclude(status__in=CLOSED_STATUSES)
    current = open_one.first()
    if current is not None:
        raise illegal(
            _(
                "The person already has an open rehab (%(kind)s, %(status)s): one rehab "
                "measure at a time. Record its end first; Law 73/2021 art. 32 sends a person "
                "to compulsory rehab after a voluntary rehab was stopped or drug use was "
                "detected during it."
            )
            % {"kind": current.get_kind_display(), "status": current.get_status_display()}
        )


def _last_step(episode: RehabEpisode) -> datetime.date:
    """The latest date recorded on the episode: a new step cannot come before it."""
    days = [
        d
        for d in (
            episode.opened_on,
            episode.sent_to_court_on,
            episode.court_decision_date,
            episode.started_on,
        )
        if d is not None
    ]
    days += [
        d
        for d in (
            episode.documents.aggregate(m=Max("received_on"))["m"],
            episode.transfers.aggregate(m=Max("transferred_on"))["m"],
            episode.absences.aggregate(m=Max("left_on"))["m"],
            episode.absences.aggregate(m=Max("returned_on"))["m"],
            episode.term_changes.aggregate(m=Max("decided_on"))["m"],
        )
        if d is not None
    ]
    return max(days)


def _earlier_rehabs(person: Person, before: datetime.date, exclude: int | None) -> int:
    earlier = RehabEpisode.objects.filter(person=person, started_on__lt=before)
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude)
    return earlier.count()


def _months(
    months: int | None, kind: str, day: datetime.date, field: str, *, minor: bool, repeat: bool
) -> tuple[int, str]:
    """The duration within the law of `day`, and the law's code."""
    rules = rules_on(day, field)
    allowed, cite = duration_range(rules, kind, minor=minor, repeat=repeat)
    if months is None and allowed.minimum == allowed.maximum:
        months = allowed.minimum
    if months is None or not allowed.minimum <= months <= allowed.maximum:
        raise DomainError(
            "months_out_of_range",
            range_message(cite, allowed, minor=minor, repeat=repeat),
            "months",
        )
    return months, rules.code


def _check_compulsory_age(person: Person, day: datetime.date, field: str) -> int:
    age = age_on(person.birth_date, person.birth_year, day)
    if age < MINIMUM_COMPULSORY_AGE:
        rules = rules_on(day, field)
        cite = law_name(rules.code) + (" art. 33" if rules.code == "law_73_2021" else "")
        raise illegal(
            _(
                "%(law)s: compulsory rehab applies from the age of 12; the person is "
                "%(age)s on %(day)s."
            )
            % {"law": citation_text(cite), "age": age, "day": day.strftime("%d/%m/%Y")}
        )
    return age


def _end_post_rehab_for_new_rehab(actor: Any, person: Person, day: datetime.date) -> None:
    active = PostRehab.objects.filter(person=person, status=PostRehabStatus.ACTIVE).first()
    if active is not None and day >= active.started_on:
        _post_rehab_close(actor, active, day, PostRehabEndReason.NEW_REHAB)


def required_documents(episode: RehabEpisode) -> list[str]:
    return [
        code for code in DossierDocument.values if episode.minor or code not in MINOR_ONLY_DOCUMENTS
    ]


def _post_rehab_open(
    actor: Any,
    episode: RehabEpisode | None,
    started_on: datetime.date,
    therapy: SubstitutionTherapy | None = None,
) -> PostRehab:
    """Open post-rehab management after a completed rehab episode or substitution therapy."""
    person = episode.person if episode is not None else therapy.person  # type: ignore[union-attr]
    if PostRehab.objects.filter(person=person, status=PostRehabStatus.ACTIVE).exists():
        raise illegal(_("The person is already under post-rehab management."))
    rules = rules_on(started_on, "started_on")
    post = PostRehab.objects.create(
        person=person,
        episode=episode,
        therapy=therapy,
        status=PostRehabStatus.ACTIVE,
        law_code=rules.code,
        started_on=started_on,
        # Law 73/2021 art. 40: 2 years for an adult after compulsory rehab, 1 year otherwise
        # (a minor after compulsory rehab, voluntary rehab, substitution therapy).
        planned_end=post_rehab_planned_end(
            rehab_kind=episode.kind if episode is not None else CompletedKind.SUBSTITUTION_THERAPY,
            started_on=started_on,
            age_at_completion=age_on(person.birth_date, person.birth_year, started_on),
            placed_as_minor=episode.minor if episode is not None else None,
        ),
    )
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.POST_REHAB, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.POST_REHAB,
            start_date=started_on,
            reason=str(
                _("Rehab completed") if episode is not None else _("Substitution therapy completed")
            ),
            recorded_by=actor,
        )
    record_event(
        person,
        actor,
        EventAction.POST_REHAB_OPENED,
        {
            "started_on": [None, started_on.isoformat()],
            "planned_end": [None, post.planned_end.isoformat()],
            "law": [None, rules.code],
        },
    )
    return post


def _monitoring_close(actor: Any, day: datetime.date, **link: Any) -> None:
    """Monitoring accompanies its episode and cannot outlast it (Law 120/2025/QH15)."""
    for monitoring in ElectronicMonitoring.objects.filter(
        status=MonitoringStatus.ACTIVE, **link
    ).select_related("person"):
        monitoring.status = MonitoringStatus.ENDED
        monitoring.ended_on = max(day, monitoring.started_on)
        monitoring.save(update_fields=["status", "ended_on"])
        record_event(
            monitoring.person,
            actor,
            RehabAction.MONITORING_ENDED,
            {"ended_on": [None, monitoring.ended_on.isoformat()]},
            str(_("The monitored episode ended.")),
        )


def _post_rehab_close(
    actor: Any, post: PostRehab, ended_on: datetime.date, reason: str
) -> PostRehab:
    _monitoring_close(actor, ended_on, post_rehab=post)
    post.status = PostRehabStatus.ENDED
    post.ended_on = ended_on
    post.end_reason = reason
    post.save()
    CategoryPeriod.objects.filter(
        person=post.person,
        category=Category.POST_REHAB,
        end_date__isnull=True,
        start_date__lte=ended_on,
    ).update(end_date=ended_on, end_reason=str(post.get_end_reason_display()))
    record_event(
        post.person,
        actor,
        EventAction.POST_REHAB_ENDED,
        {
            "ended_on": [None, ended_on.isoformat()],
            "end_reason": [None, post.get_end_reason_display()],
        },
    )
    return post


def post_rehab_after_therapy(actor: Any, therapy: SubstitutionTherapy) -> PostRehab | None:
    """Completing substitution therapy opens post-rehab management on the day it stopped
    (Law 73/2021 art. 40: 1 year; Law 120/2025 keeps it until a decree says otherwise).
    Nothing opens when the person is already under post-rehab management. Monitoring of the
    therapy ends with it."""
    if therapy.stopped_on is not None:
        _monitoring_close(actor, therapy.stopped_on, therapy=therapy)
    if therapy.stop_reason != TherapyStopReason.COMPLETED or therapy.stopped_on is None:
        return None
    if PostRehab.objects.filter(
        Q(therapy=therapy) | Q(person_id=therapy.person_id, status=PostRehabStatus.ACTIVE)
    ).exists():
        return None
    return _post_rehab_open(actor, None, therapy.stopped_on, therapy=therapy)


# Effects ---------------------------------------------------------------------------------


def _register(step: Step) -> RehabEpisode:
    """Register voluntary rehab at home/in the community (with the commune) or at a facility.
    The law of the registration date fixes the duration (first time or repeat)."""
    person: Person = step.obj
    data = step.data
    kind, registered_on = data["kind"], data["registered_on"]
    commune, facility = data.get("commune"), data.get("facility") or ""
    _refuse_second_open(person)
    if kind == RehabKind.VOLUNTARY_HOME:
        commune = commune or person.current_commune
        if commune is None or commune.level != UnitLevel.COMMUNE:
            raise DomainError("commune_required", _("Choose the commune."), "commune")
        facility = ""
    else:
        commune = None
        if not facility.strip():
            raise DomainError("facility_required", _("Enter the facility."), "facility")
    repeat = _earlier_rehabs(person, registered_on, None) > 0
    minor = age_on(person.birth_date, person.birth_year, registered_on) < ADULT_AGE
    months, law_code = _months(
        data.get("months"), kind, registered_on, "registered_on", minor=minor, repeat=repeat
    )
    episode = RehabEpisode.objects.create(
        person=person,
        kind=kind,
        status=RehabStatus.REGISTERED,
        opened_on=registered_on,
        law_code=law_code,
        repeat=repeat,
        minor=minor,
        months=months,
        commune=commune,
        facility=facility.strip(),
    )
    step.changes = {
        "kind": [None, episode.get_kind_display()],
        "registered_on": [None, registered_on.isoformat()],
        "months": [None, months],
        "law": [None, law_code],
    }
    return episode


def _dossier_open(step: Step) -> RehabEpisode:
    """Open the dossier proposing compulsory rehab; it is due within the working days the law
    of that day gives (Decree 116/2021/NĐ-CP: 5 working days of detecting the case)."""
    person: Person = step.obj
    opened_on, rules = step.data["opened_on"], step.rules
    assert rules is not None
    _refuse_second_open(person)
    age = _check_compulsory_age(person, opened_on, "opened_on")
    due = deadline_in_working_days(opened_on, rules.compulsory_dossier_working_days)
    episode = RehabEpisode.objects.create(
        person=person,
        kind=RehabKind.COMPULSORY,
        status=RehabStatus.DOSSIER,
        opened_on=opened_on,
        minor=age < ADULT_AGE,
        dossier_law_code=rules.code,
        dossier_due=due,
    )
    step.changes = {
        "kind": [None, episode.get_kind_display()],
        "opened_on": [None, opened_on.isoformat()],
        "dossier_due": [None, due.isoformat()],
        "law": [None, rules.code],
    }
    return episode


def _start(step: Step) -> RehabEpisode:
    """Voluntary rehab begins; it runs for the registered months from this day."""
    episode: RehabEpisode = step.obj
    started_on = step.data["started_on"]
    assert episode.months is not None
    episode.started_on = episode.term_from = started_on
    episode.planned_end = add_months(started_on, episode.months)
    step.changes = {
        "started_on": [None, started_on.isoformat()],
        "planned_end": [None, episode.planned_end.isoformat()],
    }
    return episode


def _end_post_rehab_after(field: str) -> Any:
    """A new rehab (start or admission) ends an active post-rehab."""

    def then(step: Step) -> None:
        _end_post_rehab_for_new_rehab(step.actor, step.obj.person, step.data[field])

    return then


def _document(step: Step) -> DossierItem:
    """Tick a document of the dossier as received."""
    episode: RehabEpisode = step.obj
    if episode.documents.filter(document=step.data["document"]).exists():
        raise illegal(_("This document has already been received."))
    item = DossierItem.objects.create(
        episode=episode,
        document=step.data["document"],
        received_on=step.data["received_on"],
        recorded_by=step.actor,
    )
    step.changes = {"document": [None, item.get_document_display()]}
    return item


def _dossier_complete(step: Step) -> None:
    episode: RehabEpisode = step.obj
    received = set(episode.documents.values_list("document", flat=True))
    missing = [code for code in required_documents(episode) if code not in received]
    if missing:
        raise illegal(
            _(
                "Law on Handling Administrative Violations art. 103: the dossier lacks "
                "%(documents)s."
            )
            % {"documents": "; ".join(str(DossierDocument(code).label) for code in missing)}
        )


def _send(step: Step) -> RehabEpisode:
    """Send a complete dossier to the court."""
    episode: RehabEpisode = step.obj
    episode.sent_to_court_on = step.data["sent_on"]
    step.changes = {"sent_on": [None, episode.sent_to_court_on.isoformat()]}
    return episode


def _court_decision(step: Step) -> RehabEpisode:
    """The court's decision; the law of its date fixes the allowed months by age and repeat."""
    episode: RehabEpisode = step.obj
    person = episode.person
    decided_on = step.data["decided_on"]
    age = _check_compulsory_age(person, decided_on, "decided_on")
    minor = age < ADULT_AGE
    repeat = _earlier_rehabs(person, decided_on, episode.pk) > 0
    months, law_code = _months(
        step.data.get("months"),
        RehabKind.COMPULSORY,
        decided_on,
        "decided_on",
        minor=minor,
        repeat=repeat,
    )
    episode.court = step.data["court"].strip()
    episode.court_decision_number = step.data["number"].strip()
    episode.court_decision_date = decided_on
    episode.months = months
    episode.law_code = law_code
    episode.minor = minor
    episode.repeat = repeat
    step.changes = {
        "court": [None, episode.court],
        "number": [None, episode.court_decision_number],
        "decided_on": [None, decided_on.isoformat()],
        "months": [None, months],
        "law": [None, law_code],
    }
    return episode


def _admit(step: Step) -> RehabEpisode:
    """Admission to the facility. Days held at a facility while the dossier was prepared count
    toward the term (Decree 116/2021/NĐ-CP art. 44): recorded as holdings, or given here as the
    day the term counts from (a facility holding up to the day before admission)."""
    episode: RehabEpisode = step.obj
    admitted_on = step.data["admitted_on"]
    term_from = step.data.get("term_from") or admitted_on
    assert episode.months is not None
    if not episode.opened_on <= term_from <= admitted_on:
        raise DomainError(
            "term_from_out_of_range",
            _("The term counts from a day between the dossier (%(opened)s) and the admission.")
            % {"opened": episode.opened_on.strftime("%d/%m/%Y")},
            "term_from",
        )
    if episode.holdings.filter(held_to__gte=admitted_on).exists():
        raise DomainError(
            "holding_after_admission",
            _("A holding during the dossier runs past the admission: correct it first."),
            "admitted_on",
        )
    if term_from < admitted_on:
        _holding_create(
            episode, HeldPlace.FACILITY, term_from, admitted_on - ONE_DAY, "", "term_from"
        )
    episode.started_on = admitted_on
    episode.facility = step.data["facility"].strip()
    episode.facility_kind = _facility_kind(episode, step.data.get("facility_kind") or "")
    term = _term(episode)
    assert term.planned_end is not None
    episode.planned_end = term.planned_end
    episode.term_from = admitted_on - ONE_DAY * term.credited_days
    step.changes = {
        "admitted_on": [None, admitted_on.isoformat()],
        "facility": [None, episode.facility],
        "facility_kind": [None, episode.get_facility_kind_display()],
        "planned_end": [None, episode.planned_end.isoformat()],
    }
    if term.credited_days:
        step.changes["credited_days"] = [None, term.credited_days]
    return episode


def _facility_kind(episode: RehabEpisode, chosen: str) -> str:
    """The kind of facility the law of the admission day allows for the person's age: adults a
    compulsory-rehab facility; persons aged 12 to under 18 a reform school or a qualifying
    public facility from 1/7/2026 (Law 120/2025/QH15), before then a compulsory-rehab facility
    (Law 73/2021 art. 33)."""
    admitted_on = episode.started_on
    assert admitted_on is not None
    # The regime follows the court decision (aged 12 to under 18 on its date, `minor`).
    allowed = facility_kinds(
        law_day=admitted_on, age=MINIMUM_COMPULSORY_AGE if episode.minor else ADULT_AGE
    )
    if not chosen and len(allowed) == 1:
        chosen = next(iter(allowed))
    if chosen not in allowed:
        names = "; ".join(str(FacilityKind(k).label) for k in sorted(allowed))
        cite = "; ".join(sorted({FACILITY_CITATION[k] for k in allowed}))
        if episode.minor and chosen in (
            FacilityKind.REFORM_SCHOOL,
            FacilityKind.QUALIFYING_PUBLIC_FACILITY,
        ):
            message = _(
                "%(law)s: reform schools and qualifying public facilities take persons aged 12 "
                "to under 18 from %(day)s; on %(admitted)s the place is: %(names)s."
            ) % {
                "law": citation_text(LAW_120),
                "day": MINOR_FACILITIES_FROM.strftime("%d/%m/%Y"),
                "admitted": admitted_on.strftime("%d/%m/%Y"),
                "names": names,
            }
        else:
            message = _("%(law)s: on %(admitted)s the kind of facility is one of: %(names)s.") % {
                "law": citation_text(cite),
                "admitted": admitted_on.strftime("%d/%m/%Y"),
                "names": names,
            }
        raise DomainError("facility_kind_not_allowed", message, "facility_kind")
    return chosen


def _other_facility(step: Step) -> None:
    to_facility = (step.data.get("to_facility") or "").strip()
    if not to_facility or to_facility == step.obj.facility:
        raise DomainError(
            "facility_required", _("Enter the facility the person moves to."), "to_facility"
        )


def _transfer(step: Step) -> RehabTransfer:
    """Move a resident of compulsory rehab to another facility."""
    episode: RehabEpisode = step.obj
    transfer = RehabTransfer.objects.create(
        episode=episode,
        transferred_on=step.data["transferred_on"],
        from_facility=episode.facility,
        to_facility=step.data["to_facility"].strip(),
    )
    episode.facility = transfer.to_facility
    step.changes = {"facility": [transfer.from_facility, transfer.to_facility]}
    return transfer


def _before_term_end(step: Step) -> None:
    planned_end = step.obj.planned_end
    assert planned_end is not None
    if step.data["left_on"] >= planned_end:
        raise illegal(
            _("The term ended on %(day)s: record its completion.")
            % {"day": planned_end.strftime("%d/%m/%Y")}
        )


def _escape(step: Step) -> RehabAbsence:
    """The person left the facility without permission; the term stops running."""
    absence = RehabAbsence.objects.create(episode=step.obj, left_on=step.data["left_on"])
    step.changes = {"left_on": [None, absence.left_on.isoformat()]}
    return absence


def _open_absence(episode: RehabEpisode) -> RehabAbsence:
    return episode.absences.select_for_update().get(returned_on__isnull=True)


def _return(step: Step) -> RehabEpisode:
    """The person is back; the planned end moves later by the days away."""
    episode: RehabEpisode = step.obj
    returned_on = step.data["returned_on"]
    absence = _open_absence(episode)
    absence.returned_on = returned_on
    absence.save(update_fields=["returned_on"])
    days = (returned_on - absence.left_on).days
    assert episode.planned_end is not None
    before = episode.planned_end
    episode.days_away += days
    after = _planned_end(episode) if episode.is_compulsory else None
    episode.planned_end = after or before + datetime.timedelta(days=days)
    step.changes = {
        "returned_on": [None, returned_on.isoformat()],
        "planned_end": [before.isoformat(), episode.planned_end.isoformat()],
    }
    return episode


def _term_served(step: Step) -> None:
    planned_end = step.obj.planned_end
    assert planned_end is not None
    if step.data["completed_on"] < planned_end:
        raise illegal(
            _("The term runs until %(day)s; end it early only for a reason the law allows.")
            % {"day": planned_end.strftime("%d/%m/%Y")}
        )


def _complete(step: Step) -> RehabEpisode:
    """The term is served."""
    episode: RehabEpisode = step.obj
    episode.ended_on = step.data["completed_on"]
    episode.end_reason = RehabEndReason.COMPLETED
    _monitoring_close(step.actor, episode.ended_on, episode=episode)
    step.changes = {
        "ended_on": [None, episode.ended_on.isoformat()],
        "end_reason": [None, episode.get_end_reason_display()],
    }
    return episode


def _complete_follow_up(step: Step) -> None:
    """Completing compulsory rehab opens post-rehab management."""
    episode: RehabEpisode = step.obj
    assert step.rules is not None and episode.ended_on is not None
    if post_rehab_required(episode.kind, step.rules.code):
        _post_rehab_open(step.actor, episode, episode.ended_on)


def _early_reason(step: Step) -> None:
    episode: RehabEpisode = step.obj
    reason = step.data["reason"]
    if reason == RehabEndReason.COMPLETED:
        raise illegal(_("Record the completion once the term is served."))
    if reason not in EARLY_END_REASONS[episode.status]:
        raise DomainError(
            "end_reason_required",
            _("Choose a reason that can end a rehab at this stage (%(status)s).")
            % {"status": episode.get_status_display()},
            "reason",
        )


def _end_early(step: Step) -> RehabEpisode:
    """End before the term for a reason allowed at this stage."""
    episode: RehabEpisode = step.obj
    episode.ended_on = step.data["ended_on"]
    episode.end_reason = step.data["reason"]
    episode.end_note = (step.data.get("note") or "").strip()[:300]
    _monitoring_close(step.actor, episode.ended_on, episode=episode)
    step.changes = {
        "ended_on": [None, episode.ended_on.isoformat()],
        "end_reason": [None, episode.get_end_reason_display()],
    }
    step.note = episode.end_note
    return episode


def _post_open(step: Step) -> PostRehab:
    """Put a person who completed rehab under post-rehab management (e.g. after voluntary
    rehab; compulsory rehab opens it on completion)."""
    episode: RehabEpisode = step.obj
    if episode.status != RehabStatus.COMPLETED:
        raise illegal(_("Post-rehab management follows a completed rehab."))
    if PostRehab.objects.filter(episode=episode).exists():
        raise illegal(_("This rehab already has its post-rehab management."))
    assert episode.ended_on is not None
    check_date(step.data["started_on"], "started_on", not_before=episode.ended_on)
    return _post_rehab_open(step.actor, episode, step.data["started_on"])


def _post_end(step: Step) -> PostRehab:
    """End post-rehab management: served in full, or early for a reason."""
    post: PostRehab = step.obj
    ended_on, reason = step.data["ended_on"], step.data["reason"]
    if reason == PostRehabEndReason.SERVED and ended_on < post.planned_end:
        raise illegal(
            _("%(law)s: post-rehab management runs until %(day)s.")
            % {
                "law": citation_text(law_name(post.law_code)),
                "day": post.planned_end.strftime("%d/%m/%Y"),
            }
        )
    return _post_rehab_close(step.actor, post, ended_on, reason)


def _post_use(step: Step) -> AddictionDetermination:
    """Drug use during post-rehab requires an addiction determination (Law 73/2021 art. 27);
    an open determination already covers it."""
    post: PostRehab = step.obj
    open_one = (
        AddictionDetermination.objects.filter(person_id=post.person_id)
        .exclude(status=DeterminationStatus.DETERMINED)
        .first()
    )
    if open_one is not None:
        return open_one
    return transition_run(
        lifecycle=DETERMINATION,
        name="determination_require",
        actor=step.actor,
        obj_or_pk=post.person_id,
        data={"trigger": "use_during_post_rehab", "required_on": step.data["detected_on"]},
        origin=step.origin,
    )


# The term of compulsory rehab: holdings during the dossier, decisions that change it ------


ONE_DAY = datetime.timedelta(days=1)


def _pure_change(change: TermChange) -> term_rules.TermChange:
    return term_rules.TermChange(
        term_rules.TermChangeKind(change.kind),
        change.decided_on,
        change.decision_number,
        reduction_months=change.reduction_months,
        suspended_from=change.suspended_from,
        suspended_to=change.suspended_to,
    )


def _term(episode: RehabEpisode, extra: tuple[term_rules.TermChange, ...] = ()) -> term_rules.Term:
    """The term from the admission, the holdings, the days away and the decisions on it."""
    assert episode.started_on is not None and episode.months is not None
    held = [
        term_rules.HeldPeriod(h.held_from, h.held_to, term_rules.HeldAt(h.place))
        for h in episode.holdings.all()
    ]
    changes = [_pure_change(c) for c in episode.term_changes.all()] + list(extra)
    return term_rules.compulsory_term(
        started_on=episode.started_on,
        months=episode.months,
        held=held,
        changes=changes,
        days_not_counted=episode.days_away,
    )


def _planned_end(episode: RehabEpisode) -> datetime.date | None:
    return _term(episode).planned_end


def _suspended_days(episode: RehabEpisode, on: datetime.date) -> int:
    """Days the term did not run because it was suspended, up to `on`."""
    days = 0
    for change in episode.term_changes.filter(kind=TermChangeKind.SUSPENSION):
        assert change.suspended_from is not None
        last = change.suspended_to or on - ONE_DAY
        days += max(0, (min(last, on - ONE_DAY) - change.suspended_from).days + 1)
    return days


def _served_enough(episode: RehabEpisode, on: datetime.date, fraction: tuple[int, int]) -> bool:
    assert episode.started_on is not None and episode.months is not None
    return term_rules.half_served(
        started_on=episode.started_on,
        months=episode.months,
        on=on,
        credit=episode.credited_days,
        days_not_counted=episode.days_away + _suspended_days(episode, on),
        fraction=fraction,
    )


def _not_half_served(episode: RehabEpisode, citation: str, fraction: tuple[int, int]) -> Any:
    assert episode.started_on is not None and episode.months is not None
    numerator, denominator = fraction
    days = term_rules.term_days(started_on=episode.started_on, months=episode.months)
    return illegal(
        _(
            "%(law)s: %(part)s of the term (%(days)s of %(total)s days) must be served first; "
            "time away or suspended does not count."
        )
        % {
            "law": citation_text(citation),
            "part": f"{numerator}/{denominator}",
            "days": -(-days * numerator // denominator),
            "total": days,
        }
    )


def _holding_create(
    episode: RehabEpisode,
    place: str,
    held_from: datetime.date,
    held_to: datetime.date,
    facility: str,
    field: str,
) -> DossierHolding:
    if held_to < held_from:
        raise DomainError(
            "holding_ends_before_start", _("The holding ends before it starts."), "held_to"
        )
    if held_from < episode.opened_on:
        raise DomainError(
            "holding_before_dossier",
            _("The holding starts before the dossier was opened (%(day)s).")
            % {"day": episode.opened_on.strftime("%d/%m/%Y")},
            field,
        )
    if episode.holdings.filter(held_from__lte=held_to, held_to__gte=held_from).exists():
        raise DomainError(
            "holding_overlaps", _("The holding overlaps another one already recorded."), field
        )
    return DossierHolding.objects.create(
        episode=episode, place=place, held_from=held_from, held_to=held_to, facility=facility
    )


def _holding(step: Step) -> DossierHolding:
    """Where the person was while the dossier was prepared: held at a facility (counts toward
    the term) or managed by the family at home (does not count), Decree 116/2021 art. 44–45."""
    episode: RehabEpisode = step.obj
    data = step.data
    check_date(data["held_to"], "held_to")
    holding = _holding_create(
        episode,
        data["place"],
        data["held_from"],
        data["held_to"],
        (data.get("facility") or "").strip(),
        "held_from",
    )
    step.changes = {
        "place": [None, holding.get_place_display()],
        "held_from": [None, holding.held_from.isoformat()],
        "held_to": [None, holding.held_to.isoformat()],
        "credited_days": [None, episode.credited_days],
    }
    step.note = term_rules.CREDIT_CITATION
    return holding


def _change_record(
    step: Step, kind: str, citation: str, before: datetime.date | None, **fields: Any
) -> TermChange:
    data = step.data
    return TermChange.objects.create(
        episode=step.obj,
        kind=kind,
        ground=data["ground"],
        decision_number=data["decision_number"].strip(),
        decided_on=data["decided_on"],
        issuer=data["issuer"].strip(),
        citation=citation,
        planned_end_before=before,
        recorded_by=step.actor,
        **fields,
    )


def _change_changes(change: TermChange) -> dict[str, Any]:
    return {
        "kind": [None, change.get_kind_display()],
        "ground": [None, change.get_ground_display()],
        "decision": [None, f"{change.decision_number} {change.decided_on:%d/%m/%Y}"],
        "issuer": [None, change.issuer],
        "planned_end": [
            change.planned_end_before.isoformat() if change.planned_end_before else None,
            change.planned_end_after.isoformat() if change.planned_end_after else None,
        ],
    }


def _reduce(step: Step) -> TermChange:
    """A reduction of the term for good conduct (1 to 3 months) or a meritorious deed (3 to 6
    months) once half the term is served (Decree 116/2021/NĐ-CP art. 58(1))."""
    episode: RehabEpisode = step.obj
    decided_on, ground, months = step.data["decided_on"], step.data["ground"], step.data["months"]
    if ground not in (TermChangeGround.GOOD_CONDUCT, TermChangeGround.MERIT):
        raise DomainError("ground_required", _("Choose the ground of the reduction."), "ground")
    low, high = term_rules.reduction_months_allowed(ground)
    if months is None or not low <= months <= high:
        raise DomainError(
            "months_out_of_range",
            _("%(law)s: for this ground the term is reduced by %(low)s to %(high)s months.")
            % {"law": citation_text(term_rules.REDUCTION_CITATION), "low": low, "high": high},
            "months",
        )
    if not _served_enough(episode, decided_on, term_rules.SERVED_FRACTION_FOR_RELIEF):
        raise _not_half_served(
            episode, term_rules.REDUCTION_CITATION, term_rules.SERVED_FRACTION_FOR_RELIEF
        )
    pure = term_rules.TermChange(
        term_rules.TermChangeKind.REDUCTION,
        decided_on,
        step.data["decision_number"],
        reduction_months=months,
    )
    after = _term(episode, (pure,)).planned_end
    assert after is not None
    if after <= decided_on:
        raise illegal(
            _(
                "%(law)s: the reduction would end the term before the decision; the remainder "
                "is exempted instead."
            )
            % {"law": citation_text(term_rules.REDUCTION_CITATION)}
        )
    before = episode.planned_end
    change = _change_record(
        step,
        TermChangeKind.REDUCTION,
        term_rules.REDUCTION_CITATION,
        before,
        reduction_months=months,
        planned_end_after=after,
    )
    episode.planned_end = after
    step.changes = {**_change_changes(change), "months": [None, months]}
    step.note = change.citation
    return change


def _suspend(step: Step) -> TermChange:
    """The term stops running while the person is treated for a serious illness (inpatient
    over 10 days, Decree 116/2021/NĐ-CP art. 58(2)); the planned end waits for the return."""
    episode: RehabEpisode = step.obj
    decided_on = step.data["decided_on"]
    suspended_from = step.data.get("suspended_from") or decided_on
    assert episode.started_on is not None
    check_date(suspended_from, "suspended_from", not_before=episode.started_on)
    if step.data["ground"] != TermChangeGround.SERIOUS_ILLNESS:
        raise DomainError("ground_required", _("Choose the ground of the suspension."), "ground")
    before = episode.planned_end
    if before is not None and suspended_from >= before:
        raise illegal(
            _("The term ended on %(day)s: record its completion.")
            % {"day": before.strftime("%d/%m/%Y")}
        )
    change = _change_record(
        step,
        TermChangeKind.SUSPENSION,
        term_rules.SUSPENSION_CITATION,
        before,
        suspended_from=suspended_from,
    )
    episode.planned_end = None
    step.changes = {
        **_change_changes(change),
        "suspended_from": [None, suspended_from.isoformat()],
    }
    step.note = change.citation
    return change


def _open_suspension(episode: RehabEpisode) -> TermChange:
    return episode.term_changes.select_for_update().get(
        kind=TermChangeKind.SUSPENSION, suspended_to__isnull=True
    )


def _resume(step: Step) -> RehabEpisode:
    """Back at the facility after a suspension: the planned end moves later by the days
    suspended. With under 3 months left the remainder is exempted instead (art. 58(2))."""
    episode: RehabEpisode = step.obj
    resumed_on = step.data["resumed_on"]
    suspension = _open_suspension(episode)
    assert suspension.suspended_from is not None
    if resumed_on <= suspension.suspended_from:
        raise DomainError(
            "date_before_previous_step",
            _("The date is before the previous step (%(day)s).")
            % {"day": suspension.suspended_from.strftime("%d/%m/%Y")},
            "resumed_on",
        )
    suspension.suspended_to = resumed_on - ONE_DAY
    suspension.save(update_fields=["suspended_to"])
    after = _planned_end(episode)
    assert after is not None
    if not term_rules.may_resume(resumed_on=resumed_on, planned_end=after):
        raise illegal(
            _(
                "%(law)s: under %(months)s months of the term remain (until %(day)s): record "
                "the exemption of the remainder instead."
            )
            % {
                "law": citation_text(term_rules.SUSPENSION_CITATION),
                "months": term_rules.RESUME_MIN_REMAINING_MONTHS,
                "day": after.strftime("%d/%m/%Y"),
            }
        )
    suspension.planned_end_after = after
    suspension.save(update_fields=["planned_end_after"])
    episode.planned_end = after
    step.changes = {
        "resumed_on": [None, resumed_on.isoformat()],
        "planned_end": [
            suspension.planned_end_before.isoformat() if suspension.planned_end_before else None,
            after.isoformat(),
        ],
    }
    step.note = term_rules.SUSPENSION_CITATION
    return episode


def _exempt(step: Step) -> TermChange:
    """Exemption of the remainder (Decree 116/2021/NĐ-CP art. 58(3); Law on Handling
    Administrative Violations art. 112(1)): the episode ends on the decision date."""
    episode: RehabEpisode = step.obj
    decided_on, ground = step.data["decided_on"], step.data["ground"]
    person = episode.person
    # The runner has already set the new state: an open suspension tells a suspended term.
    suspension = (
        episode.term_changes.select_for_update()
        .filter(kind=TermChangeKind.SUSPENSION, suspended_to__isnull=True)
        .first()
    )
    if suspension is not None:
        # The suspension ends the day before the exemption (its first day at the least).
        assert suspension.suspended_from is not None
        suspension.suspended_to = max(decided_on - ONE_DAY, suspension.suspended_from)
        suspension.save(update_fields=["suspended_to"])
    if ground == TermChangeGround.PROGRESS:
        if not _served_enough(episode, decided_on, term_rules.SERVED_FRACTION_FOR_RELIEF):
            raise _not_half_served(
                episode, term_rules.EXEMPTION_CITATION, term_rules.SERVED_FRACTION_FOR_RELIEF
            )
    elif ground == TermChangeGround.MINOR_PROGRESS:
        age = age_on(person.birth_date, person.birth_year, decided_on)
        if not term_rules.minor_relief_age(age):
            raise DomainError(
                "ground_not_allowed",
                _(
                    "%(law)s: this ground is for a person aged 14 to under 18 on the decision "
                    "date; the person is %(age)s."
                )
                % {"law": citation_text(term_rules.EXEMPTION_CITATION), "age": age},
                "ground",
            )
        if not _served_enough(episode, decided_on, term_rules.MINOR_SERVED_FRACTION_FOR_RELIEF):
            raise _not_half_served(
                episode,
                term_rules.EXEMPTION_CITATION,
                term_rules.MINOR_SERVED_FRACTION_FOR_RELIEF,
            )
    elif ground == TermChangeGround.SHORT_REMAINDER:
        planned = _planned_end(episode)
        if suspension is None or planned is None:
            raise DomainError(
                "ground_not_allowed",
                _("%(law)s: this ground follows a suspension for serious illness.")
                % {"law": citation_text(term_rules.SUSPENSION_CITATION)},
                "ground",
            )
        if term_rules.may_resume(resumed_on=decided_on, planned_end=planned):
            raise DomainError(
                "ground_not_allowed",
                _(
                    "%(law)s: %(months)s months or more of the term remain (until %(day)s): "
                    "the person goes back to the facility."
                )
                % {
                    "law": citation_text(term_rules.SUSPENSION_CITATION),
                    "months": term_rules.RESUME_MIN_REMAINING_MONTHS,
                    "day": planned.strftime("%d/%m/%Y"),
                },
                "ground",
            )
    elif ground != TermChangeGround.DANGEROUS_ILLNESS:
        raise DomainError("ground_required", _("Choose the ground of the exemption."), "ground")
    before = episode.planned_end or (
        suspension.planned_end_before if suspension is not None else None
    )
    change = _change_record(
        step,
        TermChangeKind.EXEMPTION,
        term_rules.EXEMPTION_CITATION,
        before,
        planned_end_after=decided_on,
    )
    episode.planned_end = decided_on
    episode.ended_on = decided_on
    episode.end_reason = RehabEndReason.EXEMPTED
    episode.end_note = f"{change.decision_number} ({change.issuer})"[:300]
    step.changes = _change_changes(change)
    step.note = change.citation
    return change


def _exempt_follow_up(step: Step) -> None:
    """Exempted from the remainder, the person has finished with the decision: post-rehab
    management opens as on completion (Law 73/2021 art. 40)."""
    episode: RehabEpisode = step.obj
    if not PostRehab.objects.filter(person=episode.person, status=PostRehabStatus.ACTIVE).exists():
        assert episode.ended_on is not None
        _post_rehab_open(step.actor, episode, episode.ended_on)


# Electronic monitoring (Law 120/2025/QH15, from 1/7/2026) ---------------------------------


def _monitored_episode(
    person: Person, monitored: str, day: datetime.date
) -> tuple[dict[str, Any], datetime.date, datetime.date | None]:
    """The person's episode of that kind under way on `day`: its row, start and planned end."""
    if monitored == MonitoredEpisode.VOLUNTARY_HOME:
        episode = RehabEpisode.objects.filter(
            person=person, kind=RehabKind.VOLUNTARY_HOME, status=RehabStatus.IN_PROGRESS
        ).first()
        if episode is not None and episode.started_on is not None:
            return {"episode": episode}, episode.started_on, episode.planned_end
    elif monitored == MonitoredEpisode.POST_REHAB:
        post = PostRehab.objects.filter(person=person, status=PostRehabStatus.ACTIVE).first()
        if post is not None:
            return {"post_rehab": post}, post.started_on, post.planned_end
    elif monitored == MonitoredEpisode.SUBSTITUTION_THERAPY:
        therapy = SubstitutionTherapy.objects.filter(person=person, stopped_on__isnull=True).first()
        if therapy is not None:
            return {"therapy": therapy}, therapy.started_on, None
    else:
        raise DomainError("monitored_required", _("Choose the episode monitored."), "monitored")
    raise illegal(
        _("%(law)s: the person has no %(episode)s under way to monitor.")
        % {"law": citation_text(LAW_120), "episode": MonitoredEpisode(monitored).label.lower()}
    )


def _monitoring_start(step: Step) -> ElectronicMonitoring:
    """Electronic monitoring during home rehab, substitution therapy or post-rehab, from
    1/7/2026 (Law 120/2025/QH15), within the episode it accompanies."""
    person: Person = step.obj
    data = step.data
    started_on, monitored = data["started_on"], data["monitored"]
    rules = step.rules
    assert rules is not None
    if rules.code != "law_120_2025":
        raise DomainError(
            "monitoring_not_in_force",
            _("%(law)s: electronic monitoring applies from %(day)s.")
            % {"law": citation_text(LAW_120), "day": MINOR_FACILITIES_FROM.strftime("%d/%m/%Y")},
            "started_on",
        )
    if ElectronicMonitoring.objects.filter(person=person, status=MonitoringStatus.ACTIVE).exists():
        raise illegal(_("The person is already under electronic monitoring."))
    link, episode_start, episode_end = _monitored_episode(person, monitored, started_on)
    try:
        term = electronic_monitoring_term(
            episode_kind=monitored,
            episode_start=episode_start,
            episode_end=episode_end,
            start=started_on,
            end=data.get("planned_end"),
        )
    except ValueError as exc:
        raise DomainError(
            "monitoring_outside_episode",
            _("%(law)s: monitoring runs within the episode it accompanies (%(start)s – %(end)s).")
            % {
                "law": citation_text(LAW_120),
                "start": episode_start.strftime("%d/%m/%Y"),
                "end": episode_end.strftime("%d/%m/%Y") if episode_end else "…",
            },
            "started_on",
        ) from exc
    monitoring = ElectronicMonitoring.objects.create(
        person=person,
        monitored=monitored,
        status=MonitoringStatus.ACTIVE,
        law_code=rules.code,
        device_reference=data["device_reference"].strip(),
        started_on=term.start,
        planned_end=term.end,
        **link,
    )
    step.changes = {
        "monitored": [None, monitoring.get_monitored_display()],
        "device_reference": [None, monitoring.device_reference],
        "started_on": [None, started_on.isoformat()],
        "planned_end": [None, term.end.isoformat() if term.end else None],
    }
    step.note = term.citation
    return monitoring


def _monitoring_alert(step: Step) -> MonitoringAlert:
    """An alert the device raised."""
    monitoring: ElectronicMonitoring = step.obj
    alert = MonitoringAlert.objects.create(
        monitoring=monitoring,
        occurred_on=step.data["occurred_on"],
        kind=step.data["kind"],
        note=(step.data.get("note") or "").strip()[:300],
        recorded_by=step.actor,
    )
    step.changes = {
        "alert": [None, alert.get_kind_display()],
        "occurred_on": [None, alert.occurred_on.isoformat()],
        "device_reference": [None, monitoring.device_reference],
    }
    step.note = alert.note
    return alert


def _monitoring_end(step: Step) -> ElectronicMonitoring:
    monitoring: ElectronicMonitoring = step.obj
    monitoring.ended_on = step.data["ended_on"]
    step.changes = {"ended_on": [None, monitoring.ended_on.isoformat()]}
    return monitoring


def monitoring_person(monitoring: ElectronicMonitoring) -> Person:
    return monitoring.person


def monitoring_writable(actor: Any, monitoring: ElectronicMonitoring) -> None:
    person_writable(actor, monitoring.person)


# Declarations ----------------------------------------------------------------------------


def _episode_again(episode: RehabEpisode, result: Any) -> RehabEpisode:
    """The API answers with the episode as it now is."""
    return RehabEpisode.objects.get(pk=episode.pk)


def _post_with_determination(post: PostRehab, determination: AddictionDetermination) -> Any:
    post = PostRehab.objects.get(pk=post.pk)
    post.determination_pk = determination.pk  # type: ignore[attr-defined]
    return post


def _voluntary_or_dossier(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The API's one opening route: voluntary kinds register, "compulsory" opens a dossier."""
    if data["kind"] == RehabKind.COMPULSORY:
        if data.get("opened_on") is None:
            raise DomainError("date_required", _("Enter the date."), "opened_on")
        return "compulsory_dossier_open", {"opened_on": data["opened_on"]}
    if data.get("registered_on") is None:
        raise DomainError("date_required", _("Enter the date."), "registered_on")
    commune = None
    if data.get("commune"):
        commune = AdminUnit.objects.communes().filter(code=data["commune"]).first()
        if commune is None:
            raise DomainError("commune_required", _("No commune has this code."), "commune")
    return "rehab_register", {**data, "commune": commune}


def _voluntary_kind(step: Step) -> None:
    if step.data.get("kind") not in VOLUNTARY_KINDS:
        raise DomainError("kind_required", _("Choose the kind of voluntary rehab."), "kind")


def _since_last_step(field: str) -> Guard:
    return dated(field, after=_last_step, previous=_("the latest step of the episode"))


OPEN = tuple(s for s in RehabStatus.values if s not in CLOSED_STATUSES)
WHO = _("an officer whose jurisdiction holds the person's managing commune")


def _rehab(**kwargs: Any) -> Transition:
    return Transition(response=EpisodeSerializer, respond=_episode_again, **kwargs)


# A decision on the term: its number, date and issuer (Decree 116/2021/NĐ-CP art. 58).
_DECISION_GUARDS = (
    required(
        ("decision_number", "issuer"),
        "decision_details_required",
        _("Enter the decision number and who issued it."),
        "decision_number",
    ),
    dated("decided_on", after=_last_step, previous=_("the latest step of the episode")),
)


REHAB = register(
    Lifecycle(
        name="rehab",
        label=_("Rehab (voluntary and compulsory)"),
        model=RehabEpisode,
        state_field="status",
        states=RehabStatus,
        url_kwarg="rehab_pk",
        load=selectors.episode_get,
        check_write=episode_writable,
        subject=episode_person,
        record=record_event,
        who=WHO,
        parent_model=Person,
        parent_load=person_get,
        parent_check_write=person_writable,
        transitions=(
            Transition(
                name="rehab_register",
                label=_("Register voluntary rehab (at home, in the community or at a facility)"),
                source=(INITIAL,),
                target=RehabStatus.REGISTERED,
                refused=_("One rehab measure at a time."),
                form=RehabRegisterForm,
                serializer=OpenSerializer,
                choose=_voluntary_or_dossier,
                guards=(
                    rule(_("a voluntary kind"), _voluntary_kind),
                    dated("registered_on"),
                    law_in_force("registered_on"),
                ),
                effect=_register,
                event=EventAction.REHAB_OPENED,
                path="persons/<int:pk>/rehab/",
                page_name="rehab_register",
                api_name="api_rehab_list",
                response=EpisodeSerializer,
                created=True,
                done=_("The voluntary rehab has been registered."),
                date_field="registered_on",
            ),
            Transition(
                name="compulsory_dossier_open",
                label=_("Open the dossier proposing compulsory rehab"),
                source=(INITIAL,),
                target=RehabStatus.DOSSIER,
                refused=_("One rehab measure at a time; compulsory rehab from the age of 12."),
                form=DossierOpenForm,
                guards=(dated("opened_on"), law_in_force("opened_on")),
                effect=_dossier_open,
                event=EventAction.REHAB_OPENED,
                path="persons/<int:pk>/rehab/dossier/",
                page_name="rehab_dossier_open",
                api_name="api_rehab_dossier_open",
                response=EpisodeSerializer,
                created=True,
                done=_("The compulsory-rehab dossier has been opened."),
                date_field="opened_on",
            ),
            _rehab(
                name="rehab_start",
                label=_("Start a voluntary rehab"),
                source=(RehabStatus.REGISTERED,),
                target=RehabStatus.IN_PROGRESS,
                refused=_("Only a registered voluntary rehab can start."),
                form=StartForm,
                guards=(
                    dated(
                        "started_on", after=lambda e: e.opened_on, previous=_("the registration")
                    ),
                ),
                effect=_start,
                event=EventAction.REHAB_ADMITTED,
                then=_end_post_rehab_after("started_on"),
                path="rehab/<int:rehab_pk>/start/",
                page_name="rehab_start",
                api_name="api_rehab_start",
                done=_("The rehab has started."),
                date_field="started_on",
            ),
            _rehab(
                name="dossier_document_receive",
                label=_("Tick a dossier document as received"),
                source=(RehabStatus.DOSSIER,),
                target=None,
                refused=_("Documents are added while the dossier is being prepared."),
                form=DocumentForm,
                guards=(
                    one_of(
                        "document",
                        lambda step: DossierDocument.values,
                        "document_required",
                        _("Choose the document."),
                    ),
                    dated("received_on", after=lambda e: e.opened_on, previous=_("the dossier")),
                ),
                effect=_document,
                event=EventAction.REHAB_DOSSIER,
                path="rehab/<int:rehab_pk>/documents/",
                page_name="rehab_document",
                api_name="api_rehab_document",
                created=True,
                done=_("The document has been ticked as received."),
                date_field="received_on",
            ),
            _rehab(
                name="dossier_send_to_court",
                label=_("Send the complete dossier to the court"),
                source=(RehabStatus.DOSSIER,),
                target=RehabStatus.AT_COURT,
                refused=_("Only a dossier being prepared can be sent to the court."),
                form=SendToCourtForm,
                guards=(
                    rule(_("every required document received (art. 103)"), _dossier_complete),
                    _since_last_step("sent_on"),
                ),
                effect=_send,
                event=EventAction.REHAB_DOSSIER,
                path="rehab/<int:rehab_pk>/court-submission/",
                page_name="rehab_send_to_court",
                api_name="api_rehab_send_to_court",
                done=_("The dossier has been sent to the court."),
                date_field="sent_on",
            ),
            _rehab(
                name="court_decision_record",
                label=_("Record the court's decision"),
                source=(RehabStatus.AT_COURT,),
                target=RehabStatus.DECIDED,
                refused=_("The court decides on a dossier that has been sent to it."),
                form=CourtDecisionForm,
                guards=(
                    required(
                        ("court", "number"),
                        "decision_details_required",
                        _("Enter the court and the decision number."),
                        "court",
                    ),
                    dated(
                        "decided_on",
                        after=lambda e: e.sent_to_court_on,
                        previous=_("the submission to the court"),
                    ),
                ),
                effect=_court_decision,
                event=EventAction.REHAB_COURT,
                path="rehab/<int:rehab_pk>/court-decision/",
                page_name="rehab_court_decision",
                api_name="api_rehab_court_decision",
                done=_("The court decision has been recorded."),
                date_field="decided_on",
            ),
            _rehab(
                name="compulsory_admit",
                label=_("Record the admission to the facility"),
                source=(RehabStatus.DECIDED,),
                target=RehabStatus.ADMITTED,
                refused=_("Admission follows the court's decision."),
                form=AdmissionForm,
                guards=(
                    required(("facility",), "facility_required", _("Enter the facility.")),
                    dated(
                        "admitted_on",
                        after=lambda e: e.court_decision_date,
                        previous=_("the court decision"),
                    ),
                ),
                effect=_admit,
                event=EventAction.REHAB_ADMITTED,
                then=_end_post_rehab_after("admitted_on"),
                path="rehab/<int:rehab_pk>/admission/",
                page_name="rehab_admit",
                api_name="api_rehab_admit",
                done=_("The admission has been recorded."),
                date_field="admitted_on",
            ),
            _rehab(
                name="dossier_holding_record",
                label=_("Record where the person was held while the dossier was prepared"),
                source=(RehabStatus.DOSSIER, RehabStatus.AT_COURT, RehabStatus.DECIDED),
                target=None,
                refused=_("Holdings are recorded before the admission."),
                form=HoldingForm,
                guards=(
                    one_of(
                        "place",
                        lambda step: HeldPlace.values,
                        "place_required",
                        _("Choose where the person was held."),
                    ),
                    dated("held_from", after=lambda e: e.opened_on, previous=_("the dossier")),
                ),
                effect=_holding,
                event=RehabAction.DOSSIER_HELD,
                path="rehab/<int:rehab_pk>/holdings/",
                page_name="rehab_holding",
                api_name="api_rehab_holding",
                created=True,
                done=_("The holding has been recorded."),
                date_field="held_from",
            ),
            _rehab(
                name="term_reduce",
                label=_("Record a decision reducing the term"),
                source=(RehabStatus.ADMITTED,),
                target=None,
                refused=_("The term of a person in the facility can be reduced."),
                form=TermReduceForm,
                guards=(*_DECISION_GUARDS,),
                effect=_reduce,
                event=RehabAction.TERM_REDUCED,
                path="rehab/<int:rehab_pk>/term-reduction/",
                page_name="rehab_term_reduce",
                api_name="api_rehab_term_reduce",
                created=True,
                done=_("The reduction has been recorded; the planned end moved earlier."),
                date_field="decided_on",
            ),
            _rehab(
                name="term_suspend",
                label=_("Record a decision suspending the term (serious illness)"),
                source=(RehabStatus.ADMITTED,),
                target=RehabStatus.SUSPENDED,
                refused=_("The term of a person in the facility can be suspended."),
                form=TermSuspendForm,
                guards=(*_DECISION_GUARDS,),
                effect=_suspend,
                event=RehabAction.TERM_SUSPENDED,
                path="rehab/<int:rehab_pk>/term-suspension/",
                page_name="rehab_term_suspend",
                api_name="api_rehab_term_suspend",
                created=True,
                done=_("The suspension has been recorded; the term stops running."),
                date_field="decided_on",
            ),
            _rehab(
                name="term_resume",
                label=_("Record the return after a suspension; the planned end moves later"),
                source=(RehabStatus.SUSPENDED,),
                target=RehabStatus.ADMITTED,
                refused=_("Only a suspended term can resume."),
                form=TermResumeForm,
                guards=(_since_last_step("resumed_on"),),
                effect=_resume,
                event=RehabAction.TERM_RESUMED,
                path="rehab/<int:rehab_pk>/term-resumption/",
                page_name="rehab_term_resume",
                api_name="api_rehab_term_resume",
                done=_("The return has been recorded; the planned end moved accordingly."),
                date_field="resumed_on",
            ),
            _rehab(
                name="term_exempt",
                label=_("Record a decision exempting the remainder of the term"),
                source=(RehabStatus.ADMITTED, RehabStatus.SUSPENDED),
                target=RehabStatus.ENDED_EARLY,
                refused=_("The remainder can be exempted while the term runs or is suspended."),
                form=TermExemptForm,
                guards=(*_DECISION_GUARDS, law_in_force("decided_on")),
                effect=_exempt,
                event=RehabAction.TERM_EXEMPTED,
                then=_exempt_follow_up,
                path="rehab/<int:rehab_pk>/term-exemption/",
                page_name="rehab_term_exempt",
                api_name="api_rehab_term_exempt",
                created=True,
                done=_("The exemption has been recorded; the rehab has ended."),
                date_field="decided_on",
            ),
            _rehab(
                name="rehab_transfer",
                label=_("Transfer to another facility"),
                source=(RehabStatus.ADMITTED,),
                target=None,
                refused=_("Only a person in the facility can be transferred."),
                form=TransferForm,
                guards=(
                    rule(_("another facility"), _other_facility),
                    _since_last_step("transferred_on"),
                ),
                effect=_transfer,
                event=EventAction.REHAB_TRANSFERRED,
                path="rehab/<int:rehab_pk>/transfers/",
                page_name="rehab_transfer",
                api_name="api_rehab_transfer",
                created=True,
                done=_("The transfer has been recorded."),
                date_field="transferred_on",
            ),
            _rehab(
                name="rehab_escape",
                label=_("Record leaving without permission"),
                source=(RehabStatus.ADMITTED,),
                target=RehabStatus.AWAY,
                refused=_("Only a person in the facility can leave it."),
                form=EscapeForm,
                guards=(
                    _since_last_step("left_on"),
                    rule(_("before the end of the term"), _before_term_end),
                ),
                effect=_escape,
                event=EventAction.REHAB_ESCAPED,
                path="rehab/<int:rehab_pk>/escape/",
                page_name="rehab_escape",
                api_name="api_rehab_escape",
                done=_("The absence without permission has been recorded."),
                date_field="left_on",
            ),
            _rehab(
                name="rehab_return",
                label=_("Record the return; the planned end moves later"),
                source=(RehabStatus.AWAY,),
                target=RehabStatus.ADMITTED,
                refused=_("Only a person away without permission can return."),
                form=ReturnForm,
                guards=(
                    dated(
                        "returned_on",
                        after=lambda e: _open_absence(e).left_on,
                        previous=_("the day the person left"),
                    ),
                ),
                effect=_return,
                event=EventAction.REHAB_RETURNED,
                path="rehab/<int:rehab_pk>/return/",
                page_name="rehab_return",
                api_name="api_rehab_return",
                done=_("The return has been recorded; the planned end moved accordingly."),
                date_field="returned_on",
            ),
            _rehab(
                name="rehab_complete",
                label=_("Complete the rehab once the term is served"),
                source=(RehabStatus.IN_PROGRESS, RehabStatus.ADMITTED),
                target=RehabStatus.COMPLETED,
                refused=_("Only a rehab under way can be completed."),
                form=CompleteForm,
                guards=(
                    _since_last_step("completed_on"),
                    rule(_("the term is served"), _term_served),
                    law_in_force("completed_on"),
                ),
                effect=_complete,
                event=EventAction.REHAB_ENDED,
                then=_complete_follow_up,
                path="rehab/<int:rehab_pk>/complete/",
                page_name="rehab_complete",
                api_name="api_rehab_complete",
                done=_("The rehab has been completed."),
                date_field="completed_on",
            ),
            _rehab(
                name="rehab_end_early",
                label=_("End the rehab early"),
                source=OPEN,
                target=RehabStatus.ENDED_EARLY,
                refused=_("This rehab has already ended."),
                form=EndEarlyForm,
                serializer=EndSerializer,
                guards=(
                    capability(
                        Capability.REHAB_END_DEATH,
                        when=lambda step: step.data.get("reason") == RehabEndReason.DEATH,
                    ),
                    rule(_("a reason the law allows at this stage"), _early_reason),
                    _since_last_step("ended_on"),
                ),
                effect=_end_early,
                event=EventAction.REHAB_ENDED,
                path="rehab/<int:rehab_pk>/end/",
                page_name="rehab_end",
                api_name="api_rehab_end",
                done=_("The rehab has ended."),
                date_field="ended_on",
            ),
        ),
    )
)


POST_REHAB = register(
    Lifecycle(
        name="post_rehab",
        label=_("Post-rehab management"),
        model=PostRehab,
        state_field="status",
        states=PostRehabStatus,
        url_kwarg="post_rehab_pk",
        load=selectors.post_rehab_get,
        check_write=episode_writable,
        subject=episode_person,
        record=record_event,
        who=WHO,
        parent_model=RehabEpisode,
        parent_url_kwarg="rehab_pk",
        parent_load=selectors.episode_get,
        parent_check_write=episode_writable,
        parent_subject=episode_person,
        parent_redirect=lambda request, episode: redirect("person_detail", pk=episode.person_id),
        transitions=(
            Transition(
                name="post_rehab_open",
                label=_("Put a person who completed rehab under post-rehab management"),
                source=(INITIAL,),
                target=PostRehabStatus.ACTIVE,
                refused=_("Post-rehab management follows a completed rehab."),
                form=PostRehabOpenForm,
                effect=_post_open,
                path="rehab/<int:rehab_pk>/post-rehab/",
                page_name="post_rehab_open",
                api_name="api_post_rehab_open",
                response=PostRehabSerializer,
                created=True,
                done=_("Post-rehab management has started."),
                date_field="started_on",
            ),
            Transition(
                name="post_rehab_use_detected",
                label=_("Drug use during post-rehab: an addiction determination is required"),
                source=(PostRehabStatus.ACTIVE,),
                target=None,
                refused=_("The person is no longer under post-rehab management."),
                form=PostRehabUseForm,
                guards=(
                    dated("detected_on", after=lambda p: p.started_on, previous=_("the start")),
                ),
                effect=_post_use,
                path="post-rehab/<int:post_rehab_pk>/use/",
                page_name="post_rehab_use",
                api_name="api_post_rehab_use",
                response=PostRehabUseSerializer,
                respond=_post_with_determination,
                done=_("The use is recorded; an addiction determination is required."),
                date_field="detected_on",
            ),
            Transition(
                name="post_rehab_end",
                label=_("End post-rehab management: served, or early with a reason"),
                source=(PostRehabStatus.ACTIVE,),
                target=PostRehabStatus.ENDED,
                refused=_("This post-rehab management has already ended."),
                form=PostRehabEndForm,
                guards=(
                    one_of(
                        "reason",
                        lambda step: PostRehabEndReason.values,
                        "end_reason_required",
                        _("Choose why it ends."),
                    ),
                    dated("ended_on", after=lambda p: p.started_on, previous=_("the start")),
                ),
                effect=_post_end,
                path="post-rehab/<int:post_rehab_pk>/end/",
                page_name="post_rehab_end",
                api_name="api_post_rehab_end",
                response=PostRehabSerializer,
                done=_("Post-rehab management has ended."),
                date_field="ended_on",
            ),
        ),
    )
)

MONITORING = register(
    Lifecycle(
        name="electronic_monitoring",
        label=_("Electronic monitoring (Law 120/2025/QH15)"),
        model=ElectronicMonitoring,
        state_field="status",
        states=MonitoringStatus,
        url_kwarg="monitoring_pk",
        load=selectors.monitoring_get,
        check_write=monitoring_writable,
        subject=monitoring_person,
        record=record_event,
        who=WHO,
        parent_model=Person,
        parent_load=person_get,
        parent_check_write=person_writable,
        transitions=(
            Transition(
                name="monitoring_start",
                label=_(
                    "Start electronic monitoring during home rehab, substitution therapy or "
                    "post-rehab"
                ),
                source=(INITIAL,),
                target=MonitoringStatus.ACTIVE,
                refused=_("One electronic monitoring at a time."),
                form=MonitoringStartForm,
                guards=(
                    required(
                        ("device_reference",),
                        "device_required",
                        _("Enter the device reference."),
                    ),
                    dated("started_on"),
                    law_in_force("started_on"),
                ),
                effect=_monitoring_start,
                event=RehabAction.MONITORING_STARTED,
                path="persons/<int:pk>/monitoring/",
                page_name="monitoring_start",
                api_name="api_monitoring_start",
                response=MonitoringSerializer,
                created=True,
                done=_("Electronic monitoring has started."),
                date_field="started_on",
            ),
            Transition(
                name="monitoring_alert",
                label=_("Record an alert of the device"),
                source=(MonitoringStatus.ACTIVE,),
                target=None,
                refused=_("Alerts are recorded while the monitoring runs."),
                form=MonitoringAlertForm,
                guards=(
                    one_of(
                        "kind",
                        lambda step: AlertKind.values,
                        "alert_kind_required",
                        _("Choose the kind of alert."),
                    ),
                    dated("occurred_on", after=lambda m: m.started_on, previous=_("the start")),
                ),
                effect=_monitoring_alert,
                event=RehabAction.MONITORING_ALERT,
                path="monitoring/<int:monitoring_pk>/alerts/",
                page_name="monitoring_alert",
                api_name="api_monitoring_alert",
                response=MonitoringSerializer,
                respond=lambda m, alert: ElectronicMonitoring.objects.get(pk=m.pk),
                created=True,
                done=_("The alert has been recorded."),
                date_field="occurred_on",
            ),
            Transition(
                name="monitoring_end",
                label=_("End electronic monitoring"),
                source=(MonitoringStatus.ACTIVE,),
                target=MonitoringStatus.ENDED,
                refused=_("This monitoring has already ended."),
                form=MonitoringEndForm,
                guards=(dated("ended_on", after=lambda m: m.started_on, previous=_("the start")),),
                effect=_monitoring_end,
                event=RehabAction.MONITORING_ENDED,
                path="monitoring/<int:monitoring_pk>/end/",
                page_name="monitoring_end",
                api_name="api_monitoring_end",
                response=MonitoringSerializer,
                done=_("Electronic monitoring has ended."),
                date_field="ended_on",
            ),
        ),
    )
)

LIFECYCLES = (REHAB, POST_REHAB, MONITORING)
