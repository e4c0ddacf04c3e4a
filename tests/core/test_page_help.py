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


def test_the_person_record_and_its_sections_explain_themselves(client, alice, person_a):
    client.force_login(alice)
    page = client.get(reverse("person_detail", args=[person_a.pk])).content.decode()
    assert 'id="page-help"' in page and "Hồ sơ quản lý của một người" in page
    for section, basis in [
        ("casework-help", "Thông tư số 18/2021/TT-BYT"),
        ("rehab-help", "Nghị định số 116/2021/NĐ-CP"),
        ("support-help", "Nghị định số 116/2021/NĐ-CP"),
    ]:
        help_block = page.split(f'id="{section}"', 1)[1].split("</details>", 1)[0]
        assert "Căn cứ pháp lý:" in help_block and basis in help_block


@pytest.mark.parametrize("edit", [False, True])
def test_the_person_form_explains_itself_and_marks_required_fields(client, alice, person_a, edit):
    client.force_login(alice)
    url = reverse("person_edit", args=[person_a.pk]) if edit else reverse("person_create")
    page = client.get(url).content.decode()
    assert "Các trường có dấu * là bắt buộc." in page
    assert "Nghị định số 13/2023/NĐ-CP" in page
    full_name = page.split('id="field-full_name"', 1)[1].split("</label>", 1)[0]
    assert '<span class="req" aria-hidden="true">*</span>' in full_name
    assert 'name="full_name"' in page.split('id="field-full_name"', 1)[1].split("</div>", 1)[0]
