"""Attachments: the type read from the content (never the name), 10 MB at most, stored privately,
served only to members of the organisation and to staff."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keurmerk.selfevaluations import files
from keurmerk.selfevaluations.models import Attachment
from tests.conftest import client_for

from .conftest import answer_for

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 128


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("leesmij.txt", "hallo")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (docx_bytes(), files.DOCX.content_type),
        (xlsx_bytes(), files.XLSX.content_type),
    ],
)
def test_accepted_types_by_content(content, expected):
    assert files.detect(content, "wat-dan-ook.bin").content_type == expected


@pytest.mark.parametrize("content", [EXE, plain_zip(), b"gewoon tekst", b"<html><script>alert(1)</script>"])
def test_other_content_is_refused_whatever_the_name(content):
    with pytest.raises(Exception, match="geen toegestaan bestand"):
        files.detect(content, "rapport.pdf")


def _upload(client, answer, name, content):
    return client.post(
        f"/zelfevaluatie/antwoord/{answer.pk}/bijlage/",
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_png_named_pdf_is_stored_as_png_privately(self_evaluation, users, private_media, settings):
    answer = answer_for(self_evaluation, "clientervaringen-meten")
    response = _upload(client_for(users["member"]), answer, "uitkomsten.pdf", PNG)
    assert "De bijlage ‘uitkomsten.pdf’ is toegevoegd." in response.text
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name, attachment.size) == (
        "image/png",
        "uitkomsten.pdf",
        len(PNG),
    )
    stored = files.path_of(attachment)
    assert stored.read_bytes() == PNG and private_media in stored.parents and stored.suffix == ".png"
    assert not str(stored).startswith(str(settings.MEDIA_ROOT)) and not str(stored).startswith(
        str(settings.STATIC_ROOT)
    )


def test_an_exe_renamed_pdf_is_refused(self_evaluation, users):
    answer = answer_for(self_evaluation, "clientervaringen-meten")
    response = _upload(client_for(users["member"]), answer, "rapport.pdf", EXE)
    assert (
        "‘rapport.pdf’ is geen toegestaan bestand. Upload een PDF, Word (DOCX), Excel (XLSX), PNG of JPEG-bestand."
        in response.text
    )
    assert not Attachment.objects.exists()


def test_more_than_10_mb_is_refused(self_evaluation, users):
    answer = answer_for(self_evaluation, "clientervaringen-meten")
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = _upload(client_for(users["member"]), answer, "groot.pdf", big)
    assert "‘groot.pdf’ is groter dan 10 MB" in response.text
    assert not Attachment.objects.exists()
    assert (
        files.detect(PDF + b"0" * (10 * 1024 * 1024 - len(PDF)), "precies.pdf") == files.PDF
    )  # 10 MB exactly


def test_served_only_to_members_and_staff(self_evaluation, users):
    answer = answer_for(self_evaluation, "clientervaringen-meten")
    _upload(client_for(users["member"]), answer, "cq.pdf", PDF)
    url = f"/zelfevaluatie/bijlage/{Attachment.objects.get().pk}/"
    expected = {
        "anonymous": 302,
        "member": 200,
        "outsider": 404,
        "insurer": 403,
        "assessor": 200,
        "director": 200,
        "administrator": 200,
    }
    for role, status in expected.items():
        response = client_for(users[role]).get(url)
        assert response.status_code == status, role
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert (
                response["Content-Type"] == "application/pdf"
                and "attachment;" in response["Content-Disposition"]
            )
            assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(None).get(url)["Location"].startswith("/account/login/")


def test_removing_keeps_a_file_that_another_answer_shares(
    self_evaluation, users, django_capture_on_commit_callbacks
):
    client = client_for(users["member"])
    first, second = (
        answer_for(self_evaluation, "clientervaringen-meten"),
        answer_for(self_evaluation, "doelstellingen-clientervaringen"),
    )
    _upload(client, first, "a.pdf", PDF)
    _upload(client, second, "b.pdf", PDF)
    a, b = Attachment.objects.order_by("pk")
    assert a.path == b.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/zelfevaluatie/bijlage/{a.pk}/verwijderen/")
    assert files.path_of(b).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/zelfevaluatie/bijlage/{b.pk}/verwijderen/")
    assert not Attachment.objects.exists() and not files.path_of(b).exists()


def test_outsider_cannot_upload_or_remove(self_evaluation, users):
    answer = answer_for(self_evaluation, "clientervaringen-meten")
    _upload(client_for(users["member"]), answer, "a.pdf", PDF)
    outsider = client_for(users["outsider"])
    assert (
        outsider.post(
            f"/zelfevaluatie/antwoord/{answer.pk}/bijlage/", {"file": SimpleUploadedFile("x.pdf", PDF)}
        ).status_code
        == 404
    )
    assert (
        outsider.post(f"/zelfevaluatie/bijlage/{Attachment.objects.get().pk}/verwijderen/").status_code == 404
    )
    assert Attachment.objects.count() == 1
