"""The Keurmerkwijzer screens of our own: administrators add documents (checked by content), links
and FAQ to a published norm and set the toetsingskader; the public norm page, the self-evaluation
and the assessment show them with "bijgewerkt op …". Every URL × every role."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from keurmerk.audit.models import AuditEvent
from keurmerk.frameworks.models import Criterion, GuideItem, Norm
from keurmerk.frameworks.services import criterion_guidance_save, guide_item_save
from tests.conftest import ROLES, amsterdam, client_for, get_matrix

LOGIN = 302
ADMIN_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "administrator": 200}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def norm(framework_2022):
    return Norm.objects.get(framework=framework_2022, number="1")


@pytest.fixture
def objects(norm, users):
    document = guide_item_save(
        norm=norm,
        user=users["administrator"],
        kind="document",
        title="Handvat wachttijd",
        upload=(PDF, "handvat.pdf"),
    )
    criterion = norm.criteria.get(key="wachttijd-kort")
    return {"item": document.pk, "c": criterion.pk}


GETS = [
    ("/normen/2022/norm/1/keurmerkwijzer/", ADMIN_ONLY),
    ("/normen/keurmerkwijzer/{item}/", ADMIN_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(objects, users, role):
    get_matrix(role, users, GETS, objects)
    response = client_for(users[role]).get(f"/normen/keurmerkwijzer/{objects['item']}/bestand/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF  # public


def _state():
    return (
        list(GuideItem.objects.order_by("pk").values_list("pk", "title", "kind")),
        list(Criterion.objects.exclude(guidance="").values_list("pk", "guidance")),
        AuditEvent.objects.count(),
    )


POSTS = [
    (
        "/normen/2022/norm/1/keurmerkwijzer/toevoegen/",
        {"kind": "faq", "title": "Is deelname verplicht?", "body": "Nee, deelname is vrijwillig."},
        lambda o: GuideItem.objects.filter(title="Is deelname verplicht?").exists(),
    ),
    (
        "/normen/keurmerkwijzer/{item}/",
        {"kind": "document", "title": "Handvat (nieuw)"},
        lambda o: GuideItem.objects.get(pk=o["item"]).title == "Handvat (nieuw)",
    ),
    (
        "/normen/keurmerkwijzer/criterium/{c}/",
        {"c{c}-guidance": "Voldaan als de wachttijd wordt gemeten."},
        lambda o: Criterion.objects.get(pk=o["c"]).guidance.startswith("Voldaan"),
    ),
    (
        "/normen/keurmerkwijzer/{item}/verwijderen/",
        {},
        lambda o: not GuideItem.objects.filter(pk=o["item"]).exists(),
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(objects, users, role):
    client = client_for(users[role])
    before = _state()
    allowed = role == "administrator"
    for template, data, effect in POSTS:
        data = {k.format(**objects): v for k, v in data.items()}
        response = client.post(template.format(**objects), data)
        assert response.status_code == (302 if allowed else ADMIN_ONLY[role]), template
        assert effect(objects) == allowed, template
    if not allowed:
        assert _state() == before


def test_an_upload_is_checked_by_its_content(norm, users, admin_client):
    fake = SimpleUploadedFile("handvat.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = admin_client.post(
        "/normen/2022/norm/1/keurmerkwijzer/toevoegen/", {"kind": "document", "title": "Nep", "file": fake}
    )
    assert response.status_code == 400 and "geen toegestaan bestand" in response.text
    assert not GuideItem.objects.filter(title="Nep").exists()


def test_a_link_needs_its_address_and_faq_its_answer(norm, admin_client):
    response = admin_client.post(
        "/normen/2022/norm/1/keurmerkwijzer/toevoegen/", {"kind": "link", "title": "Site"}
    )
    assert response.status_code == 400 and "Vul het webadres van de website in." in response.text
    response = admin_client.post(
        "/normen/2022/norm/1/keurmerkwijzer/toevoegen/", {"kind": "faq", "title": "Vraag?"}
    )
    assert response.status_code == 400 and "Vul het antwoord op de vraag in." in response.text
    assert GuideItem.objects.filter(norm=norm).count() == 1  # only the shipped link


def test_the_public_norm_page_shows_the_guidance_with_its_dates(norm, users, client):
    with time_machine.travel(amsterdam(2026, 10, 5, 12), tick=False):
        guide_item_save(
            norm=norm,
            user=users["administrator"],
            kind="faq",
            title="Is deelname verplicht?",
            body="Nee. Deelname aan deze dialoog is vrijwillig.",
        )
        criterion_guidance_save(
            criterion=norm.criteria.get(key="wachttijd-kort"),
            user=users["administrator"],
            guidance="Voldaan als de wachttijd wordt bijgehouden.",
        )
    page = client.get("/normen/2022/norm/1/").text
    assert "Is deelname verplicht?" in page and "Voldaan als de wachttijd wordt bijgehouden." in page
    assert page.count("bijgewerkt op 5 oktober 2026") == 2
    stored = Criterion.objects.get(key="wachttijd-kort", norm=norm)
    assert stored.guidance_updated_by == users["administrator"]
    assert AuditEvent.objects.filter(action="guidance_changed", object_id=str(stored.pk)).exists()


def test_an_unchanged_toetsingskader_is_not_saved_again(norm, users):
    criterion = norm.criteria.get(key="wachttijd-kort")
    criterion_guidance_save(criterion=criterion, user=users["administrator"], guidance="Tekst")
    criterion_guidance_save(criterion=criterion, user=users["administrator"], guidance="Tekst ")
    assert AuditEvent.objects.filter(action="guidance_changed").count() == 1


def test_a_concept_frameworks_document_is_not_public(framework_2024, users, client):
    norm = Norm.objects.filter(framework=framework_2024).first()
    item = guide_item_save(
        norm=norm, user=users["administrator"], kind="document", title="Concept", upload=(PDF, "c.pdf")
    )
    assert client.get(f"/normen/keurmerkwijzer/{item.pk}/bestand/").status_code == 404
    assert (
        client_for(users["administrator"]).get(f"/normen/keurmerkwijzer/{item.pk}/bestand/").status_code
        == 200
    )


def test_a_framework_with_an_uploaded_document_still_copies_to_a_new_year(norm, objects, framework_2022):
    from keurmerk.frameworks.services import framework_copy

    copy = framework_copy(source=framework_2022, year=2030)
    document = GuideItem.objects.get(norm__framework=copy, kind="document")
    assert document.url == f"http://127.0.0.1:8000/normen/keurmerkwijzer/{objects['item']}/bestand/"
