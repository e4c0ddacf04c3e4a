"""Dated rehab scenarios under Law 73/2021 and Law 120/2025."""

import datetime

import pytest

from pcmt.casework.models import AddictionDetermination
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod
from pcmt.rehab.models import PostRehab, RehabEpisode
from pcmt.rehab.services import (
    compulsory_admit,
    compulsory_dossier_open,
    court_decision_record,
    dossier_document_receive,
    dossier_send_to_court,
    post_rehab_end,
    post_rehab_open,
    post_rehab_use_detected,
    rehab_complete,
    rehab_end_early,
    rehab_escape,
    rehab_register,
    rehab_return,
    rehab_start,
    rehab_transfer,
)
from pcmt.rules.services import holidays_load

D = datetime.date


def _error(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


def _decide(alice, episode, day, months=None):
    return court_decision_record(
        actor=alice, episode=episode, court="TAND", number="1/QĐ", decided_on=day, months=months
    )


# Voluntary rehab ------------------------------------------------------------------------


def test_law_73_voluntary_home_rehab_runs_6_to_12_months_from_its_start(alice, person_a, today):
    error = _error(
        rehab_register,
        actor=alice,
        person=person_a,
        kind="voluntary_home",
        registered_on=D(2025, 3, 1),
        months=18,
    )
    assert error.code == "months_out_of_range" and error.field == "months"
    assert "Law 73/2021/QH14" in str(error.message) and "6 to 12" in str(error.message)
    episode = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2025, 3, 1), months=6
    )
    assert episode.commune == person_a.current_commune and episode.law_code == "law_73_2021"
    episode = rehab_start(actor=alice, episode=episode, started_on=D(2025, 3, 5))
    assert episode.planned_end == D(2025, 9, 5)
    early = _error(rehab_complete, actor=alice, episode=episode, completed_on=D(2025, 9, 4))
    assert early.code == "illegal_transition" and "05/09/2025" in str(early.message)
    episode = rehab_complete(actor=alice, episode=episode, completed_on=D(2025, 9, 5))
    assert episode.status == "completed"
    # Law 73/2021 art. 40: completing voluntary rehab opens one year of post-rehab management.
    post = PostRehab.objects.get()
    assert post.episode == episode and post.planned_end == D(2026, 9, 5)


def test_law_73_leaves_the_voluntary_duration_to_the_registration(alice, person_a, today):
    error = _error(
        rehab_register,
        actor=alice,
        person=person_a,
        kind="voluntary_facility",
        registered_on=D(2026, 6, 30),
        facility="Cơ sở cai nghiện tự nguyện",
    )
    assert error.code == "months_out_of_range"


def test_law_120_fixes_voluntary_rehab_at_24_then_36_months(alice, person_a, today):
    first = rehab_register(
        actor=alice,
        person=person_a,
        kind="voluntary_facility",
        registered_on=D(2026, 7, 1),
        facility="Cơ sở cai nghiện Hà Nội",
    )
    assert (first.months, first.law_code, first.repeat) == (24, "law_120_2025", False)
    rehab_start(actor=alice, episode=first, started_on=D(2026, 7, 2))
    rehab_end_early(actor=alice, episode=first, ended_on=D(2026, 8, 1), reason="stopped_by_person")
    second = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2026, 9, 1)
    )
    assert (second.months, second.repeat) == (36, True)
    wrong = _error(
        rehab_register,
        actor=alice,
        person=person_a,
        kind="voluntary_home",
        registered_on=D(2026, 9, 1),
    )
    assert wrong.code == "illegal_transition"


def test_a_facility_rehab_needs_the_facility_and_home_rehab_a_commune(alice, person_a, today):
    error = _error(
        rehab_register,
        actor=alice,
        person=person_a,
        kind="voluntary_facility",
        registered_on=D(2025, 3, 1),
        months=6,
    )
    assert error.field == "facility"
    error = _error(
        rehab_register, actor=alice, person=person_a, kind="compulsory", registered_on=D(2025, 3, 1)
    )
    assert error.field == "kind"


# Compulsory rehab -----------------------------------------------------------------------


