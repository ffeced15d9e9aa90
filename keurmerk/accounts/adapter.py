from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are made by the application form, an invitation or an administrator."""

    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_ALLOW_REGISTRATION", False)

    def populate_username(self, request, user):
        user.username = user.email
