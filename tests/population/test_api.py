"""`/api/v1/population/`: read in the jurisdiction, written by provincial officers and admins."""

from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import User
from pcmt.geo.models import AdminUnit
from pcmt.population.models import PopulationFigure

BODY = {
    "commune": "00004",
    "year": 2025,
    "residents": 65000,
    "as_of": "2025-12-31",
    "source": "Thống kê",
}


def test_readers_list_their_jurisdiction(
    client: Client, alice: User, bob: User, figure_a: PopulationFigure
) -> None:
    client.force_login(alice)
    mine = client.get(reverse("api_population_list"), {"year": 2024}).json()
    client.force_login(bob)
    theirs = client.get(reverse("api_population_list")).json()

    assert [r["residents"] for r in mine["results"]] == [64000]
    assert mine["results"][0]["commune"] == "00004"
    assert theirs["results"] == []


def test_a_figure_outside_the_jurisdiction_is_not_found(
    client: Client, bob: User, figure_a: PopulationFigure
) -> None:
    client.force_login(bob)

    url = reverse("api_population_detail", kwargs={"figure_pk": figure_a.pk})

    assert client.get(url).status_code == 404


def test_a_provincial_officer_creates_then_replaces(
    client: Client, hana: User, commune_a: AdminUnit
) -> None:
    client.force_login(hana)

    created = client.post(reverse("api_population_list"), BODY, content_type="application/json")
    replaced = client.post(
        reverse("api_population_list"),
        {**BODY, "residents": 66000},
        content_type="application/json",
    )

    assert (created.status_code, replaced.status_code) == (201, 200)
    assert PopulationFigure.objects.get().residents == 66000


def test_a_commune_officer_cannot_write(client: Client, alice: User, commune_a: AdminUnit) -> None:
    client.force_login(alice)

    response = client.post(reverse("api_population_list"), BODY, content_type="application/json")

    assert response.status_code == 404
    assert not PopulationFigure.objects.exists()


def test_an_error_has_a_code_and_a_vietnamese_message(
    client: Client, hana: User, commune_a: AdminUnit
) -> None:
    client.force_login(hana)

    response = client.post(
        reverse("api_population_list"),
        {**BODY, "year": 1990},
        content_type="application/json",
        headers={"accept-language": "vi"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "population_year"
    assert response.json()["field"] == "year"


def test_an_administrator_updates_a_figure(
    client: Client, admin_user: User, figure_a: PopulationFigure
) -> None:
    client.force_login(admin_user)

    url = reverse("api_population_detail", kwargs={"figure_pk": figure_a.pk})
    etag = client.get(url)["ETag"]
    response = client.put(
        url,
        {**BODY, "year": 2024, "as_of": "2024-12-31", "residents": 64500},
        content_type="application/json",
        headers={"if-match": etag},
    )

    assert response.status_code == 200
    assert response["ETag"] != etag
    figure_a.refresh_from_db()
    assert (figure_a.residents, figure_a.updated_by) == (64500, admin_user)


def test_a_figure_changed_since_it_was_read_is_not_overwritten(
    client: Client, admin_user: User, figure_a: PopulationFigure
) -> None:
    client.force_login(admin_user)
    url = reverse("api_population_detail", kwargs={"figure_pk": figure_a.pk})
    body = {**BODY, "year": 2024, "as_of": "2024-12-31"}
    etag = client.get(url)["ETag"]
    first = client.put(
        url, {**body, "residents": 1}, content_type="application/json", headers={"if-match": etag}
    )
    second = client.put(
        url, {**body, "residents": 2}, content_type="application/json", headers={"if-match": etag}
    )
    blind = client.put(url, {**body, "residents": 3}, content_type="application/json")

    assert first.status_code == 200
    assert second.status_code == 412 and second.json()["code"] == "stale_version"
    assert blind.status_code == 428
    figure_a.refresh_from_db()
    assert figure_a.residents == 1


def test_the_schema_describes_the_population_routes(client: Client, alice: User) -> None:
    client.force_login(alice)

    schema = client.get(reverse("api_schema")).content.decode()

    assert "/api/v1/population/{figure_pk}/" in schema
