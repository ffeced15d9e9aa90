"""Messages to the members of a participating organisation (in the app and by e-mail)."""

from keurmerk.notifications.services import notify_users


def members_of(organisation):
    from keurmerk.accounts.models import User

    return User.objects.filter(memberships__organisation=organisation, is_active=True)


def notify_members(participation, *, kind, dedupe, subject, body, url="", attachment=None):
    notify_users(
        users=members_of(participation.organisation),
        subject=subject,
        body=body,
        url=url,
        kind=kind,
        dedupe_prefix=dedupe,
        attachment=attachment,
    )
