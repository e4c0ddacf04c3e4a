"""Personas × every URL and API route, generated from the URL configuration.

Each route is requested with the objects of commune A (in alice's jurisdiction) by every
persona. Whoever is outside the jurisdiction gets 404 (never 403, never 5xx). A new route
is covered automatically: if it takes a parameter this file cannot fill, the test fails.
"""

import datetime
import importlib
import pkgutil
from types import ModuleType
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pcmt.casework.models import UserManagement
from pcmt.casework.services import determination_require, drug_test_record, therapy_start

# Routes that are not the project's own (Django admin, i18n) are tested elsewhere.
SKIPPED_NAMESPACES = {"admin"}
PUBLIC = {"login", "set_language", "api_schema", "api_docs"}


def _routes(patterns: Any = None, namespace: str = "") -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            found += _routes(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((entry.name, list(entry.pattern.converters)))
    return found


ROUTES = _routes()
PERSONAS = ["alice", "bob", "sam", "hana", "ann", "nina", "olga"]
# Who reaches commune A's person: its officer, and the provincial officers and supervisors.
READS_PERSON = {"alice", "sam", "hana"}
# Who may change it: officers only (supervisors read and approve).
WRITES_PERSON = {"alice", "hana"}
WRITE_ROUTES = {
    "person_edit",
    "person_category_add",
    "person_category_end",
    "person_merge",
    "person_unmerge",
    "api_person_merge",
    "api_person_unmerge",
    "drug_test_add",
    "management_decide",
    "management_finish",
    "api_drug_test_list",
    "api_management_decision",
    "api_management_end",
    "determination_add",
    "determination_send",
    "determination_result",
    "api_determination_list",
    "api_determination_request",
    "api_determination_result",
    "therapy_add",
    "therapy_end",
    "api_therapy_list",
    "api_therapy_stop",
}
# Parameters that name a person's record (or an episode of one).
PERSON_PARAMS = {"pk", "management_pk", "determination_pk", "therapy_pk"}
# Routes that may answer 404 to a reader in scope (e.g. no file stored yet).
GET_404_ALLOWED = {"person_photo"}


def _world_modules() -> list[ModuleType]:
    """Each app adds its objects, write routes and person parameters in tests/matrix_worlds/."""
    import tests.matrix_worlds as package

    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


WORLD_MODULES = _world_modules()
# Parameters that name a record whose readers and writers are not a person's (e.g. a hotspot).
PARAM_READERS: dict[str, set[str]] = {}
PARAM_WRITERS: dict[str, set[str]] = {}
for _module in WORLD_MODULES:
    PARAM_READERS.update(getattr(_module, "PARAM_READERS", {}))
    PARAM_WRITERS.update(getattr(_module, "PARAM_WRITERS", {}))
    WRITE_ROUTES |= set(getattr(_module, "WRITE_ROUTES", ()))
    PERSON_PARAMS |= set(getattr(_module, "PERSON_PARAMS", ()))
    PUBLIC |= set(getattr(_module, "PUBLIC", ()))
    GET_404_ALLOWED |= set(getattr(_module, "GET_404_ALLOWED", ()))


@pytest.fixture
def world(person_a, alice, bob, sam, hana, ann, nina, olga, commune_a):
    period = person_a.category_periods.get()
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=datetime.date(2025, 10, 16),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    management = UserManagement.objects.get(person=person_a)
    determination = determination_require(
        actor=alice,
        person=person_a,
        trigger="voluntary_request",
        required_on=datetime.date(2025, 10, 20),
    )
    therapy = therapy_start(
        actor=alice,
        person=person_a,
        clinic="Cơ sở methadone",
        started_on=datetime.date(2025, 10, 1),
    )
    base = {
        "therapy_pk": therapy.pk,
        "determination_pk": determination.pk,
        "pk": person_a.pk,
        "period_pk": period.pk,
        "code": commune_a.code,
        "management_pk": management.pk,
    }
    context = {
        "person": person_a,
        "officer": alice,
        "commune": commune_a,
        "other_officer": bob,
        "management": management,
    }
    for module in WORLD_MODULES:
        # build(context) -> {url parameter: value}; it may create objects for person_a.
        base.update(module.build(context))
    return base


def _url(name: str, params: list[str], world: dict[str, Any]) -> str:
    missing = [p for p in params if p not in world]
    assert not missing, f"route {name} takes {missing}: teach the jurisdiction matrix about it"
    return reverse(name, kwargs={p: world[p] for p in params})


def test_every_route_is_in_the_matrix():
    names = {name for name, _ in ROUTES}
    assert {"person_detail", "person_edit", "api_person_detail", "unit_detail"} <= names


@pytest.mark.parametrize(("name", "params"), ROUTES, ids=[r[0] for r in ROUTES])
def test_anonymous_users_are_sent_to_log_in(client, world, name, params):
    response = client.get(_url(name, params, world))
    if name in PUBLIC:
        assert response.status_code < 500
    elif name.startswith("api_"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "params"), ROUTES, ids=[r[0] for r in ROUTES])
def test_person_routes_are_404_outside_the_jurisdiction(
    client, world, name, params, persona, django_user_model
):
    user = django_user_model.objects.get(username=persona)
    client.force_login(user)
    url = _url(name, params, world)
    get = client.get(url)
    post = client.post(url, {})
    assert get.status_code < 500 and post.status_code < 500
    own = [p for p in params if p in PARAM_READERS]
    if PERSON_PARAMS & set(params) or own:
        readers, writers = READS_PERSON, WRITES_PERSON
        if own:
            readers, writers = PARAM_READERS[own[0]], PARAM_WRITERS[own[0]]
        allowed = writers if name in WRITE_ROUTES else readers
        if persona in allowed:
            assert get.status_code != 404 or name in GET_404_ALLOWED
        else:
            # GET on a POST-only route is refused before anything is looked up.
            assert get.status_code in (404, 405), f"{persona} reached {url}"
            expected_post = {404} if name in WRITE_ROUTES else {404, 405}
            assert post.status_code in expected_post, f"{persona} could post to {url}"
    assert get.status_code != 403 or name == "api_docs"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_officers_in_scope_can_change_a_person(client, world, persona, django_user_model):
    client.force_login(django_user_model.objects.get(username=persona))
    response = client.post(
        reverse("person_category_add", kwargs={"pk": world["pk"]}),
        {"category": "high_risk", "start_date": "01/01/2025"},
    )
    from pcmt.persons.models import Person

    version = Person.objects.get(pk=world["pk"]).version
    api = client.patch(
        reverse("api_person_detail", kwargs={"pk": world["pk"]}),
        {
            "full_name": "Trần Văn Bình",
            "birth_year": 1988,
            "sex": "male",
            "current_commune": "00004",
        },
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    if persona in WRITES_PERSON:
        assert response.status_code == 302
        assert api.status_code == 200
    else:
        assert response.status_code == 404
        assert api.status_code == 404
