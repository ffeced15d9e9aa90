"""Self-evaluation attachments: detection and storage come from `keurmerk.lib.uploads`; a file
shared by a revision or a carried-forward answer is stored once and removed when nothing refers to it."""

from keurmerk.lib import uploads
from keurmerk.lib.uploads import DOCX, JPEG, MAX_ATTACHMENT_BYTES, PDF, PNG, XLSX, FileType, detect  # noqa: F401

FOLDER = "selfevaluations"


def store(content, file_type):
    return uploads.store(content, file_type, FOLDER)


def path_of(attachment):
    return uploads.private_path(attachment.path)


def remove_if_unreferenced(relative):
    from .models import Attachment

    if Attachment.objects.filter(path=relative).exists():
        return
    path = (uploads.root() / relative).resolve()
    if uploads.root().resolve() in path.parents:
        path.unlink(missing_ok=True)
