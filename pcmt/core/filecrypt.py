"""Files encrypted at rest with the field-encryption keys (`pcmt.core.crypto`).

A stored file is `MAGIC` followed by Fernet tokens of at most 1 MiB of plain bytes each, every
token prefixed by its length (4 bytes). Each plain chunk starts with its index and a last-chunk
flag, so chunks cannot be reordered, dropped or cut off unnoticed. Keys rotate as the fields'
do: the first key of PCMT_FIELD_ENCRYPTION_KEY encrypts, every key decrypts, and `reencrypt`
(command `files_reencrypt`) rewrites a file under the first key.

Files are decrypted into memory only (`decrypt_to_memory`), never to a plain file on disk.
A file without the header is an older plain file: it is read as it is until re-encrypted.
"""

import io
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.fernet import InvalidToken
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from pcmt.core import crypto

MAGIC = b"PCMTENC1"
CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")
_HEADER = struct.Struct(">QB")


class DecryptionError(ValueError):
    """The file is damaged, or was encrypted with a key no longer configured."""


def _chunks(source: IO[bytes] | Iterable[bytes]) -> Iterator[bytes]:
    if hasattr(source, "read"):
        yield from iter(lambda: source.read(CHUNK), b"")
    else:
        yield from source


def encrypt_stream(source: IO[bytes] | Iterable[bytes], target: IO[bytes]) -> int:
    """Encrypt plain bytes (a file or chunks) into `target`; returns the plain size."""
    fernet = crypto.keyring()
    target.write(MAGIC)
    index = size = 0
    pending = b""

    def put(payload: bytes, last: bool) -> None:
        nonlocal index
        token = fernet.encrypt(_HEADER.pack(index, int(last)) + payload)
        target.write(_LENGTH.pack(len(token)) + token)
        index += 1

    for chunk in _chunks(source):
        size += len(chunk)
        pending += chunk
        while len(pending) > CHUNK:
            put(pending[:CHUNK], False)
            pending = pending[CHUNK:]
    put(pending, True)
    return size


def encrypt_bytes(data: bytes) -> bytes:
    out = io.BytesIO()
    encrypt_stream([data], out)
    return out.getvalue()


def is_encrypted(source: IO[bytes]) -> bool:
    start = source.tell()
    head = source.read(len(MAGIC))
    source.seek(start)
    return head == MAGIC


def decrypt_chunks(source: IO[bytes]) -> Iterator[bytes]:
    """The plain bytes of an encrypted file, chunk by chunk (a plain file as it is)."""
    if source.read(len(MAGIC)) != MAGIC:
        source.seek(0)
        yield from _chunks(source)
        return
    fernet = crypto.keyring()
    index = 0
    while True:
        length = source.read(_LENGTH.size)
        if len(length) != _LENGTH.size:
            raise DecryptionError("encrypted file cut short")
        token = source.read(_LENGTH.unpack(length)[0])
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as exc:
            raise DecryptionError("cannot decrypt: wrong PCMT_FIELD_ENCRYPTION_KEY?") from exc
        number, last = _HEADER.unpack_from(plain)
        if number != index:
            raise DecryptionError("encrypted file out of order")
        yield plain[_HEADER.size :]
        index += 1
        if last:
            if source.read(1):
                raise DecryptionError("bytes after the end of an encrypted file")
            return


def decrypt_to_memory(source: IO[bytes]) -> io.BytesIO:
    """The plain file, in memory (callers limit the sizes they store)."""
    with source:
        plain = io.BytesIO(b"".join(decrypt_chunks(source)))
    return plain


def write_encrypted(path: Path, source: IO[bytes] | Iterable[bytes]) -> int:
    """Write `path` atomically (a temporary file in its folder, then a rename), mode 0600."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            size = encrypt_stream(source, out)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return size


def reencrypt(path: Path) -> int:
    """Rewrite a file under the first key (a plain file gets encrypted); returns its size."""
    with path.open("rb") as source:
        plain = decrypt_to_memory(source)
    return write_encrypted(path, plain)


class EncryptedFileSystemStorage(FileSystemStorage):
    """Django's file storage, encrypting what it saves and decrypting what it opens (photos)."""

    def _save(self, name: str, content: Any) -> str:
        encrypted = io.BytesIO()
        content.seek(0)
        encrypt_stream(content.chunks(), encrypted)
        return str(super()._save(name, ContentFile(encrypted.getvalue())))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if "b" not in mode or "w" in mode or "a" in mode:
            raise ValueError("encrypted files open for reading bytes only")
        plain = decrypt_to_memory(super()._open(name, "rb"))  # type: ignore[misc]
        return File(plain, name=name)
