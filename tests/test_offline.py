"""The system runs on closed networks: no page refers to anything outside the server."""

import re

import pytest
from django.urls import reverse

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("name", ["login", "api_docs"])
def test_public_pages_load_nothing_from_outside(client, alice, name):
    if name == "api_docs":
        client.force_login(alice)  # the API docs are for signed-in users only
    body = client.get(reverse(name)).content.decode()
    assert not EXTERNAL.search(body)


def test_logged_in_pages_load_nothing_from_outside(client, alice, person_a):
    client.force_login(alice)
    for url in ["/", "/persons/", f"/persons/{person_a.pk}/", "/persons/new/", "/units/"]:
        body = client.get(url).content.decode()
        assert not EXTERNAL.search(body), url


def test_the_api_docs_use_the_swagger_ui_shipped_with_the_project(client, alice):
    client.force_login(alice)
    body = client.get(reverse("api_docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body
