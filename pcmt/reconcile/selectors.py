"""Reads of the reconciliation, and who may do what.

- The reconciled counts are aggregates: every user who sees the round sees them.
- The review queue and the drill-down name persons of the whole province: officers and
  supervisors of the round's province (the provincial drug unit and provincial agencies).
- Bulk registration writes persons: officers of the round's province.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from pcmt.accounts.models import DataRole
from pcmt.accounts.scope import scope_for
from pcmt.census.models import Round, SubmissionRow, SubmissionStatus
from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Category, CategoryPeriod, Person
from pcmt.reconcile.models import Band, Candidate, ClusterMember, Decision, LinkRun, RunPerson

# NQ 163/2024/QH15 and Plan 3220/KH-UBND: growth below 1 % a year; a setting, not a constant.
DEFAULT_GROWTH_TARGET = 0.01


def growth_target() -> float:
    return float(getattr(settings, "PCMT_GROWTH_TARGET", DEFAULT_GROWTH_TARGET))


# --- access -------------------------------------------------------------------------------------


def _province_reader(user: Any, round_: Round) -> Any:
    scope = scope_for(user)
    if scope.commune_id is None and scope.province_id == round_.province_id:
        return scope
    return None


def can_decide(user: Any, round_: Round) -> bool:
    """Officers and supervisors of the round's province review and decide."""
    scope = _province_reader(user, round_)
    return scope is not None and scope.role in (DataRole.OFFICER, DataRole.SUPERVISOR)


def can_read_names(user: Any, round_: Round) -> bool:
    return can_decide(user, round_)


def can_register(user: Any, round_: Round) -> bool:
    scope = _province_reader(user, round_)
    return scope is not None and scope.can_write_persons


# --- what is linked -----------------------------------------------------------------------------


def round_rows(round_: Round) -> QuerySet[SubmissionRow]:
    """The valid rows of the agencies' current lists."""
    return SubmissionRow.objects.filter(
        submission__round=round_,
        submission__is_current=True,
        submission__status=SubmissionStatus.STORED,
        valid=True,
    )


def registry_persons(round_: Round) -> QuerySet[Person]:
    """Registry persons of the round: managed in its province (and communes), in a counted
    category open on the cut-off date."""
    day = round_.cutoff_date
    persons = Person.objects.filter(
        managing_province_id=round_.province_id, merged_into__isnull=True
    )
    commune_ids = list(round_.communes.values_list("pk", flat=True))
    if commune_ids:
        persons = persons.filter(managing_commune_id__in=commune_ids)
    open_periods = CategoryPeriod.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        start_date__lte=day,
        category__in=round_.categories,
    )
    return persons.filter(pk__in=open_periods.values("person_id"))


def latest_run(round_: Round) -> LinkRun | None:
    """The last run that finished: the one the queue and the results read."""
    return (
        LinkRun.objects.filter(round=round_, finished_at__isnull=False)
        .order_by("-finished_at", "-pk")
        .first()
    )


def latest_started(round_: Round) -> LinkRun | None:
    """The last run started, finished or not: its job is shown on the round's page."""
    return LinkRun.objects.filter(round=round_).select_related("job").first()


def candidates(run: LinkRun, band: str | None) -> QuerySet[Candidate]:
    found = Candidate.objects.filter(run=run).select_related(
        "left_row__submission__agency",
        "left_row__commune",
        "right_row__submission__agency",
        "right_row__commune",
        "right_person__current_commune",
    )
    if band in Band.values:
        found = found.filter(band=band)
    else:
        found = found.filter(band__in=[Band.REVIEW, Band.LINKED])
    # The review band first, then the automatic links; most likely first within each.
    return found.order_by("-band", "-probability", "pk")


def decisions(round_: Round) -> QuerySet[Decision]:
    return Decision.objects.filter(round=round_).select_related("actor").order_by("-pk")


