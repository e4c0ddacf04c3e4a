"""Signed report PDFs (PAdES) and their check.

The signing key and certificate and the CA certificate trusted by the check live in
`settings.PCMT_REPORT_SIGNING_DIR`. Outside production a demo CA and signer are generated
there when missing (`demo_credentials`); in production they are installed by the operator.
"""

import asyncio
import datetime
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

KEY, CERT, CA = "signer.key.pem", "signer.cert.pem", "ca.cert.pem"
FIELD = "PCMT"


# What a malformed or altered file makes pyHanko and asn1crypto raise; anything else is
# a fault of the check itself, reported as such rather than blamed on the file.
FILE_FAULTS: tuple[type[Exception], ...] = (PdfError, ValueError, KeyError, IndexError, TypeError)


class SigningUnavailable(Exception):
    """No signing credentials are installed (production without them)."""


def _without_loop[T](function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Call `function`, which runs its own event loop, from any thread.

    pyHanko's synchronous API wraps `asyncio.run`, which refuses to start in a thread whose
    loop is running (an async view, a browser test); there it runs in a worker thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(1, thread_name_prefix="pcmt-signing") as worker:
        return worker.submit(function, *args, **kwargs).result()


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PCMT"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def demo_credentials(directory: Path) -> None:
    """A test CA and a signer it certifies, written to `directory` (demo and tests only)."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("PCMT demo CA (not for production)")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("PCMT demo report signer"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    (directory / KEY).write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (directory / KEY).chmod(0o600)
    (directory / CERT).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / CA).write_bytes(ca.public_bytes(serialization.Encoding.PEM))


def _directory() -> Path:
    directory = Path(settings.PCMT_REPORT_SIGNING_DIR)
    if not (directory / KEY).exists():
        if getattr(settings, "PRODUCTION", False):
            raise SigningUnavailable(str(directory))
        demo_credentials(directory)
    return directory


def sign_pdf(data: bytes, *, reason: str = "", location: str = "") -> bytes:
    """The PDF with a PAdES signature over the whole file."""
    directory = _directory()
    signer = signers.SimpleSigner.load(
        str(directory / KEY), str(directory / CERT), ca_chain_files=(str(directory / CA),)
    )
    if signer is None:
        raise SigningUnavailable(str(directory))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, subfilter=SigSeedSubFilter.PADES, reason=reason, location=location
    )
    out = io.BytesIO()
    _without_loop(
        signers.PdfSigner(meta, signer=signer).sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(data)),
        output=out,
    )
    return out.getvalue()


@dataclass(frozen=True)
class Verdict:
    authentic: bool
    code: str  # authentic, unsigned, tampered, modified, untrusted, unreadable, error
    signer: str = ""
    signed_at: datetime.datetime | None = None
    detail: str = ""  # for `error`: what went wrong in the check itself

    @property
    def failed(self) -> bool:
        """The check could not be made: the file was not judged."""
        return self.code == "error"


def verify_pdf(data: bytes) -> Verdict:
    """Whether the PDF carries an intact signature over the whole file by a trusted signer.

    Works in any thread. A fault of the check itself (not of the file) is the verdict
    `error`, never `tampered`.
    """
    try:
        return _verify(data)
    except Exception as fault:
        return Verdict(False, "error", detail=f"{type(fault).__name__}: {fault}")


def _verify(data: bytes) -> Verdict:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except FILE_FAULTS:  # a damaged file is an answer, not a crash
        return Verdict(False, "unreadable")
    if not signatures:
        return Verdict(False, "unsigned")
    trust = Path(settings.PCMT_REPORT_SIGNING_DIR) / CA
    roots = [x509_load(trust)] if trust.exists() else []
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    signature = signatures[-1]
    try:
        status = _without_loop(validate_pdf_signature, signature, context)
    except FILE_FAULTS:  # a signature pyHanko cannot parse is not authentic
        return Verdict(False, "tampered")
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    if not status.intact or not status.valid:
        return Verdict(False, "tampered", signer)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return Verdict(False, "modified", signer)
    if not status.trusted:
        return Verdict(False, "untrusted", signer)
    return Verdict(True, "authentic", signer, status.signer_reported_dt)


def x509_load(path: Path) -> asn1_x509.Certificate:
    raw = path.read_bytes()
    if pem.detect(raw):
        _, _, raw = pem.unarmor(raw)
    return asn1_x509.Certificate.load(raw)
