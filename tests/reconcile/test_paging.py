"""The review queue and the results read a page at a time: queries do not grow with the lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcmt.reconcile import selectors
from pcmt.reconcile.models import ClusterMember, RunPerson


def _url(name, round_):
    return reverse(name, kwargs={"round_pk": round_.pk})


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _grow(run, n):
    """n more persons of two records each, as a large round would have."""
    rows = list(ClusterMember.objects.filter(run=run, row__isnull=False)[:2])
    ClusterMember.objects.bulk_create(
        ClusterMember(run=run, cluster=f"g{i:05}", key=f"x{i:05}{side}", row=member.row)
        for i in range(n)
        for side, member in zip("ab", rows, strict=True)
    )
    RunPerson.objects.bulk_create(
        RunPerson(
            run=run,
            cluster=f"g{i:05}",
            identity=f"name:x{i}",
            name=f"Người {i:05}",
            commune_code="~",
            category="drug_user",
            agencies=["Công an"],
            agencies_key="Công an",
            identities=[f"name:x{i}"],
        )
        for i in range(n)
    )


def test_the_results_are_stored_once_per_run_and_equal_the_consolidation(linked):
    run = linked()
    stored = list(selectors.run_persons(run))
    computed = selectors.consolidated(run)
    assert sorted((p.cluster, p.name, p.category, p.person_id) for p in stored) == sorted(
        (p.cluster, p.name, p.category, p.person_id) for p in computed
    )
    table = selectors.stored_count_table(run.round, run)
    assert table.total == len(computed) == selectors.count_table(run.round, computed).total
    assert selectors.stored_agency_combinations(run) == selectors.agency_combinations(computed)


def test_the_review_queue_reads_as_many_queries_for_300_more_groups(client, linked, hana):
    run = linked()
    client.force_login(hana)
    url = _url("reconcile_review", run.round)
    small, _page = _queries(client, url, band="all")
    _grow(run, 300)
    large, page = _queries(client, url, band="all")
    assert large <= small
    assert 'id="groups-pager"' in page and "1 / 16" in page
    _count, later = _queries(client, url, band="all", groups_page=16)
    assert "16 / 16" in later


def test_the_results_read_as_many_queries_for_300_more_persons(client, linked, sam):
    run = linked()
    client.force_login(sam)
    url = _url("reconcile_results", run.round)
    small, _page = _queries(client, url)
    _grow(run, 300)
    large, page = _queries(client, url)
    assert large <= small
    assert 'id="persons-pager"' in page and "Người 00000" in page and "Người 00299" not in page
    assert page.count("<tr>") < 250
