import pytest
from django.urls import reverse

from pcmt.persons.models import Person


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def _form(commune, **overrides):
    data = {
        "full_name": "Phạm Văn Long",
        "birth_date": "02/09/1992",
        "sex": "male",
        "current_commune": commune.pk,
    }
    data.update(overrides)
    return data


def test_it_registers_a_person_and_shows_the_page(alice_client, commune_a):
    response = alice_client.post(reverse("person_create"), _form(commune_a))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("person_detail", kwargs={"pk": person.pk})
    page = alice_client.get(response["Location"]).content.decode()
    assert "Phạm Văn Long" in page and "02/09/1992" in page


def test_it_shows_field_errors_for_bad_input_and_keeps_what_was_typed(alice_client, commune_a):
    response = alice_client.post(
        reverse("person_create"),
        _form(commune_a, birth_date="31/02/1992", id_number="12ab", phone="999"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "birth_date" in form.errors
    assert form["full_name"].value() == "Phạm Văn Long"
    assert Person.objects.count() == 0


def test_a_service_error_lands_on_its_field(alice_client, commune_a):
    response = alice_client.post(reverse("person_create"), _form(commune_a, id_number="12345"))
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors


def test_it_offers_the_duplicate_instead_of_saving(alice_client, commune_a, register):
    existing = register(full_name="Phạm Văn Long", birth_year=1992)
    response = alice_client.post(
        reverse("person_create"), _form(commune_a, full_name="Pham van long")
    )
    assert response.status_code == 200
    assert reverse("person_detail", kwargs={"pk": existing.pk}) in response.content.decode()
    assert Person.objects.count() == 1
    confirmed = alice_client.post(
        reverse("person_create"),
        _form(commune_a, full_name="Pham van long", acknowledge_duplicates="on"),
    )
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_an_officer_cannot_choose_a_commune_outside_his_jurisdiction(alice_client, commune_b):
    response = alice_client.post(reverse("person_create"), _form(commune_b))
    assert "current_commune" in response.context["form"].errors


def test_reading_a_person_page_is_logged(alice_client, alice, person_a):
    alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk}))
    assert person_a.events.filter(action="read", actor=alice).exists()


def test_the_page_shows_the_id_masked_and_the_timeline(alice_client, person_a):
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert "••••••••2345" in page and "001088012345" not in page
    assert 'id="timeline"' in page


def test_search_results_come_as_a_fragment_for_htmx(alice_client, person_a):
    response = alice_client.get(
        reverse("person_list"), {"q": "tran van binh"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Trần Văn Bình" in body and "<html" not in body


@pytest.mark.parametrize(
    "query",
    [
        {"age_min": "abc"},
        {"page": "-4"},
        {"category": "nope"},
        {"q": "x" * 500},
        {"commune": "999999"},
    ],
)
def test_nonsense_in_the_search_form_is_not_a_server_error(alice_client, query):
    assert alice_client.get(reverse("person_list"), query).status_code == 200


def test_an_analyst_sees_counts_but_no_person_list(client, ann, person_a):
    client.force_login(ann)
    home = client.get(reverse("home")).content.decode()
    assert 'id="category-counts"' in home
    assert client.get(reverse("person_list")).status_code == 404


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_photo_is_stored_and_served_only_within_the_jurisdiction(
    alice_client, commune_a, client, bob, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    alice_client.post(reverse("person_create"), _form(commune_a, photo=photo))
    person = Person.objects.get()
    url = reverse("person_photo", kwargs={"pk": person.pk})
    response = alice_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(alice_client, commune_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("a.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = alice_client.post(reverse("person_create"), _form(commune_a, photo=fake))
    assert "photo" in response.context["form"].errors
    assert Person.objects.count() == 0


def test_an_officer_can_remove_a_photo_and_the_event_says_so(
    alice_client, commune_a, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    alice_client.post(reverse("person_create"), _form(commune_a, photo=photo))
    person = Person.objects.get()
    stored = tmp_path / person.photo.name
    assert stored.exists()
    response = alice_client.post(
        reverse("person_edit", kwargs={"pk": person.pk}),
        _form(commune_a, version=person.version, **{"photo-clear": "on"}),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.photo
    assert not stored.exists()
    event = person.events.filter(action="updated").get()
    assert event.changes["photo"][1] is None
    url = reverse("person_photo", kwargs={"pk": person.pk})
    assert alice_client.get(url).status_code == 404


def test_replacing_a_photo_writes_an_event(alice_client, commune_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    alice_client.post(reverse("person_create"), _form(commune_a))
    person = Person.objects.get()
    photo = SimpleUploadedFile("b.png", PNG, content_type="image/png")
    response = alice_client.post(
        reverse("person_edit", kwargs={"pk": person.pk}),
        _form(commune_a, photo=photo, version=person.version),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.photo
    assert person.events.get(action="updated").changes["photo"][0] is None


def test_the_edit_form_carries_the_version_and_refuses_a_stale_save(alice_client, commune_a):
    alice_client.post(reverse("person_create"), _form(commune_a, occupation="Nông dân"))
    person = Person.objects.get()
    url = reverse("person_edit", kwargs={"pk": person.pk})
    page = alice_client.get(url).content.decode()
    assert 'type="hidden" name="version" value="1"' in page
    first = alice_client.post(url, _form(commune_a, occupation="Thợ hàn", version=1))
    assert first.status_code == 302
    response = alice_client.post(url, _form(commune_a, occupation="Lái xe", version=1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nông dân → Thợ hàn" in page
    assert 'value="Lái xe"' in page  # what the officer typed is kept
    assert 'name="version" value="2"' in page  # saving again applies it knowingly
    person.refresh_from_db()
    assert person.occupation == "Thợ hàn"
    again = alice_client.post(url, _form(commune_a, occupation="Lái xe", version=2))
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.occupation == "Lái xe" and person.version == 3


def test_a_form_with_the_id_of_another_record_names_it(alice_client, commune_a):
    alice_client.post(reverse("person_create"), _form(commune_a, id_number="001092012345"))
    first = Person.objects.get()
    response = alice_client.post(
        reverse("person_create"),
        _form(
            commune_a, full_name="Khác Tên", id_number="001092012345", acknowledge_duplicates="on"
        ),
    )
    assert response.status_code == 200
    assert f"#{first.pk}" in response.content.decode()
    assert Person.objects.count() == 1
