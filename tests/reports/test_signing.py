import asyncio
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pcmt.lifecycle.runner import transition_run
from pcmt.reports import signing
from pcmt.reports.lifecycles import REPORT
from pcmt.reports.signing import demo_credentials, verify_pdf


@pytest.fixture(autouse=True)
def signing_dir(settings: Any, tmp_path: Path) -> Path:
    settings.PCMT_REPORT_SIGNING_DIR = tmp_path / "signing"
    return settings.PCMT_REPORT_SIGNING_DIR


@pytest.fixture
def signed(alice: Any, make_report: Any, tmp_path: Path) -> Path:
    report = make_report()
    transition_run(lifecycle=REPORT, name="report_submit", actor=alice, obj_or_pk=report, data={})
    client = Client()
    client.force_login(alice)
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(reverse("report_pdf", args=[report.pk])).content)
    return path


def test_a_submitted_reports_pdf_is_signed_and_verifies(signed: Path) -> None:
    out = io.StringIO()
    call_command("report_verify", str(signed), stdout=out)
    assert "PCMT demo report signer" in out.getvalue()


def test_a_changed_byte_is_caught(signed: Path) -> None:
    data = bytearray(signed.read_bytes())
    at = data.find(b"/Title")  # the document's title, inside the signed bytes
    assert at > 0
    data[at + 8] = ord("X") if data[at + 8] != ord("X") else ord("Y")
    signed.write_bytes(bytes(data))
    with pytest.raises(CommandError) as refused:
        call_command("report_verify", str(signed))
    assert refused.value.returncode == 1
    assert str(refused.value).startswith("tampered")


def test_content_appended_after_signing_is_caught(signed: Path) -> None:
    assert verify_pdf(signed.read_bytes() + b"\n%%extra\n").code == "modified"


def test_a_signer_from_another_ca_is_unknown(signed: Path, signing_dir: Path) -> None:
    demo_credentials(signing_dir)  # a new CA replaces the trusted one
    assert verify_pdf(signed.read_bytes()).code == "untrusted"


def test_a_draft_is_not_signed(alice: Any, make_report: Any) -> None:
    report = make_report()
    client = Client()
    client.force_login(alice)
    data = client.get(reverse("report_pdf", args=[report.pk])).content
    assert verify_pdf(data).code == "unsigned"


def test_the_check_works_in_a_thread_whose_event_loop_is_running(signed: Path) -> None:
    data = signed.read_bytes()

    async def inside_a_loop() -> str:
        return verify_pdf(data).code

    assert asyncio.run(inside_a_loop()) == "authentic"


def test_a_pdf_is_signed_in_a_thread_whose_event_loop_is_running(
    alice: Any, make_report: Any
) -> None:
    client = Client()
    client.force_login(alice)
    draft = client.get(reverse("report_pdf", args=[make_report().pk])).content

    async def inside_a_loop() -> bytes:
        return signing.sign_pdf(draft)

    assert verify_pdf(asyncio.run(inside_a_loop())).code == "authentic"


def test_a_fault_of_the_check_is_not_blamed_on_the_file(
    signed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("no event loop")

    monkeypatch.setattr(signing, "validate_pdf_signature", broken)
    verdict = verify_pdf(signed.read_bytes())
    assert (verdict.authentic, verdict.code, verdict.failed) == (False, "error", True)
    assert "RuntimeError: no event loop" in verdict.detail
    with pytest.raises(CommandError) as refused:
        call_command("report_verify", str(signed))
    assert refused.value.returncode == 2
    assert "no event loop" in str(refused.value)


def test_a_tampered_file_is_not_a_fault_of_the_check(signed: Path) -> None:
    data = bytearray(signed.read_bytes())
    at = data.find(b"/Title")
    data[at + 8] = ord("X") if data[at + 8] != ord("X") else ord("Y")
    verdict = verify_pdf(bytes(data))
    assert verdict.code == "tampered"
    assert not verdict.failed
