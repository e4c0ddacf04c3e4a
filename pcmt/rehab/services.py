"""Writes of rehab and post-rehab. Each transition is checked against the law of its date.

States
- Voluntary (home/community or facility): registered → in_progress → completed, or
  ended_early (stopped by the person, drug use detected, moved, prison, death).
- Compulsory: dossier → at_court → decided → admitted ⇄ away → completed, or ended_early
  (dossier withdrawn, court refused, rest of the term exempted, prison, death).

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
  116/2021): the admission may give an earlier `term_from`, not before the dossier opened.
- Leaving without permission: the days from leaving to returning do not count toward the
  term; the planned end moves later by exactly that many days (return day counts as served).
- Post-rehab opens on completion of compulsory rehab (Law 73/2021 art. 40; kept for Law
  120/2025) and, at the officer's decision, after a completed voluntary rehab. A new rehab
  (start or admission) ends an active post-rehab. Drug use during post-rehab requires an
  addiction determination (Law 73/2021 art. 27). The post-rehab category period follows the
  post-rehab management; no category exists for being in rehab itself.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from pcmt.casework.guards import check_date, check_write, illegal, record_event, rules_on
from pcmt.casework.models import AddictionDetermination, DeterminationStatus
from pcmt.core.errors import DomainError
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.persons.models import Category, CategoryPeriod, EventAction, Person
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
    DossierDocument,
    DossierItem,
    PostRehab,
    PostRehabEndReason,
    PostRehabStatus,
    RehabAbsence,
    RehabEndReason,
    RehabEpisode,
    RehabKind,
    RehabStatus,
    RehabTransfer,
)
from pcmt.rules.calendar import add_months
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
    RehabStatus.ADMITTED: frozenset(
        {RehabEndReason.EXEMPTED, RehabEndReason.PRISON, RehabEndReason.DEATH}
    ),
    RehabStatus.AWAY: frozenset(
        {RehabEndReason.EXEMPTED, RehabEndReason.PRISON, RehabEndReason.DEATH}
    ),
}


def _locked(episode: RehabEpisode) -> RehabEpisode:
    return (
        RehabEpisode.objects.select_for_update()
        .select_related("person__managing_commune")
        .get(pk=episode.pk)
    )


def _lock_person(person: Person) -> Person:
    """Lock the person so that two writes cannot both open an episode."""
    return Person.objects.select_for_update().select_related("managing_commune").get(pk=person.pk)


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
            % {"law": cite, "age": age, "day": day.strftime("%d/%m/%Y")}
        )
    return age


def _end_post_rehab_for_new_rehab(actor: Any, person: Person, day: datetime.date) -> None:
    active = PostRehab.objects.filter(person=person, status=PostRehabStatus.ACTIVE).first()
    if active is not None and day >= active.started_on:
        _post_rehab_close(actor, active, day, PostRehabEndReason.NEW_REHAB)


# Voluntary rehab ---------------------------------------------------------------------------


@transaction.atomic
def rehab_register(
    *,
    actor: Any,
    person: Person,
    kind: str,
    registered_on: datetime.date,
    months: int | None = None,
    commune: AdminUnit | None = None,
    facility: str = "",
) -> RehabEpisode:
    """Register voluntary rehab at home/in the community (with the commune) or at a facility.
    The law of the registration date fixes the duration (first time or repeat)."""
    check_write(actor, person)
    person = _lock_person(person)
    if kind not in VOLUNTARY_KINDS:
        raise DomainError("kind_required", _("Choose the kind of voluntary rehab."), "kind")
    check_date(registered_on, "registered_on")
    rules_on(registered_on, "registered_on")
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
        months, kind, registered_on, "registered_on", minor=minor, repeat=repeat
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
    record_event(
        person,
        actor,
        EventAction.REHAB_OPENED,
        {
            "kind": [None, episode.get_kind_display()],
            "registered_on": [None, registered_on.isoformat()],
            "months": [None, months],
            "law": [None, law_code],
        },
    )
    return episode


@transaction.atomic
def rehab_start(*, actor: Any, episode: RehabEpisode, started_on: datetime.date) -> RehabEpisode:
    """Voluntary rehab begins; it runs for the registered months from this day."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.REGISTERED:
        raise illegal(_("Only a registered voluntary rehab can start."))
    check_date(started_on, "started_on", not_before=episode.opened_on)
    assert episode.months is not None
    episode.status = RehabStatus.IN_PROGRESS
    episode.started_on = episode.term_from = started_on
    episode.planned_end = add_months(started_on, episode.months)
    episode.save()
    _end_post_rehab_for_new_rehab(actor, episode.person, started_on)
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_ADMITTED,
        {
            "started_on": [None, started_on.isoformat()],
            "planned_end": [None, episode.planned_end.isoformat()],
        },
    )
    return episode


