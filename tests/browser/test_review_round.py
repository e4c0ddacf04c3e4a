"""Upload a list (checked by the worker) → link the lists (progress bar) → accept a pair →
the reconciled count."""

import datetime

import pytest
from playwright.sync_api import expect

from pcmt.census.services import round_create, submission_upload
from pcmt.reconcile.models import Decision
from tests.census.conftest import csv_file, good_row
from tests.conftest import PASSWORD
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "Phường Ba Đình, Thành phố Hà Nội"


def _row(name: str, birth: str, gender: str) -> list[str]:
    return good_row(
        full_name=name, birth=birth, gender=gender, id_number="", phone="", address=ADDRESS
    )


def _login(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_a_list_is_uploaded_linked_reviewed_and_counted(
    live_server, page, alice, hana, sam, commune_a, tmp_path, settings
):
    settings.PCMT_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    cutoff = datetime.date(2025, 10, 1)
    round_ = round_create(
        actor=sam,
        name="Rà soát thử",
        cutoff_date=cutoff,
        deadline=cutoff + datetime.timedelta(days=30),
        categories=["drug_user"],
        agencies=[alice.agency, hana.agency],
    )
    submission_upload(
        actor=hana,
        round_=round_,
        file=csv_file(
            [_row("Le Thi Mai", "12/03/1988", "Nu"), _row("Vu Van Long", "1988", "Nam")],
            name="health.csv",
        ),
    )
    police = tmp_path / "police.csv"
    police.write_bytes(
        csv_file(
            [_row("Lê Thị Mai", "12/03/1988", "Nữ"), _row("Vũ Văn Long", "1985", "Nam")]
        ).read()
    )

    # Commune A's officer uploads the police list.
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/rounds/{round_.pk}/")
    page.set_input_files("#upload-form input[type=file]", str(police))
    page.click("#upload-form button[type=submit]")
    # The list is read and checked by the worker; the job page shows how far it got.
    page.wait_for_url(f"{live_server.url}/jobs/*/")
    expect(page.locator(".job-progress")).to_have_attribute("data-status", "queued")
    run_worker()
    expect(page.locator(".job-progress")).to_have_attribute("data-status", "done")
    page.goto(f"{live_server.url}/rounds/{round_.pk}/")
    expect(page.locator("#imports .job-progress")).to_have_attribute("data-status", "done")
    page.click("#imports .job-progress a.button")
    page.wait_for_url(f"{live_server.url}/lists/*/")

    # The provincial supervisor links the lists and watches the progress bar.
    _login(page, live_server.url, "sam")
    page.goto(f"{live_server.url}/rounds/{round_.pk}/reconcile/")
    page.click("#link-form button")
    expect(page.locator(".job-progress")).to_have_attribute("data-status", "queued")
    # The worker runs here (its signal handlers need the main thread); the page keeps polling.
    run_worker()
    expect(page.locator(".job-progress")).to_have_attribute("data-status", "done")
    page.reload()  # the page survives a reload: it shows the latest run's job
    expect(page.locator(".job-progress")).to_have_attribute("data-status", "done")
    page.click(".job-progress a.button")
    page.wait_for_url(f"{live_server.url}/rounds/{round_.pk}/reconcile/review/")

    # Mai is linked automatically; the two Longs (other birth years) wait for review.
    page.goto(f"{live_server.url}/rounds/{round_.pk}/reconcile/results/")
    expect(page.locator("#total")).to_have_text("3")
    page.goto(f"{live_server.url}/rounds/{round_.pk}/reconcile/review/")
    pair = page.locator("#pairs .pair").first
    expect(pair).to_contain_text("Vũ Văn Long")
    expect(pair.locator("table.explanation")).to_contain_text("name")
    pair.locator("button.accept").click()
    expect(page.locator("#decisions")).to_contain_text("sam")
    assert Decision.objects.filter(round=round_, kind="accept", actor=sam).count() == 1

    page.goto(f"{live_server.url}/rounds/{round_.pk}/reconcile/results/")
    expect(page.locator("#total")).to_have_text("2")
