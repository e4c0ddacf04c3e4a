"""Original list files, kept in private storage outside anything the web server serves.

The root is the setting PCMT_PRIVATE_MEDIA_ROOT when it exists, else BASE_DIR/var/private;
files live under census/<round>/<agency>/<sha256><extension>, so the same file is stored once.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings

EXTENSIONS = (".xlsx", ".csv")
MAX_BYTES = 50 * 1024 * 1024


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
    """Write the upload under its hash while hashing it; returns (relative path, sha256)."""
    folder = private_root() / "census" / str(round_id) / str(agency_id)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            chunks = (
                upload.chunks()
                if hasattr(upload, "chunks")
                else iter(lambda: upload.read(1 << 20), b"")
            )
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FileTooLarge
                digest.update(chunk)
                out.write(chunk)
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
    return (private_root() / relative).open("rb")


def original_exists(relative: str) -> bool:
    return (private_root() / relative).is_file()
