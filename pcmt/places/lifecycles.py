"""The hotspot lifecycle: open → eliminated → re-emerged → eliminated again, each step dated.

Every step keeps the history in `HotspotSpell`, so counts as of any past day do not depend
on the status column.
"""

from typing import Any

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pcmt.audit.services import event_record
from pcmt.core.errors import NotFound
from pcmt.lifecycle.declarations import Guard, Lifecycle, Step, Transition, register
from pcmt.lifecycle.guards import check_date
from pcmt.places.forms import EliminateForm, ReEmergeForm
from pcmt.places.models import (
    HOTSPOT_STREAM,
    Hotspot,
    HotspotAction,
    HotspotSpell,
    HotspotStatus,
)
from pcmt.places.selectors import hotspot_can_write, hotspot_load


class HotspotResponse(serializers.ModelSerializer):
    class Meta:
        model = Hotspot
        fields = [
            "id",
            "status",
            "severity",
            "discovered_on",
            "eliminated_on",
            "re_emerged_on",
        ]


def _writable(actor: Any, hotspot: Hotspot) -> None:
    if not hotspot_can_write(actor, hotspot.commune):
        raise NotFound()


def _record(hotspot: Hotspot, actor: Any, action: str, changes: dict[str, Any], note: str) -> None:
    event_record(
        stream=HOTSPOT_STREAM,
        subject_id=hotspot.pk,
        actor=actor,
        action=action,
        changes=changes,
        note=note,
    )


def _last_step(hotspot: Hotspot) -> Any:
    return max(
        d for d in (hotspot.discovered_on, hotspot.eliminated_on, hotspot.re_emerged_on) if d
    )


def _dated(field: str) -> Guard:
    def check(step: Step) -> None:
        check_date(step.data[field], field, not_before=_last_step(step.obj))

    return Guard(
        _("%(field)s not in the future, not before the last step") % {"field": field}, check
    )


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _eliminate(step: Step) -> Hotspot:
    hotspot: Hotspot = step.obj
    day = step.data["eliminated_on"]
    step.changes = {
        "status": [hotspot.status, HotspotStatus.ELIMINATED],
        "eliminated_on": [_iso(hotspot.eliminated_on), _iso(day)],
    }
    hotspot.status = HotspotStatus.ELIMINATED
    hotspot.eliminated_on = day
    HotspotSpell.objects.filter(hotspot=hotspot, ended_on__isnull=True).update(ended_on=day)
    step.note = step.data.get("measures") or ""
    return hotspot


def _re_emerge(step: Step) -> Hotspot:
    hotspot: Hotspot = step.obj
    day = step.data["re_emerged_on"]
    severity = step.data.get("severity") or hotspot.severity
    step.changes = {
        "status": [HotspotStatus.ELIMINATED, HotspotStatus.RE_EMERGED],
        "re_emerged_on": [_iso(hotspot.re_emerged_on), _iso(day)],
    }
    if severity != hotspot.severity:
        step.changes["severity"] = [hotspot.severity, severity]
        hotspot.severity = severity
    hotspot.status = HotspotStatus.RE_EMERGED
    hotspot.re_emerged_on = day
    HotspotSpell.objects.create(
        hotspot=hotspot, started_on=day, severity=severity, re_emergence=True
    )
    step.note = step.data.get("note") or ""
    return hotspot


HOTSPOT = register(
    Lifecycle(
        name="hotspot",
        label=_("Hotspot"),
        model=Hotspot,
        # The effects set the status, so the event names the state left.
        state_field=None,
        state_of=lambda hotspot: hotspot.status,
        states=HotspotStatus,
        url_kwarg="hotspot_pk",
        load=hotspot_load,
        check_write=_writable,
        subject=lambda hotspot: hotspot,
        record=_record,
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=lambda request, hotspot: redirect("hotspot_detail", hotspot_pk=hotspot.pk),
        transitions=(
            Transition(
                name="hotspot_eliminate",
                label=_("Eliminate a hotspot"),
                source=(HotspotStatus.OPEN, HotspotStatus.RE_EMERGED),
                target=HotspotStatus.ELIMINATED,
                refused=_("Only an open or re-emerged hotspot can be eliminated."),
                form=EliminateForm,
                guards=(_dated("eliminated_on"),),
                effect=_eliminate,
                event=HotspotAction.ELIMINATED,
                date_field="eliminated_on",
                path="hotspots/<int:hotspot_pk>/eliminate/",
                page_name="hotspot_eliminate",
                api_name="api_hotspot_eliminate",
                response=HotspotResponse,
                done=_("The hotspot is recorded as eliminated."),
            ),
            Transition(
                name="hotspot_re_emerge",
                label=_("Record that a hotspot re-emerged"),
                source=(HotspotStatus.ELIMINATED,),
                target=HotspotStatus.RE_EMERGED,
                refused=_("Only an eliminated hotspot can re-emerge."),
                form=ReEmergeForm,
                guards=(_dated("re_emerged_on"),),
                effect=_re_emerge,
                event=HotspotAction.RE_EMERGED,
                date_field="re_emerged_on",
                path="hotspots/<int:hotspot_pk>/re-emerge/",
                page_name="hotspot_re_emerge",
                api_name="api_hotspot_re_emerge",
                response=HotspotResponse,
                done=_("The hotspot is recorded as re-emerged."),
            ),
        ),
    )
)
