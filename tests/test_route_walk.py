"""Every route, walked from the URL configuration, is closed until the second factor is given
when it is required. (The read-audit walk in tests/audit also checks every answer's
caching and content policy.)"""

import pytest
from django.urls import reverse

from pcmt.security.middleware import _BEFORE_SECOND_FACTOR
from tests import test_jurisdiction_matrix as matrix
from tests.conftest import PASSWORD
from tests.test_jurisdiction_matrix import PUBLIC, ROUTES, _url

world = matrix.world


@pytest.mark.parametrize(("name", "params"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_route_waits_for_the_second_factor(client, world, name, params, alice, settings):
    settings.PCMT_REQUIRE_2FA = True
    client.post(reverse("login"), {"username": alice.username, "password": PASSWORD})
    response = client.get(_url(name, params, world))
    if name in PUBLIC or name in _BEFORE_SECOND_FACTOR:
        assert response.status_code < 500
    elif name.startswith("api_"):
        assert response.status_code == 401, name
        assert response.json()["code"] == "second_factor_required"
    else:
        assert response.status_code == 302, name
        # To enrol, or to give the code of a device already enrolled.
        second_step = (reverse("second_factor_setup"), reverse("second_factor_verify"))
        assert response["Location"].startswith(second_step), name
