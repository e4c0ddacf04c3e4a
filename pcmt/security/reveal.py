"""Showing a masked ID number or phone in full: a reason, a recorded read, then the values.

Pages and the API show personal ID numbers, old ID numbers and phones masked (the last 4
digits, `core/crypto.mask_tail`). Whoever may read the record may reveal them, one record at a
time, after choosing why and saying what for; each reveal is a read event on the person's
stream with the reason (`changes["revealed"]`) and the text (`note`). On the edit page the
officer reveals the values to change them; what he does not reveal is kept as it is.
"""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event, Purpose
from pcmt.audit.origin import current_origin
from pcmt.audit.reads import reads_purpose
from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError
from pcmt.core.views import form_error, is_htmx, not_found_as_404
from pcmt.persons.models import PERSON_STREAM, READ_ACTION, AccessChannel, Person
from pcmt.persons.selectors import person_get, person_secrets
from pcmt.security.models import RevealReason

SECRETS = ("id_number", "old_id_number", "phone")


def secrets_reveal(
    *, actor: Any, person: Person, reason: str, detail: str, channel: str
) -> dict[str, str]:
    """The decrypted ID, old ID and phone, after recording who read them and why."""
    detail = " ".join(detail.split())
    if reason not in RevealReason.values:
        raise DomainError("reveal_reason_required", _("Choose why you need the number."), "reason")
    if len(detail) < 3:
        raise DomainError(
            "reveal_detail_required", _("Say in a few words what the number is for."), "detail"
        )
    _record(actor=actor, person=person, reason=reason, detail=detail, channel=channel)
    # The request's access row says why, too.
    reads_purpose(Purpose.REVEAL, f"{reason}: {detail}")
    return person_secrets(person)


def _record(*, actor: Any, person: Person, reason: str, detail: str, channel: str) -> Event:
    return event_record(
        stream=PERSON_STREAM,
        subject_id=person.pk,
        actor=actor,
        action=READ_ACTION,
        changes={"revealed": [None, reason]},
        note=detail[:300],
        origin=current_origin().with_channel(channel),
    )


class RevealForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"), choices=[("", _("— choose —")), *RevealReason.choices]
    )
    detail = forms.CharField(label=_("What for"), max_length=300)


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask why, then show the record's ID numbers and phone in full (htmx partial or page).

    `?for=edit` answers with the inputs of the edit form instead of the facts."""
    person = person_get(scope=scope_for(request.user), pk=pk)
    # The edit page swaps its inputs in place (htmx); without htmx the page itself answers.
    for_edit = request.GET.get("for") == "edit" and is_htmx(request)
    form = RevealForm(request.POST or None)
    context: dict[str, Any] = {"person": person, "form": form, "for_edit": for_edit}
    if request.method == "POST" and form.is_valid():
        try:
            secrets = secrets_reveal(
                actor=request.user,
                person=person,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                channel=AccessChannel.WEB,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            context.update(secrets=secrets, revealed=True)
            if for_edit:
                return render(request, "security/_secrets_inputs.html", context)
            template = "security/_secrets.html" if is_htmx(request) else "security/reveal.html"
            return render(request, template, context)
    if for_edit:
        template = "security/_reveal_edit.html"
    else:
        template = "security/_reveal_form.html" if is_htmx(request) else "security/reveal.html"
    return render(request, template, context)


class RevealSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=RevealReason.choices)
    detail = serializers.CharField(max_length=300)


class RevealedSerializer(serializers.Serializer):
    id_number = serializers.CharField()
    old_id_number = serializers.CharField()
    phone = serializers.CharField()


class PersonRevealView(APIView):
    """Show a person's ID numbers and phone in full; the read is recorded with its reason."""

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(scope=scope_for(request.user), pk=pk)
        given = RevealSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        secrets = secrets_reveal(
            actor=request.user,
            person=person,
            reason=given.validated_data["reason"],
            detail=given.validated_data["detail"],
            channel=AccessChannel.API,
        )
        return Response(RevealedSerializer(secrets).data)
