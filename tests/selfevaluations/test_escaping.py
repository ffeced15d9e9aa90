"""Text is stored as typed and always escaped on output: a <script> and HTML in an answer, a web
address, a file name and a message render inert on every page and in the PDF."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations import selectors
from keurmerk.selfevaluations.models import Answer, Attachment
from keurmerk.selfevaluations.services import answer_save, message_post
from tests.conftest import client_for

from .conftest import answer_for, fill_all, submit

EVIL = '<script>alert("x")</script><b onmouseover="alert(1)">vet</b> & <img src=x onerror=alert(2)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def evil(self_evaluation, users):
    fill_all(self_evaluation)
    answer = answer_for(self_evaluation, "wachttijd-kort")
    answer_save(answer=answer, user=users["member"], version=0, explanation=EVIL)
    Attachment.objects.create(
        answer=answer,
        path="selfevaluations/xx/x.pdf",
        sha256="x",
        original_name="<script>a.pdf",
        content_type="application/pdf",
        size=1,
    )
    message_post(self_evaluation=self_evaluation, user=users["member"], text=EVIL)
    return self_evaluation


def _assert_inert(html):
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<img src=x" not in html
    assert ESCAPED in html


def test_stored_as_typed(evil):
    assert Answer.objects.get(self_evaluation=evil, criterion__key="wachttijd-kort").explanation == EVIL


def test_inert_on_every_page(evil, users):
    member, assessor = client_for(users["member"]), client_for(users["assessor"])
    pages = [
        member.get(f"/zelfevaluatie/{evil.pk}/"),
        member.get(f"/zelfevaluatie/{evil.pk}/dialoog/"),
        assessor.get(f"/zelfevaluatie/staf/{evil.pk}/"),
        assessor.get(f"/zelfevaluatie/{evil.pk}/dialoog/"),
    ]
    for response in pages:
        assert response.status_code == 200
        _assert_inert(response.text)
    conflict = member.post(
        f"/zelfevaluatie/antwoord/{answer_for(evil, 'wachttijd-kort').pk}/",
        {"version": 0, "explanation": EVIL},
        HTTP_HX_REQUEST="true",
    )
    assert conflict.status_code == 409
    _assert_inert(conflict.text)
    assert "&lt;script&gt;a.pdf" in pages[0].text


def test_inert_after_submitting_and_in_the_pdf(evil, users):
    submit(evil, users["member"])
    Participation.objects.filter(pk=evil.participation_id).update(state=State.SUBMITTED)
    _assert_inert(client_for(users["member"]).get(f"/zelfevaluatie/{evil.pk}/").text)
    html = render_to_string(
        "selfevaluations/pdf.html", {"self_evaluation": evil, "page": selectors.questions_page(evil)}
    )
    _assert_inert(html)
    response = client_for(users["member"]).get(f"/zelfevaluatie/{evil.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    # The markup is printed as the characters the member typed, not interpreted.
    assert '<script>alert("x")</script>' in text.replace("\n", "") and "onmouseover" in text
