"""Pages and API of review rounds: jurisdiction, upload, mapping step, report, template."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcmt.census.models import AgencyStatus, RoundAgency, Submission
from pcmt.census.services import submission_upload
from pcmt.jobs.models import Job, JobStatus
from tests.census.conftest import HEADERS, csv_file, good_row, xlsx_file
from tests.worker import run_worker


def read_xlsx(content: bytes) -> list[list[object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def stored(census_round, alice):
    rows = [good_row(), good_row(full_name="", id_number="079199012345"), good_row(gender="X")]
    return submission_upload(actor=alice, round_=census_round, file=xlsx_file(rows)).submission


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("bob", 200), ("sam", 200), ("hana", 200), ("ann", 200), ("olga", 404)],
)
def test_rounds_are_seen_in_their_province(client, census_round, persona, status, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("round_detail", args=[census_round.pk]))

    assert response.status_code == status


def test_a_round_of_another_province_is_not_found(client, census_round, other_province_commune):
    from tests.conftest import make_user

    stranger = make_user("hcm", other_province_commune, "commune_police", "officer")
    client.force_login(stranger)

    assert client.get(reverse("round_detail", args=[census_round.pk])).status_code == 404
    assert client.get(reverse("api_round_detail", args=[census_round.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("sam", 200), ("hana", 200), ("bob", 404), ("ann", 404), ("olga", 404)],
)
def test_a_list_is_read_only_in_the_jurisdiction_of_its_agency(
    client, stored, persona, status, request
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("submission_detail", args=[stored.pk]))
    api = client.get(reverse("api_submission_rows", args=[stored.pk]))

    assert page.status_code == status and api.status_code == status


def test_the_supervisor_opens_a_round_from_the_page(client, units, sam, alice, bob):
    client.force_login(sam)
    assert client.get(reverse("round_create")).status_code == 200

    response = client.post(
        reverse("round_create"),
        {
            "name": "Rà soát theo Kế hoạch 174",
            "cutoff_date": "14/06/2025",
            "deadline": "30/06/2025",
            "categories": ["drug_user", "substitution_therapy"],
            "agencies": [alice.agency.pk, bob.agency.pk],
        },
    )

    assert response.status_code == 302
    assert RoundAgency.objects.filter(round__name="Rà soát theo Kế hoạch 174").count() == 2


def test_a_bad_round_form_shows_field_errors(client, units, sam, alice):
    client.force_login(sam)

    response = client.post(
        reverse("round_create"),
        {
            "name": "X",
            "cutoff_date": "31/02/2025",
            "deadline": "01/01/2025",
            "categories": ["drug_user"],
            "agencies": [alice.agency.pk],
        },
    )

    assert response.status_code == 200
    assert "cutoff_date" in response.context["form"].errors


def test_officers_cannot_open_rounds(client, units, alice):
    client.force_login(alice)
    assert client.get(reverse("round_create")).status_code == 404


def test_the_officer_uploads_and_sees_the_refused_rows(client, census_round, alice):
    client.force_login(alice)
    rows = [good_row(), good_row(full_name="")]

    response = client.post(
        reverse("round_upload", args=[census_round.pk]), {"file": xlsx_file(rows)}
    )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert not Submission.objects.exists()  # read and checked by the worker, not the request
    run_worker()
    job.refresh_from_db()
    submission = Submission.objects.get()
    assert job.status == JobStatus.DONE
    assert job.result["url"] == reverse("submission_detail", args=[submission.pk])
    progress = client.get(response["Location"], headers={"HX-Request": "true"})
    assert job.result["url"] in progress.content.decode()
    round_page = client.get(reverse("round_detail", args=[census_round.pk]))
    assert round_page.context["import_jobs"] == [job]
    page = client.get(job.result["url"])
    assert page.status_code == 200
    assert [r.row_number for r in page.context["page"]] == [3]
    assert "name_required" in page.content.decode()


def test_uploading_the_same_file_twice_says_nothing_new_was_created(client, census_round, alice):
    client.force_login(alice)
    content = xlsx_file([good_row()]).read()
    url = reverse("round_upload", args=[census_round.pk])
    client.post(url, {"file": SimpleUploadedFile("a.xlsx", content)})
    run_worker()
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", content)}, follow=True)

    assert Submission.objects.count() == 1
    assert any("nothing new" in str(m) for m in response.context["messages"])


def test_the_mapping_step_reads_a_file_with_other_headers(client, census_round, alice):
    client.force_login(alice)
    headers = ["Cột 1", "Cột 2", "Cột 3", "Cột 4", "Cột 5"]
    rows = [["Võ Thị Em", "1999", "Nữ", "Phường Cửa Nam, Hà Nội", "Nghiện"]]

    response = client.post(
        reverse("round_upload", args=[census_round.pk]),
        {"file": xlsx_file(rows, headers=headers), "all_or_nothing": "on"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    data = {
        "token": form["token"].value(),
        "name": form["name"].value(),
        "all_or_nothing": "True",
        "map_full_name": "0",
        "map_birth": "1",
        "map_gender": "2",
        "map_address": "3",
    }
    missing = client.post(reverse("round_upload_map", args=[census_round.pk]), data)
    assert missing.status_code == 200 and missing.context["form"].errors
    done = client.post(
        reverse("round_upload_map", args=[census_round.pk]), data | {"map_category": "4"}
    )
    run_worker()

    submission = Submission.objects.get()
    assert done.status_code == 302
    assert submission.all_or_nothing and submission.mapping["category"] == 4
    assert submission.rows.get().full_name == "Võ Thị Em"


def test_a_forged_mapping_token_is_refused_without_error(client, census_round, alice):
    client.force_login(alice)

    response = client.post(
        reverse("round_upload_map", args=[census_round.pk]),
        {"token": "../../etc/passwd", "name": "x.xlsx"},
    )

    assert response.status_code == 302


def test_the_error_report_has_the_original_rows_and_a_reason_column(client, stored, alice):
    client.force_login(alice)

    response = client.get(reverse("submission_report", args=[stored.pk]))

    assert response.status_code == 200
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == [*HEADERS, "Lý do"]
    assert [r[1] for r in rows[1:]] == [None, "Nguyễn Văn An"]
    assert rows[1][4] == "079199012345"  # the ID number, restored for the agency to fix
    assert "full name" in rows[1][-1] and "Nam or Nữ" in rows[2][-1]


def test_the_template_has_the_header_row_and_an_example(client, alice):
    client.force_login(alice)

    response = client.get(reverse("census_template"))

    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == HEADERS and len(rows) == 2


def test_the_supervisor_returns_a_list_from_the_round_page(client, stored, census_round, sam):
    client.force_login(sam)
    participant = RoundAgency.objects.get(round=census_round, status="submitted")

    client.post(
        reverse("round_review", args=[census_round.pk, participant.pk]),
        {"decision": "returned", "note": "Sai địa chỉ"},
    )

    participant.refresh_from_db()
    assert participant.status == AgencyStatus.RETURNED and participant.note == "Sai địa chỉ"


def test_the_api_uploads_a_csv_and_lists_the_refused_rows(client, census_round, alice):
    client.force_login(alice)

    response = client.post(
        reverse("api_submission_list", args=[census_round.pk]),
        {"file": csv_file([good_row(), good_row(birth="hôm qua")])},
    )

    assert response.status_code == 201 and response.json()["created"] is True
    submission_id = response.json()["id"]
    rows = client.get(
        reverse("api_submission_rows", args=[submission_id]), {"valid": "false"}
    ).json()
    assert rows["count"] == 1
    assert rows["results"][0]["errors"][0]["code"] == "birth_format"
    report = client.get(reverse("api_submission_report", args=[submission_id]))
    assert report.status_code == 200


def test_the_api_asks_for_a_mapping_then_takes_it(client, census_round, alice):
    client.force_login(alice)
    headers = ["a", "b", "c", "d", "e"]
    rows = [["Võ Thị Em", "1999", "Nữ", "Phường Cửa Nam, Hà Nội", "Nghiện"]]
    url = reverse("api_submission_list", args=[census_round.pk])

    asked = client.post(url, {"file": csv_file(rows, headers=headers)})
    mapping = {"full_name": 0, "birth": 1, "gender": 2, "address": 3, "category": 4}
    taken = client.post(
        url, {"file": csv_file(rows, headers=headers), "mapping": json.dumps(mapping)}
    )

    assert asked.status_code == 400 and asked.json()["code"] == "mapping_required"
    assert asked.json()["headers"] == headers
    assert taken.status_code == 201 and taken.json()["valid_rows"] == 1


@pytest.mark.parametrize("persona", ["sam", "ann", "olga"])
def test_the_api_refuses_uploads_outside_participating_officers(
    client, census_round, persona, request
):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("api_submission_list", args=[census_round.pk]), {"file": csv_file([good_row()])}
    )

    assert response.status_code == 404


def test_the_api_opens_a_round_and_reviews_an_agency(client, units, sam, alice):
    client.force_login(sam)

    response = client.post(
        reverse("api_round_list"),
        {
            "name": "Rà soát API",
            "cutoff_date": "01/10/2025",
            "deadline": "15/10/2025",
            "categories": ["drug_user"],
            "agencies": [alice.agency.pk],
            "communes": ["00004"],
        },
        content_type="application/json",
    )

    assert response.status_code == 201 and response.json()["communes"] == ["00004"]
    detail = client.get(reverse("api_round_detail", args=[response.json()["id"]])).json()
    assert detail["participants"][0]["status"] == "not_submitted"
    participant = detail["participants"][0]["id"]
    review = client.post(
        reverse("api_round_review", args=[response.json()["id"], participant]),
        {"decision": "accepted"},
        content_type="application/json",
    )
    assert review.status_code == 400 and review.json()["code"] == "illegal_transition"


def test_nothing_a_user_types_in_the_api_gives_a_500(client, census_round, alice):
    client.force_login(alice)
    url = reverse("api_submission_list", args=[census_round.pk])

    for data in [
        {"file": csv_file([good_row()]), "mapping": "not json"},
        {"file": csv_file([good_row()]), "mapping": '{"full_name": "x"}'},
        {"file": csv_file([good_row()]), "mapping": '{"nope": 1}'},
        {"file": csv_file([good_row()]), "mapping": '{"full_name": 99}'},
        {},
    ]:
        assert client.post(url, data).status_code == 400
