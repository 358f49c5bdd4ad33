"""KYC documents: recognised from their first bytes, never from the name the client gave."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from werkzeug.datastructures import FileStorage

from ...core.entities import KycFile
from ...core.kyc import kyc_file
from .validation import RuleFailed, label, required

MAX_FILE_KILOBYTES = 5120
ALLOWED = "jpg, jpeg, png, pdf"
# The whole multipart body: two files at the limit plus the text fields, with room to spare.
MAX_BODY_BYTES = 12 * 1024 * 1024

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def sniff(data: bytes) -> str | None:
    """The content type the bytes prove, as PHP's finfo would for these three formats."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def document(files: Mapping[str, FileStorage]) -> Callable[[str, object], KycFile]:
    """A rule for one document field: required, a file, jpg/png/pdf, at most 5 MB."""

    def check(name: str, value: object) -> KycFile:
        storage = files.get(name)
        if storage is None:
            required(name, value)
            raise RuleFailed(f"The {label(name)} field must be a file.")
        data = storage.read(MAX_FILE_KILOBYTES * 1024 + 1)
        if len(data) > MAX_FILE_KILOBYTES * 1024:
            raise RuleFailed(f"The {label(name)} field must not be greater than {MAX_FILE_KILOBYTES} kilobytes.")
        content_type = sniff(data)
        if content_type is None:
            raise RuleFailed(f"The {label(name)} field must be a file of type: {ALLOWED}.")
        return kyc_file(name, storage.filename or name, content_type, data)

    return check
