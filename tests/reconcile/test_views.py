"""Pages and API: start → progress → review → decide → undo; jurisdiction on every route."""

import pytest
from django.urls import reverse

from pcmt.jobs.models import JobStatus
from pcmt.reconcile.models import Decision, LinkRun

from .conftest import work


def _url(name, round_, **kwargs):
    return reverse(name, kwargs={"round_pk": round_.pk, **kwargs})


def test_the_round_page_starts_the_job_and_shows_its_progress_after_a_reload(
    client, lists_round, sam, settings
):
    client.force_login(sam)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the assertions read English
    page = client.get(_url("reconcile_round", lists_round)).content.decode()
    assert "Link the lists" in page
    response = client.post(_url("reconcile_start", lists_round))
    assert response.status_code == 302
    page = client.get(_url("reconcile_round", lists_round)).content.decode()
    assert 'data-status="queued"' in page and 'hx-trigger="every 1s"' in page
    again = client.post(_url("reconcile_start", lists_round), follow=True).content.decode()
    assert LinkRun.objects.filter(round=lists_round).count() == 1 and "already" in again
    work()
    page = client.get(_url("reconcile_round", lists_round)).content.decode()
    assert 'data-status="done"' in page and "/reconcile/review/" in page


def test_a_reviewer_decides_and_undoes_through_the_pages(client, linked, lists_round, hana):
    run = linked()
    client.force_login(hana)
    page = client.get(_url("reconcile_review", lists_round), {"band": "linked"}).content.decode()
    assert "Tran Van Binh" in page and "•••••••••345" not in page and "••••••••2345" in page
    pair = run.candidates.filter(band="linked").first()
    client.post(
        _url("reconcile_decide", lists_round),
        {"kind": "reject", "left_key": pair.left_key, "right_key": pair.right_key},
    )
    decision = Decision.objects.get(round=lists_round)
    assert (decision.kind, decision.actor) == ("reject", hana)
    client.post(_url("reconcile_undo", lists_round, decision_pk=decision.pk))
    assert Decision.objects.filter(round=lists_round, undoes=decision).exists()
    bad = client.post(_url("reconcile_decide", lists_round), {"kind": "accept", "left_key": "x"})
    assert bad.status_code == 302


def test_the_api_starts_a_run_lists_candidates_and_records_decisions(client, lists_round, sam):
    client.force_login(sam)
    started = client.post(_url("api_reconcile_run", lists_round))
    assert started.status_code == 202 and started.json()["job"]["status"] == JobStatus.QUEUED
    work()
    run = client.get(_url("api_reconcile_run", lists_round)).json()
    assert run["job"]["status"] == "done" and run["rows"] == 8
    listed = client.get(_url("api_reconcile_candidates", lists_round), {"band": "linked"}).json()
    first = listed["results"][0]
    assert first["explanation"] and "001088012345" not in str(listed)
    made = client.post(
        _url("api_reconcile_decisions", lists_round),
        {"kind": "reject", "left_key": first["left"]["key"], "right_key": first["right"]["key"]},
        content_type="application/json",
    )
    assert made.status_code == 201
    undo = client.post(_url("api_reconcile_undo", lists_round, decision_pk=made.json()["id"]))
    assert undo.status_code == 201 and undo.json()["kind"] == "undo"
    twice = client.post(_url("api_reconcile_undo", lists_round, decision_pk=made.json()["id"]))
    assert twice.status_code == 400 and twice.json()["code"] == "illegal_transition"


@pytest.mark.parametrize("persona", ["alice", "bob", "ann", "olga"])
def test_only_province_reviewers_reach_the_queue_and_decisions(
    client, linked, lists_round, persona, django_user_model, bob, ann, olga
):
    linked()
    client.force_login(django_user_model.objects.get(username=persona))
    decision_pk = 1
    for name, kwargs in (
        ("reconcile_review", {}),
        ("api_reconcile_candidates", {}),
        ("api_reconcile_decisions", {}),
        ("api_reconcile_run", {}),
    ):
        assert client.get(_url(name, lists_round, **kwargs)).status_code == 404
    for name, kwargs in (
        ("reconcile_start", {}),
        ("reconcile_decide", {}),
        ("reconcile_undo", {"decision_pk": decision_pk}),
        ("reconcile_register", {}),
        ("api_reconcile_run", {}),
        ("api_reconcile_decisions", {}),
        ("api_reconcile_register", {}),
    ):
        assert client.post(_url(name, lists_round, **kwargs), {}).status_code == 404, name
    results = client.get(_url("reconcile_results", lists_round))
    if persona == "olga":
        assert results.status_code == 404
    else:  # counts are for every reader of the round; names only for province reviewers
        assert results.status_code == 200 and "Lê Thị Mai" not in results.content.decode()
