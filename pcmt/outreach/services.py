"""Writes of outreach: each checks the actor writes for the commune (the places' rule:
commune police their commune, the provincial drug unit every commune) and writes one event
in the same transaction."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.text import fold
from pcmt.geo.models import AdminUnit, Village
from pcmt.outreach.models import (
    OUTREACH_STREAM,
    OUTREACH_TARGET_STREAM,
    IndustrialZone,
    OnlineChannel,
    OutreachAction,
    OutreachActivity,
    School,
    SchoolLevel,
    Topic,
)
from pcmt.places.common import created_changes, plain
from pcmt.places.selectors import place_can_write


def _check_writer(actor: Any, commune: AdminUnit) -> None:
    if not place_can_write(actor, commune):
        raise NotFound()


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("name_required", _("Enter a name."), field="name")
    return cleaned


@transaction.atomic
def school_add(*, actor: Any, commune: AdminUnit, name: str, level: str) -> School:
    """Add a school to the commune's list; a name already there is refused."""
    _check_writer(actor, commune)
    if level not in SchoolLevel.values:
        raise DomainError("school_level_invalid", _("Choose a school level."), field="level")
    cleaned = _name(name)
    try:
        with transaction.atomic():
            school = School.objects.create(
                commune=commune, name=cleaned, name_folded=fold(cleaned), level=level
            )
    except IntegrityError:
        raise DomainError(
            "school_exists", _("The commune already lists a school of this name."), field="name"
        ) from None
    event_record(
        stream=OUTREACH_TARGET_STREAM,
        subject_id=school.pk,
        actor=actor,
        action=OutreachAction.SCHOOL_ADDED,
        changes=created_changes({"name": cleaned, "level": level, "commune": commune.name}),
    )
    return school


