"""Client address behind proxies, no caching of pages, session lifetimes, the second factor."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from pcmt.security.proxies import forwarded_client, is_trusted_proxy
from pcmt.security.selectors import needs_second_factor, sessions_valid_after

type GetResponse = Callable[[HttpRequest], HttpResponse]

STARTED = "pcmt_started"
SEEN = "pcmt_seen"
# The last-seen time is written to the session at most once a minute.
_SEEN_RESOLUTION = 60


class TrustedProxyMiddleware:
    """REMOTE_ADDR becomes the forwarded client only when the direct peer is a configured
    proxy; otherwise the forwarding headers are dropped so nothing downstream believes them."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        remote = str(meta.get("REMOTE_ADDR", ""))
        if settings.PCMT_TRUSTED_PROXIES and is_trusted_proxy(remote):
            meta["REMOTE_ADDR"] = forwarded_client(
                remote, str(meta.get("HTTP_X_FORWARDED_FOR", ""))
            )
        else:
            for header in (
                "HTTP_X_FORWARDED_FOR",
                "HTTP_X_FORWARDED_PROTO",
                "HTTP_X_FORWARDED_HOST",
            ):
                meta.pop(header, None)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages and API answers may carry personal data: no browser or proxy keeps a copy."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            add_never_cache_headers(response)
        return response


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _to_login(request: HttpRequest, code: str, message: str) -> HttpResponse:
    if _api(request):
        return JsonResponse({"code": code, "message": message, "field": None}, status=401)
    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
    return HttpResponseRedirect(reverse("login") + (f"?{query}" if query else ""))


class SessionLifetimeMiddleware:
    """A session ends after PCMT_SESSION_IDLE_MINUTES without a request, PCMT_SESSION_MAX_HOURS
    after its login, or when the user logged out everywhere (or changed his password)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = time.time()
            started = float(session.get(STARTED, now))
            seen = float(session.get(SEEN, now))
            limit = sessions_valid_after(user)
            if (
                now - seen > settings.PCMT_SESSION_IDLE_MINUTES * 60
                or now - started > settings.PCMT_SESSION_MAX_HOURS * 3600
                or (limit is not None and started < limit)
            ):
                logout(request)
                return _to_login(request, "session_expired", _("Your session has ended."))
            if STARTED not in session:
                session[STARTED] = now
            if now - seen >= _SEEN_RESOLUTION or SEEN not in session:
                session[SEEN] = now
        return self.get_response(request)


# Pages reachable before the second factor is given.
_BEFORE_SECOND_FACTOR = {"second_factor_verify", "second_factor_setup", "logout", "set_language"}
_BEFORE_SECOND_FACTOR |= {"passkey_login_options", "passkey_login_verify"}


class SecondFactorMiddleware:
    """With PCMT_REQUIRE_2FA, administrators and users with a data role give a one-time code
    after their password before anything else (enrolling first if they have no device)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if (
            settings.PCMT_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and needs_second_factor(user)
            and not user.is_verified()
        ):
            match = getattr(request, "resolver_match", None)
            name = match.url_name if match else None
            if name is None:
                from django.urls import Resolver404, resolve

                try:
                    name = resolve(request.path_info).url_name
                except Resolver404:
                    name = None
            if name not in _BEFORE_SECOND_FACTOR and not request.path.startswith(
                "/" + settings.STATIC_URL.lstrip("/")
            ):
                if _api(request):
                    return JsonResponse(
                        {
                            "code": "second_factor_required",
                            "message": _("Give your one-time code first."),
                            "field": None,
                        },
                        status=401,
                    )
                from django_otp import user_has_device

                target = "second_factor_verify" if user_has_device(user) else "second_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
