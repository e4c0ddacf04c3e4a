"""One way to expose an episode transition in the API.

Every write route does the same four things: find the target in the user's scope (404
outside), require write access (404 too: a reader learns nothing more), validate the input,
and call one service. `action_view` builds that view from its parts.
"""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.errors import NotFound
from pcmt.persons.selectors import person_get

Loader = Callable[[Scope, int], Any]


def load_person(scope: Scope, pk: int) -> Any:
    return person_get(scope=scope, pk=pk)


def action_view(
    *,
    summary: str,
    load: Loader,
    url_kwarg: str,
    target: str,
    service: Callable[..., Any],
    request_serializer: type[serializers.Serializer],
    response_serializer: type[serializers.Serializer],
    created: bool = False,
) -> type[APIView]:
    """An APIView whose POST loads `url_kwarg` with `load`, then calls
    `service(actor=user, <target>=object, **validated input)`."""
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK

    @extend_schema(
        summary=summary,
        request=request_serializer,
        responses={code: response_serializer},
    )
    def post(self: APIView, request: Request, **kwargs: Any) -> Response:
        scope = scope_for(request.user)
        obj = load(scope, kwargs[url_kwarg])
        if not scope.can_write_persons:
            raise NotFound()
        data = request_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = service(actor=request.user, **{target: obj}, **data.validated_data)
        return Response(response_serializer(result).data, status=code)

    name = "".join(part.capitalize() for part in service.__name__.split("_")) + "View"
    return type(name, (APIView,), {"post": post, "__doc__": summary})
