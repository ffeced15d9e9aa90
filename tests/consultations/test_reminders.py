"""send_reminders (run by `manage.py tick`): a reminder 7 and 2 days before the closing day to every
invitee who has not submitted, once per stage, whatever the number of runs."""

import time_machine

from keurmerk.consultations.services import round_close, send_reminders
from keurmerk.notifications.models import Notification

from .conftest import amsterdam, answers, invite, submit


def reminders():
    return Notification.objects.filter(kind="consultation_reminder")


def test_reminders_go_to_who_has_not_submitted_once_per_stage(consultation_round, framework_2024):
    silent = invite(consultation_round, "Stil", "overig", "stil@example.org")
    drafting = invite(consultation_round, "Concept", "overig", "concept@example.org")
    done = invite(consultation_round, "Klaar", "keurmerkdrager", "klaar@example.org")
    submit(drafting, answers(framework_2024, 0), submit=False)
    submit(done, answers(framework_2024, 1))

    with time_machine.travel(amsterdam(2023, 5, 22, 8), tick=False):  # 8 days before: nothing yet
        assert send_reminders() == 0
    with time_machine.travel(amsterdam(2023, 5, 23, 8), tick=False):  # 7 days before
        assert send_reminders() == 2
        assert send_reminders() == 0
    assert set(reminders().values_list("email", flat=True)) == {silent.email, drafting.email}
    draft_mail = reminders().get(email=drafting.email)
    assert "nog niet verstuurd" in draft_mail.body and draft_mail.url == f"/consultatie/{drafting.token}/"
    assert "nog niet ontvangen" in reminders().get(email=silent.email).body

    with time_machine.travel(amsterdam(2023, 5, 28, 8), tick=False):  # 2 days before
        assert send_reminders() == 2
        assert send_reminders() == 0
    with time_machine.travel(amsterdam(2023, 5, 31, 0, 0, 1), tick=False):  # closed
        assert send_reminders() == 0
    assert reminders().count() == 4


def test_a_missed_stage_sends_only_the_latest_reminder(consultation_round):
    invite(consultation_round, "Stil", "overig", "stil@example.org")
    with time_machine.travel(amsterdam(2023, 5, 30, 20), tick=False):  # tick did not run for a week
        assert send_reminders() == 1
    assert list(reminders().values_list("dedupe_key", flat=True))[0].endswith(":2")


def test_invitees_added_within_a_stage_do_not_get_its_reminder(consultation_round):
    with time_machine.travel(amsterdam(2023, 5, 25, 9), tick=False):  # within 7 days of closing
        late = invite(consultation_round, "Laat", "overig", "laat@example.org")
        assert send_reminders() == 0
    with time_machine.travel(amsterdam(2023, 5, 28, 9), tick=False):
        assert send_reminders() == 1
    assert reminders().get().email == late.email


def test_no_reminders_for_a_round_closed_early(consultation_round, users):
    invite(consultation_round, "Stil", "overig", "stil@example.org")
    round_close(consultation_round=consultation_round, user=users["administrator"])
    with time_machine.travel(amsterdam(2023, 5, 28, 9), tick=False):
        assert send_reminders() == 0
