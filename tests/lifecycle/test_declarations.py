"""Every declared transition has its page, its API route and its schema, or none of them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from pcmt.lifecycle.declarations import lifecycles
from pcmt.lifecycle.diagrams import document
from pcmt.lifecycle.views import request_serializer

TRANSITIONS = [(lc, t) for lc in lifecycles() for t in lc.transitions]


def _kwargs(path: str) -> dict[str, int]:
    return {part.split(":")[1].split(">")[0]: 1 for part in path.split("<")[1:]}


@pytest.mark.parametrize(
    ("lifecycle", "transition"), TRANSITIONS, ids=[t.name for _, t in TRANSITIONS]
)
def test_each_transition_has_a_page_and_an_api_route_on_the_same_path(lifecycle, transition):
    kwargs = _kwargs(transition.path)
    page = reverse(transition.page_name, kwargs=kwargs)
    api = reverse(transition.api_name, kwargs=kwargs)
    assert api == "/api/v1" + page
    assert resolve(page).url_name == transition.page_name
    assert resolve(api).url_name == transition.api_name


def test_each_transition_is_in_the_openapi_schema_with_its_body():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {re.sub(r"\{[^}]*\}", "{}", route): item for route, item in schema["paths"].items()}
    for _, transition in TRANSITIONS:
        operation = paths["/api/v1/" + re.sub(r"<[^>]*>", "{}", transition.path)]["post"]
        if request_serializer(transition)().fields:
            assert "requestBody" in operation, transition.name
        assert operation["summary"] == str(transition.label)


def test_the_diagrams_in_docs_are_up_to_date():
    written = (Path(settings.BASE_DIR) / "docs" / "lifecycles.md").read_text(encoding="utf-8")
    assert written == document(), "run: python manage.py lifecycle_diagrams"
