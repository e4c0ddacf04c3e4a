"""Original list files, kept encrypted in private storage outside anything the web server serves.

The root is the setting PCMT_PRIVATE_MEDIA_ROOT when it exists, else BASE_DIR/var/private;
files live under census/<round>/<agency>/<sha256><extension>, so the same file is stored once
(the hash is of the plain file). Contents are encrypted with the field keys
(`pcmt.core.filecrypt`) and decrypted into memory only, when a list is read.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from pcmt.core import filecrypt
from pcmt.core.tabular import upload_limits

EXTENSIONS = (".xlsx", ".csv")


class FileTooLarge(Exception):
    pass


def private_root() -> Path:
    configured = getattr(settings, "PCMT_PRIVATE_MEDIA_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "private"


def extension_of(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in EXTENSIONS else None


def relative_path(round_id: int, agency_id: int, sha256: str, extension: str) -> str:
    return f"census/{round_id}/{agency_id}/{sha256}{extension}"


def original_store(
    upload: Any, *, round_id: int, agency_id: int, extension: str
) -> tuple[str, str]:
    """Encrypt the upload into storage while hashing it; returns (relative path, sha256)."""
    folder = private_root() / "census" / str(round_id) / str(agency_id)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    limit = upload_limits().max_bytes

    def chunks() -> Iterator[bytes]:
        size = 0
        if hasattr(upload, "seek"):
            upload.seek(0)
        source = (
            upload.chunks()
            if hasattr(upload, "chunks")
            else iter(lambda: upload.read(1 << 20), b"")
        )
        for chunk in source:
            size += len(chunk)
            if size > limit:
                raise FileTooLarge
            digest.update(chunk)
            yield chunk

    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            filecrypt.encrypt_stream(chunks(), out)
        os.chmod(temporary, 0o600)
        sha256 = digest.hexdigest()
        relative = relative_path(round_id, agency_id, sha256, extension)
        target = private_root() / relative
        if target.exists():
            os.unlink(temporary)
        else:
            os.replace(temporary, target)
        return relative, sha256
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def original_open(relative: str) -> IO[bytes]:
    """The plain file, decrypted in memory."""
    return filecrypt.decrypt_to_memory((private_root() / relative).open("rb"))


def original_exists(relative: str) -> bool:
    return (private_root() / relative).is_file()