# Compulsory rehab --------------------------------------------------------------------------


@transaction.atomic
def compulsory_dossier_open(
    *, actor: Any, person: Person, opened_on: datetime.date
) -> RehabEpisode:
    """Open the dossier proposing compulsory rehab; it is due within the working days the law
    of that day gives (Decree 116/2021/NĐ-CP: 5 working days of detecting the case)."""
    check_write(actor, person)
    person = _lock_person(person)
    check_date(opened_on, "opened_on")
    rules = rules_on(opened_on, "opened_on")
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
    record_event(
        person,
        actor,
        EventAction.REHAB_OPENED,
        {
            "kind": [None, episode.get_kind_display()],
            "opened_on": [None, opened_on.isoformat()],
            "dossier_due": [None, due.isoformat()],
            "law": [None, rules.code],
        },
    )
    return episode


def required_documents(episode: RehabEpisode) -> list[str]:
    return [
        code for code in DossierDocument.values if episode.minor or code not in MINOR_ONLY_DOCUMENTS
    ]


@transaction.atomic
def dossier_document_receive(
    *, actor: Any, episode: RehabEpisode, document: str, received_on: datetime.date
) -> DossierItem:
    """Tick a document of the dossier as received."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.DOSSIER:
        raise illegal(_("Documents are added while the dossier is being prepared."))
    if document not in DossierDocument.values:
        raise DomainError("document_required", _("Choose the document."), "document")
    if episode.documents.filter(document=document).exists():
        raise illegal(_("This document has already been received."))
    check_date(received_on, "received_on", not_before=episode.opened_on)
    item = DossierItem.objects.create(
        episode=episode, document=document, received_on=received_on, recorded_by=actor
    )
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_DOSSIER,
        {"document": [None, item.get_document_display()]},
    )
    return item


@transaction.atomic
def dossier_send_to_court(
    *, actor: Any, episode: RehabEpisode, sent_on: datetime.date
) -> RehabEpisode:
    """Send a complete dossier to the court."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.DOSSIER:
        raise illegal(_("Only a dossier being prepared can be sent to the court."))
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
    check_date(sent_on, "sent_on", not_before=_last_step(episode))
    episode.status = RehabStatus.AT_COURT
    episode.sent_to_court_on = sent_on
    episode.save()
    record_event(
        episode.person, actor, EventAction.REHAB_DOSSIER, {"sent_on": [None, sent_on.isoformat()]}
    )
    return episode