def decision_get(*, round_: Round, pk: object) -> Decision:
    try:
        return Decision.objects.get(round=round_, pk=int(str(pk)))
    except (Decision.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def cluster_of(run: LinkRun) -> dict[str, str]:
    return dict(ClusterMember.objects.filter(run=run).values_list("key", "cluster"))


# --- masking ------------------------------------------------------------------------------------


# --- the consolidated count ---------------------------------------------------------------------


@dataclass
class ConsolidatedPerson:
    """One cluster of a run: one person, counted once."""

    cluster: str
    identity: str
    name: str
    birth: str
    commune: AdminUnit | None
    category: str
    agencies: list[str]
    rows: list[SubmissionRow]
    person_id: int | None
    # Every key this person is known by: the registry person, ID hashes, name + birth + commune.
    identities: set[str] = field(default_factory=set)

    @property
    def representative(self) -> SubmissionRow:
        """The row with the most to say (an ID number first), for registration."""
        return max(self.rows, key=lambda r: (bool(r.id_number_hash), bool(r.birth_day), -r.pk))

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""


def _identities(person: Person | None, rows: list[SubmissionRow]) -> list[str]:
    """Who this is across rounds, strongest first: the registry person, the ID numbers, then
    the folded name with the birth year and commune."""
    keys = [f"person:{person.pk}"] if person is not None else []
    keys += sorted({f"id:{r.id_number_hash}" for r in rows if r.id_number_hash})
    keys += sorted(
        {f"name:{r.name_folded}|{r.birth_year or ''}|{r.commune_id or ''}" for r in rows}
    )
    if person is not None:
        keys.append(
            f"name:{person.name_folded}|{person.birth_year or ''}|{person.managing_commune_id}"
        )
    return keys


def _most_common(values: list[Any], order: list[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    rank = {value: index for index, value in enumerate(order)}
    return min(counts, key=lambda v: (-counts[v], rank.get(v, len(rank)), str(v)))


def consolidated(run: LinkRun, *, clusters: set[str] | None = None) -> list[ConsolidatedPerson]:
    """Every cluster with at least one list row (or those named); category and commune as most
    lists give them. Read in full only when a run's clusters change (`RunPerson`) and for the
    spreadsheet; the pages read the stored persons.

    A cluster linked to a registry person takes the person's managing commune.
    """
    members = ClusterMember.objects.filter(run=run).select_related(
        "row__submission__agency", "row__commune", "person__managing_commune"
    )
    if clusters is not None:
        members = members.filter(cluster__in=clusters)
    grouped: dict[str, list[ClusterMember]] = {}
    for member in members.order_by("cluster", "pk"):
        grouped.setdefault(member.cluster, []).append(member)
    order = list(run.round.categories)
    found: list[ConsolidatedPerson] = []
    for cluster, items in grouped.items():
        rows = sorted((m.row for m in items if m.row is not None), key=lambda r: r.pk)
        if not rows:
            continue
        persons = sorted((m.person for m in items if m.person is not None), key=lambda p: p.pk)
        person = persons[0] if persons else None
        commune: AdminUnit | None
        if person is not None:
            commune = person.managing_commune
        else:
            communes = {r.commune_id: r.commune for r in rows if r.commune is not None}
            commune_id = _most_common([r.commune_id for r in rows], sorted(communes))
            commune = communes.get(commune_id) if commune_id else None
        first = rows[0]
        identities = _identities(person, rows)
        found.append(
            ConsolidatedPerson(
                cluster=cluster,
                identity=identities[0],
                name=person.full_name if person else first.full_name,
                birth=person.birth_display if person else first.birth_display,
                commune=commune,
                category=_most_common([r.category for r in rows], order) or "",
                agencies=sorted({r.submission.agency.name for r in rows}),
                rows=rows,
                person_id=person.pk if person else None,
                identities=set(identities),
            )
        )
    found.sort(key=lambda p: (p.commune.code if p.commune else "~", p.name, p.cluster))
    return found


@dataclass
class CountTable:
    categories: list[str]
    # (commune or None, [count per category], total)
    lines: list[tuple[AdminUnit | None, list[int], int]]
    totals: list[int]
    total: int

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) if c in Category.values else c for c in self.categories]


def count_table(round_: Round, persons: list[ConsolidatedPerson]) -> CountTable:
    """Persons per commune × category, each counted once."""
    categories = list(round_.categories)
    extra = sorted({p.category for p in persons} - set(categories) - {""})
    categories += extra
    by_commune: dict[int | None, list[int]] = {}
    units: dict[int | None, AdminUnit | None] = {}
    for person in persons:
        key = person.commune.pk if person.commune else None
        units[key] = person.commune
        line = by_commune.setdefault(key, [0] * len(categories))
        if person.category in categories:
            line[categories.index(person.category)] += 1
    ordered = sorted(by_commune, key=lambda k: units[k].code if units[k] else "~")  # type: ignore[union-attr]
    lines = [(units[k], by_commune[k], sum(by_commune[k])) for k in ordered]
    totals = [sum(line[i] for _, line, _ in lines) for i in range(len(categories))]
    return CountTable(categories, lines, totals, sum(totals))


def agency_combinations(persons: list[ConsolidatedPerson]) -> list[tuple[str, int]]:
    """How many persons each set of agencies reported (counts only, for every reader)."""
    counts = Counter(" + ".join(p.agencies) for p in persons)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# --- comparison with the previous round ---------------------------------------------------------


@dataclass
class Comparison:
    previous: Round
    new: int
    continuing: int
    gone: int
    previous_total: int
    total: int
    growth: float | None
    annual_growth: float | None
    target: float
    by_category: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def annual_percent(self) -> str:
        return "" if self.annual_growth is None else f"{self.annual_growth * 100:+.2f}"

    @property
    def target_met(self) -> bool | None:
        return None if self.annual_growth is None else self.annual_growth < self.target


def previous_round(round_: Round) -> tuple[Round, LinkRun] | None:
    """The last earlier round of the same province that has been linked."""
    earlier = Round.objects.filter(
        province_id=round_.province_id, cutoff_date__lt=round_.cutoff_date
    ).order_by("-cutoff_date", "-pk")
    for candidate in earlier[:20]:
        run = latest_run(candidate)
        if run is not None:
            return candidate, run
    return None


def compare(round_: Round, persons: list[ConsolidatedPerson]) -> Comparison | None:
    """New, continuing and no longer found persons; growth, annualised by the cut-off dates."""
    found = previous_round(round_)
    if found is None:
        return None
    previous, run = found
    before = consolidated(run)
    before_keys = {key for p in before for key in p.identities}
    now_keys = {key for p in persons for key in p.identities}
    continuing = sum(bool(p.identities & before_keys) for p in persons)
    gone = sum(not p.identities & now_keys for p in before)
    growth = annual = None
    if before:
        growth = len(persons) / len(before) - 1
        days = (round_.cutoff_date - previous.cutoff_date).days
        if days > 0:
            annual = (len(persons) / len(before)) ** (365.25 / days) - 1
    counts_now = Counter(p.category for p in persons)
    counts_before = Counter(p.category for p in before)
    labels = [c for c in Category.values if counts_now[c] or counts_before[c]]
    return Comparison(
        previous=previous,
        new=len(persons) - continuing,
        continuing=continuing,
        gone=gone,
        previous_total=len(before),
        total=len(persons),
        growth=growth,
        annual_growth=annual,
        target=growth_target(),
        by_category=[(str(Category(c).label), counts_before[c], counts_now[c]) for c in labels],
    )


# --- records side by side -----------------------------------------------------------------------


def record_card(row: SubmissionRow | None, person: Person | None = None) -> dict[str, Any]:
    """What a reviewer sees of a record: ID and phone masked, the source named."""
    from pcmt.core import crypto

    if row is not None:
        return {
            "key": f"r{row.pk}",
            "name": row.full_name,
            "birth": row.birth_display,
            "sex": row.gender,
            "id_number": crypto.mask_tail(crypto.decrypt(row.id_number_encrypted)),
            "commune": row.commune.full_name if row.commune else row.address,
            "phone": crypto.mask_tail(crypto.decrypt(row.phone_encrypted), 3),
            "source": row.submission.agency.name,
            "category": str(Category(row.category).label)
            if row.category in Category.values
            else "",
            "row_number": row.row_number,
        }
    assert person is not None
    return {
        "key": f"p{person.pk}",
        "name": person.full_name,
        "birth": person.birth_display,
        "sex": person.sex,
        "id_number": crypto.mask_tail(crypto.decrypt(person.id_number_encrypted)),
        "commune": person.current_commune.full_name,
        "phone": crypto.mask_tail(crypto.decrypt(person.phone_encrypted), 3),
        "source": "registry",
        "category": "",
        "row_number": None,
    }


def candidate_view(candidate: Candidate, cluster: dict[str, str]) -> dict[str, Any]:
    left = record_card(candidate.left_row)
    right = record_card(candidate.right_row, candidate.right_person)
    left["cluster"] = cluster.get(left["key"], "")
    right["cluster"] = cluster.get(right["key"], "")
    return {
        "id": candidate.pk,
        "left": left,
        "right": right,
        "probability": candidate.probability,
        "weight": candidate.weight,
        "band": candidate.band,
        "explanation": candidate.explanation,
        "together": bool(left["cluster"]) and left["cluster"] == right["cluster"],
    }


def groups(run: LinkRun) -> list[list[dict[str, Any]]]:
    """Clusters of more than one record, each as its record cards."""
    members = ClusterMember.objects.filter(run=run).select_related(
        "row__submission__agency", "row__commune", "person__current_commune"
    )
    grouped: dict[str, list[dict[str, Any]]] = {}
    for member in members.order_by("cluster", "pk"):
        grouped.setdefault(member.cluster, []).append(record_card(member.row, member.person))
    return [cards for cards in grouped.values() if len(cards) > 1]


# --- the stored results of a run: read a page or a sum at a time -------------------------------


def run_persons(run: LinkRun) -> QuerySet[RunPerson]:
    """The run's consolidated persons, by commune then name (stored when its clusters change)."""
    return (
        RunPerson.objects.filter(run=run)
        .select_related("commune")
        .order_by("commune_code", "name", "cluster")
    )


def stored_count_table(round_: Round, run: LinkRun | None) -> CountTable:
    """Persons per commune × category, each counted once, summed in the database."""
    categories = list(round_.categories)
    if run is None:
        return CountTable(categories, [], [0] * len(categories), 0)
    rows = list(
        RunPerson.objects.filter(run=run)
        .values("commune_id", "commune_code", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    categories += sorted({r["category"] for r in rows} - set(categories) - {""})
    units = AdminUnit.objects.in_bulk({r["commune_id"] for r in rows if r["commune_id"]})
    by_commune: dict[int | None, list[int]] = {}
    codes: dict[int | None, str] = {}
    for row in rows:
        line = by_commune.setdefault(row["commune_id"], [0] * len(categories))
        codes[row["commune_id"]] = row["commune_code"]
        if row["category"] in categories:
            line[categories.index(row["category"])] += row["n"]
    ordered = sorted(by_commune, key=lambda k: codes[k])
    lines = [(units.get(k) if k else None, by_commune[k], sum(by_commune[k])) for k in ordered]
    totals = [sum(line[i] for _, line, _ in lines) for i in range(len(categories))]
    return CountTable(categories, lines, totals, sum(totals))


def stored_agency_combinations(run: LinkRun | None) -> list[tuple[str, int]]:
    """How many persons each set of agencies reported, summed in the database."""
    if run is None:
        return []
    rows = (
        RunPerson.objects.filter(run=run)
        .values_list("agencies_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return sorted(((key, n) for key, n in rows), key=lambda item: (-item[1], item[0]))


def stored_compare(round_: Round, run: LinkRun) -> Comparison | None:
    """`compare` over the stored persons: identities and categories only, two queries."""
    found = previous_round(round_)
    if found is None:
        return None
    previous, before_run = found
    now = [
        (set(i), c)
        for i, c in RunPerson.objects.filter(run=run).values_list("identities", "category")
    ]
    before = [
        (set(i), c)
        for i, c in RunPerson.objects.filter(run=before_run).values_list("identities", "category")
    ]
    before_keys = {key for keys, _ in before for key in keys}
    now_keys = {key for keys, _ in now for key in keys}
    continuing = sum(bool(keys & before_keys) for keys, _ in now)
    gone = sum(not keys & now_keys for keys, _ in before)
    growth = annual = None
    if before:
        growth = len(now) / len(before) - 1
        days = (round_.cutoff_date - previous.cutoff_date).days
        if days > 0:
            annual = (len(now) / len(before)) ** (365.25 / days) - 1
    counts_now = Counter(c for _, c in now)
    counts_before = Counter(c for _, c in before)
    labels = [c for c in Category.values if counts_now[c] or counts_before[c]]
    return Comparison(
        previous=previous,
        new=len(now) - continuing,
        continuing=continuing,
        gone=gone,
        previous_total=len(before),
        total=len(now),
        growth=growth,
        annual_growth=annual,
        target=growth_target(),
        by_category=[(str(Category(c).label), counts_before[c], counts_now[c]) for c in labels],
    )


def cluster_of_keys(run: LinkRun, keys: set[str]) -> dict[str, str]:
    """The clusters of the named records only (the records of one page)."""
    return dict(ClusterMember.objects.filter(run=run, key__in=keys).values_list("key", "cluster"))


def group_clusters(run: LinkRun) -> QuerySet[Any]:
    """The clusters of more than one record, for paging the groups."""
    return (
        ClusterMember.objects.filter(run=run)
        .values("cluster")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("cluster")
    )


def groups_of(run: LinkRun, clusters: list[str]) -> list[list[dict[str, Any]]]:
    """The named clusters, each as its record cards (one page of groups)."""
    members = ClusterMember.objects.filter(run=run, cluster__in=clusters).select_related(
        "row__submission__agency", "row__commune", "person__current_commune"
    )
    grouped: dict[str, list[dict[str, Any]]] = {c: [] for c in clusters}
    for member in members.order_by("cluster", "pk"):
        grouped[member.cluster].append(record_card(member.row, member.person))
    return [cards for cards in grouped.values() if len(cards) > 1]
