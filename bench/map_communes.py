"""Benchmark: the map's commune outlines (`GET /api/v1/map/communes/`) for a whole province.

Loads the administrative units and the shipped outlines of one province (default 01, Hà Nội,
126 communes) into a PostgreSQL database, then times the outlines as a provincial
supervisor gets them: the selector and the JSON rendering, with the cache emptied before
each run (cold) and then from the cache (warm). Target: ≤ 200 ms cold. Usage:

    .venv/bin/python bench/map_communes.py --province 01 --runs 20 \\
        --database postgres://postgres@127.0.0.1:5432/pcmt_map
"""

import argparse
import json
import os
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


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--province", default="01")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/pcmt_map")
    args = parser.parse_args()
    _setup(args.database)

    from django.core.cache import cache
    from django.core.management import call_command

    from pcmt.accounts.models import DataRole
    from pcmt.accounts.scope import Scope
    from pcmt.geo.models import AdminUnit, UnitBoundary
    from pcmt.maps.layers import MapAccess
    from pcmt.maps.selectors import communes_geojson

    if not AdminUnit.objects.exists():
        call_command("load_units", verbosity=0)
    province = AdminUnit.objects.get(code=args.province)
    if not UnitBoundary.objects.filter(unit__parent=province).exists():
        call_command("load_boundaries", "--province", args.province, verbosity=0)
    access = MapAccess(scope=Scope(province_id=province.pk, role=DataRole.SUPERVISOR))

    def once() -> int:
        return len(json.dumps(communes_geojson(access), ensure_ascii=False).encode())

    size = 0
    cold, warm = [], []
    for _run in range(args.runs):
        cache.clear()
        began = time.perf_counter()
        size = once()
        cold.append(time.perf_counter() - began)
        began = time.perf_counter()
        once()
        warm.append(time.perf_counter() - began)
    communes = len(communes_geojson(access)["features"])
    print(f"province {args.province}: {communes} communes, {size / 1024:.0f} KiB of JSON")
    print(f"cold (cache emptied): {_ms(cold)}")
    print(f"warm (from the cache): {_ms(warm)}")


if __name__ == "__main__":
    main()
