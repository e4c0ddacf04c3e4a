"""Writes of outreach: lists of schools and zones, activities with their targets and events."""

import datetime

import pytest

from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.outreach.models import OUTREACH_STREAM, OnlineChannel, OutreachActivity, Topic
from pcmt.outreach.services import OutreachInput, industrial_zone_add, outreach_record

D = datetime.date


def test_it_records_an_activity_with_its_targets_and_one_event(alice, school_of, village_of, held):
    school = school_of("THCS Nguyễn Du")
    group = village_of("Tổ 1")
    activity = held(D(2024, 3, 5), schools=[school], villages=[group])
    assert list(activity.schools.all()) == [school]
    assert list(activity.villages.all()) == [group]
    assert activity.topics == ["e_cigarettes", "laughing_gas"]
    event = Event.objects.get(stream=OUTREACH_STREAM, subject_id=activity.pk)
    assert event.changes["schools"] == [None, ["THCS Nguyễn Du"]]


def test_it_records_an_online_activity_with_its_reach(alice, commune_a):
    activity = outreach_record(
        actor=alice,
        data=OutreachInput(
            commune=commune_a,
            held_on=D(2024, 6, 26),
            organiser="Đoàn thanh niên",
            audience=0,
            topics=[Topic.CYBERSPACE],
            channel=OnlineChannel.ZALO,
            channel_name="Nhóm Zalo tổ 3",
            channel_reach=850,
        ),
    )
    assert OutreachActivity.objects.get(pk=activity.pk).channel_reach == 850


def test_it_rejects_another_communes_officer(bob, commune_a, school_of):
    with pytest.raises(NotFound):
        school_of("THPT Phan Đình Phùng", actor=bob)
    with pytest.raises(NotFound):
        industrial_zone_add(actor=bob, commune=commune_a, name="KCN Bắc Thăng Long")


def test_a_provincial_officer_writes_for_every_commune(pc04, commune_b, school_of, held):
    school = school_of("THCS Ngọc Hà", commune=commune_b, actor=pc04)
    assert held(D(2024, 1, 9), actor=pc04, commune=commune_b, schools=[school]).pk


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"topics": []}, "topics_required"),
        ({"topics": ["gossip"]}, "topics_required"),
        ({"organiser": " "}, "organiser_required"),
        ({"held_on": D(2031, 1, 1)}, "outreach_in_future"),
        ({"channel": OnlineChannel.FACEBOOK}, "channel_incomplete"),
        ({"channel_reach": 10}, "channel_incomplete"),
        ({}, "outreach_no_target"),
    ],
)
def test_it_explains_what_is_wrong(alice, commune_a, fields, code):
    values = {
        "commune": commune_a,
        "held_on": D(2024, 3, 5),
        "organiser": "Công an phường",
        "audience": 40,
        "topics": [Topic.SYNTHETIC_DRUGS],
        **fields,
    }
    with pytest.raises(DomainError) as error:
        outreach_record(actor=alice, data=OutreachInput(**values))
    assert error.value.code == code
    assert not OutreachActivity.objects.exists()


def test_it_refuses_a_target_of_another_commune(alice, commune_b, village_of, held):
    elsewhere = village_of("Tổ 7", commune=commune_b)
    with pytest.raises(DomainError) as error:
        held(D(2024, 3, 5), villages=[elsewhere])
    assert error.value.code == "outreach_target_elsewhere"


def test_a_school_name_is_listed_once_per_commune(school_of):
    school_of("THCS Nguyễn Du")
    with pytest.raises(DomainError) as error:
        school_of("thcs  nguyễn du")
    assert error.value.code == "school_exists"


def test_a_school_is_renamed_and_retired_with_one_event(alice, bob, school_of):
    from pcmt.outreach.models import OUTREACH_TARGET_STREAM
    from pcmt.outreach.services import school_update

    school = school_of("THCS Nguyen Du")
    school_of("THPT Lê Lợi")
    changes = school_update(
        actor=alice, school=school, name="THCS  Nguyễn Du", level="lower_secondary", is_active=False
    )
    school.refresh_from_db()
    assert (school.name, school.is_active) == ("THCS Nguyễn Du", False)
    assert changes == {"name": ["THCS Nguyen Du", "THCS Nguyễn Du"], "is_active": [True, False]}
    events = Event.objects.filter(stream=OUTREACH_TARGET_STREAM, subject_id=school.pk)
    assert [e.action for e in events.order_by("pk")] == ["school_added", "school_changed"]
    # Nothing changed writes nothing.
    assert (
        school_update(
            actor=alice,
            school=school,
            name="THCS Nguyễn Du",
            level="lower_secondary",
            is_active=False,
        )
        == {}
    )
    with pytest.raises(DomainError) as refused:
        school_update(
            actor=alice, school=school, name="THPT Lê Lợi", level="lower_secondary", is_active=True
        )
    assert refused.value.code == "target_exists"
    with pytest.raises(NotFound):
        school_update(
            actor=bob, school=school, name="Khác", level="lower_secondary", is_active=True
        )


def test_an_activity_is_corrected_in_its_commune(alice, commune_a, commune_b, school_of, held):
    from pcmt.outreach.services import outreach_update

    first, second = school_of("THCS Một"), school_of("THCS Hai")
    activity = held(D(2030, 3, 1), schools=[first])
    data = OutreachInput(
        commune=commune_a,
        held_on=D(2030, 3, 2),
        organiser="Công an phường",
        audience=90,
        topics=["e_cigarettes", "laughing_gas"],
        schools=[second],
    )
    changes = outreach_update(actor=alice, activity=activity, data=data)
    assert changes == {
        "held_on": ["2030-03-01", "2030-03-02"],
        "audience": [120, 90],
        "schools": [["THCS Một"], ["THCS Hai"]],
    }
    assert list(activity.schools.all()) == [second]
    assert Event.objects.filter(stream=OUTREACH_STREAM, subject_id=activity.pk).count() == 2
    with pytest.raises(DomainError) as refused:
        outreach_update(
            actor=alice,
            activity=activity,
            data=OutreachInput(**{**data.__dict__, "commune": commune_b}),
        )
    assert refused.value.code == "outreach_commune_fixed"
