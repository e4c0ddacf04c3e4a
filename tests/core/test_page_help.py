"""The pages officials work from open with a short Vietnamese guide: what the page is for and,
where one applies, its legal basis."""

import pytest
from django.urls import reverse

PAGES = ["person_list", "move_list", "notification_list", "round_list"]


@pytest.mark.parametrize("name", PAGES)
def test_the_page_says_in_vietnamese_what_it_is_for(client, alice, name):
    client.force_login(alice)
    page = client.get(reverse(name)).content.decode()
    assert 'id="page-help"' in page
    assert "Trang này dùng để làm gì" in page


def test_the_person_search_names_its_legal_basis(client, alice):
    client.force_login(alice)
    page = client.get(reverse("person_list")).content.decode()
    assert "Căn cứ pháp lý: Luật Phòng, chống ma túy năm 2021" in page


def test_the_services_indicator_explains_itself_to_the_analyst(client, ann):
    client.force_login(ann)
    page = client.get(reverse("indicator_services")).content.decode()
    assert "Chỉ có số liệu, không có họ tên." in page
