"""Writes of rehab and post-rehab, by name: each runs one declared transition (see
`lifecycles.py`, which also states which law governs which step and the choices made)."""

import datetime
from typing import Any

from pcmt.casework.models import AddictionDetermination
from pcmt.geo.models import AdminUnit
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.models import Person
from pcmt.rehab.lifecycles import (
    EARLY_END_REASONS,
    MONITORING,
    POST_REHAB,
    REHAB,
    VOLUNTARY_KINDS,
    required_documents,
)
from pcmt.rehab.models import (
    DossierHolding,
    DossierItem,
    ElectronicMonitoring,
    MonitoringAlert,
    PostRehab,
    RehabAbsence,
    RehabEpisode,
    RehabTransfer,
    TermChange,
)

__all__ = ["EARLY_END_REASONS", "VOLUNTARY_KINDS", "required_documents"]


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
    """Register voluntary rehab; the law of the registration date fixes the duration."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_register",
        actor=actor,
        obj_or_pk=person,
        data={
            "kind": kind,
            "registered_on": registered_on,
            "months": months,
            "commune": commune,
            "facility": facility,
        },
    )


def rehab_start(
    *,
    actor: Any,
    episode: RehabEpisode,
    started_on: datetime.date,
) -> RehabEpisode:
    """Voluntary rehab begins; it runs for the registered months from this day."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_start",
        actor=actor,
        obj_or_pk=episode,
        data={"started_on": started_on},
    )


def compulsory_dossier_open(
    *,
    actor: Any,
    person: Person,
    opened_on: datetime.date,
) -> RehabEpisode:
    """Open the dossier proposing compulsory rehab."""
    return transition_run(
        lifecycle=REHAB,
        name="compulsory_dossier_open",
        actor=actor,
        obj_or_pk=person,
        data={"opened_on": opened_on},
    )


def dossier_document_receive(
    *,
    actor: Any,
    episode: RehabEpisode,
    document: str,
    received_on: datetime.date,
) -> DossierItem:
    """Tick a document of the dossier as received."""
    return transition_run(
        lifecycle=REHAB,
        name="dossier_document_receive",
        actor=actor,
        obj_or_pk=episode,
        data={"document": document, "received_on": received_on},
    )


def dossier_send_to_court(
    *,
    actor: Any,
    episode: RehabEpisode,
    sent_on: datetime.date,
) -> RehabEpisode:
    """Send a complete dossier to the court."""
    return transition_run(
        lifecycle=REHAB,
        name="dossier_send_to_court",
        actor=actor,
        obj_or_pk=episode,
        data={"sent_on": sent_on},
    )


def court_decision_record(
    *,
    actor: Any,
    episode: RehabEpisode,
    court: str,
    number: str,
    decided_on: datetime.date,
    months: int | None,
) -> RehabEpisode:
    """The court's decision; the law of its date fixes the allowed months."""
    return transition_run(
        lifecycle=REHAB,
        name="court_decision_record",
        actor=actor,
        obj_or_pk=episode,
        data={"court": court, "number": number, "decided_on": decided_on, "months": months},
    )


def compulsory_admit(
    *,
    actor: Any,
    episode: RehabEpisode,
    admitted_on: datetime.date,
    facility: str,
    term_from: datetime.date | None = None,
    facility_kind: str = "",
) -> RehabEpisode:
    """Admission to the facility; the kind of facility must fit the person's age and the law
    of the day (reform schools for persons under 18 from 1/7/2026)."""
    return transition_run(
        lifecycle=REHAB,
        name="compulsory_admit",
        actor=actor,
        obj_or_pk=episode,
        data={
            "admitted_on": admitted_on,
            "facility": facility,
            "term_from": term_from,
            "facility_kind": facility_kind,
        },
    )


def dossier_holding_record(
    *,
    actor: Any,
    episode: RehabEpisode,
    place: str,
    held_from: datetime.date,
    held_to: datetime.date,
    facility: str = "",
) -> DossierHolding:
    """Where the person was while the dossier was prepared; facility days count toward the
    term (Decree 116/2021/NĐ-CP art. 44)."""
    return transition_run(
        lifecycle=REHAB,
        name="dossier_holding_record",
        actor=actor,
        obj_or_pk=episode,
        data={"place": place, "held_from": held_from, "held_to": held_to, "facility": facility},
    )


def _decision(number: str, decided_on: datetime.date, issuer: str, ground: str) -> dict[str, Any]:
    return {"decision_number": number, "decided_on": decided_on, "issuer": issuer, "ground": ground}


def term_reduce(
    *,
    actor: Any,
    episode: RehabEpisode,
    decision_number: str,
    decided_on: datetime.date,
    issuer: str,
    ground: str,
    months: int,
) -> TermChange:
    """A decision reducing the term (Decree 116/2021/NĐ-CP art. 58(1))."""
    return transition_run(
        lifecycle=REHAB,
        name="term_reduce",
        actor=actor,
        obj_or_pk=episode,
        data={**_decision(decision_number, decided_on, issuer, ground), "months": months},
    )


def term_suspend(
    *,
    actor: Any,
    episode: RehabEpisode,
    decision_number: str,
    decided_on: datetime.date,
    issuer: str,
    ground: str = "serious_illness",
    suspended_from: datetime.date | None = None,
) -> TermChange:
    """A decision suspending the term (Decree 116/2021/NĐ-CP art. 58(2))."""
    return transition_run(
        lifecycle=REHAB,
        name="term_suspend",
        actor=actor,
        obj_or_pk=episode,
        data={
            **_decision(decision_number, decided_on, issuer, ground),
            "suspended_from": suspended_from,
        },
    )


