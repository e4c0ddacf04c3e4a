"""Benchmark: the pages leaders open first, over a province of N generated persons (PostgreSQL).

Generates N persons in one province (with their category periods and, through the same
transaction, the summary tables), a realistic worklist (positive tests awaiting a decision,
summonses due, services received), then times in-process requests (middleware, views,
templates, serializers; no network) as officer, supervisor and analyst: queries per request,
p50 and p95. The counts the home page made before the summary tables are timed in the same
run for comparison. Usage:

    .venv/bin/python bench/province_scale.py --persons 100000
    .venv/bin/python bench/province_scale.py --persons 1000000 --requests 30

The database (default pcmt_scale on the local server) is created if missing and reused:
persons are only added up to --persons.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("PCMT_LOGIN_THROTTLING", "false")
    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0]
    exists = subprocess.run(
        ["psql", f"{server}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["psql", f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"'],
            check=True,
            capture_output=True,
        )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _time(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    call()  # warm: the first request fills the caches a running server has
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), _cpu()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((_cpu() - cpu_started) * 1000)
    return {
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(_percentile(wall, 0.95), 1),
        "cpu_ms": round(statistics.median(cpu), 1),
    }


def _users(province: Any, commune: Any) -> dict[str, Any]:
    from pcmt.accounts.models import Agency, AgencyKind, DataRole, User

    def user(name: str, unit: Any, kind: str, role: str) -> Any:
        agency, _ = Agency.objects.get_or_create(
            unit=unit, name=f"Bench {name}", defaults={"kind": kind}
        )
        found, _ = User.objects.get_or_create(
            username=f"bench_{name}", defaults={"agency": agency, "data_role": role}
        )
        return found

    return {
        "officer": user("officer", commune, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER),
        "supervisor": user(
            "supervisor", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.SUPERVISOR
        ),
        "analyst": user("analyst", province, AgencyKind.HEALTH_DEPARTMENT, DataRole.ANALYST),
        "provincial_officer": user(
            "writer", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER
        ),
    }


def _worklist(province: Any, commune: Any, writer: Any, items: int, rng: random.Random) -> None:
    from django.utils import timezone

    """Positive tests awaiting a decision and summonses due, half of them in `commune`."""
    from pcmt.casework.services import drug_test_record
    from pcmt.core.errors import DomainError
    from pcmt.persons.models import Person
    from pcmt.support.models import Summons

    if Summons.objects.exists():
        return
    today = timezone.localdate()
    ids = list(
        Person.objects.filter(managing_commune=commune).values_list("pk", flat=True)[: items // 2]
    )
    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids += [rng.randint(1, max_id) for _ in range(items // 2)]
    from pcmt.support.services import summons_issue

    for pk in ids:
        person = Person.objects.filter(pk=pk).first()
        if person is None:
            continue
        day = today - datetime.timedelta(days=rng.randint(0, 20))
        try:
            drug_test_record(
                actor=writer,
                person=person,
                tested_on=day,
                place="Công an phường",
                result="positive",
                tested_by="Cán bộ",
            )
            summons_issue(
                actor=writer,
                person=person,
                issued_on=day - datetime.timedelta(days=3),
                appear_on=day,
                place="Công an phường",
                purpose="Làm việc",
            )
        except DomainError:
            continue


def _services(share: float, rng: random.Random) -> int:
    """Services received by a share of the persons, over the last two years (bulk)."""
    from django.utils import timezone

    from pcmt.persons.models import Person
    from pcmt.support.models import ServiceReceived

    if ServiceReceived.objects.exists():
        return ServiceReceived.objects.count()
    today = timezone.localdate()
    rows = []
    for pk in Person.objects.values_list("pk", flat=True).iterator(chunk_size=20_000):
        if rng.random() < share:
            rows.append(
                ServiceReceived(
                    person_id=pk,
                    service_type="counselling",
                    received_on=today - datetime.timedelta(days=rng.randint(0, 730)),
                    provider="Trạm y tế",
                )
            )
        if len(rows) >= 20_000:
            ServiceReceived.objects.bulk_create(rows)
            rows = []
    ServiceReceived.objects.bulk_create(rows)
    # Written in bulk, behind the services: the summary behind the indicator is rebuilt.
    from pcmt.summaries.services import summary_rebuild
    from pcmt.support.summaries import SERVICES_REACHED

    summary_rebuild(SERVICES_REACHED)
    return ServiceReceived.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per route")
    parser.add_argument("--worklist-items", type=int, default=400)
    parser.add_argument("--province", default="01")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pcmt_scale")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _setup(args.database_url)

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from pcmt.demo.loader import persons_bulk_load, province_commune_refs
    from pcmt.geo.loader import units_load
    from pcmt.geo.models import AdminUnit
    from pcmt.persons.models import CategoryPeriod, Person
    from pcmt.persons.summaries import PERSONS_IN_CATEGORY
    from pcmt.plans.indicators import indicators_all
    from pcmt.plans.models import Plan, TargetUnit
    from pcmt.plans.seeds import plan_templates_load
    from pcmt.plans.services import plan_create, target_add
    from pcmt.summaries.models import Tally
    from pcmt.summaries.services import summary_counts

    rng = random.Random(args.seed)
    if not AdminUnit.objects.filter(code=args.province).exists():
        units_load(provinces=[args.province])
    province = AdminUnit.objects.get(code=args.province)
    existing = Person.objects.filter(managing_province=province).count()
    load_seconds = None
    if existing < args.persons:
        started = time.perf_counter()
        persons_bulk_load(
            count=args.persons - existing,
            communes=province_commune_refs(province_code=args.province),
            seed=args.seed + existing,
            batch_size=10_000,
        )
        load_seconds = round(time.perf_counter() - started)
        print(f"loaded {args.persons - existing} persons in {load_seconds} s", flush=True)
    busiest = (
        Person.objects.filter(managing_province=province)
        .values("managing_commune")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    commune = AdminUnit.objects.get(pk=busiest["managing_commune"])
    users = _users(province, commune)
    plan_templates_load(province=province)
    year = timezone.localdate().year
    if not Plan.objects.filter(unit=province, number="BENCH").exists():
        # Every indicator as an "each commune" target of this year: the dashboard's worst case.
        plan = plan_create(
            actor=None,
            unit=province,
            number="BENCH",
            issued_on=datetime.date(year, 1, 2),
            issuer="UBND tỉnh",
            title="Benchmark",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            check=False,
        )
        for indicator in indicators_all():
            target_add(
                actor=None,
                plan=plan,
                indicator=indicator.key,
                comparison="gte",
                value=Decimal(1),
                applies_to=TargetUnit.EACH_COMMUNE,
                check=False,
            )
    _worklist(province, commune, users["provincial_officer"], args.worklist_items, rng)
    services = _services(0.3, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    total = Person.objects.filter(managing_province=province).count()
    periods = CategoryPeriod.objects.count()
    today = timezone.localdate()

    def naive_home_counts() -> list[Any]:
        """The category count the home page made before the summary tables."""
        return list(
            CategoryPeriod.objects.filter(
                person__managing_province=province,
                start_date__lte=today,
                person__merged_into__isnull=True,
            )
            .exclude(end_date__lt=today)
            .values("category")
            .annotate(persons=Count("person", distinct=True))
            .order_by("category")
        )

    results: dict[str, Any] = {
        "persons": total,
        "category_periods": periods,
        "services_received": services,
        "tally_rows": Tally.objects.filter(summary=PERSONS_IN_CATEGORY).count(),
        "shared_buffers": shared_buffers,
        "load_seconds": load_seconds,
        "officer_commune_persons": Person.objects.filter(managing_commune=commune).count(),
        "queries": {},
        "routes": {},
    }
    summary = summary_counts(PERSONS_IN_CATEGORY, province.pk, today)
    naive = {row["category"]: row["persons"] for row in naive_home_counts()}
    results["summary_equals_naive"] = summary == naive
    results["routes"]["home counts, before (naive query, province)"] = _time(
        naive_home_counts, max(3, args.requests // 4)
    )
    results["routes"]["home counts, now (summary read, province)"] = _time(
        lambda: summary_counts(PERSONS_IN_CATEGORY, province.pk, today), args.requests
    )
    year = (datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))

    def naive_indicator() -> list[Any]:
        """The services indicator's query before the summary tables (province, this year)."""
        from django.db.models import Exists, OuterRef, Q

        from pcmt.support.models import ServiceReceived

        on_record = CategoryPeriod.objects.filter(
            person=OuterRef("pk"), start_date__lte=year[1]
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=year[0]))
        served = ServiceReceived.objects.filter(
            person=OuterRef("pk"), received_on__gte=year[0], received_on__lte=year[1]
        )
        return list(
            Person.objects.filter(managing_province=province, merged_into__isnull=True)
            .filter(Exists(on_record))
            .annotate(served=Exists(served))
            .values("managing_commune_id")
            .annotate(persons=Count("pk"), reached=Count("pk", filter=Q(served=True)))
            .order_by()
        )

    from pcmt.accounts.scope import scope_for
    from pcmt.support.selectors import services_reached

    indicator = services_reached(scope_for(users["analyst"]), *year)
    before = {row["managing_commune_id"]: row for row in naive_indicator()}
    results["indicator_equals_naive"] = (indicator.total.persons, indicator.total.reached) == (
        sum(row["persons"] for row in before.values()),
        sum(row["reached"] for row in before.values()),
    )
    results["routes"]["services indicator, before (naive query, province)"] = _time(
        naive_indicator, max(3, args.requests // 4)
    )
    results["routes"]["services indicator, now (summary read, province)"] = _time(
        lambda: services_reached(scope_for(users["analyst"]), *year), args.requests
    )

    sample = list(Person.objects.filter(managing_commune=commune).values_list("pk", flat=True)[:50])
    routes = [
        ("supervisor", "/", "home (supervisor: counts + province worklist)"),
        ("officer", "/", "home (officer: counts + commune worklist)"),
        ("analyst", "/", "home (analyst: counts)"),
        ("supervisor", "/api/v1/worklist/", "API worklist (supervisor)"),
        ("officer", "/api/v1/worklist/", "API worklist (officer)"),
        ("analyst", "/indicators/services/", "services indicator (analyst, province)"),
        ("officer", "/api/v1/persons/", "API person list (officer)"),
        ("officer", "/api/v1/persons/{pk}/", "API person detail (officer)"),
        ("supervisor", "/dashboard/", "plan targets dashboard (supervisor, province)"),
        ("officer", "/dashboard/", "plan targets dashboard (officer, commune)"),
        ("analyst", "/api/v1/indicators/", "API indicators, every commune (analyst)"),
    ]
    for role, path, label in routes:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users[role])
        picks = iter(rng.choice(sample) for _ in range(args.requests + 2))

        def get(client: Client = client, path: str = path, picks: Any = picks) -> None:
            url = path.format(pk=next(picks)) if "{pk}" in path else path
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        with CaptureQueriesContext(connection) as captured:
            get()
        results["queries"][label] = len(captured.captured_queries)
        repeat = max(3, args.requests // 4) if "indicator" in path else args.requests
        results["routes"][label] = _time(get, repeat)
        print(label, results["queries"][label], results["routes"][label], flush=True)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
