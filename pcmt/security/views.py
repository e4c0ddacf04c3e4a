"""Login with a second factor, enrolment, API tokens, ending sessions, and the administrators'
pages for privilege requests (four eyes)."""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pcmt.accounts.forms import LoginForm
from pcmt.accounts.models import User
from pcmt.core.errors import DomainError
from pcmt.core.views import form_error, not_found_as_404, page_number
from pcmt.security import passkeys, second_factor
from pcmt.security.forms import ApiTokenForm, DecisionForm, OneTimeCodeForm, PrivilegesForm
from pcmt.security.models import ApiToken, Passkey, PrivilegeRequest, RequestStatus
from pcmt.security.selectors import api_tokens_of, privilege_requests, second_factor_required
from pcmt.security.services import (
    api_token_create,
    api_token_revoke,
    privilege_request_approve,
    privilege_request_refuse,
    privileges_change,
    privileges_of,
    second_factor_reset,
    sessions_end_everywhere,
)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """The password step; who needs a second factor goes on to the code (or to enrolment)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if second_factor_required(user):
            step = (
                "second_factor_verify"
                if second_factor.has_device(user)
                else ("second_factor_setup")
            )
            query = urlencode({"next": self.get_success_url()})
            return HttpResponseRedirect(f"{reverse(step)}?{query}")
        return response


@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the authenticator, or a recovery code."""
    user: Any = request.user
    if not second_factor.has_device(user):
        return redirect(f"{reverse('second_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, user, form.cleaned_data["token"]):
            return HttpResponseRedirect(_next(request))
        form.add_error("token", _("Wrong or expired code."))
    return render(
        request,
        "security/verify.html",
        {"form": form, "next": _next(request), "passkey_login": passkeys.has_passkey(user)},
    )


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with one code, keep the recovery
    codes shown once."""
    user: Any = request.user
    if second_factor.has_device(user) and not user.is_verified():
        return redirect(f"{reverse('second_factor_verify')}?{urlencode({'next': _next(request)})}")
    if second_factor.has_device(user):
        return render(request, "security/setup_done.html", {"next": _next(request)})
    device = second_factor.pending_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm(request, user, device, form.cleaned_data["token"])
        if codes is not None:
            return render(
                request, "security/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("token", _("Wrong or expired code."))
    return render(
        request,
        "security/setup.html",
        {
            "form": form,
            "qr_svg": second_factor.qr_svg(device),
            "secret": second_factor.secret_base32(device),
            "next": _next(request),
        },
    )


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); only after a verified login."""
    user: Any = request.user
    if not second_factor.has_device(user) or not user.is_verified():
        raise Http404
    codes = second_factor.recovery_codes_renew(user)
    return render(request, "security/recovery_codes.html", {"codes": codes, "next": ""})


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """The user's own page: second factor, API tokens, logout everywhere."""
    user: Any = request.user
    form = ApiTokenForm(request.POST or None, initial={"days": settings.PCMT_API_TOKEN_DAYS})
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = api_token_create(
                actor=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
            form = ApiTokenForm(initial={"days": settings.PCMT_API_TOKEN_DAYS})
        except DomainError as error:
            form_error(form, error)
    return render(
        request,
        "security/account.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": api_tokens_of(user),
            "has_device": second_factor.has_device(user),
            "verified": user.is_verified(),
        },
    )


@login_required
@require_POST
@not_found_as_404
def api_token_revoke_view(request: HttpRequest, token_pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_pk, user=request.user)
    api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The token was revoked."))
    return redirect("account_security")


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, this one included, and revoke his API tokens."""
    sessions_end_everywhere(actor=request.user, user=request.user)  # type: ignore[arg-type]
    logout(request)
    return redirect("login")


# --- administrators ----------------------------------------------------------------------


def _administrator(request: HttpRequest) -> User:
    user: Any = request.user
    if not (user.is_authenticated and user.is_active and user.is_administrator):
        raise Http404
    return user


@login_required
def privilege_request_list(request: HttpRequest) -> HttpResponse:
    """Requests for new privileges; pending ones first for a second administrator."""
    _administrator(request)
    status = request.GET.get("status", RequestStatus.PENDING)
    if status not in RequestStatus.values and status != "all":
        status = RequestStatus.PENDING
    page = Paginator(privilege_requests(status=None if status == "all" else status), 25).get_page(
        page_number(request)
    )
    return render(
        request,
        "security/request_list.html",
        {"page": page, "status": status, "statuses": RequestStatus.choices},
    )


@login_required
@not_found_as_404
def privilege_request_detail(request: HttpRequest, request_pk: int) -> HttpResponse:
    actor = _administrator(request)
    item = get_object_or_404(privilege_requests(), pk=request_pk)
    return render(
        request,
        "security/request_detail.html",
        {
            "item": item,
            "form": DecisionForm(),
            "can_decide": item.status == RequestStatus.PENDING
            and actor.pk not in (item.requested_by_id, item.user_id),
            "changes": _describe(item.changes),
        },
    )


def _describe(changes: dict[str, list[Any]]) -> list[tuple[str, Any, Any]]:
    from pcmt.accounts.models import Agency

    labels = {
        "agency": _("Agency"),
        "data_role": _("Data role"),
        "is_staff": _("Administrator"),
        "is_superuser": _("Superuser"),
        "is_security_officer": _("Security officer"),
    }
    rows = []
    for field, (old, new) in changes.items():
        if field == "agency":
            names = dict(Agency.objects.filter(pk__in=[old, new]).values_list("pk", "name"))
            old, new = names.get(old, "—"), names.get(new, "—")
        elif field == "data_role":
            from pcmt.accounts.models import DataRole

            old, new = DataRole(old).label, DataRole(new).label
        else:
            old, new = (_("yes") if old else _("no")), (_("yes") if new else _("no"))
        rows.append((str(labels.get(field, field)), old, new))
    return rows


def _decide(request: HttpRequest, request_pk: int, approve: bool) -> HttpResponse:
    actor = _administrator(request)
    item = get_object_or_404(PrivilegeRequest, pk=request_pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if approve:
            privilege_request_approve(actor=actor, request=item, note=note)
            messages.success(request, _("The request was approved and applied."))
        else:
            privilege_request_refuse(actor=actor, request=item, note=note)
            messages.success(request, _("The request was refused."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("privilege_request_detail", request_pk=item.pk)


@login_required
@require_POST
@not_found_as_404
def privilege_request_approve_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    return _decide(request, request_pk, approve=True)


@login_required
@require_POST
@not_found_as_404
def privilege_request_refuse_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    return _decide(request, request_pk, approve=False)


@login_required
@not_found_as_404
def user_privileges(request: HttpRequest, user_pk: int) -> HttpResponse:
    """Change a user's agency, data role and rights: withdrawals apply at once, grants wait
    for a second administrator."""
    actor = _administrator(request)
    subject = get_object_or_404(User, pk=user_pk)
    current = privileges_of(subject)
    form = PrivilegesForm(request.POST or None, initial={**current, "agency": current["agency"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = {
            "agency": data["agency"].pk if data["agency"] else None,
            "data_role": data["data_role"],
            "is_staff": data["is_staff"],
            "is_superuser": data["is_superuser"],
            "is_security_officer": data["is_security_officer"],
        }
        try:
            made = privileges_change(actor=actor, user=subject, new=new, reason=data["reason"])
        except DomainError as error:
            form_error(form, error)
        else:
            if made is None:
                messages.success(request, _("The privileges were withdrawn."))
                return redirect("user_privileges", user_pk=subject.pk)
            messages.success(request, _("The request waits for a second administrator."))
            return redirect("privilege_request_detail", request_pk=made.pk)
    return render(
        request,
        "security/user_privileges.html",
        {
            "subject": subject,
            "form": form,
            "own": actor.pk == subject.pk,
            "has_device": second_factor.has_device(subject),
            "pending": PrivilegeRequest.objects.filter(
                user=subject, status=RequestStatus.PENDING
            ).first(),
        },
    )


@login_required
@require_POST
@not_found_as_404
def user_second_factor_reset(request: HttpRequest, user_pk: int) -> HttpResponse:
    actor = _administrator(request)
    subject = get_object_or_404(User, pk=user_pk)
    try:
        with transaction.atomic():
            second_factor_reset(actor=actor, user=subject)
        messages.success(request, _("The second factor was reset; the user enrols again."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("user_privileges", user_pk=subject.pk)


# --- passkeys ----------------------------------------------------------------------------


def _passkey_error(error: DomainError) -> JsonResponse:
    return JsonResponse(
        {"code": error.code, "message": str(error.message), "field": error.field}, status=400
    )


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as error:
        raise DomainError("passkey_invalid", _("The request could not be read.")) from error
    if not isinstance(body, dict):
        raise DomainError("passkey_invalid", _("The request could not be read."))
    return body


@login_required
def passkey_list(request: HttpRequest) -> HttpResponse:
    """The user's passkeys: add one (named), remove one."""
    return render(
        request,
        "security/passkeys.html",
        {"passkeys": passkeys.passkeys_of(request.user), "enabled": passkeys.enabled()},
    )


@login_required
@require_POST
def passkey_register_options(request: HttpRequest) -> HttpResponse:
    try:
        return JsonResponse(passkeys.registration_options(request, request.user))  # type: ignore[arg-type]
    except DomainError as error:
        return _passkey_error(error)


@login_required
@require_POST
def passkey_register_view(request: HttpRequest) -> HttpResponse:
    """The browser's answer to the registration challenge, with the name the user gave."""
    try:
        body = _json_body(request)
        credential = body.get("credential")
        if not isinstance(credential, dict):
            raise DomainError("passkey_invalid", _("The request could not be read."))
        passkeys.passkey_register(
            request,
            user=request.user,  # type: ignore[arg-type]
            name=str(body.get("name", "")),
            credential=credential,
        )
    except DomainError as error:
        return _passkey_error(error)
    messages.success(request, _("The passkey was added."))
    return JsonResponse({"redirect": reverse("passkey_list")})


@login_required
@require_POST
@not_found_as_404
def passkey_remove_view(request: HttpRequest, passkey_pk: int) -> HttpResponse:
    passkey = get_object_or_404(Passkey, pk=passkey_pk, user=request.user)
    passkeys.passkey_remove(actor=request.user, passkey=passkey)  # type: ignore[arg-type]
    messages.success(request, _("The passkey was removed."))
    return redirect("passkey_list")


@login_required
@require_POST
def passkey_login_options(request: HttpRequest) -> HttpResponse:
    """The challenge of the second login step with a passkey."""
    try:
        return JsonResponse(passkeys.authentication_options(request, request.user))  # type: ignore[arg-type]
    except DomainError as error:
        return _passkey_error(error)


@login_required
@require_POST
def passkey_login_verify(request: HttpRequest) -> HttpResponse:
    """The signed challenge: the session is verified and the browser goes on to `next`."""
    try:
        body = _json_body(request)
        credential = body.get("credential")
        if not isinstance(credential, dict):
            raise DomainError("passkey_invalid", _("The request could not be read."))
        passkeys.passkey_authenticate(request, user=request.user, credential=credential)  # type: ignore[arg-type]
    except DomainError as error:
        return _passkey_error(error)
    return JsonResponse({"redirect": _next(request)})