@transaction.atomic
def court_decision_record(
    *,
    actor: Any,
    episode: RehabEpisode,
    court: str,
    number: str,
    decided_on: datetime.date,
    months: int | None,
) -> RehabEpisode:
    """The court's decision; the law of its date fixes the allowed months by age and repeat."""
    episode = _locked(episode)
    person = episode.person
    check_write(actor, person)
    if episode.status != RehabStatus.AT_COURT:
        raise illegal(_("The court decides on a dossier that has been sent to it."))
    if not court.strip() or not number.strip():
        raise DomainError(
            "decision_details_required", _("Enter the court and the decision number."), "court"
        )
    assert episode.sent_to_court_on is not None
    check_date(decided_on, "decided_on", not_before=episode.sent_to_court_on)
    age = _check_compulsory_age(person, decided_on, "decided_on")
    minor = age < ADULT_AGE
    repeat = _earlier_rehabs(person, decided_on, episode.pk) > 0
    months, law_code = _months(
        months, RehabKind.COMPULSORY, decided_on, "decided_on", minor=minor, repeat=repeat
    )
    episode.status = RehabStatus.DECIDED
    episode.court = court.strip()
    episode.court_decision_number = number.strip()
    episode.court_decision_date = decided_on
    episode.months = months
    episode.law_code = law_code
    episode.minor = minor
    episode.repeat = repeat
    episode.save()
    record_event(
        person,
        actor,
        EventAction.REHAB_COURT,
        {
            "court": [None, episode.court],
            "number": [None, episode.court_decision_number],
            "decided_on": [None, decided_on.isoformat()],
            "months": [None, months],
            "law": [None, law_code],
        },
    )
    return episode


@transaction.atomic
def compulsory_admit(
    *,
    actor: Any,
    episode: RehabEpisode,
    admitted_on: datetime.date,
    facility: str,
    term_from: datetime.date | None = None,
) -> RehabEpisode:
    """Admission to the facility. The term counts from `term_from` when the person was held
    at a facility while the dossier was prepared (that time counts), else from admission."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.DECIDED:
        raise illegal(_("Admission follows the court's decision."))
    if not facility.strip():
        raise DomainError("facility_required", _("Enter the facility."), "facility")
    assert episode.court_decision_date is not None and episode.months is not None
    check_date(admitted_on, "admitted_on", not_before=episode.court_decision_date)
    term_from = term_from or admitted_on
    if not episode.opened_on <= term_from <= admitted_on:
        raise DomainError(
            "term_from_out_of_range",
            _("The term counts from a day between the dossier (%(opened)s) and the admission.")
            % {"opened": episode.opened_on.strftime("%d/%m/%Y")},
            "term_from",
        )
    episode.status = RehabStatus.ADMITTED
    episode.started_on = admitted_on
    episode.term_from = term_from
    episode.facility = facility.strip()
    episode.planned_end = add_months(term_from, episode.months)
    episode.save()
    _end_post_rehab_for_new_rehab(actor, episode.person, admitted_on)
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_ADMITTED,
        {
            "admitted_on": [None, admitted_on.isoformat()],
            "facility": [None, episode.facility],
            "planned_end": [None, episode.planned_end.isoformat()],
        },
    )
    return episode


@transaction.atomic
def rehab_transfer(
    *, actor: Any, episode: RehabEpisode, transferred_on: datetime.date, to_facility: str
) -> RehabTransfer:
    """Move a resident of compulsory rehab to another facility."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.ADMITTED:
        raise illegal(_("Only a person in the facility can be transferred."))
    to_facility = to_facility.strip()
    if not to_facility or to_facility == episode.facility:
        raise DomainError(
            "facility_required", _("Enter the facility the person moves to."), "to_facility"
        )
    check_date(transferred_on, "transferred_on", not_before=_last_step(episode))
    transfer = RehabTransfer.objects.create(
        episode=episode,
        transferred_on=transferred_on,
        from_facility=episode.facility,
        to_facility=to_facility,
    )
    episode.facility = to_facility
    episode.save(update_fields=["facility"])
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_TRANSFERRED,
        {"facility": [transfer.from_facility, to_facility]},
    )
    return transfer