def test_law_73_compulsory_rehab_from_dossier_to_post_rehab(alice, person_a, today):
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2025, 3, 3))
    assert episode.dossier_due == D(2025, 3, 10) and episode.dossier_law_code == "law_73_2021"
    missing = _error(dossier_send_to_court, actor=alice, episode=episode, sent_on=D(2025, 3, 4))
    assert "art. 103" in str(missing.message) and "personal history" in str(missing.message)
    # An adult's dossier does not need the parents' opinion.
    assert "guardian" not in str(missing.message)
    for code in ("personal_history", "determination_result", "grounds", "statement", "proposal"):
        dossier_document_receive(
            actor=alice, episode=episode, document=code, received_on=D(2025, 3, 4)
        )
    twice = _error(
        dossier_document_receive,
        actor=alice,
        episode=episode,
        document="grounds",
        received_on=D(2025, 3, 4),
    )
    assert twice.code == "illegal_transition"
    episode = dossier_send_to_court(actor=alice, episode=episode, sent_on=D(2025, 3, 6))
    too_long = _error(_decide, alice, episode, D(2025, 3, 20), 30)
    assert "Law on Handling Administrative Violations art. 95" in str(too_long.message)
    assert "12 to 24" in str(too_long.message)
    episode = _decide(alice, episode, D(2025, 3, 20), 18)
    assert (episode.law_code, episode.months, episode.repeat) == ("law_73_2021", 18, False)
    episode = compulsory_admit(
        actor=alice, episode=episode, admitted_on=D(2025, 3, 25), facility="Cơ sở số 2"
    )
    assert episode.planned_end == D(2026, 9, 25)
    rehab_transfer(
        actor=alice, episode=episode, transferred_on=D(2025, 6, 1), to_facility="Cơ sở số 5"
    )
    episode.refresh_from_db()
    assert episode.facility == "Cơ sở số 5"
    episode = rehab_complete(actor=alice, episode=episode, completed_on=D(2026, 9, 25))
    post = PostRehab.objects.get(episode=episode)
    # Completion on 25/9/2026 falls under Law 120/2025, which keeps 2 years for an adult.
    assert post.law_code == "law_120_2025" and post.planned_end == D(2028, 9, 25)
    period = CategoryPeriod.objects.get(person=person_a, category="post_rehab")
    assert period.start_date == D(2026, 9, 25) and period.end_date is None
    post_rehab_end(actor=alice, post_rehab=post, ended_on=D(2028, 9, 25), reason="served")
    period.refresh_from_db()
    assert period.end_date == D(2028, 9, 25)


def test_a_court_decision_on_30_june_2026_follows_law_73(alice, person_a, to_court):
    episode = _decide(alice, to_court(person_a, D(2026, 6, 1)), D(2026, 6, 30), 12)
    assert (episode.law_code, episode.months) == ("law_73_2021", 12)


def test_a_court_decision_on_1_july_2026_follows_law_120(alice, person_a, to_court):
    episode = to_court(person_a, D(2026, 6, 1))
    error = _error(_decide, alice, episode, D(2026, 7, 1), 12)
    assert error.code == "months_out_of_range"
    assert "Law 120/2025/QH15" in str(error.message) and "24 months" in str(error.message)
    episode = _decide(alice, episode, D(2026, 7, 1))
    assert (episode.law_code, episode.months) == ("law_120_2025", 24)


def test_an_episode_straddling_the_change_takes_each_step_from_its_own_date(alice, person_a, today):
    # Dossier opened on Monday 29/6/2026 under Law 73/2021: 5 working days (Decree 116/2021).
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2026, 6, 29))
    assert (episode.dossier_law_code, episode.dossier_due) == ("law_73_2021", D(2026, 7, 6))
    for code in ("personal_history", "determination_result", "grounds", "statement", "proposal"):
        dossier_document_receive(
            actor=alice, episode=episode, document=code, received_on=D(2026, 6, 30)
        )
    dossier_send_to_court(actor=alice, episode=episode, sent_on=D(2026, 7, 1))
    # The court decides on 2/7/2026 under Law 120/2025: 24 months the first time.
    episode = _decide(alice, RehabEpisode.objects.get(pk=episode.pk), D(2026, 7, 2))
    assert (episode.law_code, episode.months) == ("law_120_2025", 24)
    assert episode.dossier_law_code == "law_73_2021"


def test_the_dossier_deadline_skips_tet(alice, person_a, today):
    holidays_load()
    # Thursday 12/2/2026; Tết Bính Ngọ is off from 14/2 to 22/2/2026.
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2026, 2, 12))
    assert episode.dossier_due == D(2026, 2, 26)


def test_a_repeat_compulsory_rehab_under_law_120_lasts_36_months(alice, person_a, admitted, today):
    first = admitted(person_a, D(2024, 1, 10), months=12)
    rehab_complete(actor=alice, episode=first, completed_on=D(2025, 1, 10))
    post = PostRehab.objects.get()
    assert post.law_code == "law_73_2021" and post.planned_end == D(2027, 1, 10)
    second = admitted(person_a, D(2026, 8, 3))
    assert (second.repeat, second.months, second.law_code) == (True, 36, "law_120_2025")
    post.refresh_from_db()
    assert post.status == "ended" and post.end_reason == "new_rehab"
    assert post.ended_on == D(2026, 8, 3)


