"""Browser (issue 5): an assessor judges a submitted self-evaluation and sends the Keurmerkrapportage
(not yet qualified); the provider reads it, revises criterion 1.1 and submits the revision; the
assessor sees the difference, judges everything met and sends the final report, which awards the
mark; the public verifies the certificate code. Set-up that would only add clicking (31 criteria) is
done with services; the key steps are done in the browser, with axe on every page visited."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import Certificate, Report, Verdict
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations import services
from keurmerk.selfevaluations.models import Answer, Round, SelfEvaluation, Status
from tests.conftest import amsterdam
from tests.selfevaluations.conftest import fill_all, private_media, submit  # noqa: F401 (autouse)

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DURING = amsterdam(2026, 11, 16, 10, 0)  # self-evaluation phase
ASSESSING = amsterdam(2027, 2, 10, 10, 0)  # before the first report is due (16 February)
DURING_REVISION = amsterdam(2027, 3, 1, 10, 0)  # revision phase: 17 February – 31 March
FINAL_ASSESSING = amsterdam(2027, 3, 10, 10, 0)  # before the final report is due (12 April)
AFTER_AWARD = amsterdam(2027, 5, 1, 12, 0)

KEY = "wachttijd-kort"  # criterion 1.1
NOT_MET = "Beschrijf hoe u de wachttijd bewaakt en wanneer u wachtenden belt."
REVISED = "Wij bellen elke wachtende na twee weken en bewaken de wachttijd maandelijks."
SAVED = re.compile(r"opgeslagen om \d\d:\d\d")


@pytest.fixture
def submitted(transactional_db, participation, users):
    """Org_a's first self-evaluation, every answer filled in, submitted on 16 November 2026."""
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(DURING, tick=True):
        self_evaluation = services.self_evaluation_start(participation=participation, user=users["member"])
        fill_all(self_evaluation)
        submit(self_evaluation, users["member"], reviewer_name="Dr. B. Behandelaar")
    self_evaluation.refresh_from_db()
    assert self_evaluation.status == Status.SUBMITTED
    return self_evaluation


def _judge_all_met_except(self_evaluation, user, key):
    """Every criterion 'voldaan' through the service, except `key` (left for the browser)."""
    assessment = assessing.assessment_for(self_evaluation)
    framework = self_evaluation.participation.cycle.framework
    for criterion in Criterion.objects.filter(norm__framework=framework).exclude(key=key):
        assessing.verdict_save(
            assessment=assessment, criterion=criterion, user=user, met=True, explanation="", version=0
        )
    return assessment


def _new_page(browser):
    return browser.new_context().new_page()


