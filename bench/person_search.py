"""Benchmark: person search latency over N generated persons on PostgreSQL.

All persons are put in one province (the worst case for a provincial supervisor, whose scope
then holds every record). Usage:

    .venv/bin/python bench/person_search.py --persons 100000
    .venv/bin/python bench/person_search.py --persons 1000000 --queries 300

The scratch database (default pcmt_bench on the local server) is created if missing and reused
across runs: persons are only added up to --persons.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--province", default="01")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pcmt_bench")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _setup(args.database_url)

    from django.db import connection

    from pcmt.accounts.models import DataRole
    from pcmt.accounts.scope import Scope
    from pcmt.core.text import fold
    from pcmt.demo.loader import persons_bulk_load, province_commune_refs
    from pcmt.geo.loader import units_load
    from pcmt.geo.models import AdminUnit
    from pcmt.persons.models import Person
    from pcmt.persons.selectors import SearchQuery, person_search, person_secrets

    if not AdminUnit.objects.filter(code=args.province).exists():
        units_load(provinces=[args.province])
    province = AdminUnit.objects.get(code=args.province)
    existing = Person.objects.filter(managing_province=province).count()
    if existing < args.persons:
        started = time.perf_counter()
        refs = province_commune_refs(province_code=args.province)
        persons_bulk_load(
            count=args.persons - existing,
            communes=refs,
            seed=args.seed + existing,
            batch_size=10_000,
        )
        print(f"loaded {args.persons - existing} persons in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    total = Person.objects.filter(managing_province=province).count()
    with connection.cursor() as cursor:
        # Measure a warm server, as in production: the tables and indexes in memory.
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        for relation in [
            "persons_person",
            "persons_categoryperiod",
            "person_search_vector",
            "person_rest_vector",
            "person_province_given",
            "person_province_sort",
            "person_commune_sort",
            "category_open",
        ]:
            cursor.execute("SELECT pg_prewarm(%s)", [relation])
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]

    rng = random.Random(args.seed)
    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sample: list[Person] = []
    while len(sample) < args.queries:
        picked = Person.objects.filter(pk__gte=rng.randint(1, max_id)).order_by("pk").first()
        if picked is not None:
            sample.append(picked)

    def typo(name: str) -> str:
        words = fold(name).split()
        given = words[-1]
        if len(given) > 2:
            cut = rng.randrange(1, len(given))
            words[-1] = given[:cut] + given[cut + 1 :]
        return " ".join(words)

    supervisor = Scope(province_id=province.pk, role=DataRole.SUPERVISOR)
    kinds: dict[str, list[tuple[Scope, SearchQuery]]] = {
        "full name, with diacritics": [],
        "full name, without diacritics": [],
        "full name, one typo": [],
        "middle + given name": [],
        "personal ID": [],
        "phone": [],
        "category + commune filter, no text": [],
        "commune officer, name": [],
        "surname only": [],
        "given name only": [],
    }
    for person in sample:
        secrets = person_secrets(person)
        commune_scope = Scope(commune_id=person.managing_commune_id, role=DataRole.OFFICER)
        kinds["full name, with diacritics"].append((supervisor, SearchQuery(text=person.full_name)))
        kinds["full name, without diacritics"].append(
            (supervisor, SearchQuery(text=fold(person.full_name)))
        )
        kinds["full name, one typo"].append((supervisor, SearchQuery(text=typo(person.full_name))))
        kinds["middle + given name"].append(
            (supervisor, SearchQuery(text=" ".join(fold(person.full_name).split()[-2:])))
        )
        kinds["personal ID"].append(
            (supervisor, SearchQuery(text=secrets["id_number"] or secrets["phone"] or "000"))
        )
        kinds["phone"].append(
            (supervisor, SearchQuery(text=secrets["phone"] or secrets["id_number"] or "000"))
        )
        kinds["category + commune filter, no text"].append(
            (supervisor, SearchQuery(category="drug_user", commune_id=person.managing_commune_id))
        )
        kinds["surname only"].append(
            (supervisor, SearchQuery(text=fold(person.full_name).split()[0]))
        )
        kinds["given name only"].append(
            (supervisor, SearchQuery(text=fold(person.full_name).split()[-1]))
        )
        kinds["commune officer, name"].append(
            (commune_scope, SearchQuery(text=fold(person.full_name)))
        )

    for scope, query in kinds["full name, without diacritics"][:20]:  # warm the caches
        person_search(scope=scope, query=query)

    results: dict[str, dict[str, float]] = {}
    everything: list[float] = []
    for kind, queries in kinds.items():
        timings: list[float] = []
        for scope, query in queries:
            started = time.perf_counter()
            page = person_search(scope=scope, query=query)
            timings.append((time.perf_counter() - started) * 1000)
            assert page.total >= 0
        everything += timings
        results[kind] = {
            "p50": statistics.median(timings),
            "p95": _percentile(timings, 0.95),
            "max": max(timings),
        }
    results["all queries"] = {
        "p50": statistics.median(everything),
        "p95": _percentile(everything, 0.95),
        "max": max(everything),
    }

    print(
        f"\nperson search, {total:,} persons in one province, PostgreSQL "
        f"(shared_buffers {shared_buffers}), {args.queries} queries per kind (ms)\n"
    )
    print("| query | p50 | p95 | max |\n|---|---:|---:|---:|")
    for kind, r in results.items():
        print(f"| {kind} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"person_search_{total}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
