"""No dead ends: every link of the menu and the home page opens for the persona it is shown to."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import User

PERSONAS = ["alice", "bob", "sam", "hana", "ann", "olga", "root"]
HREF = re.compile(r'<a [^>]*href="(/[^"#]*)"')


@pytest.fixture
def root(db) -> User:
    """An administrator: users and configuration, no data role."""
    return User.objects.create(username="root", is_staff=True)


def _menu_links(page: str) -> list[str]:
    nav = page[page.index("<nav") : page.index("</nav>")]
    return HREF.findall(nav)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_on_the_home_page_opens_for_the_persona(request, persona, person_a):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    links = sorted(set(HREF.findall(page)))
    assert reverse("home") in links
    for url in links:
        if url.startswith(("/i18n/", "/logout")):
            continue
        response = client.get(url)
        assert response.status_code == 200, f"{persona}: {url} answers {response.status_code}"


def test_the_analyst_sees_no_link_to_names_and_the_administrator_none_to_data(client, ann, db):
    client.force_login(ann)
    links = _menu_links(client.get(reverse("home")).content.decode())
    assert reverse("person_list") not in links
    assert reverse("move_list") not in links
    assert reverse("indicator_services") in links


def test_the_api_docs_and_administration_are_linked_only_for_administrators(client, alice, root):
    client.force_login(alice)
    links = _menu_links(client.get(reverse("home")).content.decode())
    assert reverse("api_docs") not in links and reverse("admin:index") not in links
    client.force_login(root)
    links = _menu_links(client.get(reverse("home")).content.decode())
    assert reverse("api_docs") in links and reverse("admin:index") in links
    assert reverse("round_list") not in links and reverse("indicator_services") not in links


def test_the_api_docs_page_has_a_way_back(client, root):
    client.force_login(root)
    page = client.get(reverse("api_docs")).content.decode()
    assert f'href="{reverse("home")}"' in page
    assert "Về trang chủ" in page
