"""Long map analyses as background jobs: started from the page, run by the task worker with
progress, their result read and exported, and seen only within the jurisdiction that launched
them by the roles that see the layer."""

import csv
import io

import pytest
from django.urls import reverse

from pcmt.jobs.models import Job, JobStatus
from pcmt.maps import selectors
from tests.maps.test_hexagon_layer import CENTRE, PERIOD, cluster  # noqa: F401 (a fixture)
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

EMERGING = {"analysis": "emerging", "measure": "persons", "step": "quarter", "steps": "12"}
HEXAGONS = {"analysis": "hexagons", **PERIOD}


def _start(client, params):
    return client.post(reverse("map_job_start"), params)


@pytest.mark.usefixtures("cluster")
def test_the_hexagon_analysis_of_many_points_runs_in_the_background(client, sam, monkeypatch):
    monkeypatch.setattr(selectors, "HEX_IN_REQUEST_POINTS", 10)
    client.force_login(sam)
    # The synchronous answer computes nothing above the limit and says so.
    direct = client.get(reverse("api_map_hexagons"), PERIOD).json()
    assert direct["background"] is True and direct["ran"] is False and direct["located"] == 28
    assert direct["features"] == []

    started = _start(client, HEXAGONS)
    assert started.status_code == 200
    job = Job.objects.get(kind="map_hexagons")
    bar = started.content.decode()
    assert f'hx-get="{reverse("map_job", kwargs={"map_job_pk": job.pk})}"' in bar
    assert 'data-status="queued"' in bar

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == 47 and "47" in job.message  # progress: hexagons analysed
    bar = client.get(reverse("map_job", kwargs={"map_job_pk": job.pk})).content.decode()
    assert 'data-status="done"' in bar and "hx-get" not in bar  # polling stops
    answer = client.get(reverse("api_map_job", kwargs={"map_job_pk": job.pk})).json()
    cells = {f["properties"]["cell"]: f for f in answer["result"]["features"]}
    assert answer["result"]["ran"] and len(cells) == 47
    assert cells[CENTRE]["properties"]["bin"] == 3
    assert cells[CENTRE]["geometry"]["type"] == "Polygon"  # outlines drawn again when read

    exported = client.get(reverse("api_map_job", kwargs={"map_job_pk": job.pk}), {"file": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == ["cell", "count", "z", "p", "bin"] and len(rows) == 48
    assert next(r[:2] for r in rows if r[0] == CENTRE) == [CENTRE, "6"]


def test_the_emerging_analysis_in_the_background_gives_the_synchronous_answer(
    client, mapped, person_a, sam
):
    client.force_login(sam)
    params = {**EMERGING, "start": "2025-06-01"}
    assert _start(client, params).status_code == 200
    job = Job.objects.get(kind="map_emerging")
    before = client.get(reverse("api_map_job", kwargs={"map_job_pk": job.pk})).json()
    assert before["status"] == "queued" and before["result"] is None
    not_yet = client.get(reverse("api_map_job", kwargs={"map_job_pk": job.pk}), {"file": "csv"})
    assert not_yet.status_code == 400 and not_yet.json()["code"] == "map_job_not_done"

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.total == 24  # twelve steps read, then analysed
    result = client.get(reverse("api_map_job", kwargs={"map_job_pk": job.pk})).json()["result"]
    direct = client.get(reverse("api_map_emerging"), params).json()
    assert result == direct
    assert result["ran"] is False and "30" in result["reason"]


def test_a_bad_request_is_refused_with_its_reason(client, mapped, sam, hana):
    client.force_login(sam)
    assert _start(client, {"analysis": "nothing"}).status_code == 400
    steps = _start(client, {**EMERGING, "steps": "2"})
    assert steps.status_code == 400 and "map-job-error" in steps.content.decode()
    assert _start(client, {**EMERGING, "measure": "nope"}).status_code == 404
    assert client.get(reverse("map_job_start")).status_code == 405
    client.force_login(hana)  # health: no place counts, so no hexagons
    assert _start(client, HEXAGONS).status_code == 404
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("sam", True), ("ann", True), ("hana", False), ("alice", False), ("bob", False)],
)
def test_a_hexagon_job_is_seen_in_its_jurisdiction_by_those_who_see_the_layer(
    client, mapped, sam, ann, hana, alice, bob, persona, sees, django_user_model
):
    client.force_login(sam)
    _start(client, HEXAGONS)
    job = Job.objects.get()
    client.force_login(django_user_model.objects.get(username=persona))
    for name in ("map_job", "api_map_job"):
        status = client.get(reverse(name, kwargs={"map_job_pk": job.pk})).status_code
        assert status == (200 if sees else 404), name
    # The generic job routes show a map job to its creator alone.
    generic = client.get(reverse("job_detail", kwargs={"job_pk": job.pk})).status_code
    assert generic == (200 if persona == "sam" else 404)


def test_a_commune_officers_job_is_his_communes_alone(client, mapped, alice, sam, bob):
    client.force_login(alice)
    assert _start(client, HEXAGONS).status_code == 200
    job = Job.objects.get()
    assert job.params["scope"] == [None, mapped[0].pk]
    for user, status in ((alice, 200), (sam, 404), (bob, 404)):
        client.force_login(user)
        assert client.get(reverse("api_map_job", kwargs={"map_job_pk": job.pk})).status_code == (
            status
        )


def test_a_job_whose_creator_moved_fails_with_the_reason(client, mapped, alice, commune_b):
    client.force_login(alice)
    _start(client, HEXAGONS)
    agency = alice.agency
    agency.unit = commune_b
    agency.save()
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.result == {"code": "map_job_scope"}
