"""Access to meetings. The list and the meeting pages are public (the online link only for the
registered); registering is for provider members, for their own organisation; drafting and the
notes are for attendees; planning is for administrators, attendance and notes for staff.
Another organisation's registration answers 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from keurmerk.accounts.access import require_role, require_staff
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.organisations.models import Organisation

from .models import Meeting, MeetingFile, Registration, RegistrationStatus


def _found(obj):
    if obj is None:
        raise Http404("Niet gevonden")
    return obj


def _meetings():
    return Meeting.objects.select_related("cycle__framework")


def get_meeting(request, pk: int) -> Meeting:
    """Any visitor: the public page of a meeting."""
    return _found(_meetings().filter(pk=pk).first())


def member_organisations(user) -> list[Organisation]:
    if not (user.is_authenticated and user.role == Role.PROVIDER):
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def get_meeting_for_member(request, pk: int) -> tuple[Meeting, list[Organisation]]:
    """A provider member registering one of their organisations."""
    user = require_role(request, Role.PROVIDER)
    organisations = member_organisations(user)
    if not organisations:
        raise PermissionDenied
    return get_meeting(request, pk), organisations


def get_registration_for_member(request, pk: int) -> Registration:
    user = require_role(request, Role.PROVIDER)
    queryset = Registration.objects.select_related("meeting", "organisation").filter(
        pk=pk, organisation__memberships__user=user
    )
    return _found(queryset.first())


def attendee_registration(user, meeting: Meeting) -> Registration | None:
    """The registration that makes the user an attendee of `meeting`, or None."""
    if not (user.is_authenticated and user.role == Role.PROVIDER):
        return None
    registration = (
        meeting.registrations.filter(
            status=RegistrationStatus.REGISTERED, organisation__memberships__user=user
        )
        .select_related("organisation")
        .first()
    )
    return registration if registration and registration.is_attendee else None


def get_meeting_for_attendee(request, pk: int) -> tuple[Meeting, Registration]:
    """Drafting at the meeting: members of a registered organisation not recorded as absent."""
    user = require_role(request, Role.PROVIDER)
    meeting = get_meeting(request, pk)
    registration = attendee_registration(user, meeting)
    if registration is None:
        raise PermissionDenied
    return meeting, registration


def get_meeting_for_staff(request, pk: int) -> Meeting:
    """Attendance and notes: scheme-owner staff."""
    require_staff(request)
    return get_meeting(request, pk)


def require_planner(request):
    """Planning meetings is the administrator's."""
    return require_staff(request, Role.ADMINISTRATOR)


def get_meeting_for_planner(request, pk: int) -> Meeting:
    """Changing a meeting is the administrator's."""
    require_planner(request)
    return get_meeting(request, pk)


def get_file_for_reader(request, pk: int) -> MeetingFile:
    """A file of the notes: staff, and members of an organisation that attended."""
    user = require_role(request, Role.PROVIDER, *sorted(STAFF_ROLES))
    meeting_file = _found(MeetingFile.objects.select_related("meeting").filter(pk=pk).first())
    if user.role in STAFF_ROLES:
        return meeting_file
    if attendee_registration(user, meeting_file.meeting) is None:
        raise Http404("Niet gevonden")
    return meeting_file
