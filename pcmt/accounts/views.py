"""Login and logout (the home page is in pcmt/home)."""

from django.contrib.auth import views as auth_views

from pcmt.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
