"""Documents and scans of commune A's person: the management's decision document and a scan."""

import atexit
import shutil
import tempfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from pcmt.documents.services import attachment_add

WRITE_ROUTES = {
    "attachment_add",
    "attachment_remove",
    "api_attachment_upload",
    "api_attachment_remove",
}
PERSON_PARAMS = {"record_pk", "attachment_pk"}

_root: list[str] = []


def _private_root() -> None:
    """Scans of the matrix go to a temporary folder, removed when the run ends."""
    if not _root:
        _root.append(tempfile.mkdtemp(prefix="pcmt-matrix-scans-"))
        atexit.register(shutil.rmtree, _root[0], True)
    if str(settings.PCMT_PRIVATE_MEDIA_ROOT) != _root[0]:
        override_settings(PCMT_PRIVATE_MEDIA_ROOT=_root[0]).enable()


def build(context: dict[str, Any]) -> dict[str, Any]:
    _private_root()
    management = context["management"]
    scan = attachment_add(
        actor=context["officer"],
        person=context["person"],
        episode_type="casework.usermanagement",
        episode_id=management.pk,
        kind="decision",
        upload=SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf"),
    )
    return {
        "document_kind": "management_decision",
        "record_pk": management.pk,
        "attachment_pk": scan.pk,
    }
