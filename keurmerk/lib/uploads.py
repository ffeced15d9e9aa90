"""Uploaded files: the type is read from the content (never the name), the size is limited, and the
file is stored under PRIVATE_MEDIA_ROOT, outside every public URL (served through access checks)."""

import uuid
import zipfile
from pathlib import Path

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


def _office_type(uploaded):
    """DOCX and XLSX are ZIP archives: tell them apart by the parts inside, not by the name."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        uploaded.seek(0)
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    return None


def detect_type(head: bytes):
    """The allowed extension matching the content, or None (ZIP-based formats: see _office_type)."""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    for match in matches:
        extension = ".jpg" if match.extension in (".jpg", ".jpeg", ".jfif") else match.extension
        if extension in ALLOWED:
            return extension
    return None


def check_upload(uploaded):
    """Return (extension, content type) of an allowed file, or raise a Dutch ValidationError."""
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("‘%(name)s’ is groter dan 10 MB. Verklein het bestand of deel het op.")
            % {"name": uploaded.name}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    extension = _office_type(uploaded) if head.startswith(b"PK\x03\x04") else detect_type(head)
    if extension is None:
        raise ValidationError(
            _(
                "‘%(name)s’ is geen PDF, DOCX, XLSX, PNG of JPEG. Alleen die bestandssoorten worden aangenomen."
            )
            % {"name": uploaded.name}
        )
    return extension, ALLOWED[extension]


def store_private(uploaded, folder, extension) -> str:
    """Write the upload under PRIVATE_MEDIA_ROOT/folder with a random name; return the relative path."""
    relative = Path(folder) / f"{uuid.uuid4().hex}{extension}"
    target = Path(settings.PRIVATE_MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return str(relative)


def private_path(relative) -> Path:
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValidationError("Ongeldig pad")
    return path
