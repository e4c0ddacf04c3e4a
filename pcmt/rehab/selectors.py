"""Rehab reads: episodes in a scope, a person's rehab, the worklist sections, the dossier."""

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.core import crypto
from pcmt.core.errors import NotFound
from pcmt.core.extensions import Deadline, WorkItem, person_records
from pcmt.core.worklists import WorklistQuery, as_date
from pcmt.persons.models import Person
from pcmt.rehab.law import age_on, law_name
from pcmt.rehab.models import (
    MINOR_ONLY_DOCUMENTS,
    DossierDocument,
    ElectronicMonitoring,
    PostRehab,
    PostRehabStatus,
    RehabEpisode,
    RehabKind,
    RehabStatus,
)
from pcmt.rules import law_title
from pcmt.rules.citations import citation_text
from pcmt.rules.post_rehab import post_rehab_citation

# Periods ending within this many days are listed on the worklist.
ENDING_SOON_DAYS = 30


def episodes_visible(scope: Scope) -> QuerySet[RehabEpisode]:
    if not scope.can_read_persons:
        return RehabEpisode.objects.none()
    return RehabEpisode.objects.filter(scope.person_q("person__"))


def episode_get(*, scope: Scope, pk: object) -> RehabEpisode:
    try:
        return episodes_visible(scope).select_related("person").get(pk=int(str(pk)))
    except (RehabEpisode.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def post_rehabs_visible(scope: Scope) -> QuerySet[PostRehab]:
    if not scope.can_read_persons:
        return PostRehab.objects.none()
    return PostRehab.objects.filter(scope.person_q("person__"))


def post_rehab_get(*, scope: Scope, pk: object) -> PostRehab:
    try:
        return post_rehabs_visible(scope).select_related("person").get(pk=int(str(pk)))
    except (PostRehab.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def monitorings_visible(scope: Scope) -> QuerySet[ElectronicMonitoring]:
    if not scope.can_read_persons:
        return ElectronicMonitoring.objects.none()
    return ElectronicMonitoring.objects.filter(scope.person_q("person__"))


def monitoring_get(*, scope: Scope, pk: object) -> ElectronicMonitoring:
    try:
        return monitorings_visible(scope).select_related("person").get(pk=int(str(pk)))
    except (ElectronicMonitoring.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def checklist(episode: RehabEpisode) -> list[dict[str, Any]]:
    """The dossier's documents: which the law names for this person, which are received."""
    if episode.kind != RehabKind.COMPULSORY:
        return []
    received = {item.document: item.received_on for item in episode.documents.all()}
    return [
        {
            "code": code,
            "label": str(label),
            "received": code in received,
            "received_on": received.get(code),
        }
        for code, label in DossierDocument.choices
        if episode.minor or code not in MINOR_ONLY_DOCUMENTS
    ]


def person_rehab(person: Person) -> dict[str, Any]:
    """A person's rehab episodes and post-rehab managements, newest first (caller checked
    access); read once for the page, its section and its deadlines."""

    def read() -> dict[str, Any]:
        episodes = list(
            person.rehab_episodes.select_related("commune").prefetch_related(
                "documents", "transfers", "absences", "holdings", "term_changes"
            )
        )
        for episode in episodes:
            episode.checklist = checklist(episode)  # type: ignore[attr-defined]
        return {
            "episodes": episodes,
            "post_rehabs": list(person.post_rehabs.all()),
            "monitorings": list(person.monitorings.prefetch_related("alerts")),
            "has_open": any(e.is_open for e in episodes),
        }

    return person_records(person, "rehab", read)


def dossier_context(episode: RehabEpisode) -> dict[str, Any]:
    """What the cover sheet of a compulsory-rehab dossier shows (caller checked access)."""
    person = episode.person
    commune = person.managing_commune
    reference_day = episode.court_decision_date or episode.opened_on
    return {
        "person_name": person.full_name,
        "birth": person.birth_display,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "age": age_on(person.birth_date, person.birth_year, reference_day),
        "minor": episode.minor,
        "sex": person.get_sex_display(),
        "id_number": crypto.mask_tail(crypto.decrypt(person.id_number_encrypted), 3),
        "address": person.current_address or person.permanent_address,
        "commune": commune.full_name if commune else "",
        "kind": episode.get_kind_display(),
        "status": episode.get_status_display(),
        "checklist": checklist(episode),
        "opened_on": episode.opened_on,
        "dossier_due": episode.dossier_due,
        "dossier_law": citation_text(law_name(episode.dossier_law_code), "vi"),
        "sent_to_court_on": episode.sent_to_court_on,
        "court": episode.court,
        "court_decision_number": episode.court_decision_number,
        "court_decision_date": episode.court_decision_date,
        "months": episode.months,
        "law": law_name(episode.law_code) if episode.law_code else "",
        "repeat": episode.repeat,
        "admitted_on": episode.started_on,
        "facility": episode.facility,
        "planned_end": episode.planned_end,
    }


# Worklist sections ------------------------------------------------------------------------

_ITEM_FIELDS = {
    "person_id": F("person_id"),
    "person_name": F("person__full_name"),
    "commune_name": F("person__managing_commune__name"),
}


def _section(
    key: str,
    title: Any,
    rows: QuerySet[Any],
    limit: int,
    fields: dict[str, Any],
    label: Callable[[dict[str, Any]], Any],
    due: str | None,
) -> WorklistQuery:
    def item(row: dict[str, Any]) -> WorkItem:
        return WorkItem(
            person_id=row["person_id"],
            person_name=row["person_name"],
            commune_name=row["commune_name"],
            label=str(label(row)),
            due=as_date(row[due]) if due else None,
            url=reverse("person_detail", kwargs={"pk": row["person_id"]}) + "#rehab",
        )

    return WorklistQuery(
        key=key,
        title=str(title),
        rows=rows,
        fields={**_ITEM_FIELDS, **fields},
        item=item,
        limit=limit,
    )


def dossiers_due_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery | None:
    """Compulsory-rehab dossiers being prepared, oldest deadline first."""
    if not scope.can_read_persons:
        return None
    rows = episodes_visible(scope).filter(status=RehabStatus.DOSSIER).order_by("dossier_due", "pk")
    return _section(
        "rehab_dossiers",
        _("Compulsory-rehab dossiers to send"),
        rows,
        limit,
        {"dossier_due": F("dossier_due")},
        lambda e: (
            _("Dossier overdue") if as_date(e["dossier_due"]) < today else _("Dossier due")  # type: ignore[operator]
        ),
        "dossier_due",
    )


def rehab_ending_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery | None:
    """Rehab terms ending within 30 days (or already over and not yet closed)."""
    if not scope.can_read_persons:
        return None
    rows = (
        episodes_visible(scope)
        .filter(
            status__in=[RehabStatus.IN_PROGRESS, RehabStatus.ADMITTED],
            planned_end__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
        )
        .order_by("planned_end", "pk")
    )
    kinds = dict(RehabKind.choices)
    return _section(
        "rehab_ending",
        _("Rehab ending within 30 days"),
        rows,
        limit,
        {"kind": F("kind"), "planned_end": F("planned_end")},
        lambda e: kinds.get(e["kind"], e["kind"]),
        "planned_end",
    )


def away_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery | None:
    """Persons away from compulsory rehab without permission."""
    if not scope.can_read_persons:
        return None
    rows = episodes_visible(scope).filter(status=RehabStatus.AWAY).order_by("pk")
    return _section(
        "rehab_away",
        _("Away from rehab without permission"),
        rows,
        limit,
        {"facility": F("facility")},
        lambda e: e["facility"],
        None,
    )


def post_rehab_ending_section(
    scope: Scope, today: datetime.date, limit: int
) -> WorklistQuery | None:
    """Post-rehab managements ending within 30 days."""
    if not scope.can_read_persons:
        return None
    rows = (
        post_rehabs_visible(scope)
        .filter(
            status=PostRehabStatus.ACTIVE,
            planned_end__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
        )
        .order_by("planned_end", "pk")
    )
    return _section(
        "post_rehab_ending",
        _("Post-rehab management ending within 30 days"),
        rows,
        limit,
        {"law_code": F("law_code"), "planned_end": F("planned_end")},
        lambda p: (
            _("Post-rehab management (%(citation)s)")
            % {"citation": citation_text(post_rehab_citation(p["law_code"]))}
        ),
        "planned_end",
    )


def rehab_deadlines(person: Any) -> list[Deadline]:
    """Open deadlines of a person's rehab: the dossier, the end of the term, post-rehab."""
    found: list[Deadline] = []
    records = person_rehab(person)
    for episode in records["episodes"]:
        if episode.status in (RehabStatus.COMPLETED, RehabStatus.ENDED_EARLY):
            continue
        if episode.status == RehabStatus.DOSSIER and episode.dossier_due:
            found.append(
                Deadline(
                    episode.dossier_due,
                    str(_("Compulsory-rehab dossier")),
                    law_title(episode.dossier_law_code),
                )
            )
        elif episode.planned_end:
            found.append(
                Deadline(episode.planned_end, str(_("Rehab ends")), law_title(episode.law_code))
            )
    for post in records["post_rehabs"]:
        if post.status != PostRehabStatus.ACTIVE:
            continue
        found.append(
            Deadline(post.planned_end, str(_("Post-rehab management ends")), post.citation)
        )
    return found
