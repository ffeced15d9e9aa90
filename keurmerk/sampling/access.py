"""Access to the sample: staff read it and record conversations; administrators draw; a member
sees whether its own organisation was drawn. Another organisation's participation answers 404."""

from django.shortcuts import get_object_or_404

from keurmerk.accounts.access import require_staff
from keurmerk.cycles.access import get_cycle_for_staff, get_participation_for_member

from .models import SampleConversation

__all__ = ["get_conversation_for_staff", "get_cycle_for_staff", "get_participation_for_member"]


def get_conversation_for_staff(request, pk):
    require_staff(request)
    queryset = SampleConversation.objects.select_related("organisation", "draw__cycle", "updated_by")
    return get_object_or_404(queryset, pk=pk)