def _assessor_judges_not_met_and_sends(browser, live_server, se, users):
    page = _new_page(browser)
    page.goto(f"{live_server.url}/staf/beoordelen/")
    sign_in(page, users["assessor"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingediende zelfevaluaties")
    row = page.get_by_role("row").filter(has_text="Praktijk Amstel")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("16 februari 2027")  # the first report is due 16 February
    assert_accessible(page)
    row.get_by_role("link", name="Praktijk Amstel").click()
    expect(page).to_have_url(f"{live_server.url}/staf/beoordelen/{se.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beoordeling Praktijk Amstel 2027")
    expect(page.locator(".next-step")).to_contain_text("nog 31 verplichte criteria zonder oordeel")

    page.wait_for_load_state("networkidle")  # the in-memory test database allows one writer at a time
    assessment = _judge_all_met_except(se, users["assessor"], KEY)
    section = page.locator(f"#criterium-{KEY}")
    expect(section.get_by_role("heading", level=3)).to_have_text("Criterium 1.1")
    section.get_by_label("Niet voldaan", exact=True).check()
    # Typed like a person: the form saves a moment after the last key and is swapped by htmx.
    section.get_by_role("textbox").press_sequentially(NOT_MET)
    expect(section.get_by_role("status")).to_have_text(SAVED, timeout=10_000)
    verdict = Verdict.objects.get(assessment=assessment, criterion__key=KEY)
    assert (verdict.met, verdict.explanation, verdict.updated_by) == (False, NOT_MET, users["assessor"])
    # The explicit button (a plain post without JavaScript; with htmx the same fragment swap) saves once more.
    # The status already reads "opgeslagen" from the autosave: wait for this post's own answer.
    with page.expect_response(lambda r: "/oordeel/" in r.url and r.request.method == "POST") as answer:
        section.get_by_role("button", name="Oordeel opslaan").click()
    assert answer.value.status == 200
    expect(section.get_by_role("status")).to_have_text(SAVED, timeout=10_000)
    expect(page.get_by_text("Iemand anders heeft dit oordeel intussen gewijzigd")).to_have_count(0)
    verdict.refresh_from_db()
    assert (verdict.met, verdict.explanation, verdict.version) == (False, NOT_MET, 2)

    page.reload()
    section = page.locator(f"#criterium-{KEY}")
    expect(section.get_by_label("Niet voldaan", exact=True)).to_be_checked()
    expect(section.get_by_role("textbox")).to_have_value(NOT_MET)
    expect(page.locator(".next-step")).to_contain_text("Uitkomst tot nu toe: nog niet gekwalificeerd")
    assert_accessible(page)
    page.get_by_role("link", name="Keurmerkrapportage bekijken en versturen").click()
    # The confirmation: the report as the provider will see it, and what sending does.
    expect(page.get_by_role("heading", name="Wat er gebeurt als u verstuurt")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("kan eenmalig een aangepaste zelfevaluatie indienen")
    expect(page.get_by_role("main")).to_contain_text(f"niet voldaan – {NOT_MET}")
    assert not Report.objects.filter(assessment=assessment).exists()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, rapportage versturen").click()
    expect(page).to_have_url(re.compile(r"/rapportage/\d+/$"))
    report = Report.objects.get(assessment=assessment)
    expect(page).to_have_url(f"{live_server.url}/rapportage/{report.pk}/")
    expect(page.get_by_text("De Keurmerkrapportage is verstuurd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keurmerkrapportage 2027 – Praktijk Amstel")
    main = page.get_by_role("main")
    expect(main).to_contain_text("U heeft zich nog niet gekwalificeerd.")
    expect(main).to_contain_text(f"niet voldaan – {NOT_MET}")
    expect(main).to_contain_text("Deze norm heeft nog aandacht nodig.")
    assert_accessible(page)
    assert (report.round, report.qualified, report.sent_by) == (1, False, users["assessor"])
    criterion = next(c for n in report.content["norms"] for c in n["criteria"] if c["key"] == KEY)
    assert (criterion["met"], criterion["explanation"]) == (False, NOT_MET)
    assert Participation.objects.get(pk=se.participation_id).state == State.NOT_QUALIFIED
    page.context.close()
    return report


def _provider_reads_revises_and_submits(browser, live_server, se, report, users):
    page = _new_page(browser)
    page.goto(f"{live_server.url}/start/")
    sign_in(page, users["member"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn Keurmerk")
    card = page.locator(".next-step").filter(has_text="Praktijk Amstel – Keurmerk 2027")
    expect(card).to_contain_text("Status: Nog niet gekwalificeerd")
    expect(card).to_contain_text("Volgende stap: Pas uw zelfevaluatie aan en dien haar opnieuw in")
    assert_accessible(page)
    card.get_by_role("link", name="Keurmerkrapportage (10 februari 2027)").click()
    expect(page).to_have_url(f"{live_server.url}/rapportage/{report.pk}/")
    expect(page.get_by_role("main")).to_contain_text(NOT_MET)
    expect(page.get_by_role("main")).to_contain_text("U kunt eenmalig een aangepaste zelfevaluatie indienen.")
    assert_accessible(page)

    page.goto(f"{live_server.url}/zelfevaluatie/deelname/{se.participation_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelfevaluatie Keurmerk 2027")
    expect(page.get_by_role("heading", name="Aanpassing (eenmalig)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Aanpassing beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aangepaste zelfevaluatie Keurmerk 2027")
    revision = SelfEvaluation.objects.get(participation_id=se.participation_id, round=Round.REVISION)
    assert revision.based_on_id == se.pk and revision.status == Status.DRAFT
    expect(page).to_have_url(f"{live_server.url}/zelfevaluatie/{revision.pk}/")
    question = page.locator(f"#vraag-{KEY}")
    textarea = question.get_by_label("Toelichting: dat en hoe u aan dit criterium voldoet")
    expect(textarea).to_have_value("Zo voldoen wij eraan.")  # a copy of the first round
    assert_accessible(page)
    textarea.fill(REVISED)
    question.get_by_role("button", name="Opslaan", exact=True).click()
    expect(question.get_by_role("status")).to_have_text(SAVED)
    answer = Answer.objects.get(self_evaluation=revision, criterion__key=KEY)
    assert answer.explanation == REVISED and answer.updated_by == users["member"]

    page.get_by_role("link", name="Naar indienen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aangepaste zelfevaluatie Keurmerk 2027 indienen"
    )
    expect(page.get_by_text("Alle verplichte vragen zijn beantwoord.")).to_be_visible()
    expect(page.get_by_label("Naam behandelaar die heeft meegekeken")).to_have_value("Dr. B. Behandelaar")
    assert_accessible(page)
    page.get_by_label("Ingevuld door").fill("Anna Amstel, GZ-psycholoog")
    page.get_by_label("BIG-nummer behandelaar").fill("12345678901")
    page.get_by_role("button", name="Zelfevaluatie indienen").click()
    expect(page.get_by_role("main")).to_contain_text("De zelfevaluatie is ingediend.")
    expect(page.get_by_role("main")).to_contain_text("Deze versie kan niet meer worden gewijzigd.")
    assert_accessible(page)

    revision.refresh_from_db()
    assert revision.status == Status.SUBMITTED
    assert (revision.filled_in_by, revision.reviewer_big) == ("Anna Amstel, GZ-psycholoog", "12345678901")
    assert Answer.objects.get(self_evaluation=revision, criterion__key=KEY).explanation == REVISED
    assert Participation.objects.get(pk=se.participation_id).state == State.REVISION_SUBMITTED
    page.context.close()
    return revision


def _assessor_sees_difference_and_awards(browser, live_server, revision, users):
    page = _new_page(browser)
    page.goto(f"{live_server.url}/staf/beoordelen/")
    sign_in(page, users["assessor"])
    row = page.get_by_role("row").filter(has_text="aanpassing")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("12 april 2027")  # the final report is due 12 April
    row.get_by_role("link", name="Praktijk Amstel").click()
    expect(page).to_have_url(f"{live_server.url}/staf/beoordelen/{revision.pk}/")
    expect(page.get_by_role("main")).to_contain_text("Aangepaste zelfevaluatie (verschillen met de eerste")
    section = page.locator(f"#criterium-{KEY}")
    expect(section.locator(".diff ins")).not_to_have_count(0)
    expect(section.locator(".diff del")).not_to_have_count(0)
    expect(section.locator(".diff ins").first).to_be_visible()
    expect(section.locator(".diff")).to_contain_text("bewaken de wachttijd maandelijks.")
    expect(page.locator("article.assessment-criterion:has(.diff)")).to_have_count(1)  # only 1.1 changed
    assert_accessible(page)

    page.wait_for_load_state("networkidle")  # the in-memory test database allows one writer at a time
    assessment = _judge_all_met_except(revision, users["assessor"], KEY)
    section.get_by_label("Voldaan", exact=True).check()  # htmx saves the choice at once
    expect(section.get_by_role("status")).to_have_text(SAVED)
    verdict = Verdict.objects.get(assessment=assessment, criterion__key=KEY)
    assert (verdict.met, verdict.version) == (True, 1)
    page.reload()
    expect(page.locator(".next-step")).to_contain_text("Uitkomst tot nu toe: gekwalificeerd")
    page.get_by_role("link", name="Keurmerkrapportage bekijken en versturen").click()
    expect(page.get_by_role("main")).to_contain_text("Het Keurmerk wordt direct toegekend")
    page.get_by_role("button", name="Ja, rapportage versturen").click()
    expect(page).to_have_url(re.compile(r"/rapportage/\d+/$"))
    report = Report.objects.get(assessment=assessment)
    expect(page).to_have_url(f"{live_server.url}/rapportage/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eindrapportage 2027 – Praktijk Amstel")
    expect(page.get_by_role("main")).to_contain_text("U heeft zich gekwalificeerd voor het Keurmerk.")
    assert_accessible(page)
    assert (report.round, report.qualified) == (2, True)
    participation = Participation.objects.get(pk=revision.participation_id)
    assert participation.state == State.AWARDED
    certificate = Certificate.objects.get(participation=participation)
    assert re.fullmatch(r"([A-HJ-NP-Z2-9]{4}-){3}[A-HJ-NP-Z2-9]{4}", certificate.code)
    assert certificate.revoked_at is None and certificate.valid_from.isoformat() == "2027-01-01"
    page.context.close()
    return certificate


def _public_verifies(browser, live_server, certificate):
    page = _new_page(browser)
    page.goto(f"{live_server.url}/register/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificaat controleren")
    assert_accessible(page)
    page.get_by_label("Verificatiecode").fill(certificate.code.lower())  # typed without capitals
    page.get_by_role("button", name="Controleren").click()
    expect(page).to_have_url(f"{live_server.url}/register/verify/{certificate.code}")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Geldig.")
    expect(status).to_contain_text("Praktijk Amstel draagt het Keurmerk 2027 (vanaf 1 januari 2027).")
    assert_accessible(page)
    page.get_by_label("Verificatiecode").fill("ABCD-EFGH-JKLM-NPQR")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("status")).to_contain_text("Onbekend.")
    page.context.close()


def test_assessor_reports_provider_revises_and_public_verifies(
    transactional_db, live_server, submitted, users, browser
):
    with time_machine.travel(ASSESSING, tick=True):
        report = _assessor_judges_not_met_and_sends(browser, live_server, submitted, users)
    with time_machine.travel(DURING_REVISION, tick=True):
        revision = _provider_reads_revises_and_submits(browser, live_server, submitted, report, users)
    with time_machine.travel(FINAL_ASSESSING, tick=True):
        certificate = _assessor_sees_difference_and_awards(browser, live_server, revision, users)
    with time_machine.travel(AFTER_AWARD, tick=True):
        _public_verifies(browser, live_server, certificate)
    assert Report.objects.filter(participation_id=submitted.participation_id).count() == 2


def test_verdict_form_with_javascript(transactional_db, live_server, submitted, users, page):
    with time_machine.travel(ASSESSING, tick=True):
        posts = []
        page.on(
            "request", lambda r: posts.append(r.url) if r.method == "POST" and "/oordeel/" in r.url else None
        )
        page.goto(f"{live_server.url}/staf/beoordelen/{submitted.pk}/")
        sign_in(page, users["assessor"])
        assessment = assessing.assessment_for(submitted)

        # (1) The label 'Voldaan' at criterion 1.2 belongs to criterion 1.2.
        second = page.locator("article.assessment-criterion").nth(1)
        second.locator("label", has_text=re.compile("^Voldaan$")).click()
        expect(second.locator("input[name$='-met'][value='1']")).to_be_checked(timeout=2_000)
        expect(second.get_by_role("status")).to_have_text(SAVED)  # saved before the test reads the database
        assert not Verdict.objects.filter(assessment=assessment, criterion__key=KEY).exists()

        # (2) 'Niet voldaan' without an explanation: the server's refusal is shown.
        section = page.locator(f"#criterium-{KEY}")
        section.get_by_label("Niet voldaan", exact=True).check()
        expect(section).to_contain_text("Licht toe waarom", timeout=2_000)

        # (3) Typing the explanation and pressing the button saves once, without a conflict.
        posts.clear()
        section.get_by_role("textbox").fill(NOT_MET)
        section.get_by_role("button", name="Oordeel opslaan").click()
        expect(section.get_by_role("status")).to_have_text(SAVED)
        page.wait_for_timeout(1_000)
        expect(page.get_by_text("Iemand anders heeft dit oordeel intussen gewijzigd")).to_have_count(0)
        assert len(posts) == 1, posts
        verdict = Verdict.objects.get(assessment=assessment, criterion__key=KEY)
        assert (verdict.met, verdict.explanation, verdict.version) == (False, NOT_MET, 1)
