"""Consultation feeds the next framework: a disposition names the change in the concept it led to;
the change overview (page and PDF) shows per change the comments behind it, the consultation report
what became of each comment, and the concept's page the scores per norm and aspect."""

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.consultations.changes import change_ref, concept_changes
from keurmerk.consultations.models import Comment, Disposition
from keurmerk.consultations.services import ConsultationError, disposition_record
from tests.assessments.test_assessing import pdf_text
from tests.conftest import client_for

from .conftest import answers, submit

COMMENT = "Maak de wachttijdnorm concreter voor kleine praktijken."


@pytest.fixture
def linked(frameworks, invitee, users):
    """A submitted comment on the 2024 concept whose disposition names a criterion change."""
    framework = frameworks[2024]
    submit(invitee, answers(framework, 0, {("", ""): COMMENT}))
    comment = Comment.objects.get()
    change = next(c for c in concept_changes(framework) if c.subject == "criterion")
    disposition_record(
        comment=comment,
        kind="overgenomen",
        explanation="Verwerkt in het criterium.",
        user=users["administrator"],
        change=change_ref(change),
    )
    return {"comment": comment, "change": change, "framework": framework}


def test_the_disposition_records_the_change(linked):
    disposition = Disposition.objects.get()
    change = linked["change"]
    assert (disposition.change_subject, disposition.change_key) == ("criterion", change.key)
    event = AuditEvent.objects.filter(action="consultation.disposition").last()
    assert event.data["change"] == f"criterion:{change.key}"


def test_a_change_outside_the_overview_is_refused(linked, users):
    with pytest.raises(ConsultationError, match="wijzigingsoverzicht"):
        disposition_record(
            comment=linked["comment"],
            kind="overgenomen",
            explanation="",
            user=users["administrator"],
            change="criterion:bestaat-niet",
        )
    assert Disposition.objects.get().change_key == linked["change"].key


def test_no_change_clears_the_link(linked, users):
    disposition_record(
        comment=linked["comment"], kind="ter_kennisname", explanation="", user=users["administrator"]
    )
    assert Disposition.objects.get().change_ref == ""


def test_the_change_overview_shows_the_comments_behind_a_change(linked, users):
    year = linked["framework"].year
    text = client_for(users["administrator"]).get(f"/normen/{year}/wijzigingen/").content.decode()
    assert "1 reactie uit de consultatie leidde tot deze wijziging" in text
    article = text[text.index(linked["change"].label) :]
    assert COMMENT in article[: article.index("</article>")]
    assert "Verwerkt in het criterium." in text


def test_the_change_overview_pdf_shows_them_too(linked, users):
    response = client_for(users["director"]).get(f"/normen/{linked['framework'].year}/wijzigingen/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "leidde tot deze wijziging" in text and COMMENT in text


def test_other_visitors_see_how_many_but_not_the_words(linked, users):
    for role in ("anonymous", "member", "insurer"):
        response = client_for(users[role]).get(f"/normen/{linked['framework'].year}/wijzigingen/")
        assert response.status_code == 200  # a framework in consultation is public
        text = response.content.decode()
        assert "leidde tot deze wijziging" in text and COMMENT not in text, role


def test_the_report_says_what_became_of_each_comment(linked, users, invitee):
    round_pk = invitee.round.pk
    text = client_for(users["administrator"]).get(f"/consultatie/rondes/{round_pk}/rapport/").content.decode()
    assert "Leidde tot: " + linked["change"].label in text
    results = (
        client_for(users["administrator"]).get(f"/consultatie/rondes/{round_pk}/resultaten/").content.decode()
    )
    assert f'value="criterion:{linked["change"].key}" selected' in results


def test_the_disposition_form_links_a_change(frameworks, invitee, users):
    submit(invitee, answers(frameworks[2024], 0, {("", ""): COMMENT}))
    comment = Comment.objects.get()
    change = next(c for c in concept_changes(frameworks[2024]) if c.subject == "norm")
    prefix = f"afweging-{comment.pk}"
    url = f"/consultatie/rondes/{invitee.round.pk}/opmerkingen/{comment.pk}/afweging/"
    data = {f"{prefix}-kind": "overgenomen", f"{prefix}-explanation": "", f"{prefix}-version": "0"}
    response = client_for(users["administrator"]).post(
        url, {**data, f"{prefix}-change": "norm:niet-bestaand"}
    )
    assert response.status_code == 200 and "kies een wijziging uit de lijst" in response.content.decode()
    assert not Disposition.objects.exists()
    response = client_for(users["administrator"]).post(url, {**data, f"{prefix}-change": change_ref(change)})
    assert response.status_code == 302 and Disposition.objects.get().change_ref == change_ref(change)


def test_scores_per_norm_and_aspect_beside_the_norm_on_the_concept_page(frameworks, responded_round, users):
    year = frameworks[2024].year
    text = client_for(users["administrator"]).get(f"/normen/{year}/").content.decode()
    assert "Scores uit de consultatie bij norm 1" in text
    norm_1 = text[text.index('id="norm-1"') :]
    assert ">5,4<" in norm_1[: norm_1.index("</aside>")] and ">5,3<" in norm_1[: norm_1.index("</aside>")]
    public = client_for(None).get(f"/normen/{year}/")
    assert public.status_code == 200 and "Scores uit de consultatie" not in public.content.decode()


def test_only_a_comment_that_was_adopted_leads_to_a_change(linked, users):
    ref = change_ref(linked["change"])
    for kind in ("niet_overgenomen", "ter_kennisname"):
        with pytest.raises(ConsultationError, match="overgenomen opmerking"):
            disposition_record(
                comment=linked["comment"],
                kind=kind,
                explanation="Nee.",
                user=users["administrator"],
                change=ref,
            )
    assert Disposition.objects.get().kind == "overgenomen"
