"""Every user's own account: what it is allowed, its recent sign-ins, and the password change."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import LoginEvent, User


@login_required
def account_detail(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: name, agency, unit, role and the last sign-ins."""
    assert isinstance(request.user, User)  # login_required
    logins = LoginEvent.objects.filter(user=request.user).order_by("-at")[:10]
    return render(request, "accounts/account.html", {"account": request.user, "logins": logins})


class AccountPasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("The current password is wrong. Type it again."),
    }


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = AccountPasswordForm
    success_url = reverse_lazy("account_detail")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response
