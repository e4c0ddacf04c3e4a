"""Uploaded lists: formulas come back as text, limits refuse before parsing, files rest encrypted,
the reading runs in the task worker with its progress and its refusals on the job."""

import io
import zipfile

import openpyxl
import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcmt.census import files, services
from pcmt.census.models import Submission
from pcmt.census.selectors import error_report_write
from pcmt.core import filecrypt
from pcmt.core.errors import DomainError
from pcmt.jobs.models import Job, JobStatus
from tests.census.conftest import csv_file, good_row, xlsx_file
from tests.worker import run_worker

FORMULA = '=HYPERLINK("http://x","y")'


def test_a_formula_in_a_name_comes_back_in_the_error_report_as_text(census_round, alice):
    rows = [good_row(full_name=FORMULA, gender="X"), good_row(full_name="@SUM(1+1)", birth="")]
    submission = services.submission_upload(
        actor=alice, round_=census_round, file=csv_file(rows)
    ).submission
    target = io.BytesIO()

    error_report_write(submission, target)

    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue())).active
    names = [sheet.cell(row=r, column=2) for r in (2, 3)]
    assert [c.value for c in names] == [FORMULA, "@SUM(1+1)"]
    assert [c.data_type for c in names] == ["s", "s"]


def test_the_stored_list_holds_no_id_number_phone_or_name_in_clear(
    census_round, alice, private_root
):
    file = csv_file([good_row()])

    submission = services.submission_upload(actor=alice, round_=census_round, file=file).submission

    stored = (private_root / submission.file_path).read_bytes()
    assert stored.startswith(filecrypt.MAGIC)
    for secret in ("001088012345", "0912345678", "Nguyễn Văn An", "Nguy"):
        assert secret.encode() not in stored
    assert b"001088012345" in files.original_open(submission.file_path).read()


def test_a_stored_list_reads_after_a_key_rotation_and_is_rewritten_under_the_new_key(
    census_round, alice, private_root, settings
):
    submission = services.submission_upload(
        actor=alice, round_=census_round, file=csv_file([good_row()])
    ).submission
    path = private_root / submission.file_path
    old_key, new_key = settings.FIELD_ENCRYPTION_KEY, Fernet.generate_key().decode()

    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    assert b"001088012345" in files.original_open(submission.file_path).read()
    filecrypt.reencrypt(path)
    settings.FIELD_ENCRYPTION_KEY = new_key
    assert b"001088012345" in files.original_open(submission.file_path).read()
    settings.FIELD_ENCRYPTION_KEY = old_key
    with pytest.raises(filecrypt.DecryptionError):
        files.original_open(submission.file_path)


def test_a_cut_encrypted_file_is_refused_not_read_short():
    sealed = filecrypt.encrypt_bytes(b"x" * (filecrypt.CHUNK + 10))
    with pytest.raises(filecrypt.DecryptionError):
        filecrypt.decrypt_to_memory(io.BytesIO(sealed[: len(sealed) // 2 + 200]))
    assert filecrypt.decrypt_to_memory(io.BytesIO(sealed)).read() == b"x" * (filecrypt.CHUNK + 10)


def zip_bomb(unpacked: int) -> bytes:
    data = io.BytesIO()
    block = b"<row><c><v>1</v></c></row>" * 40_000
    with (
        zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as sheet,
    ):
        for _ in range(unpacked // len(block)):
            sheet.write(block)
    return data.getvalue()


def test_a_zip_bomb_is_refused_before_anything_is_stored(census_round, alice, private_root):
    bomb = SimpleUploadedFile("ds.xlsx", zip_bomb(220 * 1024 * 1024))

    with pytest.raises(DomainError) as refused:
        services.submission_upload(actor=alice, round_=census_round, file=bomb)

    assert refused.value.code == "file_expands_too_much"
    assert not Submission.objects.exists()
    assert not [p for p in private_root.rglob("*") if p.is_file()]


def test_a_file_past_the_size_limit_is_refused_on_the_page(
    client, census_round, alice, private_root, settings
):
    settings.PCMT_UPLOAD_MAX_BYTES = 200
    client.force_login(alice)

    response = client.post(
        reverse("round_upload", args=[census_round.pk]),
        {"file": csv_file([good_row()] * 5)},
        follow=True,
    )

    assert response.status_code == 200
    assert any("The file is larger than 0.1 MB" in str(m) for m in response.context["messages"])
    assert not Job.objects.exists() and not Submission.objects.exists()


def test_too_many_rows_fail_the_job_with_a_message_and_keep_nothing(
    client, census_round, alice, private_root, settings
):
    settings.PCMT_UPLOAD_MAX_ROWS = 12
    client.force_login(alice)
    client.post(
        reverse("round_upload", args=[census_round.pk]), {"file": xlsx_file([good_row()] * 15)}
    )

    run_worker()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.result == {"code": "too_many_rows"}
    assert job.message.startswith("A list has at most 12 rows")
    assert not Submission.objects.exists()
    page = client.get(reverse("job_detail", args=[job.pk]))
    assert "A list has at most 12 rows" in page.content.decode()


def test_the_import_reports_its_progress_against_the_rows_of_the_file(
    census_round, alice, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    staged = services.upload_stage(
        actor=alice, round_=census_round, file=xlsx_file([good_row()] * 5)
    )
    reports: list[tuple[int, int, str]] = []

    services.submission_import(
        actor=alice,
        round_=census_round,
        token=staged.token,
        name=staged.name,
        report=lambda done, total, message: reports.append((done, total, message)),
    )

    assert [(done, total) for done, total, _m in reports] == [(2, 5), (4, 5)]
    assert reports[0][2] == "2 rows checked"


def test_the_api_reads_a_list_in_the_background_and_the_job_names_the_submission(
    client, census_round, alice, private_root
):
    client.force_login(alice)

    response = client.post(
        reverse("api_submission_list", args=[census_round.pk]),
        {"file": csv_file([good_row(), good_row(birth="hôm qua")]), "background": "true"},
    )

    assert response.status_code == 202 and not Submission.objects.exists()
    run_worker()
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done" and job["result"]["invalid_rows"] == 1
    assert Submission.objects.get().pk == job["result"]["submission_id"]


def test_the_api_refuses_a_zip_bomb_with_its_code(client, census_round, alice, private_root):
    client.force_login(alice)

    response = client.post(
        reverse("api_submission_list", args=[census_round.pk]),
        {"file": SimpleUploadedFile("ds.xlsx", zip_bomb(220 * 1024 * 1024)), "background": "1"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "file_expands_too_much"
    assert not Job.objects.exists()


def test_a_sheet_that_does_not_say_its_size_reports_a_count_without_a_percentage(
    census_round, alice, monkeypatch
):
    from pcmt.core.tabular import write_xlsx
    from tests.census.conftest import HEADERS

    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    data = io.BytesIO()
    write_xlsx(data, HEADERS, [good_row()] * 5)  # streamed: no dimension element
    staged = services.upload_stage(
        actor=alice, round_=census_round, file=SimpleUploadedFile("ds.xlsx", data.getvalue())
    )
    reports: list[tuple[int, int]] = []

    services.submission_import(
        actor=alice,
        round_=census_round,
        token=staged.token,
        name=staged.name,
        report=lambda done, total, message: reports.append((done, total)),
    )

    assert reports == [(2, 0), (4, 0)]
