"""The first upload handler stores nothing of a file past the evidence limit (issue 11 item 5)."""

import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.test import RequestFactory

from hca_portal.uploads import OversizedUpload, SizeLimitUploadHandler

LIMIT = 64 * 1024


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.EVIDENCE_MAX_BYTES = LIMIT


def _files(size: int, **extra):
    request = RequestFactory().post(
        "/", {"kind": "ead", "file": SimpleUploadedFile("scan.pdf", b"x" * size)}, **extra
    )
    return request, request.FILES


class Counting(SizeLimitUploadHandler):
    """Records how many bytes it passed on to Django's memory and temporary-file handlers."""

    passed = 0

    def receive_data_chunk(self, raw_data, start):
        chunk = super().receive_data_chunk(raw_data, start)
        type(self).passed += len(chunk or b"")
        return chunk


@pytest.mark.parametrize("size", [1, LIMIT])
def test_a_file_within_the_limit_is_received_whole(size):
    request, files = _files(size)
    upload = files["file"]
    assert isinstance(upload, InMemoryUploadedFile)
    assert upload.size == size and len(upload.read()) == size
    assert request.POST["kind"] == "ead"


def test_one_byte_over_the_limit_arrives_as_its_size_without_its_content(settings):
    settings.FILE_UPLOAD_HANDLERS = ["tests.hca_portal.test_uploads.Counting"] + [
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    Counting.passed = 0
    request, files = _files(LIMIT + 1)
    upload = files["file"]
    assert isinstance(upload, OversizedUpload)
    assert (upload.name, upload.size, upload.read()) == ("scan.pdf", LIMIT + 1, b"")
    assert Counting.passed <= LIMIT
    assert request.POST["kind"] == "ead"


def test_a_body_whose_length_already_shows_an_oversized_file_stores_none_of_it(settings):
    handler = SizeLimitUploadHandler()
    handler.handle_raw_input(io.BytesIO(), {}, LIMIT + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1, b"b")
    handler.new_file("file", "scan.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"%PDF-1.7 first chunk", 0) is None
    upload = handler.file_complete(20)
    assert isinstance(upload, OversizedUpload) and upload.size == 20
