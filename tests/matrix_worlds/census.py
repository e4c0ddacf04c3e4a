"""Review rounds: a round of the province with commune A's police, and its registry extract."""

import datetime
from typing import Any

from pcmt.accounts.models import User
from pcmt.census.models import RoundAgency
from pcmt.census.services import registry_extract, round_create

# Lists name persons: they are read like the persons of the submitting agency's unit.
PERSON_PARAMS = {"submission_pk"}
WRITE_ROUTES: set[str] = set()


def build(context: dict[str, Any]) -> dict[str, Any]:
    officer = context["officer"]
    supervisor = User.objects.get(username="sam")
    round_ = round_create(
        actor=supervisor,
        name="Rà soát quý III",
        cutoff_date=datetime.date(2025, 9, 30),
        deadline=datetime.date(2025, 10, 15),
        categories=["drug_user"],
        agencies=[officer.agency],
    )
    submission = registry_extract(actor=officer, round_=round_).submission
    participant = RoundAgency.objects.get(round=round_, agency=officer.agency)
    return {
        "round_pk": round_.pk,
        "participant_pk": participant.pk,
        "submission_pk": submission.pk,
    }