def test_a_repeat_under_law_73_keeps_12_to_24_months(alice, person_a, admitted, today):
    first = admitted(person_a, D(2023, 1, 10), months=12)
    rehab_complete(actor=alice, episode=first, completed_on=D(2024, 1, 10))
    second = admitted(person_a, D(2025, 2, 3), months=24)
    assert second.repeat and second.months == 24 and second.law_code == "law_73_2021"


# Age ------------------------------------------------------------------------------------


def test_a_minor_gets_6_to_12_months_and_needs_the_guardians_opinion(alice, register, today):
    minor = register(full_name="Đỗ Minh Khôi", birth_date=D(2010, 5, 10), birth_year=None)
    episode = compulsory_dossier_open(actor=alice, person=minor, opened_on=D(2026, 3, 2))
    assert episode.minor
    for code in ("personal_history", "determination_result", "grounds", "statement", "proposal"):
        dossier_document_receive(
            actor=alice, episode=episode, document=code, received_on=D(2026, 3, 3)
        )
    missing = _error(dossier_send_to_court, actor=alice, episode=episode, sent_on=D(2026, 3, 4))
    assert "guardian" in str(missing.message)
    dossier_document_receive(
        actor=alice, episode=episode, document="representative_opinion", received_on=D(2026, 3, 3)
    )
    dossier_send_to_court(actor=alice, episode=episode, sent_on=D(2026, 3, 4))
    episode.refresh_from_db()
    error = _error(_decide, alice, episode, D(2026, 3, 20), 18)
    assert "Law 73/2021/QH14 art. 33" in str(error.message) and "6 to 12" in str(error.message)
    assert (_decide(alice, episode, D(2026, 3, 20), 9).months, episode.minor) == (9, True)


def test_an_adult_on_the_decision_day_gets_the_adult_range(alice, register, to_court):
    # 18 on 10/5/2026: the dossier opened as a minor, the court decides for an adult.
    person = register(full_name="Vũ Quang Huy", birth_date=D(2008, 5, 10), birth_year=None)
    episode = to_court(person, D(2026, 4, 1))
    assert episode.minor
    error = _error(_decide, alice, episode, D(2026, 5, 11), 9)
    assert "art. 95" in str(error.message)
    episode = _decide(alice, episode, D(2026, 5, 11), 12)
    assert not episode.minor


def test_no_one_under_12_is_sent_to_compulsory_rehab(alice, register, today):
    child = register(full_name="Lý Văn An", birth_date=D(2015, 1, 2), birth_year=None)
    error = _error(compulsory_dossier_open, actor=alice, person=child, opened_on=D(2027, 1, 1))
    assert error.code == "illegal_transition"
    assert "12" in str(error.message) and "Law 120/2025/QH15" in str(error.message)
    # Known only by birth year 2014: taken as born on 31/12/2014, so 11 on 1/6/2026.
    other = register(full_name="Lý Văn Bảo", birth_year=2014)
    error = _error(compulsory_dossier_open, actor=alice, person=other, opened_on=D(2026, 6, 1))
    assert "art. 33" in str(error.message)


# Overlap --------------------------------------------------------------------------------


def test_compulsory_rehab_does_not_silently_end_an_open_voluntary_one(alice, person_a, today):
    home = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2025, 3, 1), months=6
    )
    rehab_start(actor=alice, episode=home, started_on=D(2025, 3, 2))
    error = _error(compulsory_dossier_open, actor=alice, person=person_a, opened_on=D(2025, 4, 1))
    assert error.code == "illegal_transition" and "art. 32" in str(error.message)
    assert RehabEpisode.objects.get().status == "in_progress"
    rehab_end_early(actor=alice, episode=home, ended_on=D(2025, 4, 1), reason="drug_use_detected")
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2025, 4, 1))
    assert episode.status == "dossier"


def test_two_open_rehab_episodes_are_refused(alice, person_a, today):
    compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2025, 4, 1))
    error = _error(
        rehab_register,
        actor=alice,
        person=person_a,
        kind="voluntary_home",
        registered_on=D(2025, 4, 2),
        months=6,
    )
    assert error.code == "illegal_transition"
    assert RehabEpisode.objects.count() == 1


# Escape and return ----------------------------------------------------------------------