@transaction.atomic
def rehab_escape(*, actor: Any, episode: RehabEpisode, left_on: datetime.date) -> RehabAbsence:
    """The person left the facility without permission; the term stops running."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.ADMITTED:
        raise illegal(_("Only a person in the facility can leave it."))
    check_date(left_on, "left_on", not_before=_last_step(episode))
    assert episode.planned_end is not None
    if left_on >= episode.planned_end:
        raise illegal(
            _("The term ended on %(day)s: record its completion.")
            % {"day": episode.planned_end.strftime("%d/%m/%Y")}
        )
    absence = RehabAbsence.objects.create(episode=episode, left_on=left_on)
    episode.status = RehabStatus.AWAY
    episode.save(update_fields=["status"])
    record_event(
        episode.person, actor, EventAction.REHAB_ESCAPED, {"left_on": [None, left_on.isoformat()]}
    )
    return absence


@transaction.atomic
def rehab_return(*, actor: Any, episode: RehabEpisode, returned_on: datetime.date) -> RehabEpisode:
    """The person is back; the planned end moves later by the days away."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.AWAY:
        raise illegal(_("Only a person away without permission can return."))
    absence = episode.absences.select_for_update().get(returned_on__isnull=True)
    check_date(returned_on, "returned_on", not_before=absence.left_on)
    absence.returned_on = returned_on
    absence.save(update_fields=["returned_on"])
    days = (returned_on - absence.left_on).days
    assert episode.planned_end is not None
    before = episode.planned_end
    episode.status = RehabStatus.ADMITTED
    episode.days_away += days
    episode.planned_end = before + datetime.timedelta(days=days)
    episode.save(update_fields=["status", "days_away", "planned_end"])
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_RETURNED,
        {
            "returned_on": [None, returned_on.isoformat()],
            "planned_end": [before.isoformat(), episode.planned_end.isoformat()],
        },
    )
    return episode


# Both kinds -------------------------------------------------------------------------------


@transaction.atomic
def rehab_complete(
    *, actor: Any, episode: RehabEpisode, completed_on: datetime.date
) -> RehabEpisode:
    """The term is served. Completing compulsory rehab opens post-rehab management."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status not in (RehabStatus.IN_PROGRESS, RehabStatus.ADMITTED):
        raise illegal(_("Only a rehab under way can be completed."))
    assert episode.planned_end is not None
    check_date(completed_on, "completed_on", not_before=_last_step(episode))
    if completed_on < episode.planned_end:
        raise illegal(
            _("The term runs until %(day)s; end it early only for a reason the law allows.")
            % {"day": episode.planned_end.strftime("%d/%m/%Y")}
        )
    rules = rules_on(completed_on, "completed_on")
    episode.status = RehabStatus.COMPLETED
    episode.ended_on = completed_on
    episode.end_reason = RehabEndReason.COMPLETED
    episode.save()
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_ENDED,
        {
            "ended_on": [None, completed_on.isoformat()],
            "end_reason": [None, episode.get_end_reason_display()],
        },
    )
    if post_rehab_required(episode.kind, rules.code):
        _post_rehab_open(actor, episode, completed_on)
    return episode


@transaction.atomic
def rehab_end_early(
    *, actor: Any, episode: RehabEpisode, ended_on: datetime.date, reason: str, note: str = ""
) -> RehabEpisode:
    """End before the term for a reason allowed at this stage."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if not episode.is_open:
        raise illegal(_("This rehab has already ended."))
    if reason == RehabEndReason.COMPLETED:
        raise illegal(_("Record the completion once the term is served."))
    if reason not in EARLY_END_REASONS[episode.status]:
        raise DomainError(
            "end_reason_required",
            _("Choose a reason that can end a rehab at this stage (%(status)s).")
            % {"status": episode.get_status_display()},
            "reason",
        )
    check_date(ended_on, "ended_on", not_before=_last_step(episode))
    episode.status = RehabStatus.ENDED_EARLY
    episode.ended_on = ended_on
    episode.end_reason = reason
    episode.end_note = note.strip()[:300]
    episode.save()
    record_event(
        episode.person,
        actor,
        EventAction.REHAB_ENDED,
        {
            "ended_on": [None, ended_on.isoformat()],
            "end_reason": [None, episode.get_end_reason_display()],
        },
        note=episode.end_note,
    )
    return episode