def term_resume(*, actor: Any, episode: RehabEpisode, resumed_on: datetime.date) -> RehabEpisode:
    """Back at the facility after a suspension."""
    return transition_run(
        lifecycle=REHAB,
        name="term_resume",
        actor=actor,
        obj_or_pk=episode,
        data={"resumed_on": resumed_on},
    )


def term_exempt(
    *,
    actor: Any,
    episode: RehabEpisode,
    decision_number: str,
    decided_on: datetime.date,
    issuer: str,
    ground: str,
) -> TermChange:
    """A decision exempting the remainder (Decree 116/2021/NĐ-CP art. 58(3))."""
    return transition_run(
        lifecycle=REHAB,
        name="term_exempt",
        actor=actor,
        obj_or_pk=episode,
        data=_decision(decision_number, decided_on, issuer, ground),
    )


def monitoring_start(
    *,
    actor: Any,
    person: Person,
    monitored: str,
    started_on: datetime.date,
    device_reference: str,
    planned_end: datetime.date | None = None,
) -> ElectronicMonitoring:
    """Electronic monitoring during home rehab, substitution therapy or post-rehab (Law
    120/2025/QH15, from 1/7/2026)."""
    return transition_run(
        lifecycle=MONITORING,
        name="monitoring_start",
        actor=actor,
        obj_or_pk=person,
        data={
            "monitored": monitored,
            "started_on": started_on,
            "device_reference": device_reference,
            "planned_end": planned_end,
        },
    )


def monitoring_alert(
    *,
    actor: Any,
    monitoring: ElectronicMonitoring,
    occurred_on: datetime.date,
    kind: str,
    note: str = "",
) -> MonitoringAlert:
    """An alert the device raised."""
    return transition_run(
        lifecycle=MONITORING,
        name="monitoring_alert",
        actor=actor,
        obj_or_pk=monitoring,
        data={"occurred_on": occurred_on, "kind": kind, "note": note},
    )


def monitoring_end(
    *, actor: Any, monitoring: ElectronicMonitoring, ended_on: datetime.date
) -> ElectronicMonitoring:
    """End electronic monitoring."""
    return transition_run(
        lifecycle=MONITORING,
        name="monitoring_end",
        actor=actor,
        obj_or_pk=monitoring,
        data={"ended_on": ended_on},
    )


def rehab_transfer(
    *,
    actor: Any,
    episode: RehabEpisode,
    transferred_on: datetime.date,
    to_facility: str,
) -> RehabTransfer:
    """Move a resident of compulsory rehab to another facility."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_transfer",
        actor=actor,
        obj_or_pk=episode,
        data={"transferred_on": transferred_on, "to_facility": to_facility},
    )


def rehab_escape(
    *,
    actor: Any,
    episode: RehabEpisode,
    left_on: datetime.date,
) -> RehabAbsence:
    """The person left the facility without permission; the term stops running."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_escape",
        actor=actor,
        obj_or_pk=episode,
        data={"left_on": left_on},
    )


def rehab_return(
    *,
    actor: Any,
    episode: RehabEpisode,
    returned_on: datetime.date,
) -> RehabEpisode:
    """The person is back; the planned end moves later by the days away."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_return",
        actor=actor,
        obj_or_pk=episode,
        data={"returned_on": returned_on},
    )


def rehab_complete(
    *,
    actor: Any,
    episode: RehabEpisode,
    completed_on: datetime.date,
) -> RehabEpisode:
    """The term is served. Completing compulsory rehab opens post-rehab management."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_complete",
        actor=actor,
        obj_or_pk=episode,
        data={"completed_on": completed_on},
    )


def rehab_end_early(
    *,
    actor: Any,
    episode: RehabEpisode,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
) -> RehabEpisode:
    """End before the term for a reason allowed at this stage."""
    return transition_run(
        lifecycle=REHAB,
        name="rehab_end_early",
        actor=actor,
        obj_or_pk=episode,
        data={"ended_on": ended_on, "reason": reason, "note": note},
    )


def post_rehab_open(
    *,
    actor: Any,
    episode: RehabEpisode,
    started_on: datetime.date,
) -> PostRehab:
    """Put a person who completed rehab under post-rehab management."""
    return transition_run(
        lifecycle=POST_REHAB,
        name="post_rehab_open",
        actor=actor,
        obj_or_pk=episode,
        data={"started_on": started_on},
    )


def post_rehab_end(
    *,
    actor: Any,
    post_rehab: PostRehab,
    ended_on: datetime.date,
    reason: str,
) -> PostRehab:
    """End post-rehab management: served in full, or early for a reason."""
    return transition_run(
        lifecycle=POST_REHAB,
        name="post_rehab_end",
        actor=actor,
        obj_or_pk=post_rehab,
        data={"ended_on": ended_on, "reason": reason},
    )


def post_rehab_use_detected(
    *,
    actor: Any,
    post_rehab: PostRehab,
    detected_on: datetime.date,
) -> AddictionDetermination:
    """Drug use during post-rehab requires an addiction determination."""
    return transition_run(
        lifecycle=POST_REHAB,
        name="post_rehab_use_detected",
        actor=actor,
        obj_or_pk=post_rehab,
        data={"detected_on": detected_on},
    )
