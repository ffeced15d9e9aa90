"""Uploaded files: the type is read from the content (never from the name), the size is limited,
and files are stored under PRIVATE_MEDIA_ROOT, outside every public URL (a view that checks access
serves them).

Accepted: PDF, DOCX, XLSX, PNG and JPEG up to 10 MB. puremagic recognises the first bytes; Word and
Excel files are both ZIP containers, so for those the list of names inside the container decides
(nothing is unpacked).
"""

import functools
import hashlib
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_LABEL = "PDF, Word (DOCX), Excel (XLSX), PNG of JPEG"
JPEG_EXTENSIONS = {".jpg", ".jpeg", ".jfif", ".jpe"}
OOXML_EXTENSIONS = {".docx", ".xlsx", ".pptx", ".zip"}


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)")


def _refuse(name):
    return ValidationError(
        _("‘%(name)s’ is geen toegestaan bestand. Upload een %(allowed)s-bestand.")
        % {"name": name, "allowed": ALLOWED_LABEL},
        code="type",
    )


def _office_type(content):
    """DOCX or XLSX by the parts inside the ZIP container, or None."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _magic_extensions(content):
    try:
        matches = puremagic.magic_string(content)
    except puremagic.PureError:
        return set()
    if not matches:
        return set()
    best = max(m.confidence for m in matches)
    return {m.extension.lower() for m in matches if m.confidence == best}


def detect(content, name):
    """The FileType of `content`, or ValidationError naming the file (the name is only quoted)."""
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(too_large_message(name), code="size")
    if not content:
        raise ValidationError(_("‘%(name)s’ is leeg.") % {"name": name}, code="empty")
    extensions = _magic_extensions(content)
    if ".pdf" in extensions:
        return PDF
    if ".png" in extensions:
        return PNG
    if extensions & JPEG_EXTENSIONS:
        return JPEG
    if extensions & OOXML_EXTENSIONS:
        office = _office_type(content)
        if office:
            return office
    raise _refuse(name)


def root():
    return Path(settings.PRIVATE_MEDIA_ROOT)


def store(content, file_type, folder):
    """Write the bytes once under their SHA-256 in `folder`; returns (relative path, sha256)."""
    sha = hashlib.sha256(content).hexdigest()
    relative = f"{folder}/{sha[:2]}/{sha}.{file_type.extension}"
    target = root() / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)  # atomic: a reader never sees half a file
    return relative, sha


def private_path(relative):
    """The absolute path of a stored file; refuses anything outside the private root."""
    base = root().resolve()
    path = (base / relative).resolve()
    if base not in path.parents:
        raise ValueError("path outside PRIVATE_MEDIA_ROOT")
    return path


class LimitedUploadHandler(FileUploadHandler):
    """Stop reading an uploaded file as soon as it passes `limit` bytes: the rest of that file is
    skipped, never kept in memory or on disk. The names of refused files are put on
    `request.refused_uploads` for the view to report."""

    def __init__(self, request=None, *, limit=MAX_ATTACHMENT_BYTES):
        super().__init__(request)
        self.limit, self.received = limit, 0
        request.refused_uploads = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.refused_uploads.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_uploads(view, *, max_files=5):
    """Install LimitedUploadHandler before the request body is read (so CSRF is checked after
    it), and do not read at all a body that declares more than `max_files` full files: the view
    then finds `request.upload_too_large` set and empty POST data."""

    @functools.wraps(view)
    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        request.upload_handlers.insert(0, LimitedUploadHandler(request))
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        request.upload_too_large = declared > MAX_ATTACHMENT_BYTES * max_files + 1024 * 1024
        if request.upload_too_large:
            # Django's own way to leave POST and FILES empty. Without a body there is no CSRF token
            # to check either; the view only shows the form with the refusal (nothing is written).
            request._mark_post_parse_error()
            return view(request, *args, **kwargs)
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapped


def too_large_total_message(max_files=5):
    return _("De bijlagen zijn samen te groot: stuur hoogstens %(n)s bestanden van elk tot 10 MB.") % {
        "n": max_files
    }


def too_large_message(name):
    return _("‘%(name)s’ is groter dan 10 MB. Verklein het bestand of splits het op.") % {"name": name}
