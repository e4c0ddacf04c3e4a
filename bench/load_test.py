"""Load test: 50 users of a province against the production server over HTTP (127.0.0.1).

Starts gunicorn as `make serve` does (gunicorn.conf.py, PCMT_ENV=production, WhiteNoise),
on a province seeded by `bench/province_scale.py`, and runs locust headless for a fixed time
with the mix of `bench/locustfile.py`: officers search, open persons and their worklist and
record drug tests; supervisors open the home page and the services indicator; analysts read
the counts. Reports p50/p95, errors and requests per second per route, and the CPU time of the
server processes per request. Usage:

    .venv/bin/python bench/province_scale.py --persons 50000 --requests 3   # seed once
    .venv/bin/python bench/load_test.py --users 50 --seconds 120

The server listens on 127.0.0.1 only; the run ends after --seconds (and is killed 60 s later).
The accounts have no second factor: the server runs with PCMT_REQUIRE_2FA=false and plain
HTTP (PCMT_HTTPS=false), which a real deployment never does.
"""

import argparse
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
VENV_BIN = Path(sys.executable).parent


def _plan(province_code: str, password: str) -> dict[str, Any]:
    """The accounts (with a password), persons to open and names to search."""
    from django.db.models import Count
    from django.utils import timezone
    from province_scale import _users

    from pcmt.core.text import fold_words
    from pcmt.geo.models import AdminUnit
    from pcmt.persons.models import Person

    province = AdminUnit.objects.get(code=province_code)
    busiest = (
        Person.objects.filter(managing_province=province)
        .values("managing_commune")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise SystemExit("No persons: run bench/province_scale.py first.")
    commune = AdminUnit.objects.get(pk=busiest["managing_commune"])
    users = _users(province, commune)
    for user in users.values():
        user.set_password(password)
        user.save(update_fields=["password"])
    persons = list(
        Person.objects.filter(managing_commune=commune, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "full_name")[:300]
    )
    searches: list[str] = []
    for _pk, name in persons[:60]:
        words = fold_words(name)
        searches += [name, words[-1], " ".join(words[:1] + words[-1:])]
    return {
        "accounts": {role: users[role].username for role in ("officer", "supervisor", "analyst")},
        "password": password,
        "persons": [pk for pk, _name in persons],
        "searches": searches,
        "today": timezone.localdate().strftime("%d/%m/%Y"),
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children, from /proc (Linux)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        stat = Path(f"/proc/{each}/stat")
        if stat.exists():
            fields = stat.read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def _wait_for(url: str, seconds: int) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - 127.0.0.1 only
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pcmt_scale")
    parser.add_argument("--province", default="01")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: settings)")
    parser.add_argument("--keep-alive", type=int, default=5, help="gunicorn keep-alive seconds")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from pcmt.demo.loader import DEMO_PASSWORD

    call_command("migrate", verbosity=0)
    plan = _plan(args.province, DEMO_PASSWORD)
    workdir = Path(tempfile.mkdtemp(prefix="pcmt-load-"))
    (workdir / "plan.json").write_text(json.dumps(plan, ensure_ascii=False))

    env = {
        **os.environ,
        "PCMT_ENV": "production",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the keys the data was written with
        "PCMT_FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
        "PCMT_LOOKUP_HASH_KEY": settings.LOOKUP_HASH_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "false",
        "PCMT_HTTPS": "false",
        "PCMT_REQUIRE_2FA": "false",
        "PCMT_LOGIN_THROTTLING": "false",
        "PCMT_WEB_BIND": f"127.0.0.1:{args.port}",
        "PCMT_LOAD_PLAN": str(workdir / "plan.json"),
        # Idle connections kept longer than a simulated user's pause (1-3 s): with gunicorn's
        # 2 s a client may reuse a connection the server is closing (a reset, not an error of
        # the application). Behind a reverse proxy, the proxy holds the clients' connections.
        "GUNICORN_CMD_ARGS": f"--keep-alive {args.keep_alive}",
    }
    if args.workers:
        env["PCMT_WEB_WORKERS"] = str(args.workers)
    python = str(VENV_BIN / "python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{args.port}/login/", 60)
        prefix = workdir / "locust"
        runner = subprocess.Popen(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(BENCH / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(prefix),
                "--reset-stats",  # the figures start once every user is logged in
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
        )
        # The server's CPU is measured over the same steady part (logins hash passwords).
        ramp = args.users / args.spawn_rate + 20
        time.sleep(ramp)
        cpu_before = _cpu_seconds(server.pid)
        started = time.monotonic()
        try:
            runner.wait(timeout=args.seconds + 60)
        except subprocess.TimeoutExpired:
            runner.kill()
            raise
        wall = time.monotonic() - started
        cpu = _cpu_seconds(server.pid) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        print(f"server log: {workdir / 'server.log'}")

    with (prefix.parent / "locust_stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    # Requests in the CPU window: the steady rate over the window's length.
    requests = float(total["Requests/s"]) * wall
    print(
        f"\n{args.users} users, {args.seconds} s; CPU window {wall:.0f} s, server CPU {cpu:.1f} s"
    )
    print("| route | requests | errors | p50 ms | p95 ms | req/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {float(row['Requests/s']):.1f} |"
        )
    print(
        f"\nserver CPU per request: {cpu * 1000 / max(requests, 1):.0f} ms "
        f"(~{requests:.0f} requests in the window); "
        f"load average {os.getloadavg()[0]:.1f}; "
        f"{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC"
    )
    failures = prefix.parent / "locust_failures.csv"
    if failures.exists():
        print(failures.read_text())


if __name__ == "__main__":
    main()
