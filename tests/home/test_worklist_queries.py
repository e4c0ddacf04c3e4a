"""The worklist page and API read a bounded number of queries, however many sections."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pcmt.accounts.scope import scope_for
from pcmt.casework.services import drug_test_record
from pcmt.core import extensions
from pcmt.core.extensions import worklist_sections
from pcmt.support.selectors import summonses_due_section
from pcmt.support.services import release_record
from tests.support.factories import summons
from tests.tokens import api_token

MAX_QUERIES = 12
# The read audit's own two inserts (the access row and the persons it names) are writes
# every page showing persons makes; the budget is for what the page reads.
AUDIT = 'INSERT INTO "audit_access'


def _reads(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(AUDIT)]


@pytest.fixture
def busy(alice, register, person_a):
    """Items in three sections: summonses due, releases to receive, a decision to issue."""
    today = timezone.localdate()
    for n in range(3):
        person = register(full_name=f"Nguyễn Văn {n}", birth_year=1990 + n)
        summons(alice, person, today - datetime.timedelta(days=n))
        release_record(
            actor=alice,
            person=person,
            released_on=today - datetime.timedelta(days=9),
            facility="Trại giam",
        )
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=today - datetime.timedelta(days=2),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )


@pytest.fixture(params=[0, 12])
def extra_sections(request, monkeypatch):
    """As many more sections as the parameter, each a real query over summonses."""
    providers = list(extensions._worklist_providers)
    for n in range(request.param):

        def provider(scope, today, limit, n=n):
            query = summonses_due_section(scope, today, limit)
            query.key = f"extra-{n}"
            return query

        providers.append((1000 + n, provider))
    monkeypatch.setattr(extensions, "_worklist_providers", providers)
    return request.param


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_the_home_page_reads_at_most_12_queries_whatever_the_sections(
    client, busy, extra_sections, who, request
):
    client.force_login(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert len(_reads(captured)) <= MAX_QUERIES, "\n".join(_reads(captured))
    assert len(captured.captured_queries) - len(_reads(captured)) == 2  # one access row
    sections = response.context["sections"]
    assert len(sections) >= 3 + extra_sections
    assert "Nguyễn Văn 0" in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_the_worklist_api_reads_at_most_12_queries_whatever_the_sections(
    busy, extra_sections, who, request
):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token(request.getfixturevalue(who))}")
    with CaptureQueriesContext(connection) as captured:
        body = api.get("/api/v1/worklist/").json()
    assert len(_reads(captured)) <= MAX_QUERIES, "\n".join(_reads(captured))
    assert len(body["sections"]) >= 2 + extra_sections
    assert len(body["decisions_due"]) == 1


def test_sections_read_together_equal_each_read_alone(sam, busy):
    today = timezone.localdate()
    scope = scope_for(sam)
    together = {s.key: s for s in worklist_sections(scope, today, limit=2)}
    checked = 0
    for _order, provider in extensions._worklist_providers:
        alone = provider(scope, today, 2)
        if alone is None or not alone.rows.exists():
            assert alone is None or alone.key not in together
            continue
        assert together[alone.key].count == alone.rows.count() == alone.count
        assert together[alone.key].items == alone.items
        assert len(alone.items) == min(2, alone.count)
        checked += 1
    assert checked == 2
    summonses = together["summonses-due"]
    # Oldest first, limited to two, with the full count and the breakdown by commune.
    assert [item.person_name for item in summonses.items] == ["Nguyễn Văn 2", "Nguyễn Văn 1"]
    assert summonses.count == 3 and summonses.by_commune == [("Ba Đình", 3)]
