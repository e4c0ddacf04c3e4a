"""The page view, the API view and the OpenAPI schema of a transition, from its declaration.

A transition has one route (`Transition.path`): the page posts its form there and the API
posts its body to the same path under /api/v1/. Both are generated here, never by hand, so a
transition exists in the UI and the API or in neither.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.views import not_found_as_404
from pcmt.lifecycle.declarations import Lifecycle, Transition
from pcmt.lifecycle.runner import transition_run

API_DATES = ["%d/%m/%Y", "iso-8601"]


def serializer_from_form(name: str, form_class: type[forms.Form]) -> type[serializers.Serializer]:
    """The API body of a transition, derived field by field from its page form."""
    fields: dict[str, serializers.Field] = {}
    for field_name, field in form_class.base_fields.items():
        optional: dict[str, Any] = {} if field.required else {"required": False}
        if isinstance(field, forms.DateField):
            if not field.required:
                optional.update(allow_null=True, default=None)
            fields[field_name] = api_date(input_formats=API_DATES, **optional)
        elif isinstance(field, forms.ChoiceField):
            offered: Any = field.choices
            choices = [(value, label) for value, label in offered if value != ""]
            if not field.required:
                optional.update(allow_blank=True, default="")
            fields[field_name] = serializers.ChoiceField(choices=choices, **optional)
        elif isinstance(field, forms.IntegerField):
            if not field.required:
                optional.update(allow_null=True, default=None)
            fields[field_name] = serializers.IntegerField(**optional)
        elif isinstance(field, forms.BooleanField):
            fields[field_name] = serializers.BooleanField(required=False, default=False)
        elif isinstance(field, forms.CharField):
            if not field.required:
                optional.update(allow_blank=True, default="")
            fields[field_name] = serializers.CharField(max_length=field.max_length, **optional)
        else:
            raise TypeError(
                f"{form_class.__name__}.{field_name}: declare the transition's serializer"
            )
    return type(name, (serializers.Serializer,), fields)


def request_serializer(transition: Transition) -> type[serializers.Serializer]:
    if transition.serializer is not None:
        return transition.serializer
    cached = _SERIALIZERS.get(id(transition))
    if cached is None:
        base = "".join(part.capitalize() for part in transition.name.split("_"))
        cached = _SERIALIZERS[id(transition)] = serializer_from_form(
            f"{base}Request", transition.form
        )
    return cached


_SERIALIZERS: dict[int, type[serializers.Serializer]] = {}


def _target(lifecycle: Lifecycle, transition: Transition) -> tuple[str, Callable[..., Any], Any]:
    """The URL keyword, the in-scope loader and the write check of the row acted on."""
    if transition.initial:
        assert lifecycle.parent_load is not None and lifecycle.parent_check_write is not None
        return lifecycle.parent_url_kwarg, lifecycle.parent_load, lifecycle.parent_check_write
    return lifecycle.url_kwarg, lifecycle.load, transition.check_write or lifecycle.check_write


def _report(request: HttpRequest, form: forms.Form) -> None:
    messages.error(
        request,
        " ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {e}"
            for f, errs in form.errors.items()
            for e in errs
        ),
    )


def page_view(lifecycle: Lifecycle, transition: Transition) -> Callable[..., HttpResponse]:
    """POST from the person (or episode) page: find in scope, require write access, run,
    report the outcome as a message and go back to the page."""
    kwarg, load, check_write = _target(lifecycle, transition)
    back = (lifecycle.parent_redirect if transition.initial else lifecycle.redirect) or (
        lambda request, obj: redirect(
            "person_detail", pk=obj.pk if transition.initial else obj.person_id
        )
    )

    @login_required
    @require_POST
    @not_found_as_404
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = load(scope=scope_for(request.user), pk=kwargs[kwarg])
        check_write(request.user, obj)
        extra = transition.form_kwargs(obj) if transition.form_kwargs else {}
        form = transition.form(request.POST, **extra)
        if not form.is_valid():
            _report(request, form)
        else:
            try:
                transition_run(
                    lifecycle=lifecycle,
                    name=transition.name,
                    actor=request.user,
                    obj_or_pk=obj,
                    data=form.cleaned_data,
                    origin="page",
                )
            except NotFound:
                raise
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, str(transition.done))
        return back(request, obj)

    view.__name__ = view.__qualname__ = transition.page_name
    return view


def api_view(
    lifecycle: Lifecycle, transition: Transition, base: type[APIView] = APIView
) -> type[APIView]:
    """POST under /api/v1/: the same checks and runner; 400 with a stable code on a rule."""
    kwarg, load, check_write = _target(lifecycle, transition)
    body = request_serializer(transition)
    code = status.HTTP_201_CREATED if transition.created else status.HTTP_200_OK

    @extend_schema(
        summary=str(transition.label),
        description=str(transition.refused),
        request=body,
        responses={code: transition.response},
    )
    def post(self: APIView, request: Request, **kwargs: Any) -> Response:
        obj = load(scope=scope_for(request.user), pk=kwargs[kwarg])
        check_write(request.user, obj)
        data = body(data=request.data)
        data.is_valid(raise_exception=True)
        name, values = transition.name, dict(data.validated_data)
        if transition.choose is not None:
            name, values = transition.choose(values)
        result = transition_run(
            lifecycle=lifecycle,
            name=name,
            actor=request.user,
            obj_or_pk=obj,
            data=values,
            origin="api",
        )
        out = transition.respond(obj, result) if transition.respond else result
        return Response(transition.response(out).data, status=code)

    name = "".join(part.capitalize() for part in transition.name.split("_")) + "View"
    return type(name, (base,), {"post": post, "__doc__": str(transition.label)})


def page_urls(*lifecycles: Lifecycle) -> list[URLPattern]:
    return [
        path(t.path, page_view(lifecycle, t), name=t.page_name)
        for lifecycle in lifecycles
        for t in lifecycle.transitions
    ]


def api_urls(
    *lifecycles: Lifecycle, bases: dict[str, type[APIView]] | None = None
) -> list[URLPattern]:
    """The API routes; `bases` gives a transition's view a GET of the same path."""
    bases = bases or {}
    return [
        path(t.path, api_view(lifecycle, t, bases.get(t.name, APIView)).as_view(), name=t.api_name)
        for lifecycle in lifecycles
        for t in lifecycle.transitions
    ]
