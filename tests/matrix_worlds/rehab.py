"""Rehab objects for the jurisdiction matrix: a compulsory dossier and a post-rehab."""

import datetime
from typing import Any

from pcmt.casework.models import SubstitutionTherapy
from pcmt.rehab.services import (
    compulsory_dossier_open,
    monitoring_start,
    rehab_complete,
    rehab_register,
    rehab_start,
)

D = datetime.date

WRITE_ROUTES = {
    "rehab_register",
    "rehab_dossier_open",
    "rehab_start",
    "rehab_document",
    "rehab_send_to_court",
    "rehab_court_decision",
    "rehab_admit",
    "rehab_transfer",
    "rehab_escape",
    "rehab_return",
    "rehab_complete",
    "rehab_end",
    "post_rehab_open",
    "post_rehab_use",
    "post_rehab_end",
    "api_rehab_dossier_open",
    "api_rehab_start",
    "api_rehab_document",
    "api_rehab_send_to_court",
    "api_rehab_court_decision",
    "api_rehab_admit",
    "api_rehab_transfer",
    "api_rehab_escape",
    "api_rehab_return",
    "api_rehab_complete",
    "api_rehab_end",
    "api_post_rehab_open",
    "api_post_rehab_use",
    "api_post_rehab_end",
    "rehab_holding",
    "rehab_term_reduce",
    "rehab_term_suspend",
    "rehab_term_resume",
    "rehab_term_exempt",
    "api_rehab_holding",
    "api_rehab_term_reduce",
    "api_rehab_term_suspend",
    "api_rehab_term_resume",
    "api_rehab_term_exempt",
    "monitoring_start",
    "monitoring_alert",
    "monitoring_end",
    "api_monitoring_start",
    "api_monitoring_alert",
    "api_monitoring_end",
}
PERSON_PARAMS = {"rehab_pk", "post_rehab_pk", "monitoring_pk"}


def build(context: dict[str, Any]) -> dict[str, Any]:
    person, officer = context["person"], context["officer"]
    home = rehab_register(
        actor=officer, person=person, kind="voluntary_home", registered_on=D(2024, 1, 2), months=6
    )
    rehab_start(actor=officer, episode=home, started_on=D(2024, 1, 3))
    rehab_complete(actor=officer, episode=home, completed_on=D(2024, 7, 3))
    # Completing voluntary rehab opens post-rehab management (Law 73/2021 art. 40).
    post = home.post_rehab
    dossier = compulsory_dossier_open(actor=officer, person=person, opened_on=D(2025, 11, 3))
    # Electronic monitoring during the person's substitution therapy (Law 120/2025/QH15).
    therapy = SubstitutionTherapy.objects.get(person=person, stopped_on__isnull=True)
    monitoring = monitoring_start(
        actor=officer,
        person=person,
        monitored="substitution_therapy",
        started_on=max(D(2026, 7, 1), therapy.started_on),
        device_reference="VT-0001",
    )
    return {"rehab_pk": dossier.pk, "post_rehab_pk": post.pk, "monitoring_pk": monitoring.pk}
