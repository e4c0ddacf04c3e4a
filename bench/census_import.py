"""Benchmark: validate and store a 100,000-row review-round list (.xlsx) on SQLite and PostgreSQL.

Generates the list once (generated persons of one province, addresses new and pre-2025, about
2 % bad rows), then times `pcmt.census.services.submission_upload` on each database. Usage:

    .venv/bin/python bench/census_import.py --rows 100000

The databases are scratch ones: a temporary SQLite file, and pcmt_bench_census on the local
PostgreSQL server, created and dropped by this script.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/pcmt_bench_census"


def _psql(server: str, sql: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True, capture_output=True)


def generate(path: Path, rows: int, seed: int) -> dict[str, int]:
    """Write the list; returns how many bad rows of each kind it holds."""
    from pcmt.census.tabular import FIELDS, TEMPLATE_HEADERS
    from pcmt.census.validation import CATEGORY_WORDS
    from pcmt.core.tabular import write_xlsx
    from pcmt.demo.generator import generate_persons
    from pcmt.demo.loader import province_commune_refs

    rng = random.Random(seed)
    refs = province_commune_refs(province_code="01")
    bad: dict[str, int] = {}

    def lines():
        for number, spec in enumerate(generate_persons(count=rows, communes=refs, seed=seed)):
            birth = (
                spec.birth_date.strftime("%d/%m/%Y") if spec.birth_date else str(spec.birth_year)
            )
            category = rng.choice(["drug_user", "dependent", "post_rehab"])
            values = {
                "record_id": f"R{number}",
                "full_name": spec.full_name,
                "birth": birth,
                "gender": "Nam" if spec.sex == "male" else "Nữ",
                "id_number": spec.id_number,
                "address": spec.permanent_address or spec.current_address,
                "commune": "",
                "phone": spec.phone,
                "category": CATEGORY_WORDS[category],
                "note": "",
            }
            if rng.random() < 0.02:
                kind = rng.choice(["name", "date", "id", "gender", "category", "address"])
                bad[kind] = bad.get(kind, 0) + 1
                values |= {
                    "name": {"full_name": ""},
                    "date": {"birth": "31/02/1990"},
                    "id": {"id_number": "12345"},
                    "gender": {"gender": "?"},
                    "category": {"category": "Không rõ"},
                    "address": {"address": "Không rõ"},
                }[kind]
            yield [values[f] for f in FIELDS]

    write_xlsx(path.open("wb"), [TEMPLATE_HEADERS[f] for f in FIELDS], lines())
    return bad


def run(database_url: str, path: Path, rows: int, seed: int, generate_file: bool) -> None:
    """In a child process per database: migrate, load units, (generate), time the import."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from pcmt.accounts.models import Agency, DataRole, User
    from pcmt.census.services import round_create, submission_upload
    from pcmt.geo.loader import units_load
    from pcmt.geo.models import AdminUnit

    # Inside the run's temporary folder, removed with it.
    settings.PCMT_PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="private-", dir=path.parent)
    call_command("migrate", verbosity=0)
    units_load(provinces=["01"])
    bad: dict[str, int] = {}
    if generate_file:
        started = time.perf_counter()
        bad = generate(path, rows, seed)
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f} s: {bad}")
    province = AdminUnit.objects.get(code="01")
    unit = AdminUnit.objects.get(code="00004")
    pc04 = Agency.objects.create(name="PC04", kind="provincial_drug_unit", unit=province)
    police = Agency.objects.create(name="Công an phường", kind="commune_police", unit=unit)
    supervisor = User.objects.create(username="sup", agency=pc04, data_role=DataRole.SUPERVISOR)
    officer = User.objects.create(username="off", agency=police, data_role=DataRole.OFFICER)
    import datetime

    round_ = round_create(
        actor=supervisor,
        name="Bench",
        cutoff_date=datetime.date(2025, 10, 1),
        deadline=datetime.date(2025, 10, 31),
        categories=["drug_user", "dependent", "post_rehab"],
        agencies=[police],
    )
    content = path.read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    result = submission_upload(
        actor=officer, round_=round_, file=SimpleUploadedFile(path.name, content)
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    submission = result.submission
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "database": database_url.split(":", 1)[0],
                "rows": submission.total_rows,
                "valid": submission.valid_rows,
                "invalid": submission.invalid_rows,
                "warnings": submission.warning_rows,
                "seconds": round(elapsed, 1),
                # This process only: the wall-clock time counts a busy machine's waits.
                "cpu_seconds": round(cpu, 1),
                "load_average": round(os.getloadavg()[0], 1),
                "peak_mb": round(peak),
                "file_mb": round(len(content) / 1e6, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", default=PG_URL)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run(args.child, Path(args.file), args.rows, args.seed, args.generate)
        return
    with tempfile.TemporaryDirectory(prefix="pcmt-bench-census-") as folder:
        path = Path(folder) / "list.xlsx"
        sqlite_url = f"sqlite:///{folder}/bench.sqlite3"
        server = args.database_url.rsplit("/", 1)[0]
        name = args.database_url.rsplit("/", 1)[1]
        if name in ("pcmt", "test_pcmt"):
            raise SystemExit("refusing to use the project's own database")
        base = [sys.executable, __file__, "--rows", str(args.rows), "--seed", str(args.seed)]
        subprocess.run(
            [*base, "--child", sqlite_url, "--file", str(path), "--generate"], check=True
        )
        _psql(server, f'DROP DATABASE IF EXISTS "{name}"')
        _psql(server, f'CREATE DATABASE "{name}"')
        try:
            subprocess.run([*base, "--child", args.database_url, "--file", str(path)], check=True)
        finally:
            _psql(server, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
