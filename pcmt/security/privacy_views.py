"""Pages of personal-data protection: break-the-glass and its review, unusual access."""

import datetime
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pcmt.audit.services import event_record
from pcmt.core.dates import DAY_FORMATS, form_date
from pcmt.core.errors import DomainError
from pcmt.core.tabular import write_xlsx
from pcmt.core.views import form_error, page_number
from pcmt.security.emergency import (
    emergency_access_open,
    emergency_access_review,
    grant_reads,
    may_open_emergency_access,
    may_review,
    reviewable_by,
)
from pcmt.security.models import USER_STREAM, EmergencyAccess, EmergencyReason, PrivacyEventKind
from pcmt.security.unusual import (
    DEFAULT_DAYS,
    KINDS,
    MAX_DAYS,
    UnusualAccess,
    UnusualFilter,
    may_read_unusual_access,
    unusual_access,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmergencyForm(forms.Form):
    number = forms.IntegerField(
        label=gettext_lazy("Record number"), required=False, min_value=1, max_value=2**62
    )
    id_number = forms.CharField(
        label=gettext_lazy("or personal ID number (12 digits)"), required=False, max_length=20
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Emergency"),
        choices=[("", gettext_lazy("— choose —")), *EmergencyReason.choices],
    )
    detail = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("number") and not (data.get("id_number") or "").strip():
            self.add_error("number", gettext_lazy("Enter the record number or the ID number."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def emergency_open(request: HttpRequest) -> HttpResponse:
    """Break the glass: read one person outside the jurisdiction for a few hours."""
    if not may_open_emergency_access(request.user):
        raise Http404
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = emergency_access_open(
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                number=form.cleaned_data.get("number"),
                id_number=form.cleaned_data.get("id_number") or "",
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.warning(
                request,
                _("Emergency access is open until %(until)s. Your supervisor has been told.")
                % {"until": timezone.localtime(grant.ends_at).strftime("%H:%M %d/%m/%Y")},
            )
            return redirect("person_detail", pk=grant.person_id)
    grants = EmergencyAccess.objects.filter(user_id=int(request.user.pk or 0)).select_related(
        "person"
    )[:20]
    return render(
        request,
        "security/emergency_open.html",
        {"form": form, "grants": grants, "now": timezone.now()},
    )


class ReviewForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Comment"), max_length=300)


@login_required
def emergency_review_list(request: HttpRequest) -> HttpResponse:
    """The grants of the users a supervisor or security officer oversees, unreviewed first."""
    if not may_review(request.user):
        raise Http404
    state = request.GET.get("state", "open")
    grants = reviewable_by(request.user)
    if state == "open":
        grants = grants.filter(reviewed_at__isnull=True)
    page = Paginator(grants, 50).get_page(page_number(request))
    rows = [(grant, grant_reads(grant)) for grant in page]
    return render(
        request,
        "security/emergency_review.html",
        {"page": page, "rows": rows, "state": state, "form": ReviewForm(), "now": timezone.now()},
    )


@login_required
@require_POST
def emergency_review(request: HttpRequest, grant_pk: int) -> HttpResponse:
    if not may_review(request.user):
        raise Http404
    grant = get_object_or_404(reviewable_by(request.user), pk=grant_pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what you found."))
        return redirect("emergency_review_list")
    try:
        emergency_access_review(
            actor=request.user,  # type: ignore[arg-type]
            grant=grant,
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The access has been marked as reviewed."))
    return redirect("emergency_review_list")


class UnusualFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Sign"), required=False)
    user = forms.CharField(label=gettext_lazy("User"), max_length=150, required=False)
    day_from = form_date(
        label=gettext_lazy("From"), required=False, widget=DATE_INPUT, input_formats=DAY_FORMATS
    )
    day_to = form_date(
        label=gettext_lazy("Until"), required=False, widget=DATE_INPUT, input_formats=DAY_FORMATS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", gettext_lazy("All")), *KINDS]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        day_to = data.get("day_to") or today
        day_from = data.get("day_from") or day_to - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if day_from > day_to:
            self.add_error("day_to", gettext_lazy("The end date is before the start date."))
        elif (day_to - day_from).days >= MAX_DAYS:
            self.add_error(
                "day_from",
                gettext_lazy("Choose at most %(days)s days at once.") % {"days": MAX_DAYS},
            )
        data["day_from"], data["day_to"] = day_from, day_to
        return data

    def to_filter(self) -> UnusualFilter:
        data = self.cleaned_data
        return UnusualFilter(
            day_from=data["day_from"],
            day_to=data["day_to"],
            kind=data.get("kind") or "",
            username=(data.get("user") or "").strip(),
        )


def _unusual(request: HttpRequest) -> tuple[UnusualFilterForm, list[UnusualAccess]]:
    if not may_read_unusual_access(request.user):
        raise Http404
    form = UnusualFilterForm(request.GET)
    if not form.is_valid():
        return form, []
    found = form.to_filter()
    rows = unusual_access(request.user, found)
    event_record(
        stream=USER_STREAM,
        subject_id=request.user.pk,
        actor=request.user,
        action=PrivacyEventKind.UNUSUAL_ACCESS_READ,
        changes={
            "filter": [
                None,
                {
                    "from": found.day_from.isoformat(),
                    "until": found.day_to.isoformat(),
                    "kind": found.kind,
                    "user": found.username,
                },
            ]
        },
    )
    return form, rows


@login_required
def unusual_access_page(request: HttpRequest) -> HttpResponse:
    """Signs of unusual access for the security officer, filterable, exportable."""
    form, rows = _unusual(request)
    params = request.GET.copy()
    return render(
        request,
        "security/unusual_access.html",
        {"form": form, "rows": rows, "querystring": params.urlencode()},
    )


@login_required
def unusual_access_export(request: HttpRequest) -> HttpResponse:
    """The same list as an .xlsx workbook (the one spreadsheet writer)."""
    _form, rows = _unusual(request)
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        [
            _("Sign"),
            _("User"),
            _("Full name"),
            _("From"),
            _("Until"),
            _("Persons"),
            _("Reads"),
            _("Details"),
        ],
        (
            [
                row.kind_label,
                row.username,
                row.full_name,
                timezone.localtime(row.start).strftime("%d/%m/%Y %H:%M"),
                timezone.localtime(row.end).strftime("%d/%m/%Y %H:%M"),
                row.persons,
                row.reads,
                row.detail,
            ]
            for row in rows
        ),
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="truy-cap-bat-thuong.xlsx"'
    return response
