"""The audit log in the admin: read-only, with the actions' Dutch labels and a filter on them."""

from django.db import transaction

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.audit.models import AuditEvent

URL = "/beheer/audit/auditevent/"


def record(participation, user, action):
    with transaction.atomic():
        return audit.record(actor=user, action=action, obj=participation, participation=participation)


def test_the_changelist_shows_labels_and_filters_on_them(admin_client, participation, users):
    record(participation, users["administrator"], Action.STATE_OVERRIDDEN)
    record(participation, users["administrator"], Action.EXTENSION_GRANTED)
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert "Status overschreven" in response.text and "Termijn verlengd" in response.text
    filtered = admin_client.get(URL, {"action": Action.EXTENSION_GRANTED})
    assert filtered.status_code == 200
    assert "Termijn verlengd" in filtered.text
    assert list(filtered.context["cl"].result_list) == list(
        AuditEvent.objects.filter(action="extension_granted")
    )


def test_rows_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, participation, users):
    event = record(participation, users["administrator"], Action.STATE_OVERRIDDEN)
    before = list(AuditEvent.objects.values_list("pk", "hash"))
    assert admin_client.get(URL + "add/").status_code == 403
    assert admin_client.post(f"{URL}{event.pk}/change/", {"reason": "anders"}).status_code == 403
    assert admin_client.post(f"{URL}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert list(AuditEvent.objects.values_list("pk", "hash")) == before
