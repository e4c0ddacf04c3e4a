"""Benchmark: the map page ready in headless Chromium for the largest province, 5,000 markers.

Target: the map page ready (commune outlines, incident markers and legend drawn, which the
page marks with `#map[data-ready='1']`) in ≤ 2 s for the province with the most communes
and 5,000 located incidents in the period shown.

Builds a throwaway SQLite database in a temporary directory (PCMT_VAR_DIR): migrate,
`load_units`, `load_boundaries` for the province (by default the one whose shipped outlines
hold the most communes), a provincial supervisor of the police drug unit, and the incidents
(bulk: rows and their registration events) at random points inside their communes' outlines
(`geo.location.boundary_shape`), all in the current quarter, which the page shows by default.
Then serves it with `manage.py runserver --noreload` on 127.0.0.1 (DEBUG off, static files by
WhiteNoise from the finders), logs in with Playwright and opens `/map/?measure=incidents` N
times in the same browser: the first run is cold (server caches and browser cache empty), the
others warm. Each run is timed in the page from navigation start to the ready mark (and to the
next painted frame), with the API requests' server time (request sent to first byte) and
download from Resource Timing; what is left after the last answer is parsing and drawing.
Every request the browser made must stay on 127.0.0.1. Usage:

    .venv/bin/python bench/map_page.py --incidents 5000 --runs 5
"""

import argparse
import datetime
import gzip
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench-Map-2026"  # noqa: S105 (a throwaway database)
CHROMIUM = os.environ.get("PCMT_CHROMIUM", "/usr/bin/chromium")
BOUNDARIES = ROOT / "pcmt" / "geo" / "data" / "boundaries" / "communes"

# Set before the page's scripts run: the time the map is marked ready, then the next frame.
READY_PROBE = """
window.__bench = {};
new MutationObserver(function (records, observer) {
  var box = document.getElementById("map");
  if (box && box.getAttribute("data-ready") === "1" && !window.__bench.ready) {
    window.__bench.ready = performance.now();
    observer.disconnect();
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { window.__bench.painted = performance.now(); });
    });
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
"""

TIMINGS = """() => {
  var nav = performance.getEntriesByType("navigation")[0];
  var api = performance.getEntriesByType("resource")
    .filter(function (e) { return e.name.indexOf("/api/v1/map/") !== -1; })
    .map(function (e) {
      return {
        path: new URL(e.name).pathname, start: e.startTime, requestStart: e.requestStart,
        responseStart: e.responseStart, responseEnd: e.responseEnd, bytes: e.decodedBodySize
      };
    });
  return {
    ready: window.__bench.ready, painted: window.__bench.painted,
    html: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, api: api
  };
}"""


