"""Random sequences of rehab transitions never reach a state the law does not allow."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcmt.core.errors import DomainError
from pcmt.rehab import services
from pcmt.rehab.models import CLOSED_STATUSES, PostRehab, RehabEpisode

D = datetime.date
START = D(2025, 1, 1)

# Every edge a service may take; anything else must be refused.
ALLOWED = {
    (None, "registered"),
    (None, "dossier"),
    ("registered", "in_progress"),
    ("registered", "ended_early"),
    ("in_progress", "completed"),
    ("in_progress", "ended_early"),
    ("dossier", "at_court"),
    ("dossier", "ended_early"),
    ("at_court", "decided"),
    ("at_court", "ended_early"),
    ("decided", "admitted"),
    ("decided", "ended_early"),
    ("admitted", "away"),
    ("admitted", "completed"),
    ("admitted", "ended_early"),
    ("away", "admitted"),
    ("away", "ended_early"),
}

ACTIONS = [
    "register",
    "dossier",
    "start",
    "document",
    "send",
    "decide",
    "admit",
    "transfer",
    "escape",
    "return",
    "complete",
    "end",
    "post_end",
]
STEPS = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.integers(0, 1400),
        st.sampled_from(
            ["death", "prison", "exempted", "stopped_by_person", "dossier_withdrawn", "served"]
        ),
        st.sampled_from(
            [None, 6, 12, 18, 24, 36, "personal_history", "grounds", "statement", "proposal"]
        ),
    ),
    max_size=14,
)


def _apply(alice, person, action, day, reason, extra):
    episode = RehabEpisode.objects.filter(person=person).order_by("-pk").first()
    if action == "register":
        services.rehab_register(
            actor=alice,
            person=person,
            kind="voluntary_home",
            registered_on=day,
            months=extra if isinstance(extra, int) else None,
        )
    elif action == "dossier":
        services.compulsory_dossier_open(actor=alice, person=person, opened_on=day)
    elif episode is None:
        return
    elif action == "start":
        services.rehab_start(actor=alice, episode=episode, started_on=day)
    elif action == "document":
        code = extra if isinstance(extra, str) else "determination_result"
        services.dossier_document_receive(
            actor=alice, episode=episode, document=code, received_on=day
        )
    elif action == "send":
        services.dossier_send_to_court(actor=alice, episode=episode, sent_on=day)
    elif action == "decide":
        services.court_decision_record(
            actor=alice,
            episode=episode,
            court="TAND",
            number="1",
            decided_on=day,
            months=extra if isinstance(extra, int) else None,
        )
    elif action == "admit":
        services.compulsory_admit(actor=alice, episode=episode, admitted_on=day, facility="F1")
    elif action == "transfer":
        services.rehab_transfer(
            actor=alice, episode=episode, transferred_on=day, to_facility=f"F{day.toordinal()}"
        )
    elif action == "escape":
        services.rehab_escape(actor=alice, episode=episode, left_on=day)
    elif action == "return":
        services.rehab_return(actor=alice, episode=episode, returned_on=day)
    elif action == "complete":
        services.rehab_complete(actor=alice, episode=episode, completed_on=day)
    elif action == "end":
        services.rehab_end_early(actor=alice, episode=episode, ended_on=day, reason=reason)
    elif action == "post_end":
        post = PostRehab.objects.filter(person=person, status="active").first()
        if post is not None:
            services.post_rehab_end(actor=alice, post_rehab=post, ended_on=day, reason=reason)


def _states(person):
    return {e.pk: e.status for e in RehabEpisode.objects.filter(person=person)}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(STEPS)
def test_random_sequences_never_reach_an_illegal_state(alice, register, today, steps):
    # Each example runs in its own savepoint, rolled back at the end.
    with transaction.atomic():
        _run(alice, register(full_name="Quàng Văn Ngẫu", birth_year=1985), steps)
        transaction.set_rollback(True)


def _run(alice, person, steps):
    for action, offset, reason, extra in steps:
        before = _states(person)
        try:
            _apply(alice, person, action, START + datetime.timedelta(days=offset), reason, extra)
        except DomainError:
            assert _states(person) == before, "a refused step changes nothing"
            continue
        after = _states(person)
        for pk, status in after.items():
            if before.get(pk) != status:
                assert (before.get(pk), status) in ALLOWED, (action, before.get(pk), status)
    episodes = list(RehabEpisode.objects.filter(person=person))
    assert sum(e.status not in CLOSED_STATUSES for e in episodes) <= 1
    for e in episodes:
        if e.started_on is not None:
            assert e.planned_end > e.started_on
            assert e.months is not None and e.law_code
        if e.status == "completed":
            assert e.ended_on >= e.planned_end
        if e.status == "away":
            assert e.absences.filter(returned_on__isnull=True).count() == 1
        assert e.days_away == sum(a.days or 0 for a in e.absences.all())
        if e.kind == "compulsory" and e.months:
            low, high = (12, 36) if not e.minor else (6, 12)
            assert low <= e.months <= high
    assert PostRehab.objects.filter(person=person, status="active").count() <= 1
