"""Uploads stop at settings.MAX_UPLOAD_BYTES: the rest of an oversized file is never written to disk."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

REFUSED_ATTRIBUTE = "refused_uploads"


def refused_uploads(request: HttpRequest) -> dict[str, str]:
    """Form field name -> file name of every upload refused for its size in this request."""
    return getattr(request, REFUSED_ATTRIBUTE, {})


def size_limit_text() -> str:
    megabytes = settings.MAX_UPLOAD_BYTES / (1024 * 1024)
    return f"{megabytes:,.0f} MB" if megabytes >= 1 else f"{settings.MAX_UPLOAD_BYTES:,} bytes"


class SizeLimitUploadHandler(FileUploadHandler):
    """First of the upload handlers: counts each file's bytes and skips the file once it passes the limit.

    The skipped file never reaches the form, so views ask refused_uploads() to say why it is missing.
    """

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            if self.request is not None:
                refused = getattr(self.request, REFUSED_ATTRIBUTE, {})
                refused[self.field_name] = self.file_name
                setattr(self.request, REFUSED_ATTRIBUTE, refused)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
