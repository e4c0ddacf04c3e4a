"""Writes of the reconciliation: start a link run, run it, record review decisions, register.

A run links the valid rows of the round's current lists with each other and with the registry
persons of the round (a counted category open on the cut-off date). ID and phone numbers are
decrypted inside the job only and never stored in clear.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from pcmt.casework.guards import illegal, locked
from pcmt.census.models import Round, SubmissionRow
from pcmt.core import crypto
from pcmt.core.errors import DomainError, NotFound
from pcmt.jobs.models import JobStatus
from pcmt.jobs.services import job_start
from pcmt.linkage.engine import LinkRecord, LinkSettings, link
from pcmt.persons.models import Person
from pcmt.persons.services import PersonInput, person_category_add, person_register
from pcmt.reconcile import clusters, selectors
from pcmt.reconcile.models import (
    Band,
    Candidate,
    ClusterMember,
    Decision,
    DecisionKind,
    LinkRun,
    RunPerson,
)

JOB_KIND = "round_link"
BATCH_SIZE = 2000
REVIEW_KINDS = (DecisionKind.ACCEPT, DecisionKind.REJECT, DecisionKind.SPLIT, DecisionKind.MERGE)

Report = Callable[[int, int, str], None]


# --- link runs ----------------------------------------------------------------------------------


@transaction.atomic
def run_start(*, actor: Any, round_: Round) -> LinkRun:
    """Queue the linking of the round's current lists; one run at a time per round."""
    if not selectors.can_decide(actor, round_):
        raise NotFound()
    round_ = locked(Round.objects.all(), round_.pk)
    busy = LinkRun.objects.filter(
        round=round_, job__status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    if busy.exists():
        raise illegal(_("The lists of this round are already being linked: wait for the end."))
    if not selectors.round_rows(round_).exists():
        raise illegal(_("No list of this round has valid rows yet: nothing to link."))
    run = LinkRun.objects.create(round=round_, created_by=actor)
    job = job_start(
        actor=actor,
        kind=JOB_KIND,
        params={"round_id": round_.pk, "run_id": run.pk},
        province=round_.province,
    )
    run.job = job
    run.save(update_fields=["job"])
    return run


def _dob(day: int | None, month: int | None, year: int | None) -> str:
    if year is None:
        return ""
    if day and month:
        return f"{day:02d}/{month:02d}/{year}"
    return str(year)


def _gender(sex: str) -> str:
    return {"male": "Nam", "female": "Nữ"}.get(sex, "")


def _row_records(round_: Round) -> Iterator[LinkRecord]:
    rows = (
        selectors.round_rows(round_)
        .select_related("commune", "submission")
        .order_by("pk")
        .iterator(chunk_size=BATCH_SIZE)
    )
    for row in rows:
        yield LinkRecord(
            record_id=f"r{row.pk}",
            source=f"agency:{row.submission.agency_id}",
            full_name=row.full_name,
            dob=_dob(row.birth_day, row.birth_month, row.birth_year),
            gender=_gender(row.gender),
            id_number=crypto.decrypt(row.id_number_encrypted),
            address=row.address,
            phone=crypto.decrypt(row.phone_encrypted),
            commune_code=row.commune.code if row.commune else None,
        )


def _person_records(round_: Round) -> Iterator[LinkRecord]:
    persons = selectors.registry_persons(round_).select_related("current_commune")
    for person in persons.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        birth = person.birth_date
        yield LinkRecord(
            record_id=f"p{person.pk}",
            source="registry",
            full_name=person.full_name,
            dob=birth.strftime("%d/%m/%Y") if birth else str(person.birth_year or ""),
            gender=_gender(person.sex),
            id_number=crypto.decrypt(person.id_number_encrypted),
            address=person.current_address,
            phone=crypto.decrypt(person.phone_encrypted),
            commune_code=person.current_commune.code,
        )


def _explanation(pair: Any) -> list[dict[str, Any]]:
    return [
        {"comparison": c.comparison, "level": c.level, "weight": round(c.weight, 2)}
        for c in pair.explanation
    ]


def _candidate(run: LinkRun, pair: Any) -> Candidate | None:
    left, right = clusters.pair(pair.record_id_l, pair.record_id_r)
    if left.startswith("p"):
        if right.startswith("p"):
            return None  # registry persons are never compared with each other
        left, right = right, left
    return Candidate(
        run=run,
        left_key=left,
        right_key=right,
        left_row_id=int(left[1:]),
        right_row_id=int(right[1:]) if right.startswith("r") else None,
        right_person_id=int(right[1:]) if right.startswith("p") else None,
        probability=pair.match_probability,
        weight=pair.match_weight,
        band=pair.band,
        explanation=_explanation(pair),
    )


def run_execute(*, run: LinkRun, report: Report, settings: LinkSettings | None = None) -> dict:
    """The job's work: prepare, score, save; earlier runs' candidates are replaced."""
    round_ = run.round
    settings = settings or LinkSettings()
    report(0, 3, _t("Preparing the records"))
    records = list(_row_records(round_))
    reference = list(_person_records(round_))
    report(1, 3, _t("Scoring candidate pairs"))
    result = link(records, reference=reference, settings=settings)
    row_keys = [r.record_id for r in records]
    del records, reference
    built = [c for c in (_candidate(run, p) for p in result.pairs) if c is not None]
    total = len(built) + 1
    report(0, total, _t("Saving the candidates"))
    with transaction.atomic():
        # The previous runs' candidates and clusters go; decisions stay (they name records).
        Candidate.objects.filter(run__round=round_).exclude(run=run).delete()
        ClusterMember.objects.filter(run__round=round_).exclude(run=run).delete()
        for start in range(0, len(built), BATCH_SIZE):
            Candidate.objects.bulk_create(built[start : start + BATCH_SIZE])
            report(start + BATCH_SIZE, total, _t("Saving the candidates"))
        run.rows = len(row_keys)
        run.reference = selectors.registry_persons(round_).count()
        run.pairs = len(built)
        run.thresholds = {"link": settings.link_threshold, "review": settings.review_threshold}
        run.finished_at = timezone.now()
        run.save()
        count = clusters_rebuild(run=run, row_keys=row_keys)
    report(total, total, _t("Done"))
    return {
        "url": reverse("reconcile_review", kwargs={"round_pk": round_.pk}),
        "run": run.pk,
        "rows": run.rows,
        "pairs": run.pairs,
        "review": sum(c.band == Band.REVIEW for c in built),
        "linked": sum(c.band == Band.LINKED for c in built),
        "clusters": count,
    }


def _decisions_in_force(round_id: int) -> list[tuple[str, str, str]]:
    undone = Decision.objects.filter(round_id=round_id, kind=DecisionKind.UNDO).values("undoes_id")
    return list(
        Decision.objects.filter(round_id=round_id)
        .exclude(kind=DecisionKind.UNDO)
        .exclude(pk__in=undone)
        .order_by("created_at", "pk")
        .values_list("kind", "left_key", "right_key")
    )


def clusters_rebuild(*, run: LinkRun, row_keys: list[str] | None = None) -> int:
    """Recompute the run's clusters: auto links + decisions in force. Returns the cluster count."""
    if row_keys is None:
        row_keys = list(
            ClusterMember.objects.filter(run=run, row__isnull=False).values_list("key", flat=True)
        )
    nodes = set(row_keys)
    auto = Candidate.objects.filter(run=run, band=Band.LINKED).values_list("left_key", "right_key")
    edges = clusters.edges_apply(auto, _decisions_in_force(run.round_id))
    person_ids = {int(k[1:]) for edge in edges for k in edge if k.startswith("p")}
    existing = set(Person.objects.filter(pk__in=person_ids).values_list("pk", flat=True))
    nodes |= {f"p{pk}" for pk in existing}
    kept = [(a, b) for a, b in edges if a in nodes and b in nodes]
    found = clusters.components(nodes, kept)
    # A registry person in no list's group is not a person of the round.
    with_rows = {cluster for key, cluster in found.items() if key.startswith("r")}
    ClusterMember.objects.filter(run=run).delete()
    ClusterMember.objects.bulk_create(
        [
            ClusterMember(
                run=run,
                cluster=cluster,
                key=key,
                row_id=int(key[1:]) if key.startswith("r") else None,
                person_id=int(key[1:]) if key.startswith("p") else None,
            )
            for key, cluster in found.items()
            if cluster in with_rows
        ],
        batch_size=BATCH_SIZE,
    )
    run_persons_store(run=run)
    return len(with_rows)


def run_persons_ensure(*, run: LinkRun) -> None:
    """Store the persons of a run linked before they were stored (once, then never again)."""
    if not RunPerson.objects.filter(run=run).exists() and run.members.exists():
        with transaction.atomic():
            run_persons_store(run=run)


def run_persons_store(*, run: LinkRun) -> int:
    """Consolidate the run's clusters into its persons, once (the results read only these)."""
    RunPerson.objects.filter(run=run).delete()
    RunPerson.objects.bulk_create(
        [
            RunPerson(
                run=run,
                cluster=p.cluster,
                identity=p.identity[:200],
                name=p.name[:120],
                birth=p.birth[:20],
                commune=p.commune,
                commune_code=p.commune.code if p.commune else "~",
                category=p.category,
                agencies=p.agencies,
                agencies_key=" + ".join(p.agencies)[:500],
                person_id=p.person_id,
                identities=sorted(p.identities),
            )
            for p in selectors.consolidated(run)
        ],
        batch_size=BATCH_SIZE,
    )
    return RunPerson.objects.filter(run=run).count()


# --- review decisions ---------------------------------------------------------------------------


def _run_for_decisions(actor: Any, round_: Round) -> LinkRun:
    if not selectors.can_decide(actor, round_):
        raise NotFound()
    locked(Round.objects.all(), round_.pk)  # one decision at a time per round
    run = selectors.latest_run(round_)
    if run is None:
        raise illegal(_("Link the lists of the round first."))
    return run


def _known(run: LinkRun, key: str, members: dict[str, str]) -> bool:
    """A record of the run: one of its rows, or a registry person it was compared with."""
    if key in members:
        return True
    if not key.startswith("p") or not key[1:].isdigit():
        return False
    return selectors.registry_persons(run.round).filter(pk=int(key[1:])).exists()


@transaction.atomic
def decision_record(
    *, actor: Any, round_: Round, kind: str, left_key: str, right_key: str = "", note: str = ""
) -> Decision:
    """Record a reviewer's decision (who, when) and recompute the clusters."""
    run = _run_for_decisions(actor, round_)
    if kind not in REVIEW_KINDS:
        raise DomainError("decision_required", _("Choose a decision."), "kind")
    members = dict(ClusterMember.objects.filter(run=run).values_list("key", "cluster"))
    if kind in (DecisionKind.ACCEPT, DecisionKind.REJECT):
        if not _known(run, left_key, members) or not _known(run, right_key, members):
            raise DomainError("pair_unknown", _("Choose two records of this run."), "right_key")
        if left_key == right_key:
            raise DomainError("pair_unknown", _("Choose two different records."), "right_key")
        left_key, right_key = clusters.pair(left_key, right_key)
    elif kind == DecisionKind.SPLIT:
        cluster = members.get(left_key)
        if cluster is None:
            raise DomainError("record_unknown", _("Choose a record of this run."), "left_key")
        if sum(c == cluster for c in members.values()) < 2:
            raise illegal(_("This record is alone in its group: there is nothing to split."))
        right_key = ""
    else:
        if left_key not in members or right_key not in members:
            raise DomainError("record_unknown", _("Choose two records of this run."), "right_key")
        if members[left_key] == members[right_key]:
            raise illegal(_("These records are already in the same group."))
        left_key, right_key = clusters.pair(left_key, right_key)
    decision = Decision.objects.create(
        round=round_,
        kind=kind,
        left_key=left_key,
        right_key=right_key,
        note=note.strip()[:300],
        actor=actor,
    )
    clusters_rebuild(run=run)
    return decision


@transaction.atomic
def decision_undo(*, actor: Any, round_: Round, decision: Decision, note: str = "") -> Decision:
    """Undo a decision: a new row says so; the clusters are recomputed without it."""
    run = _run_for_decisions(actor, round_)
    decision = locked(Decision.objects.filter(round=round_), decision.pk)
    if decision.kind not in REVIEW_KINDS:
        raise illegal(_("Only accept, reject, split and merge decisions can be undone."))
    if Decision.objects.filter(undoes=decision).exists():
        raise illegal(_("This decision has already been undone."))
    undo = Decision.objects.create(
        round=round_,
        kind=DecisionKind.UNDO,
        left_key=decision.left_key,
        right_key=decision.right_key,
        undoes=decision,
        note=note.strip()[:300],
        actor=actor,
    )
    clusters_rebuild(run=run)
    return undo


# --- registering persons found only in the lists ------------------------------------------------


@dataclass
class RegisterReport:
    registered: list[Person] = field(default_factory=list)
    # (cluster, name, reason)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)


def _person_input(row: SubmissionRow) -> PersonInput:
    if row.commune is None:
        raise DomainError("commune_required", _("The commune of the row is not known."))
    birth_date = None
    if row.birth_year and row.birth_month and row.birth_day:
        try:
            birth_date = datetime.date(row.birth_year, row.birth_month, row.birth_day)
        except ValueError:
            birth_date = None
    return PersonInput(
        full_name=row.full_name,
        birth_year=row.birth_year,
        birth_date=birth_date,
        sex=row.gender,
        current_commune=row.commune,
        current_address=row.address,
        id_number=crypto.decrypt(row.id_number_encrypted),
        phone=crypto.decrypt(row.phone_encrypted),
    )


def persons_register_from_lists(
    *, actor: Any, round_: Round, cluster_keys: list[str]
) -> RegisterReport:
    """Register the chosen persons found only in the lists, in the category the lists give.

    Each is registered on its own: a row with too little data, an ID number at odds with the
    row, or a likely duplicate in the registry is skipped and reported, the others are kept.
    """
    if not selectors.can_register(actor, round_):
        raise NotFound()
    run = selectors.latest_run(round_)
    if run is None:
        raise illegal(_("Link the lists of the round first."))
    report = RegisterReport()
    wanted = set(cluster_keys)
    for person in selectors.consolidated(run, clusters=wanted):
        if person.cluster not in wanted or person.person_id is not None:
            continue
        row = person.representative
        try:
            with transaction.atomic():
                if not person.category:
                    raise DomainError("category_unknown", _("The lists give no category."))
                registered = person_register(actor=actor, data=_person_input(row))
                person_category_add(
                    actor=actor,
                    person=registered,
                    category=person.category,
                    start_date=round_.cutoff_date,
                    reason=_t("Review round %(round)s, reported by %(agencies)s")
                    % {"round": round_.name, "agencies": ", ".join(person.agencies)},
                )
                Decision.objects.create(
                    round=round_,
                    kind=DecisionKind.REGISTERED,
                    left_key=f"r{row.pk}",
                    right_key=f"p{registered.pk}",
                    actor=actor,
                )
        except DomainError as error:
            report.skipped.append((person.cluster, row.full_name, str(error.message)))
        else:
            report.registered.append(registered)
    with transaction.atomic():
        clusters_rebuild(run=run)
    return report
