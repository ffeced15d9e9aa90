"""Who may open the dashboards of `core`; every view here calls one of these first."""

from keurmerk.accounts.access import require_role
from keurmerk.accounts.models import STAFF_ROLES, Role


def require_insurer_home(request):
    """The insurer's home: insurers, and staff (who answer insurers' questions about it)."""
    return require_role(request, Role.INSURER, *STAFF_ROLES)
