"""Rewrite every stored file under the first field key: after a key rotation, or to encrypt
files stored before encryption at rest (lists, scans, photos)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pcmt.core import filecrypt


class Command(BaseCommand):
    help = "Re-encrypt the private files and media under the first PCMT_FIELD_ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        roots = {Path(settings.PCMT_PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT)}
        count = 0
        for root in sorted(roots):
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.suffix != ".part":
                    filecrypt.reencrypt(path)
                    count += 1
        self.stdout.write(f"{count} files re-encrypted")