def _changed(
    *,
    stream: str,
    record: School | IndustrialZone | OutreachActivity,
    actor: Any,
    action: str,
    values: dict[str, Any],
    related: dict[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """Set the fields that changed and the related sets, and write one event of them
    (field: [old, new]); nothing changed writes nothing."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        old = getattr(record, name)
        if plain(old) != plain(value):
            setattr(record, name, value)
            if name != "name_folded":
                changes[name] = [plain(old), plain(value)]
    if changes:
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise DomainError(
                "target_exists",
                _("The commune already lists a school or industrial zone of this name."),
                field="name",
            ) from None
    for name, chosen in (related or {}).items():
        manager = getattr(record, name)
        before = sorted(str(item) for item in manager.all())
        after = sorted(str(item) for item in chosen)
        if before != after:
            manager.set(chosen)
            changes[name] = [before, after]
    if changes:
        event_record(
            stream=stream, subject_id=record.pk, actor=actor, action=action, changes=changes
        )
    return changes


@transaction.atomic
def school_update(
    *, actor: Any, school: School, name: str, level: str, is_active: bool
) -> dict[str, Any]:
    """Rename a school, change its level, or take it off the list (it stays on the record)."""
    school = School.objects.select_for_update().get(pk=school.pk)
    _check_writer(actor, school.commune)
    if level not in SchoolLevel.values:
        raise DomainError("school_level_invalid", _("Choose a school level."), field="level")
    cleaned = _name(name)
    return _changed(
        stream=OUTREACH_TARGET_STREAM,
        record=school,
        actor=actor,
        action=OutreachAction.SCHOOL_CHANGED,
        values={
            "name": cleaned,
            "name_folded": fold(cleaned),
            "level": level,
            "is_active": is_active,
        },
    )


@transaction.atomic
def industrial_zone_update(
    *, actor: Any, zone: IndustrialZone, name: str, is_active: bool
) -> dict[str, Any]:
    """Rename an industrial zone or take it off the list (it stays on the record)."""
    zone = IndustrialZone.objects.select_for_update().get(pk=zone.pk)
    _check_writer(actor, zone.commune)
    cleaned = _name(name)
    return _changed(
        stream=OUTREACH_TARGET_STREAM,
        record=zone,
        actor=actor,
        action=OutreachAction.ZONE_CHANGED,
        values={"name": cleaned, "name_folded": fold(cleaned), "is_active": is_active},
    )


@transaction.atomic
def industrial_zone_add(*, actor: Any, commune: AdminUnit, name: str) -> IndustrialZone:
    """Add an industrial zone to the commune's list; a name already there is refused."""
    _check_writer(actor, commune)
    cleaned = _name(name)
    try:
        with transaction.atomic():
            zone = IndustrialZone.objects.create(
                commune=commune, name=cleaned, name_folded=fold(cleaned)
            )
    except IntegrityError:
        raise DomainError(
            "industrial_zone_exists",
            _("The commune already lists an industrial zone of this name."),
            field="name",
        ) from None
    event_record(
        stream=OUTREACH_TARGET_STREAM,
        subject_id=zone.pk,
        actor=actor,
        action=OutreachAction.ZONE_ADDED,
        changes=created_changes({"name": cleaned, "commune": commune.name}),
    )
    return zone


@dataclass(frozen=True)
class OutreachInput:
    commune: AdminUnit
    held_on: datetime.date
    organiser: str
    audience: int
    topics: list[str]
    schools: list[School] = field(default_factory=list)
    villages: list[Village] = field(default_factory=list)
    industrial_zones: list[IndustrialZone] = field(default_factory=list)
    channel: str = ""
    channel_name: str = ""
    channel_reach: int | None = None
    materials: str = ""


def _validate(data: OutreachInput) -> None:
    if data.held_on > timezone.localdate():
        raise DomainError(
            "outreach_in_future", _("The date held cannot be in the future."), field="held_on"
        )
    if not data.organiser.strip():
        raise DomainError("organiser_required", _("Enter the organising unit."), field="organiser")
    if data.audience < 0 or (data.channel_reach is not None and data.channel_reach < 0):
        raise DomainError("count_negative", _("A count cannot be negative."), field="audience")
    if not data.topics or any(topic not in Topic.values for topic in data.topics):
        raise DomainError("topics_required", _("Choose at least one topic."), field="topics")
    if data.channel and data.channel not in OnlineChannel.values:
        raise DomainError("channel_invalid", _("Choose an online channel."), field="channel")
    if bool(data.channel) != bool(data.channel_name.strip()) or (
        data.channel_reach is not None and not data.channel
    ):
        raise DomainError(
            "channel_incomplete",
            _("An online channel needs its kind and its name; a reach needs a channel."),
            field="channel",
        )
    targets: list[School | Village | IndustrialZone] = [
        *data.schools,
        *data.villages,
        *data.industrial_zones,
    ]
    if not targets and not data.channel:
        raise DomainError(
            "outreach_no_target",
            _("Choose a school, a residential group or village, an industrial zone or a channel."),
            field="schools",
        )
    if any(target.commune_id != data.commune.pk for target in targets):
        raise DomainError(
            "outreach_target_elsewhere",
            _(
                "Every school, residential group or village and industrial zone must be of "
                "the commune."
            ),
            field="schools",
        )


@transaction.atomic
def outreach_record(*, actor: Any, data: OutreachInput) -> OutreachActivity:
    """Record an activity of a commune the actor writes for, with its targets; one event."""
    _check_writer(actor, data.commune)
    _validate(data)
    activity = OutreachActivity.objects.create(
        commune=data.commune,
        held_on=data.held_on,
        organiser=data.organiser.strip(),
        audience=data.audience,
        topics=sorted(set(data.topics)),
        channel=data.channel,
        channel_name=data.channel_name.strip(),
        channel_reach=data.channel_reach,
        materials=data.materials.strip(),
        created_by=actor,
    )
    activity.schools.set(data.schools)
    activity.villages.set(data.villages)
    activity.industrial_zones.set(data.industrial_zones)
    event_record(
        stream=OUTREACH_STREAM,
        subject_id=activity.pk,
        actor=actor,
        action=OutreachAction.ACTIVITY_RECORDED,
        changes=created_changes(
            {
                "held_on": data.held_on,
                "organiser": activity.organiser,
                "audience": data.audience,
                "topics": activity.topics,
                "schools": [s.name for s in data.schools],
                "villages": [v.name for v in data.villages],
                "industrial_zones": [z.name for z in data.industrial_zones],
                "channel": data.channel,
                "channel_name": activity.channel_name,
                "channel_reach": data.channel_reach,
            }
        ),
    )
    return activity


@transaction.atomic
def outreach_update(
    *, actor: Any, activity: OutreachActivity, data: OutreachInput
) -> dict[str, Any]:
    """Correct an activity, checked as when it was recorded; its commune stays. One event."""
    activity = OutreachActivity.objects.select_for_update().get(pk=activity.pk)
    _check_writer(actor, activity.commune)
    if data.commune.pk != activity.commune_id:
        raise DomainError(
            "outreach_commune_fixed",
            _("An activity stays with the commune that recorded it."),
            field="commune",
        )
    _validate(data)
    return _changed(
        stream=OUTREACH_STREAM,
        record=activity,
        actor=actor,
        action=OutreachAction.ACTIVITY_CHANGED,
        values={
            "held_on": data.held_on,
            "organiser": data.organiser.strip(),
            "audience": data.audience,
            "topics": sorted(set(data.topics)),
            "channel": data.channel,
            "channel_name": data.channel_name.strip(),
            "channel_reach": data.channel_reach,
            "materials": data.materials.strip(),
        },
        related={
            "schools": list(data.schools),
            "villages": list(data.villages),
            "industrial_zones": list(data.industrial_zones),
        },
    )
