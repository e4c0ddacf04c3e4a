"""Files at rest: encrypted with the field keys, readable across a key rotation."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from pcmt.core import filecrypt

SECRET = b"001088012345;0912345678;Nguyen Van An\n" * 50_000  # past one chunk


def test_a_file_is_encrypted_in_chunks_and_decrypted_whole():
    sealed = filecrypt.encrypt_bytes(SECRET)

    assert sealed.startswith(filecrypt.MAGIC) and b"001088012345" not in sealed
    assert filecrypt.decrypt_to_memory(io.BytesIO(sealed)).read() == SECRET


def test_a_plain_file_of_before_is_read_as_it_is():
    assert filecrypt.decrypt_to_memory(io.BytesIO(b"Ho ten\nAn\n")).read() == b"Ho ten\nAn\n"


def test_chunks_swapped_or_cut_are_refused():
    sealed = filecrypt.encrypt_bytes(SECRET)
    with pytest.raises(filecrypt.DecryptionError):
        filecrypt.decrypt_to_memory(io.BytesIO(sealed[:-10]))
    with pytest.raises(filecrypt.DecryptionError):
        filecrypt.decrypt_to_memory(io.BytesIO(sealed + b"x"))


def test_the_command_rewrites_files_under_the_new_key(settings, tmp_path):
    settings.PCMT_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = tmp_path / "private" / "ab" / "abcdef"
    photo = tmp_path / "media" / "photos" / "1.png"
    filecrypt.write_encrypted(scan, [SECRET])
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\x89PNG plain photo of before")
    old_key, new_key = settings.FIELD_ENCRYPTION_KEY, Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"

    call_command("files_reencrypt", verbosity=0, stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEY = new_key
    assert filecrypt.decrypt_to_memory(scan.open("rb")).read() == SECRET
    assert photo.read_bytes().startswith(filecrypt.MAGIC)
    assert filecrypt.decrypt_to_memory(photo.open("rb")).read() == b"\x89PNG plain photo of before"


def test_the_default_storage_keeps_photos_encrypted_and_opens_them_plain(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path
    storage = storages.create_storage(settings.STORAGES["default"])
    png = b"\x89PNG\r\n\x1a\n" + b"face" * 100

    name = storage.save("photos/2026/11/7.png", ContentFile(png))

    assert png not in (tmp_path / name).read_bytes()
    with storage.open(name) as handle:
        assert handle.read() == png
