"""Private storage of scans: outside the web root, under random names, encrypted with the field
keys (`pcmt.core.filecrypt`), decrypted in memory only by the views that check the jurisdiction."""

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from pcmt.core import filecrypt
from pcmt.documents.models import ScanType

# The first bytes of each accepted type; the name and the browser's claimed type do not count.
SIGNATURES = {
    b"%PDF-": ScanType.PDF,
    b"\xff\xd8\xff": ScanType.JPEG,
    b"\x89PNG\r\n\x1a\n": ScanType.PNG,
}
EXTENSIONS = {ScanType.PDF: "pdf", ScanType.JPEG: "jpg", ScanType.PNG: "png"}


def private_root() -> Path:
    return Path(settings.PCMT_PRIVATE_MEDIA_ROOT)


def max_bytes() -> int:
    return int(settings.PCMT_ATTACHMENT_MAX_BYTES)


def scan_type(head: bytes) -> str | None:
    """The type the file's first bytes show: PDF, JPEG or PNG; None for anything else."""
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return str(content_type)
    return None


def new_storage_name() -> str:
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}"


@dataclass(frozen=True)
class Stored:
    name: str
    size: int
    sha256: str


class TooLarge(Exception):
    pass


def store(upload: UploadedFile, limit: int) -> Stored:
    """Copy the upload under a new random name, hashing it; nothing is kept past `limit`."""
    name = new_storage_name()
    path = private_root() / name
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    upload.seek(0)

    def chunks() -> Iterator[bytes]:
        nonlocal size
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limit:
                raise TooLarge
            digest.update(chunk)
            yield chunk

    try:
        with path.open("xb") as target:
            path.chmod(0o600)
            filecrypt.encrypt_stream(chunks(), target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Stored(name, size, digest.hexdigest())


def discard(name: str) -> None:
    """Delete a file whose row was never saved."""
    (private_root() / name).unlink(missing_ok=True)


def path_of(name: str) -> Path:
    return private_root() / name


def open_scan(name: str) -> IO[bytes]:
    """The plain scan, decrypted in memory."""
    return filecrypt.decrypt_to_memory(path_of(name).open("rb"))
