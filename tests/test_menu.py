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


def test_the_menu_is_grouped_and_opens_without_scripts(client, sam, root, person_a):
    from pcmt.menu import GROUPS

    client.force_login(sam)
    page = client.get(reverse("home")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    groups = re.findall(r'<details class="menu-group[^"]*" id="menu-([a-z]+)"', nav)
    assert groups and set(groups) <= {group.key for group in GROUPS}
    # Each group is a disclosure holding its links: no script is needed to reach them.
    records = nav.split('id="menu-records"', 1)[1].split("</details>", 1)[0]
    assert "<summary>Hồ sơ</summary>" in records
    assert (
        f'href="{reverse("person_list")}"' in records
        and f'href="{reverse("move_list")}"' in records
    )
    # Home stands alone, outside every group.
    assert nav.index('id="nav-home"') < nav.index("<details")
    client.force_login(root)
    nav = client.get(reverse("home")).content.decode()
    assert 'id="menu-administration"' in nav


def test_the_group_of_the_current_page_is_marked(client, alice, person_a):
    client.force_login(alice)
    page = client.get(reverse("move_list")).content.decode()
    assert 'class="menu-group current" id="menu-records"' in page
    assert f'<a href="{reverse("move_list")}" aria-current="page" id="nav-moves">' in page


def test_the_moves_entry_reads_as_its_page_heading(client, alice, person_a):
    client.force_login(alice)
    page = client.get(reverse("move_list")).content.decode()
    label = re.search(r'id="nav-moves">([^<]+)</a>', page).group(1)
    heading = re.search(r"<h1>([^<]+)</h1>", page).group(1)
    assert label == heading == "Chuyển nơi cư trú"


def test_an_entry_takes_its_group_from_its_address_unless_it_names_one():
    from pcmt.menu import AREA, RECORDS, MenuItem

    def anyone(user, scope):
        return True

    assert MenuItem("x", "x", "hotspot_list", anyone).menu_group == AREA
    assert MenuItem("x", "x", "person_list", anyone).menu_group == RECORDS
    assert MenuItem("x", "x", "hotspot_list", anyone, group=RECORDS).menu_group == RECORDS
    assert MenuItem("x", "x", "notification_list", anyone).menu_group is None
