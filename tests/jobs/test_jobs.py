"""Jobs run in the real database-backed task worker and report progress."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse

from pcmt.core.errors import DomainError
from pcmt.jobs.models import Job, JobStatus
from pcmt.jobs.services import job_handler, job_start
from tests.worker import run_worker


@job_handler("test_count")
def _count(job, report):
    for i in range(job.params["n"]):
        report(i + 1, job.params["n"], f"step {i + 1}")
    return {"counted": job.params["n"]}


@job_handler("test_fail")
def _fail(job, report):
    report(1, 2, "half")
    raise RuntimeError("boom")


@job_handler("test_refuse")
def _refuse(job, report):
    raise DomainError("list_too_big", "Danh sách quá lớn.")


_seen: dict[str, int] = {}


@job_handler("test_progress_in_transaction")
def _progress_in_transaction(job, report):
    with transaction.atomic():
        report(5, 10, "half")
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done FROM jobs_job WHERE id = %s", [job.pk])
                _seen["done"] = cursor.fetchone()[0]
        finally:
            other.close()
    return {}


def _work():
    run_worker()


def test_a_job_is_queued_then_run_by_the_worker(sam, province):
    job = job_start(actor=sam, kind="test_count", params={"n": 3}, province=province)
    assert job.status == JobStatus.QUEUED and job.task_id
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"counted": 3}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.started_at and job.finished_at


def test_a_failing_job_is_marked_failed_without_leaking_the_error(sam, province):
    job = job_start(actor=sam, kind="test_fail", params={}, province=province)
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "boom" not in job.message and job.message


def test_an_unknown_kind_is_refused(sam):
    with pytest.raises(ValueError, match="no handler"):
        job_start(actor=sam, kind="nothing", params={})


def test_progress_page_polls_until_done_and_only_for_those_in_scope(
    client, sam, alice, olga, province
):
    job = job_start(actor=sam, kind="test_count", params={"n": 2}, province=province)
    url = reverse("job_detail", kwargs={"job_pk": job.pk})
    client.force_login(sam)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-status="queued"' in page
    _work()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="done"' in fragment and "hx-trigger" not in fragment
    assert "<html" not in fragment
    api = client.get(reverse("api_job_detail", kwargs={"job_pk": job.pk})).json()
    assert api["status"] == "done" and api["percent"] == 100
    for outsider in (alice, olga):  # a commune officer and a user of no agency
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(reverse("api_job_detail", kwargs={"job_pk": job.pk})).status_code == 404


def test_a_missing_job_is_not_found(client, sam):
    client.force_login(sam)
    assert client.get(reverse("job_detail", kwargs={"job_pk": 999})).status_code == 404
    assert Job.objects.count() == 0


def test_a_domain_error_fails_the_job_with_its_message_and_code(sam, province):
    job = job_start(actor=sam, kind="test_refuse", params={}, province=province)
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Danh sách quá lớn." and job.result == {"code": "list_too_big"}


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_handlers_transaction_is_seen_at_once(sam, province):
    job = job_start(actor=sam, kind="test_progress_in_transaction", params={}, province=province)
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    # SQLite takes one writer at a time: there the progress shows when the transaction ends.
    assert _seen["done"] == (0 if connection.vendor == "sqlite" else 5)
