"""Framework management in the admin: edit concepts, copy, status changes, frozen when published."""

from keurmerk.frameworks.models import Criterion, Framework, FrameworkStatus


def test_changelist_lists_frameworks_with_actions(admin_client, frameworks):
    response = admin_client.get("/beheer/frameworks/framework/")
    assert response.status_code == 200
    assert "Status wijzigen" in response.text and "Kopiëren naar nieuw jaar" in response.text


def test_transition_through_admin(admin_client, framework_2024):
    url = f"/beheer/frameworks/framework/{framework_2024.pk}/status/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"to_status": "consultation"})
    assert response.status_code == 302
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.CONSULTATION
    response = admin_client.post(url, {"to_status": "adopted"})
    assert response.status_code == 200
    assert "Vul de datum van vaststelling door het bestuur in." in response.text
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.CONSULTATION
    admin_client.post(url, {"to_status": "adopted", "adopted_on": "2023-06-13", "confirmed": "True"})
    framework = Framework.objects.get(pk=framework_2024.pk)
    assert (framework.status, str(framework.adopted_on)) == ("adopted", "2023-06-13")


def test_forbidden_transition_through_admin_shows_error(admin_client, framework_2024):
    url = f"/beheer/frameworks/framework/{framework_2024.pk}/status/"
    response = admin_client.post(url, {"to_status": "published"})
    assert response.status_code == 200
    assert "kan een normenkader niet naar" in response.text
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.CONCEPT


def test_copy_through_admin(admin_client, framework_2022):
    url = f"/beheer/frameworks/framework/{framework_2022.pk}/kopie/"
    assert 'value="2023"' in admin_client.get(url).text
    response = admin_client.post(url, {"year": "2023"})
    copy = Framework.objects.get(year=2023)
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/jaartallen/")
    assert copy.status == FrameworkStatus.CONCEPT
    response = admin_client.post(url, {"year": "2023"})
    assert "Er bestaat al een normenkader voor 2023." in response.text
    assert Framework.objects.filter(year=2023).count() == 1


def test_published_framework_is_read_only_in_admin(admin_client, framework_2022):
    criterion = Criterion.objects.filter(norm__framework=framework_2022).first()
    page = admin_client.get(f"/beheer/frameworks/criterion/{criterion.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    response = admin_client.post(
        f"/beheer/frameworks/criterion/{criterion.pk}/change/", {"text": "Gewijzigd", "key": "x"}
    )
    assert response.status_code == 403
    assert Criterion.objects.get(pk=criterion.pk).text == criterion.text


def test_concept_criterion_is_editable_in_admin(admin_client, framework_2024):
    page = admin_client.get(f"/beheer/frameworks/framework/{framework_2024.pk}/change/")
    assert 'name="_save"' in page.text


def test_admin_requires_staff(client, framework_2024):
    response = client.get(f"/beheer/frameworks/framework/{framework_2024.pk}/status/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]


def test_a_copy_lists_its_year_bound_texts_for_review(admin_client, framework_2022):
    """Item 13 of issue 11: "Gemiddelde behandeltijd in 2021" is listed after copying to 2028."""
    response = admin_client.post(f"/beheer/frameworks/framework/{framework_2022.pk}/kopie/", {"year": "2028"})
    copy = Framework.objects.get(year=2028)
    review = f"/beheer/frameworks/framework/{copy.pk}/jaartallen/"
    assert response.status_code == 302 and response["Location"] == review
    page = admin_client.get(review).text
    assert "Gemiddelde behandeltijd in 2021" in page
    norm = copy.norms.get(key="reflecteren-leren-verbeteren")
    assert f"/beheer/frameworks/norm/{norm.pk}/change/" in page
    assert "Keurmerk Kortdurende Generalistische GGZ 2028" not in page  # its own year is no problem


def test_adopting_and_publishing_ask_for_confirmation_first(admin_client, framework_2024):
    """Item 5 of issue 11: adopting (and publishing) cannot be undone, so a page says what will
    happen and only its own button carries the step out."""
    url = f"/beheer/frameworks/framework/{framework_2024.pk}/status/"
    admin_client.post(url, {"to_status": "consultation"})
    response = admin_client.post(url, {"to_status": "adopted", "adopted_on": "2023-06-13"})
    assert response.status_code == 200
    assert "Wat er gebeurt als u bevestigt" in response.text and "13 juni 2023" in response.text
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.CONSULTATION
    data = {"to_status": "adopted", "adopted_on": "2023-06-13", "confirmed": "True"}
    assert admin_client.post(url, data).status_code == 302
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.ADOPTED
    response = admin_client.post(url, {"to_status": "published"})
    assert "kunnen niet meer worden gewijzigd" in response.text
    assert Framework.objects.get(pk=framework_2024.pk).status == FrameworkStatus.ADOPTED
    admin_client.post(url, {"to_status": "published", "confirmed": "True"})
    framework = Framework.objects.get(pk=framework_2024.pk)
    assert framework.status == FrameworkStatus.PUBLISHED and framework.published_at is not None
