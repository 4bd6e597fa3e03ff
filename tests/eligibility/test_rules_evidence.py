"""Evidence uploads are checked by their content, not their name."""

import pytest
from django.core.exceptions import ValidationError

from eligibility.rules import EVIDENCE_TYPES, check_evidence_file

TEN_MB = 10 * 1024 * 1024

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
JPEG_EXIF = b"\xff\xd8\xff\xe1\x00\x18Exif\x00\x00II*\x00\x08\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 40
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20
TEXT = b"This is my lease, honest.\n"
HTML = b"<!DOCTYPE html><html><body>%PDF-1.4</body></html>"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"


@pytest.mark.parametrize(
    ("head", "mime"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (JPEG_EXIF, "image/jpeg")],
)
def test_accepted_types(head, mime):
    assert check_evidence_file(head, len(head), TEN_MB) == mime
    assert mime in EVIDENCE_TYPES


@pytest.mark.parametrize(
    "head", [EXE, ZIP, TEXT, HTML, GIF, b""], ids=["exe", "zip", "text", "html", "gif", "empty"]
)
def test_refused_types(head):
    with pytest.raises(ValidationError) as excinfo:
        check_evidence_file(head, len(head), TEN_MB)
    assert "must be a PDF, JPEG or PNG" in excinfo.value.messages[0]
    assert excinfo.value.code == "invalid_file_type"


@pytest.mark.parametrize("head", [PDF, PNG, JPEG])
def test_ten_megabytes_exactly_is_accepted(head):
    assert check_evidence_file(head, TEN_MB, TEN_MB) in EVIDENCE_TYPES


@pytest.mark.parametrize("head", [PDF, PNG, JPEG])
def test_one_byte_over_ten_megabytes_is_refused(head):
    with pytest.raises(ValidationError) as excinfo:
        check_evidence_file(head, TEN_MB + 1, TEN_MB)
    assert "at most 10 MB" in excinfo.value.messages[0]
    assert excinfo.value.code == "file_too_large"


def test_an_executable_is_refused_even_when_small():
    with pytest.raises(ValidationError):
        check_evidence_file(EXE, 100, TEN_MB)
