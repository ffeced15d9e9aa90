"""Names are single-line; a name stored with a line break before this rule cannot make mail
undeliverable ("Header values can't contain newlines")."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from keurmerk.notifications.models import Notification
from keurmerk.notifications.services import deliver
from keurmerk.organisations.forms import AccountForm, LocationForm, OrganisationForm
from keurmerk.organisations.models import Organisation
from keurmerk.organisations.services import invite_member
from keurmerk.selfevaluations.forms import SubmitForm


@pytest.mark.parametrize("name", ["Praktijk\nAmstel", "Praktijk\rAmstel", "Praktijk\u2028Amstel", "A\x00B"])
def test_forms_refuse_a_name_over_two_lines(name):
    assert "name" in OrganisationForm(data={"name": name}).errors
    assert "contact_name" in OrganisationForm(data={"contact_name": name}).errors
    assert "first_name" in AccountForm(data={"first_name": name}).errors
    assert "place" in LocationForm(data={"place": name, "postcode": "1234 AB"}).errors
    assert "filled_in_by" in SubmitForm(data={"filled_in_by": name}).errors


def test_the_model_refuses_a_name_over_two_lines(db):
    with pytest.raises(ValidationError) as excinfo:
        Organisation(name="Praktijk\nAmstel").clean_fields(exclude=["type", "kvk", "agb"])
    assert "name" in excinfo.value.message_dict


def test_mail_about_an_old_name_with_a_line_break_is_delivered(
    users, org_a, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=org_a.pk).update(name="Praktijk\nAmstel\r\nWest")
    org_a.refresh_from_db()
    invite_member(organisation=org_a, user=users["member"], email="nieuw@amstel.test")
    notification = Notification.objects.get(email="nieuw@amstel.test")
    assert "\n" not in notification.subject and "\r" not in notification.subject
    assert "Praktijk Amstel West" in notification.subject
    assert deliver(notification.pk) is True
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == notification.subject
