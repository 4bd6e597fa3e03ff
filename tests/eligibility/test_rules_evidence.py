"""Evidence uploads are checked by opening them, not by their name or first bytes (issue 11 item 5).

Every file here is real and small, made in the test with the library that opens it (pypdf,
Pillow), then disguised: a PDF or image header followed by HTML or random bytes, a truncated
file, a password-protected PDF, a PDF without pages.
"""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfWriter

from eligibility.rules import EVIDENCE_TYPES, check_evidence_file

from ..factories import image_file, pdf_file

TEN_MB = 10 * 1024 * 1024

PDF = pdf_file()
PNG = image_file("PNG")
JPEG = image_file("JPEG")
NOISE = random.Random(11).randbytes(4096)  # fixed seed: the same bytes every run
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n" * 20


def _pdf(*, pages: int = 1, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "mime"),
    [
        (PDF, "application/pdf"),
        (pdf_file(pages=3), "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (image_file("JPEG", size=(1600, 1200)), "image/jpeg"),
    ],
    ids=["pdf", "pdf-3-pages", "png", "jpeg", "jpeg-photo-size"],
)
def test_real_files_are_accepted_and_left_at_their_start(content, mime):
    stream = io.BytesIO(content)
    assert check_evidence_file(stream, len(content), TEN_MB) == mime
    assert stream.tell() == 0
    assert mime in EVIDENCE_TYPES


@pytest.mark.parametrize(
    ("content", "format_name"),
    [
        (b"%PDF-1.4\n" + HTML, "PDF"),
        (b"%PDF-1.4\n" + NOISE, "PDF"),
        (PDF[: len(PDF) // 2], "PDF"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "PDF"),
        (_pdf(pages=0), "PDF"),
        (_pdf(password="secret"), "PDF"),
        (PNG[:33] + HTML, "PNG"),
        (b"\x89PNG\r\n\x1a\n" + NOISE, "PNG"),
        (PNG[:-20], "PNG"),
        (JPEG[:200] + HTML, "JPEG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + NOISE, "JPEG"),
        (JPEG[: len(JPEG) // 2], "JPEG"),
    ],
    ids=[
        "pdf-header-then-html",
        "pdf-header-then-random-bytes",
        "pdf-truncated",
        "pdf-skeleton-without-pages",
        "pdf-with-no-pages",
        "pdf-with-a-password",
        "png-header-then-html",
        "png-signature-then-random-bytes",
        "png-truncated",
        "jpeg-header-then-html",
        "jfif-marker-then-random-bytes",
        "jpeg-truncated",
    ],
)
def test_disguised_or_damaged_files_are_refused(content, format_name):
    with pytest.raises(ValidationError) as excinfo:
        check_evidence_file(io.BytesIO(content), len(content), TEN_MB)
    assert excinfo.value.code == "unreadable_file"
    assert excinfo.value.messages == [
        f"The file could not be opened as a {format_name}: it is damaged, protected by a password, "
        f"or not really a {format_name}."
    ]


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 40
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"


@pytest.mark.parametrize(
    "content",
    [EXE, ZIP, b"This is my lease, honest.\n", HTML, GIF, NOISE, b""],
    ids=["exe", "zip", "text", "html", "gif", "random", "empty"],
)
def test_other_types_are_refused_by_their_first_bytes(content):
    with pytest.raises(ValidationError) as excinfo:
        check_evidence_file(io.BytesIO(content), len(content), TEN_MB)
    assert excinfo.value.messages == ["The file must be a PDF, JPEG or PNG document or photo."]
    assert excinfo.value.code == "invalid_file_type"


class Unreadable(io.BytesIO):
    """A stream that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("an oversized file was read")


@pytest.mark.parametrize("content", [PDF, PNG, JPEG], ids=["pdf", "png", "jpeg"])
def test_ten_megabytes_exactly_is_not_refused_for_its_size(content):
    assert check_evidence_file(io.BytesIO(content), TEN_MB, TEN_MB) in EVIDENCE_TYPES


@pytest.mark.parametrize("content", [PDF, PNG, JPEG, EXE], ids=["pdf", "png", "jpeg", "exe"])
def test_one_byte_over_ten_megabytes_is_refused_before_reading_a_byte(content):
    with pytest.raises(ValidationError) as excinfo:
        check_evidence_file(Unreadable(content), TEN_MB + 1, TEN_MB)
    assert excinfo.value.messages == ["The file must be at most 10 MB."]
    assert excinfo.value.code == "file_too_large"


def test_a_decompression_bomb_is_refused():
    # 12,000 x 12,000 pixels of one colour: a few hundred KB of PNG, 430 MB once decoded.
    bomb = image_file("PNG", size=(12_000, 12_000))
    assert len(bomb) < TEN_MB
    with pytest.raises(ValidationError) as excinfo:
        check_evidence_file(io.BytesIO(bomb), len(bomb), TEN_MB)
    assert excinfo.value.code == "unreadable_file"
