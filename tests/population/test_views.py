"""The population page: readers see the list, writers also get the entry and import forms."""

import io
from typing import Any

from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import User
from pcmt.geo.models import AdminUnit, Village
from pcmt.population.models import PopulationFigure


def test_a_commune_officer_reads_the_list_without_forms(
    client: Client, alice: User, figure_a: PopulationFigure
) -> None:
    client.force_login(alice)

    response = client.get(reverse("population_list"))

    assert response.status_code == 200
    assert "64000" in response.content.decode()
    assert response.context["import_form"] is None


def test_an_outsider_gets_not_found(client: Client, olga: User) -> None:
    client.force_login(olga)

    assert client.get(reverse("population_list")).status_code == 404
    assert client.get(reverse("population_template")).status_code == 404


def test_a_provincial_officer_enters_a_figure(
    client: Client, hana: User, commune_a: AdminUnit
) -> None:
    client.force_login(hana)

    response = client.post(
        reverse("population_add"),
        {
            "commune": commune_a.pk,
            "year": 2025,
            "residents": 65000,
            "as_of": "31/12/2025",
            "source": "Thống kê",
        },
    )

    assert response.status_code == 302
    assert PopulationFigure.objects.get().residents == 65000


def test_a_provincial_officer_enters_a_village_figure(
    client: Client, hana: User, commune_a: AdminUnit, village_a: Village
) -> None:
    client.force_login(hana)
    form = client.get(reverse("population_list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'name="village"' in form and "Tổ 1 – Phường Ba Đình" in form

    response = client.post(
        reverse("population_add"),
        {
            "commune": commune_a.pk,
            "village": village_a.pk,
            "year": 2025,
            "residents": 1200,
            "as_of": "31/12/2025",
            "source": "Tổ trưởng tổ dân phố",
        },
    )

    assert response.status_code == 302
    figure = PopulationFigure.objects.get()
    assert (figure.village, figure.residents) == (village_a, 1200)


def test_a_bad_figure_is_a_field_error(client: Client, hana: User, commune_a: AdminUnit) -> None:
    client.force_login(hana)

    response = client.post(
        reverse("population_add"),
        {
            "commune": commune_a.pk,
            "year": 1990,
            "residents": 65000,
            "as_of": "31/12/2025",
            "source": "x",
        },
    )

    assert response.status_code == 400
    assert response.context["figure_form"].errors["year"]


def test_an_import_with_bad_rows_shows_them(
    client: Client, hana: User, commune_a: AdminUnit
) -> None:
    client.force_login(hana)
    upload = io.BytesIO("Xã;Năm;Số dân;Nguồn\nBa Đình;2025;abc;TK\n".encode())
    upload.name = "dan-so.csv"

    response = client.post(reverse("population_import"), {"file": upload})

    assert response.status_code == 400
    assert 'id="import-errors"' in response.content.decode()
    assert not PopulationFigure.objects.exists()


def test_a_good_import_redirects_with_a_summary(
    client: Client, hana: User, commune_a: AdminUnit
) -> None:
    client.force_login(hana)
    upload = io.BytesIO("Xã;Năm;Số dân;Nguồn\nBa Đình;2025;65000;TK\n".encode())
    upload.name = "dan-so.csv"

    response = client.post(reverse("population_import"), {"file": upload})

    assert response.status_code == 302
    assert PopulationFigure.objects.count() == 1


def test_the_template_downloads_for_writers(client: Client, hana: User) -> None:
    client.force_login(hana)

    response = client.get(reverse("population_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_page_loads_nothing_from_outside(client: Client, hana: User) -> None:
    from tests.test_offline import EXTERNAL

    client.force_login(hana)

    assert not EXTERNAL.search(client.get(reverse("population_list")).content.decode())


def test_a_zip_bomb_is_refused_with_a_message_not_a_500(
    client: Client, hana: User, commune_a: AdminUnit
) -> None:
    import zipfile

    client.force_login(hana)
    upload = io.BytesIO()
    block = b"<row><c><v>1</v></c></row>" * 40_000
    with (
        zipfile.ZipFile(upload, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as sheet,
    ):
        for _ in range(30 * 1024 * 1024 // len(block)):
            sheet.write(block)
    upload.seek(0)
    upload.name = "dan-so.xlsx"

    response = client.post(reverse("population_import"), {"file": upload})

    assert response.status_code == 400
    assert "Tệp được nén bất thường" in response.content.decode()
    assert not PopulationFigure.objects.exists()


def test_rows_past_the_limit_are_refused_with_a_message(
    client: Client, hana: User, commune_a: AdminUnit, settings: Any
) -> None:
    settings.PCMT_UPLOAD_MAX_ROWS = 12
    client.force_login(hana)
    upload = io.BytesIO(("Xã;Năm;Số dân\n" + "Ba Đình;2025;65000\n" * 20).encode())
    upload.name = "dan-so.csv"

    response = client.post(reverse("population_import"), {"file": upload})

    assert response.status_code == 400
    assert "Mỗi danh sách có tối đa 12 dòng" in response.content.decode()
    assert not PopulationFigure.objects.exists()