def largest_province() -> str:
    """The province whose shipped commune outlines hold the most communes."""
    counts = {}
    for path in sorted(BOUNDARIES.glob("*.geojson.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            counts[path.name.split(".")[0]] = len(json.load(handle)["features"])
    return max(counts, key=lambda code: counts[code])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _setup(var_dir: Path) -> dict[str, str]:
    env = {
        "PCMT_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'pcmt.sqlite3'}",
        "PCMT_ENV": "development",
        "DJANGO_DEBUG": "false",
        "PCMT_LOGIN_THROTTLING": "false",
        "PCMT_REQUIRE_2FA": "false",
        "DJANGO_SETTINGS_MODULE": "pcmt.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def _supervisor(province: Any) -> Any:
    from pcmt.accounts.models import Agency, AgencyKind, DataRole, User

    agency = Agency.objects.create(
        unit=province, name="Bench PC04", kind=AgencyKind.PROVINCIAL_DRUG_UNIT
    )
    user = User.objects.create(
        username="bench_supervisor", agency=agency, data_role=DataRole.SUPERVISOR
    )
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _incidents(province: Any, actor: Any, count: int, rng: random.Random) -> int:
    """`count` located incidents in the current quarter, each inside its commune's outline."""
    from django.utils import timezone
    from shapely.geometry import Point

    from pcmt.audit.services import EventDraft, event_record_many
    from pcmt.geo.location import boundary_shape
    from pcmt.geo.models import UnitBoundary
    from pcmt.maps.periods import period_containing
    from pcmt.places.common import created_changes
    from pcmt.places.models import (
        INCIDENT_STREAM,
        Incident,
        IncidentAction,
        IncidentKind,
        place_sort_key,
    )

    today = timezone.localdate()
    quarter = period_containing("quarter", today)
    days = (today - quarter.start).days
    boundaries = list(UnitBoundary.objects.filter(unit__parent=province).select_related("unit"))
    kinds = list(IncidentKind.values)
    rows = []
    for number in range(count):
        boundary = rng.choice(boundaries)
        outline = boundary_shape(boundary.unit_id)
        assert outline is not None
        while True:
            lat = rng.uniform(boundary.min_lat, boundary.max_lat)
            lng = rng.uniform(boundary.min_lng, boundary.max_lng)
            if outline.covers(Point(lng, lat)):
                break
        summary = f"Vụ việc thử số {number + 1}"
        rows.append(
            Incident(
                commune=boundary.unit,
                latitude=Decimal(f"{lat:.6f}"),
                longitude=Decimal(f"{lng:.6f}"),
                summary=summary,
                summary_sort=place_sort_key(summary),
                kind=rng.choice(kinds),
                occurred_on=quarter.start + datetime.timedelta(days=rng.randint(0, days)),
                created_by=actor,
            )
        )
    created = Incident.objects.bulk_create(rows, batch_size=1000)
    event_record_many(
        EventDraft(
            stream=INCIDENT_STREAM,
            subject_id=incident.pk,
            actor=actor,
            action=IncidentAction.CREATED,
            changes=created_changes(
                {
                    "commune": incident.commune,
                    "latitude": incident.latitude,
                    "longitude": incident.longitude,
                    "summary": incident.summary,
                    "kind": incident.kind,
                    "occurred_on": incident.occurred_on,
                }
            ),
        )
        for incident in created
    )
    return len(created)


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not answer on 127.0.0.1:{port}; see {log}")


def _run(page: Any, url: str, communes: int) -> dict[str, Any]:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__bench && window.__bench.painted", timeout=120_000)
    found: dict[str, Any] = page.evaluate(TIMINGS)
    # What "ready" promises: the outlines, the incident markers (clustered) and the legend.
    drawn = page.evaluate(
        """() => ({
          outlines: document.querySelectorAll("#map path.leaflet-interactive").length,
          clusters: document.querySelectorAll("#map .marker-cluster").length,
          classes: document.querySelectorAll("#legend-classes li").length,
          kinds: document.querySelectorAll("#legend-markers-incidents li").length,
          error: document.querySelectorAll("#map-legend .error").length
        })"""
    )
    assert drawn["error"] == 0, drawn
    assert drawn["outlines"] >= communes, drawn
    assert drawn["clusters"] > 0 and drawn["classes"] > 0 and drawn["kinds"] > 0, drawn
    found["drawn"] = drawn
    return found


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _ms(value: float) -> str:
    return f"{value:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--province", default="", help="default: the most communes")
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    code = args.province or largest_province()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="pcmt-map-page-") as tmp:
        var_dir = Path(tmp)
        began = time.perf_counter()
        env = _setup(var_dir)
        from django.core.management import call_command
        from django.db import connections

        from pcmt.geo.models import AdminUnit, UnitBoundary

        call_command("load_units", verbosity=0)
        call_command("load_boundaries", "--province", code, verbosity=0)
        province = AdminUnit.objects.get(code=code)
        communes = UnitBoundary.objects.filter(unit__parent=province).count()
        user = _supervisor(province)
        made = _incidents(province, user, args.incidents, rng)
        connections.close_all()
        print(
            f"province {code} ({province.name}): {communes} communes with outlines, "
            f"{made:,} located incidents in the current quarter; "
            f"setup {time.perf_counter() - began:.0f} s"
        )

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _serve(env, port, var_dir / "server.log")
        try:
            runs, hosts = _browse(base, communes, args.runs)
        finally:
            server.terminate()
            server.wait(timeout=30)
        _report(runs, hosts, made)


def _browse(base: str, communes: int, count: int) -> tuple[list[dict[str, Any]], set[str]]:
    from playwright.sync_api import sync_playwright

    hosts: set[str] = set()
    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{base}/login/")
        page.fill("#id_username", "bench_supervisor")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        for _ in range(count):
            runs.append(_run(page, f"{base}/map/?measure=incidents", communes))
        # Untimed: how many incident features the markers answer carried.
        features = page.evaluate(
            """(url) => fetch(url, { credentials: "same-origin" }).then((r) => r.json())
              .then((d) => d.layers.incidents.features.length)""",
            f"{base}/api/v1/map/markers/?measure=incidents",
        )
        runs[-1]["features"] = features
        browser.close()
    return runs, hosts


def _report(runs: list[dict[str, Any]], hosts: set[str], made: int) -> None:
    print()
    print("run   ready  painted   html+DCL   API server (request→first byte)   last answer   draw")
    for number, run in enumerate(runs, start=1):
        api = run["api"]
        server = ", ".join(
            f"{_name(a['path'])} {a['responseStart'] - a['requestStart']:.0f}" for a in api
        )
        last = max(a["responseEnd"] for a in api)
        print(
            f"{number} {'cold' if number == 1 else 'warm'} {run['ready']:6.0f}"
            f" {run['painted']:8.0f} {run['domContentLoaded']:10.0f}   {server:<34}"
            f" {last:11.0f} {run['ready'] - last:6.0f}"
        )
    ready = [run["ready"] for run in runs]
    painted = [run["painted"] for run in runs]
    print()
    print(
        f"ready:   p50 {_ms(statistics.median(ready))}, max {_ms(max(ready))} (target ≤ 2,000 ms)"
    )
    print(f"painted: p50 {_ms(statistics.median(painted))}, max {_ms(max(painted))}")
    print("JSON payloads (decoded bytes):")
    for a in runs[-1]["api"]:
        print(f"  {a['path']}: {a['bytes'] / 1024:,.0f} KiB")
    print(
        f"drawn (last run): {runs[-1]['drawn']}; incident markers in the answer: "
        f"{runs[-1]['features']:,} of {made:,}"
    )
    outside = sorted(hosts - {"127.0.0.1"})
    print(f"hosts requested: {sorted(hosts)}")
    assert not outside, f"requests left 127.0.0.1: {outside}"
    print("no request left 127.0.0.1")


if __name__ == "__main__":
    main()
