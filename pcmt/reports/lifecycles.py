"""The report lifecycle: prepared → submitted (figures frozen) → returned / approved.

A returned report is corrected by submitting it again: a new version, the old kept.
"""

from typing import Any

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pcmt.audit.services import event_record
from pcmt.core.errors import NotFound
from pcmt.lifecycle.declarations import Lifecycle, Step, Transition, register
from pcmt.reports.forms import ApproveForm, ReturnForm, SubmitForm
from pcmt.reports.models import (
    REPORT_STREAM,
    Report,
    ReportAction,
    ReportStatus,
    ReportVersion,
)
from pcmt.reports.selectors import report_can_prepare, report_can_review, report_load
from pcmt.reports.services import report_figures


class ReportResponse(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "status", "period_kind", "period_start", "period_end", "due_on"]


def _preparer(actor: Any, report: Report) -> None:
    if not report_can_prepare(actor, report.unit):
        raise NotFound()


def _reviewer(actor: Any, report: Report) -> None:
    if not report_can_review(actor, report):
        raise NotFound()


def _record(report: Report, actor: Any, action: str, changes: dict[str, Any], note: str) -> None:
    event_record(
        stream=REPORT_STREAM,
        subject_id=report.pk,
        actor=actor,
        action=action,
        changes=changes,
        note=note,
    )


def _submit(step: Step) -> ReportVersion:
    report: Report = step.obj
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ReportVersion.objects.create(
        report=report,
        number=last + 1,
        # The layout goes with the figures: a later edit of the template moves neither.
        figures={"layout": report.template.layout, "values": report_figures(report)},
        submitted_by=step.actor,
        submitted_at=timezone.now(),
        note=step.data.get("note") or "",
    )
    step.changes = {"status": [report.status, ReportStatus.SUBMITTED], "version": [last, last + 1]}
    report.status = ReportStatus.SUBMITTED
    step.note = version.note
    return version


def _moved(status: str, note_field: str) -> Any:
    def effect(step: Step) -> Report:
        report: Report = step.obj
        step.changes = {"status": [report.status, status]}
        report.status = status
        step.note = step.data.get(note_field) or ""
        return report

    return effect


REPORT = register(
    Lifecycle(
        name="report",
        label=_("Periodic report"),
        model=Report,
        state_field=None,
        state_of=lambda report: report.status,
        states=ReportStatus,
        url_kwarg="report_pk",
        load=report_load,
        check_write=_preparer,
        subject=lambda report: report,
        record=_record,
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=lambda request, report: redirect("report_detail", report_pk=report.pk),
        transitions=(
            Transition(
                name="report_submit",
                label=_("Submit a report"),
                source=(ReportStatus.PREPARED, ReportStatus.RETURNED),
                target=ReportStatus.SUBMITTED,
                refused=_("Only a prepared or returned report can be submitted."),
                form=SubmitForm,
                effect=_submit,
                respond=lambda report, version: version.report,
                event=ReportAction.SUBMITTED,
                path="reports/<int:report_pk>/submit/",
                page_name="report_submit",
                api_name="api_report_submit",
                response=ReportResponse,
                done=_("The report is submitted; its figures are frozen."),
            ),
            Transition(
                name="report_return",
                label=_("Return a report for correction"),
                source=(ReportStatus.SUBMITTED,),
                target=ReportStatus.RETURNED,
                refused=_("Only a submitted report can be returned."),
                form=ReturnForm,
                effect=_moved(ReportStatus.RETURNED, "reason"),
                event=ReportAction.RETURNED,
                check_write=_reviewer,
                who=_("reviewing officers: the provincial drug unit's, then the Ministry's (C04)"),
                path="reports/<int:report_pk>/return/",
                page_name="report_return",
                api_name="api_report_return",
                response=ReportResponse,
                done=_("The report is returned to the unit that sent it."),
            ),
            Transition(
                name="report_approve",
                label=_("Approve a report"),
                source=(ReportStatus.SUBMITTED,),
                target=ReportStatus.APPROVED,
                refused=_("Only a submitted report can be approved."),
                form=ApproveForm,
                effect=_moved(ReportStatus.APPROVED, "note"),
                event=ReportAction.APPROVED,
                check_write=_reviewer,
                who=_("reviewing officers: the provincial drug unit's, then the Ministry's (C04)"),
                path="reports/<int:report_pk>/approve/",
                page_name="report_approve",
                api_name="api_report_approve",
                response=ReportResponse,
                done=_("The report is approved and locked."),
            ),
        ),
    )
)
