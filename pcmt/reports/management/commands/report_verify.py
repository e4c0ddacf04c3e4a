"""Check a report PDF's signature.

Exit 0 when authentic, 1 with the reason when the file is not, 2 when the check itself failed
(the file was not judged).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pcmt.reports.signing import verify_pdf

REASONS = {
    "unsigned": gettext_noop("The file carries no signature."),
    "tampered": gettext_noop("The file was changed after it was signed."),
    "modified": gettext_noop("Content was added after the signature."),
    "untrusted": gettext_noop("The signer is not certified by a trusted authority."),
    "unreadable": gettext_noop("The file is not a readable PDF."),
}


class Command(BaseCommand):
    help = "Verify the signature of a report PDF (exit 0 authentic, 1 not, 2 check failed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        verdict = verify_pdf(path.read_bytes())
        if verdict.failed:
            raise CommandError(
                _("The signature could not be checked: %(detail)s") % {"detail": verdict.detail},
                returncode=2,
            )
        if not verdict.authentic:
            raise CommandError(f"{verdict.code}: {_(REASONS[verdict.code])}", returncode=1)
        when = verdict.signed_at.strftime("%d/%m/%Y %H:%M") if verdict.signed_at else ""
        self.stdout.write(
            _("Authentic: signed by %(signer)s %(when)s") % {"signer": verdict.signer, "when": when}
        )