def test_time_away_without_permission_extends_the_term(alice, person_a, admitted, today):
    episode = admitted(person_a, D(2025, 3, 1), months=12)
    assert episode.planned_end == D(2026, 3, 1)
    rehab_escape(actor=alice, episode=episode, left_on=D(2025, 6, 1))
    refused = _error(
        rehab_transfer,
        actor=alice,
        episode=episode,
        transferred_on=D(2025, 6, 2),
        to_facility="Cơ sở khác",
    )
    assert refused.code == "illegal_transition"
    not_yet = _error(rehab_complete, actor=alice, episode=episode, completed_on=D(2026, 3, 1))
    assert not_yet.code == "illegal_transition"
    episode = rehab_return(actor=alice, episode=episode, returned_on=D(2025, 6, 11))
    assert (episode.days_away, episode.planned_end) == (10, D(2026, 3, 11))
    assert _error(
        rehab_complete, actor=alice, episode=episode, completed_on=D(2026, 3, 10)
    ).code == ("illegal_transition")
    episode = rehab_complete(actor=alice, episode=episode, completed_on=D(2026, 3, 11))
    assert episode.status == "completed"
    assert person_a.events.filter(action="rehab_returned").exists()


def test_time_held_while_the_dossier_is_prepared_counts(alice, person_a, to_court, today):
    episode = _decide(alice, to_court(person_a, D(2025, 3, 3)), D(2025, 3, 20), 12)
    bad = _error(
        compulsory_admit,
        actor=alice,
        episode=episode,
        admitted_on=D(2025, 3, 25),
        facility="Cơ sở",
        term_from=D(2025, 3, 1),
    )
    assert bad.field == "term_from"
    episode = compulsory_admit(
        actor=alice,
        episode=episode,
        admitted_on=D(2025, 3, 25),
        facility="Cơ sở",
        term_from=D(2025, 3, 5),
    )
    assert episode.planned_end == D(2026, 3, 5)


def test_an_early_end_needs_a_reason_allowed_at_its_stage(alice, person_a, to_court, today):
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=D(2025, 3, 3))
    error = _error(
        rehab_end_early, actor=alice, episode=episode, ended_on=D(2025, 3, 4), reason="exempted"
    )
    assert error.field == "reason"
    rehab_end_early(
        actor=alice, episode=episode, ended_on=D(2025, 3, 4), reason="dossier_withdrawn"
    )
    again = _error(
        rehab_end_early, actor=alice, episode=episode, ended_on=D(2025, 3, 5), reason="death"
    )
    assert again.code == "illegal_transition"


# Post-rehab -----------------------------------------------------------------------------


def test_use_during_post_rehab_requires_a_determination(alice, person_a, admitted, today):
    episode = admitted(person_a, D(2024, 1, 10), months=12)
    rehab_complete(actor=alice, episode=episode, completed_on=D(2025, 1, 10))
    post = PostRehab.objects.get()
    determination = post_rehab_use_detected(actor=alice, post_rehab=post, detected_on=D(2025, 5, 1))
    assert determination.trigger == "use_during_post_rehab" and determination.status == "required"
    again = post_rehab_use_detected(actor=alice, post_rehab=post, detected_on=D(2025, 5, 9))
    assert again.pk == determination.pk and AddictionDetermination.objects.count() == 1
    early = _error(
        post_rehab_end, actor=alice, post_rehab=post, ended_on=D(2025, 6, 1), reason="served"
    )
    assert "Law 73/2021/QH14" in str(early.message) and "10/01/2027" in str(early.message)


def test_completing_voluntary_rehab_opens_a_year_of_post_rehab(alice, person_a, today):
    home = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2025, 1, 2), months=6
    )
    rehab_start(actor=alice, episode=home, started_on=D(2025, 1, 2))
    not_done = _error(post_rehab_open, actor=alice, episode=home, started_on=D(2025, 7, 2))
    assert not_done.code == "illegal_transition"
    rehab_complete(actor=alice, episode=home, completed_on=D(2025, 7, 2))
    post = PostRehab.objects.get(episode=home)
    assert post.started_on == D(2025, 7, 2) and post.planned_end == D(2026, 7, 2)
    twice = _error(post_rehab_open, actor=alice, episode=home, started_on=D(2025, 7, 3))
    assert twice.code == "illegal_transition"


# Access and dates -----------------------------------------------------------------------


def test_another_commune_cannot_open_rehab(bob, person_a, today):
    with pytest.raises(NotFound):
        compulsory_dossier_open(actor=bob, person=person_a, opened_on=D(2025, 3, 3))


def test_future_dates_are_refused(alice, person_a, today):
    today(D(2026, 6, 30))
    error = _error(compulsory_dossier_open, actor=alice, person=person_a, opened_on=D(2026, 7, 1))
    assert error.code == "date_in_future"
