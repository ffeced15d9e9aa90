"""Complaint attachments are read only up to the 10 MB limit: a bigger file is refused by name and
nothing is filed; a request far bigger than five such files is refused before its body is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import RequestFactory

from keurmerk.complaints.models import Complaint, ComplaintAttachment
from keurmerk.cycles.models import Participation, State
from keurmerk.lib.uploads import MAX_ATTACHMENT_BYTES, LimitedUploadHandler
from tests.conftest import client_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def withdrawn(participation):
    Participation.objects.filter(pk=participation.pk).update(state=State.WITHDRAWN)
    return participation


def _file(name, size):
    return SimpleUploadedFile(name, PNG + b"\x00" * (size - len(PNG)), content_type="image/png")


def test_a_file_over_the_limit_is_refused_by_name_and_nothing_is_filed(withdrawn, users, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = client_for(users["member"])
    files = [_file("klein.png", 1000), _file("te-groot.png", MAX_ATTACHMENT_BYTES + 1)]
    response = client.post(f"/klachten/indienen/{withdrawn.pk}/", {"text": "Onterecht.", "files": files})
    assert response.status_code == 400
    assert "‘te-groot.png’ is groter dan 10 MB" in response.text
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()
    assert not any(tmp_path.rglob("*.png"))


def test_files_at_the_limit_are_filed(withdrawn, users, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = client_for(users["member"])
    response = client.post(
        f"/klachten/indienen/{withdrawn.pk}/",
        {"text": "Onterecht.", "files": [_file("a.png", MAX_ATTACHMENT_BYTES)]},
    )
    assert response.status_code == 302
    assert Complaint.objects.get().attachments.get().size == MAX_ATTACHMENT_BYTES


def test_the_handler_stops_at_the_limit_without_keeping_the_rest():
    request = RequestFactory().post("/")
    handler = LimitedUploadHandler(request, limit=100)
    handler.new_file("files", "groot.pdf", "application/pdf", 1000)
    assert handler.receive_data_chunk(b"x" * 64, 0) == b"x" * 64
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 64, 64)
    assert request.refused_uploads == ["groot.pdf"]


def test_a_request_declaring_more_than_five_full_files_is_not_read(withdrawn, users):
    """The declared size says it all: the view refuses it without reading the body (the test
    client's payload fails on any read beyond the bytes it holds)."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(BOUNDARY, {"text": "x", "files": _file("groot.png", 100_000)}) + b"\r\n" * 500_000
    declared = 5 * MAX_ATTACHMENT_BYTES + 2 * 1024 * 1024
    response = client_for(users["member"]).generic(
        "POST",
        f"/klachten/indienen/{withdrawn.pk}/",
        data=body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(declared),
    )
    assert response.status_code == 400 and "De bijlagen zijn samen te groot" in response.text
    assert not Complaint.objects.exists()