# Post-rehab management ----------------------------------------------------------------------


def _post_rehab_open(actor: Any, episode: RehabEpisode, started_on: datetime.date) -> PostRehab:
    person = episode.person
    if PostRehab.objects.filter(person=person, status=PostRehabStatus.ACTIVE).exists():
        raise illegal(_("The person is already under post-rehab management."))
    rules = rules_on(started_on, "started_on")
    post = PostRehab.objects.create(
        person=person,
        episode=episode,
        status=PostRehabStatus.ACTIVE,
        law_code=rules.code,
        started_on=started_on,
        # Law 73/2021 art. 40: 2 years for an adult after compulsory rehab, 1 year otherwise.
        planned_end=post_rehab_planned_end(
            rehab_kind=episode.kind,
            started_on=started_on,
            age_at_completion=age_on(person.birth_date, person.birth_year, started_on),
            placed_as_minor=episode.minor,
        ),
    )
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.POST_REHAB, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.POST_REHAB,
            start_date=started_on,
            reason=str(_("Rehab completed")),
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


@transaction.atomic
def post_rehab_open(*, actor: Any, episode: RehabEpisode, started_on: datetime.date) -> PostRehab:
    """Put a person who completed rehab under post-rehab management (e.g. after voluntary
    rehab; compulsory rehab opens it on completion)."""
    episode = _locked(episode)
    check_write(actor, episode.person)
    if episode.status != RehabStatus.COMPLETED:
        raise illegal(_("Post-rehab management follows a completed rehab."))
    if PostRehab.objects.filter(episode=episode).exists():
        raise illegal(_("This rehab already has its post-rehab management."))
    assert episode.ended_on is not None
    check_date(started_on, "started_on", not_before=episode.ended_on)
    return _post_rehab_open(actor, episode, started_on)


def _post_rehab_close(
    actor: Any, post: PostRehab, ended_on: datetime.date, reason: str
) -> PostRehab:
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


@transaction.atomic
def post_rehab_end(
    *, actor: Any, post_rehab: PostRehab, ended_on: datetime.date, reason: str
) -> PostRehab:
    """End post-rehab management: served in full, or early for a reason."""
    post = (
        PostRehab.objects.select_for_update()
        .select_related("person__managing_commune")
        .get(pk=post_rehab.pk)
    )
    check_write(actor, post.person)
    if post.status != PostRehabStatus.ACTIVE:
        raise illegal(_("This post-rehab management has already ended."))
    if reason not in PostRehabEndReason.values:
        raise DomainError("end_reason_required", _("Choose why it ends."), "reason")
    check_date(ended_on, "ended_on", not_before=post.started_on)
    if reason == PostRehabEndReason.SERVED and ended_on < post.planned_end:
        raise illegal(
            _("%(law)s: post-rehab management runs until %(day)s.")
            % {"law": law_name(post.law_code), "day": post.planned_end.strftime("%d/%m/%Y")}
        )
    return _post_rehab_close(actor, post, ended_on, reason)


@transaction.atomic
def post_rehab_use_detected(
    *, actor: Any, post_rehab: PostRehab, detected_on: datetime.date
) -> AddictionDetermination:
    """Drug use during post-rehab requires an addiction determination (Law 73/2021 art. 27);
    an open determination already covers it."""
    from pcmt.casework.services import determination_require

    post = PostRehab.objects.select_related("person__managing_commune").get(pk=post_rehab.pk)
    check_write(actor, post.person)
    if post.status != PostRehabStatus.ACTIVE:
        raise illegal(_("The person is no longer under post-rehab management."))
    check_date(detected_on, "detected_on", not_before=post.started_on)
    open_one = (
        AddictionDetermination.objects.filter(person=post.person)
        .exclude(status=DeterminationStatus.DETERMINED)
        .first()
    )
    if open_one is not None:
        return open_one
    return determination_require(
        actor=actor, person=post.person, trigger="use_during_post_rehab", required_on=detected_on
    )
