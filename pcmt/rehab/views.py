"""Rehab actions from the person page: each checks access, validates, calls one service."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.views import _action
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person
from pcmt.persons.selectors import person_get
from pcmt.rehab import forms, selectors, services


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """Rehab and post-rehab on the person's page, with the forms to act when allowed."""
    if not scope.can_read_persons:
        return None
    context: dict[str, Any] = selectors.person_rehab(person.pk)
    if scope.can_write_persons:
        context.update(forms.section_forms())
    return PersonSection("rehab/_person_section.html", context)


rehab_register = _action(
    forms.RehabRegisterForm,
    services.rehab_register,
    _("The voluntary rehab has been registered."),
    "person",
    person_get,
)
rehab_dossier_open = _action(
    forms.DossierOpenForm,
    services.compulsory_dossier_open,
    _("The compulsory-rehab dossier has been opened."),
    "person",
    person_get,
)
rehab_start = _action(
    forms.StartForm,
    services.rehab_start,
    _("The rehab has started."),
    "episode",
    selectors.episode_get,
)
rehab_document = _action(
    forms.DocumentForm,
    services.dossier_document_receive,
    _("The document has been ticked as received."),
    "episode",
    selectors.episode_get,
)
rehab_send_to_court = _action(
    forms.SendToCourtForm,
    services.dossier_send_to_court,
    _("The dossier has been sent to the court."),
    "episode",
    selectors.episode_get,
)
rehab_court_decision = _action(
    forms.CourtDecisionForm,
    services.court_decision_record,
    _("The court decision has been recorded."),
    "episode",
    selectors.episode_get,
)
rehab_admit = _action(
    forms.AdmissionForm,
    services.compulsory_admit,
    _("The admission has been recorded."),
    "episode",
    selectors.episode_get,
)
rehab_transfer = _action(
    forms.TransferForm,
    services.rehab_transfer,
    _("The transfer has been recorded."),
    "episode",
    selectors.episode_get,
)
rehab_escape = _action(
    forms.EscapeForm,
    services.rehab_escape,
    _("The absence without permission has been recorded."),
    "episode",
    selectors.episode_get,
)
rehab_return = _action(
    forms.ReturnForm,
    services.rehab_return,
    _("The return has been recorded; the planned end moved accordingly."),
    "episode",
    selectors.episode_get,
)
rehab_complete = _action(
    forms.CompleteForm,
    services.rehab_complete,
    _("The rehab has been completed."),
    "episode",
    selectors.episode_get,
)
rehab_end = _action(
    forms.EndEarlyForm,
    services.rehab_end_early,
    _("The rehab has ended."),
    "episode",
    selectors.episode_get,
)
post_rehab_open = _action(
    forms.PostRehabOpenForm,
    services.post_rehab_open,
    _("Post-rehab management has started."),
    "episode",
    selectors.episode_get,
)
post_rehab_use = _action(
    forms.PostRehabUseForm,
    services.post_rehab_use_detected,
    _("The use is recorded; an addiction determination is required."),
    "post_rehab",
    selectors.post_rehab_get,
)
post_rehab_end = _action(
    forms.PostRehabEndForm,
    services.post_rehab_end,
    _("Post-rehab management has ended."),
    "post_rehab",
    selectors.post_rehab_get,
)
