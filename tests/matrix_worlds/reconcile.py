"""Reconciliation: a finished link run of the province's round, with one decision."""

import datetime
from typing import Any

from django.utils import timezone

from pcmt.accounts.models import User
from pcmt.census.models import Round, SubmissionRow
from pcmt.census.services import registry_extract, round_create
from pcmt.reconcile.models import LinkRun
from pcmt.reconcile.services import clusters_rebuild, decision_record

# A decision names list rows: it is read like them.
PERSON_PARAMS = {"decision_pk"}
WRITE_ROUTES: set[str] = set()


def build(context: dict[str, Any]) -> dict[str, Any]:
    officer = context["officer"]
    supervisor = User.objects.get(username="sam")
    round_ = Round.objects.filter(province_id=context["commune"].parent_id).first()
    if round_ is None:
        round_ = round_create(
            actor=supervisor,
            name="Rà soát quý III",
            cutoff_date=datetime.date(2025, 9, 30),
            deadline=datetime.date(2025, 10, 15),
            categories=["drug_user"],
            agencies=[officer.agency],
        )
        registry_extract(actor=officer, round_=round_)
    run = LinkRun.objects.create(round=round_, created_by=supervisor, finished_at=timezone.now())
    rows = SubmissionRow.objects.filter(submission__round=round_, valid=True)
    clusters_rebuild(run=run, row_keys=[f"r{pk}" for pk in rows.values_list("pk", flat=True)])
    person = context["person"]
    key = f"r{rows.first().pk}"  # type: ignore[union-attr]
    decision = decision_record(
        actor=supervisor, round_=round_, kind="accept", left_key=key, right_key=f"p{person.pk}"
    )
    return {"round_pk": round_.pk, "decision_pk": decision.pk}
