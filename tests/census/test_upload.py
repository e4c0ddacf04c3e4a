"""Uploading a list: every kind of bad row is reported, the good rows are kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pcmt.census.models import AgencyStatus, RoundAgency, Submission, SubmissionRow
from pcmt.census.services import MappingRequired, submission_upload
from pcmt.core import crypto
from pcmt.core.errors import DomainError
from tests.census.conftest import HEADERS, csv_file, good_row, xlsx_file


def upload(actor, round_, file, **kwargs):
    return submission_upload(actor=actor, round_=round_, file=file, **kwargs)


def codes(row: SubmissionRow) -> set[str]:
    return {e["code"] for e in row.errors}


def warning_codes(row: SubmissionRow) -> set[str]:
    return {w["code"] for w in row.warnings}


BAD_ROWS = [
    ("name_required", {"full_name": ""}),
    ("birth_required", {"birth": ""}),
    ("birth_format", {"birth": "31/02/1990"}),
    ("birth_format", {"birth": "1990/13/45"}),
    ("birth_future", {"birth": "01/01/2099"}),
    ("birth_future", {"birth": "2099"}),
    ("id_format", {"id_number": "12345A"}),
    ("gender_invalid", {"gender": "X"}),
    ("gender_required", {"gender": ""}),
    ("address_unknown", {"address": "Không rõ địa chỉ"}),
    ("address_required", {"address": ""}),
    ("address_outside_round", {"address": "Phường Sài Gòn, TP HCM"}),
    ("legacy_split", {"address": "Phường Điện Biên, Quận Ba Đình, Hà Nội"}),
    ("category_unknown", {"category": "Trộm cắp"}),
    ("category_not_counted", {"category": "Ngáo đá"}),
    ("category_required", {"category": ""}),
]


@pytest.mark.parametrize(("code", "change"), BAD_ROWS, ids=[c for c, _ in BAD_ROWS])
def test_a_bad_row_is_refused_with_its_reason_and_the_good_ones_kept(
    census_round, alice, code, change
):
    second = {"full_name": "Trần Thị Bích", "birth": "1990", "gender": "Nữ", "id_number": ""}
    rows = [good_row(), good_row(**(second | change))]

    result = upload(alice, census_round, xlsx_file(rows))

    submission = result.submission
    assert (submission.total_rows, submission.valid_rows, submission.invalid_rows) == (2, 1, 1)
    good, bad = submission.rows.order_by("row_number")
    assert good.valid and good.row_number == 2
    assert not bad.valid and code in codes(bad)
    assert all(e["message"] for e in bad.errors)


def test_a_legacy_split_names_the_candidate_communes(census_round, alice):
    rows = [good_row(address="Phường Điện Biên, Quận Ba Đình, Hà Nội")]

    row = upload(alice, census_round, xlsx_file(rows)).submission.rows.get()

    (error,) = row.errors
    assert error["code"] == "legacy_split"
    assert "Ba Đình" in error["message"] and "Phường Điện Biên" in error["message"]
    assert row.commune is None


def test_a_legacy_address_is_converted_with_a_warning(census_round, alice):
    rows = [good_row(address="Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội")]

    row = upload(alice, census_round, xlsx_file(rows)).submission.rows.get()

    assert row.valid
    assert row.commune is not None and row.commune.code == "00097"
    assert warning_codes(row) == {"legacy_converted"}


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        ({"gender": "Nữ"}, "id_sex_mismatch"),
        ({"birth": "1990"}, "id_birth_year_mismatch"),
    ],
)
def test_an_id_that_disagrees_with_sex_or_birth_year_is_kept_with_a_warning(
    census_round, alice, change, warning
):
    row = upload(alice, census_round, xlsx_file([good_row(**change)])).submission.rows.get()

    assert row.valid
    assert warning in warning_codes(row)


def test_an_id_typed_as_a_number_gets_its_leading_zeros_back(census_round, alice):
    row = upload(
        alice, census_round, xlsx_file([good_row(id_number=1088012345)])
    ).submission.rows.get()

    assert row.valid and "id_zeros_restored" in warning_codes(row)
    assert crypto.decrypt(row.id_number_encrypted) == "001088012345"
    assert row.id_number_hash == crypto.lookup_hash("id", "001088012345")


def test_duplicates_inside_the_file_are_refused_after_the_first(census_round, alice):
    rows = [
        good_row(),
        good_row(full_name="Người Khác", birth="1970"),  # same ID number
        good_row(full_name="Lê Văn Cường", birth="02/02/1992", id_number=""),
        good_row(full_name="le van cuong", birth="02/02/1992", id_number=""),  # same name, dob
    ]

    submission = upload(alice, census_round, xlsx_file(rows)).submission

    by_number = {r.row_number: r for r in submission.rows.all()}
    assert by_number[2].valid and by_number[4].valid
    assert codes(by_number[3]) == {"duplicate_in_file"} and "2" in by_number[3].errors[0]["message"]
    assert codes(by_number[5]) == {"duplicate_in_file"}
    assert submission.valid_rows == 2 and submission.invalid_rows == 2


def test_a_stored_list_keeps_fields_encrypted_and_marks_the_agency_submitted(census_round, alice):
    submission = upload(alice, census_round, xlsx_file([good_row()])).submission

    row = submission.rows.get()
    assert row.full_name == "Nguyễn Văn An" and row.name_folded == "nguyen van an"
    assert (row.birth_year, row.birth_month, row.birth_day) == (1988, 3, 4)
    assert row.gender == "male" and row.category == "drug_user"
    assert row.commune is not None and row.commune.code == "00082"
    assert "001088012345" not in str(row.cells) and "0912345678" not in str(row.cells)
    assert crypto.decrypt(row.phone_encrypted) == "0912345678"
    assert submission.is_current and submission.status == "stored"
    participant = RoundAgency.objects.get(round=census_round, agency=alice.agency)
    assert participant.status == AgencyStatus.SUBMITTED and participant.changed_by == alice


def test_the_original_file_is_kept_in_private_storage(census_round, alice, private_root):
    file = xlsx_file([good_row()])

    submission = upload(alice, census_round, file).submission

    kept = private_root / submission.file_path
    assert kept.is_file() and submission.file_path.startswith("census/")
    assert kept.read_bytes() == file.open().read() or kept.stat().st_size > 0


def test_all_or_nothing_keeps_no_row_when_one_is_bad(census_round, alice):
    rows = [good_row(), good_row(full_name="")]

    result = upload(alice, census_round, xlsx_file(rows), all_or_nothing=True)

    submission = result.submission
    assert submission.status == "rejected" and not submission.is_current
    assert list(submission.rows.values_list("valid", flat=True)) == [False]
    assert (submission.valid_rows, submission.invalid_rows) == (1, 1)
    participant = RoundAgency.objects.get(round=census_round, agency=alice.agency)
    assert participant.status == AgencyStatus.NOT_SUBMITTED


def test_all_or_nothing_keeps_every_row_when_all_are_good(census_round, alice):
    rows = [good_row(), good_row(full_name="Trần Thị Bích", gender="Nữ", id_number="")]

    submission = upload(alice, census_round, xlsx_file(rows), all_or_nothing=True).submission

    assert submission.status == "stored" and submission.rows.filter(valid=True).count() == 2


def same(file):
    content = file.read()
    return lambda: SimpleUploadedFile(file.name, content)


def test_the_same_file_twice_creates_nothing_new(census_round, alice):
    file = same(xlsx_file([good_row()]))
    first = upload(alice, census_round, file())
    again = upload(alice, census_round, file())

    assert first.created and not again.created
    assert again.submission.pk == first.submission.pk
    assert Submission.objects.count() == 1 and SubmissionRow.objects.count() == 1


def test_a_refused_all_or_nothing_file_can_be_given_again_keeping_the_good_rows(
    census_round, alice
):
    file = same(xlsx_file([good_row(), good_row(full_name="")]))
    refused = upload(alice, census_round, file(), all_or_nothing=True)
    again = upload(alice, census_round, file(), all_or_nothing=True)
    kept = upload(alice, census_round, file())

    assert not again.created and again.submission.pk == refused.submission.pk
    assert kept.created and kept.submission.status == "stored"
    assert kept.submission.rows.filter(valid=True).count() == 1


def test_a_new_list_becomes_the_current_one(census_round, alice):
    first = upload(alice, census_round, xlsx_file([good_row()])).submission
    second = upload(alice, census_round, csv_file([good_row()])).submission

    first.refresh_from_db()
    assert second.is_current and not first.is_current


def test_a_csv_with_bom_and_semicolons_is_read(census_round, alice):
    submission = upload(alice, census_round, csv_file([good_row()], delimiter=";")).submission

    row = submission.rows.get()
    assert row.valid and row.full_name == "Nguyễn Văn An"
    assert submission.mapping["full_name"] == 1


def test_a_csv_with_commas_in_windows_1258_is_read(census_round, alice):
    file = csv_file([good_row()], delimiter=",", encoding="cp1258")

    row = upload(alice, census_round, file).submission.rows.get()

    assert row.valid and row.full_name == "Nguyễn Văn An"


def test_headers_without_diacritics_and_in_another_order_are_recognised(census_round, alice):
    headers = ["Ho ten", "Gioi tinh", "Nam sinh", "Dia chi", "Doi tuong"]
    rows = [["Phạm Văn Dũng", "nam", "1985", "Phường Cửa Nam, Hà Nội", "nghien"]]

    row = upload(alice, census_round, xlsx_file(rows, headers=headers)).submission.rows.get()

    assert row.valid and row.birth_year == 1985 and row.category == "dependent"


def test_a_title_above_the_header_row_is_skipped(census_round, alice):
    rows = [[], list(HEADERS), good_row()]

    submission = upload(
        alice, census_round, xlsx_file(rows, headers=["DANH SÁCH RÀ SOÁT"])
    ).submission

    assert submission.header_row == 3 and submission.rows.get().valid


def test_unknown_headers_ask_for_a_mapping_and_the_mapping_reads_the_file(census_round, alice):
    headers = ["STT", "Tên người", "Sinh", "Phái", "Chỗ ở", "Loại"]
    rows = [["1", "Võ Thị Em", "05/06/1999", "Nữ", "Phường Cửa Nam, Hà Nội", "Nghiện"]]

    with pytest.raises(MappingRequired) as needed:
        upload(alice, census_round, xlsx_file(rows, headers=headers))
    assert needed.value.headers == headers
    assert Submission.objects.count() == 0

    mapping = {"full_name": 1, "birth": 2, "gender": 3, "address": 4, "category": 5}
    submission = upload(alice, census_round, xlsx_file(rows, headers=headers), mapping=mapping)
    row = submission.submission.rows.get()
    assert row.valid and row.full_name == "Võ Thị Em" and row.gender == "female"
    assert submission.submission.mapping == mapping


def test_an_incomplete_mapping_is_refused(census_round, alice):
    headers = ["A", "B"]
    with pytest.raises(DomainError) as error:
        upload(
            alice, census_round, xlsx_file([["x", "y"]], headers=headers), mapping={"full_name": 0}
        )
    assert error.value.code == "mapping_incomplete"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("list.pdf", b"%PDF-1.4", "file_type"),
        ("list.xlsx", b"not a zip", "file_unreadable"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_with_a_message(
    census_round, alice, name, content, code
):
    with pytest.raises(DomainError) as error:
        upload(alice, census_round, SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_a_list_with_only_a_header_is_refused(census_round, alice):
    with pytest.raises(DomainError) as error:
        upload(alice, census_round, xlsx_file([]))
    assert error.value.code == "list_empty"
    assert Submission.objects.count() == 0


def test_a_round_with_one_category_fills_an_empty_category(make_round, alice):
    round_ = make_round(categories=["dependent"])

    row = upload(alice, round_, xlsx_file([good_row(category="")])).submission.rows.get()

    assert row.valid and row.category == "dependent"


def test_a_round_limited_to_communes_refuses_addresses_elsewhere(make_round, alice, commune_a):
    round_ = make_round(communes=[commune_a])

    row = upload(alice, round_, xlsx_file([good_row()])).submission.rows.get()

    assert codes(row) == {"address_outside_round"}


def test_the_row_insert_names_every_column_of_a_row():
    from pcmt.census.models import SubmissionRow
    from pcmt.census.services import ROW_COLUMNS

    fields = {f.attname for f in SubmissionRow._meta.concrete_fields if not f.primary_key}
    assert sorted(ROW_COLUMNS) == sorted(fields)
