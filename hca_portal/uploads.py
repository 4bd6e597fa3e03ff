"""Oversized uploads are refused without being stored or read whole.

`SizeLimitUploadHandler` is the first of settings.FILE_UPLOAD_HANDLERS. It passes a file's bytes
on to Django's memory and temporary-file handlers only up to settings.EVIDENCE_MAX_BYTES; past
that (or from the first byte when the request's Content-Length already shows an oversized body)
it keeps only the count and hands the form an empty `OversizedUpload` of the real size, so the
evidence rule (eligibility.rules.check_evidence_file) refuses it by its size, with a message on
the file field, before opening anything.
"""

from __future__ import annotations

import hashlib
import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """An upload over the limit: its name and size, none of its content."""

    def __init__(self, name: str, content_type: str | None, size: int, charset: str | None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.max_bytes = settings.EVIDENCE_MAX_BYTES
        self.body_too_large = False
        self.received = 0
        self.oversized = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body longer than one file at the limit plus the most the form's fields may take
        # cannot carry an acceptable file: store none of its files.
        self.body_too_large = content_length > self.max_bytes + settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = self.body_too_large or (self.content_length or 0) > self.max_bytes

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.oversized = self.oversized or self.received > self.max_bytes
        return None if self.oversized else raw_data

    def file_complete(self, file_size):
        if not self.oversized:
            return None
        return OversizedUpload(self.file_name, self.content_type, self.received, self.charset)


def sha256_of(uploaded_file) -> str:
    """The SHA-256 of an uploaded file, read in chunks and rewound for the storage to save it."""
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()
