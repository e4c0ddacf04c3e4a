"""The audit log page for the province's administrators."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from pcmt.audit.labels import (
    action_choices,
    action_label,
    is_personal_stream,
    readable_subjects,
    stream_choices,
)
from pcmt.audit.models import AUDIT_READ_ACTION, AUDIT_STREAM, Event
from pcmt.audit.selectors import AuditFilter, audit_stream
from pcmt.audit.services import event_record
from pcmt.core.dates import form_date
from pcmt.core.views import page_number

PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def may_audit(user: Any) -> bool:
    """Administrators (is_staff) read the audit log; PCMT has no separate security role."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("User"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    stream = forms.ChoiceField(label=_("Subject"), required=False)
    subject_id = forms.IntegerField(label=_("Subject number"), required=False, min_value=0)
    day_from = form_date(
        label=_("From"), required=False, widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    day_to = form_date(
        label=_("Until"), required=False, widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["action"].choices = every + action_choices()  # type: ignore[attr-defined]
        self.fields["stream"].choices = every + stream_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day_from") and data.get("day_to") and data["day_from"] > data["day_to"]:
            self.add_error("day_to", _("The end date is before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            actor=data.get("actor", "").strip(),
            action=data.get("action") or "",
            stream=data.get("stream") or "",
            subject_id=data.get("subject_id"),
            day_from=data.get("day_from"),
            day_to=data.get("day_to"),
        )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The province's events, newest first, filtered by user, action, subject and dates."""
    if not may_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    found = form.to_filter() if form.is_valid() else AuditFilter()
    events = audit_stream(found) if not form.errors else audit_stream(AuditFilter()).none()
    page = Paginator(events, PAGE_SIZE).get_page(page_number(request))
    shown = _values_shown(request.user, list(page))
    rows = [(event, action_label(event.action), event.pk in shown) for event in page]
    _record_read(request.user, found if not form.errors else AuditFilter(), page.number)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "rows": rows, "querystring": params.urlencode()},
    )


def _values_shown(user: Any, events: list[Event]) -> set[int]:
    """Events whose values (changes, note) the user sees: every event of a stream that is not
    about persons, and those of persons the user may read; of the others only field names."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if is_personal_stream(event.stream) and event.subject_id is not None:
            wanted.setdefault(event.stream, set()).add(event.subject_id)
    readable = {stream: readable_subjects(user, stream, ids) for stream, ids in wanted.items()}
    return {
        event.pk
        for event in events
        if not is_personal_stream(event.stream)
        or event.subject_id in readable.get(event.stream, set())
    }


def _record_read(user: Any, found: AuditFilter, page: int) -> None:
    """Each read of the audit log is itself an event (what was asked for, which page)."""
    asked = {name: str(value) for name, value in found.__dict__.items() if value not in ("", None)}
    event_record(
        stream=AUDIT_STREAM,
        subject_id=None,
        actor=user,
        action=AUDIT_READ_ACTION,
        changes={"filter": [None, asked], "page": [None, page]},
    )
