"""The reconciled results workbook goes through the one writer: names never become formulas."""

import datetime
import io

import openpyxl
from django.urls import reverse

from pcmt.census.services import round_create, submission_upload
from pcmt.reconcile.services import run_start
from tests.reconcile.conftest import CUTOFF, csv_file, row, work

FORMULA = '=HYPERLINK("http://x","y")'


def test_a_formula_typed_as_a_name_is_exported_as_text(client, units, sam, alice, hana):
    round_ = round_create(
        actor=sam,
        name="Rà soát thử",
        cutoff_date=CUTOFF,
        deadline=CUTOFF + datetime.timedelta(days=30),
        categories=["drug_user"],
        agencies=[alice.agency, hana.agency],
    )
    listed = submission_upload(
        actor=alice, round_=round_, file=csv_file([row(FORMULA, "1990", "Nam")])
    ).submission
    assert listed.valid_rows == 1
    run_start(actor=sam, round_=round_)
    work()
    client.force_login(sam)

    export = client.get(reverse("reconcile_export", kwargs={"round_pk": round_.pk}))

    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    persons = book[book.sheetnames[2]]
    cell = persons.cell(row=2, column=1)
    # Names are normalised (letter case) on the way in; the text stays text on the way out.
    assert (cell.value.lower(), cell.data_type) == (FORMULA.lower(), "s")
