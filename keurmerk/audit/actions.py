"""The one vocabulary of audit actions.

Naming style: the member name is `<NOUN>_<PAST_PARTICIPLE>` (what happened to which thing:
`AGREEMENT_SIGNED`, `COMPLAINT_FILED`), and a new action gets the value `<noun>_<past participle>`
in lower case (`agreement_signed`). The label is the Dutch sentence the staff pages show.

The values are frozen history: the hash of every audit row covers its action string, so renaming a
value would mean either rewriting signed rows or keeping two codes for one action. The values below
are therefore exactly the strings the log has stored since go-live. Fourteen of them predate
this style (`applied`, `awarded`, `withdrawn`, `framework.status`, `mirror_upload`, the
`consultation.*` ones, …) and keep their stored spelling behind a member name that follows the
style; `LEGACY_VALUES` lists them so that a test can hold every other value to the style.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # Frameworks (normenkaders)
    FRAMEWORK_STATUS_CHANGED = "framework.status", _("Status normenkader gewijzigd")
    # Keurmerkwijzer (guidance may change after publication)
    GUIDE_ITEM_ADDED = "guide_item_added", _("Keurmerkwijzer: onderdeel toegevoegd")
    GUIDE_ITEM_CHANGED = "guide_item_changed", _("Keurmerkwijzer: onderdeel gewijzigd")
    GUIDE_ITEM_REMOVED = "guide_item_removed", _("Keurmerkwijzer: onderdeel verwijderd")
    GUIDANCE_CHANGED = "guidance_changed", _("Toetsingskader gewijzigd")
    # Organisations
    ORGANISATION_UPDATED = "organisation_updated", _("Gegevens van de organisatie gewijzigd")
    MEMBER_INVITED = "member_invited", _("Medewerker uitgenodigd")
    MEMBER_REMOVED = "member_removed", _("Medewerker verwijderd")
    INVITATION_ACCEPTED = "invitation_accepted", _("Uitnodiging aanvaard")
    SUBCONTRACT_ADDED = "subcontract_added", _("Onderaannemer toegevoegd")
    SUBCONTRACT_REMOVED = "subcontract_removed", _("Onderaannemer verwijderd")
    SUBCONTRACT_CONFIRMED = "subcontract_confirmed", _("Onderaannemer heeft de relatie bevestigd")
    SUBCONTRACT_DECLINED = "subcontract_declined", _("Onderaannemer heeft de relatie geweigerd")
    ORGANISATIONS_IMPORTED = "organisations_imported", _("Keurmerkdragers geïmporteerd")
    # Cycles and participations (keurmerkproces, deelname)
    CYCLE_CREATED = "cycle_created", _("Keurmerkproces aangemaakt")
    AGREEMENT_UPDATED = "agreement_updated", _("Tekst van de overeenkomst gewijzigd")
    PARTICIPATION_APPLIED = "applied", _("Aangemeld")
    AGREEMENT_OFFERED = "agreement_offered", _("Overeenkomst aangeboden")
    AGREEMENT_SIGNED = "agreement_signed", _("Overeenkomst ondertekend")
    EXTENSION_GRANTED = "extension_granted", _("Termijn verlengd")
    EXTENSION_REVOKED = "extension_revoked", _("Verlenging ingetrokken")
    STATE_OVERRIDDEN = "state_overridden", _("Status overschreven")
    # Self-evaluations (zelfevaluatie)
    SELFEVALUATION_STARTED = "selfevaluation_started", _("Zelfevaluatie gestart")
    SELFEVALUATION_SUBMITTED = "selfevaluation_submitted", _("Zelfevaluatie ingediend")
    SELFEVALUATION_FROZEN = "selfevaluation_frozen", _("Zelfevaluatie vastgezet bij het indienen")
    SELFEVALUATION_REVISION_STARTED = "selfevaluation_revision_started", _("Aanpassing zelfevaluatie gestart")
    SELFEVALUATION_REVISION_SUBMITTED = (
        "selfevaluation_revision_submitted",
        _("Aangepaste zelfevaluatie ingediend"),
    )
    SELFEVALUATION_MESSAGE_POSTED = "selfevaluation_message", _("Bericht in de dialoog geplaatst")
    # Assessments (beoordeling, keurmerkrapportage, besluit)
    ASSESSOR_ASSIGNED = "assessor_assigned", _("Beoordelaar toegewezen")
    REPORT_SENT = "report_sent", _("Keurmerkrapportage verstuurd")
    PARTICIPATION_AWARDED = "awarded", _("Keurmerk toegekend")
    PARTICIPATION_WITHDRAWN = "withdrawn", _("Keurmerk ingetrokken")
    # A second, independent assessor (tweede beoordelaar) and the calibration conversation
    SECOND_ASSESSOR_ASSIGNED = "second_assessor_assigned", _("Tweede beoordelaar toegewezen")
    SECOND_ASSESSMENT_FINISHED = "second_assessment_finished", _("Tweede beoordeling afgerond")
    FIRST_ASSESSMENT_FINISHED = "first_assessment_finished", _("Eerste beoordeling afgerond")
    CALIBRATION_RECORDED = "calibration_recorded", _("Uitkomst van het kalibratiegesprek vastgelegd")
    # The sample of holders for follow-up conversations (steekproef)
    SAMPLE_DRAWN = "sample_drawn", _("Steekproef getrokken")
    SAMPLE_CONVERSATION_RECORDED = "sample_conversation_recorded", _("Steekproefgesprek vastgelegd")
    # Complaints and objections (klacht, bezwaar)
    COMPLAINT_FILED = "complaint_filed", _("Klacht ingediend")
    COMPLAINT_TAKEN_IN = "complaint_taken_in", _("Klacht in behandeling genomen")
    COMPLAINT_INFO_REQUESTED = "complaint_info_requested", _("Aanvullende informatie gevraagd")
    COMPLAINT_INFO_GIVEN = "complaint_info_given", _("Aanvullende informatie ontvangen")
    COMPLAINT_DECIDED = "complaint_decided", _("Besluit op de klacht genomen")
    OBJECTION_LODGED = "objection_lodged", _("Bezwaar ingediend")
    OBJECTION_DECIDED = "objection_decided", _("Besluit op het bezwaar genomen")
    # Consultations (consultatie)
    CONSULTATION_ROUND_OPENED = "consultation.round_opened", _("Consultatieronde geopend")
    CONSULTATION_ROUND_CHANGED = "consultation.round_changed", _("Consultatieronde gewijzigd")
    CONSULTATION_ROUND_CLOSED = "consultation.round_closed", _("Consultatieronde gesloten")
    CONSULTATION_ROUND_ADOPTED = "consultation.round_adopted", _("Consultatieronde vastgesteld")
    CONSULTATION_INVITEES_ADDED = "consultation.invitees_added", _("Genodigden toegevoegd")
    CONSULTATION_RESPONSE_SUBMITTED = "consultation.response_submitted", _("Consultatiereactie ingediend")
    CONSULTATION_COMMENT_WEIGHED = "consultation.disposition", _("Reactie op consultatie gewogen")
    # Dialogue meetings (dialoogbijeenkomst)
    MEETING_PLANNED = "meeting_planned", _("Bijeenkomst gepland")
    MEETING_CHANGED = "meeting_changed", _("Bijeenkomst gewijzigd")
    MEETING_REGISTERED = "meeting_registered", _("Aangemeld voor een bijeenkomst")
    MEETING_PROMOTED = "meeting_promoted", _("Van de wachtlijst naar een plaats")
    MEETING_CANCELLED = "meeting_cancelled", _("Aanmelding voor een bijeenkomst geannuleerd")
    MEETING_ATTENDANCE_RECORDED = "meeting_attendance_recorded", _("Aanwezigheid vastgelegd")
    MEETING_NOTES_SHARED = "meeting_notes_shared", _("Verslag van een bijeenkomst gedeeld")
    # Mirror information (spiegelinformatie)
    MIRROR_DATA_UPLOADED = "mirror_upload", _("Spiegeldata geüpload")
    MIRROR_DATA_DELETED = "mirror_delete_all", _("Alle spiegeldata verwijderd")


# Stored before the naming style was fixed; kept as they are because the hash chain covers them.
LEGACY_VALUES = frozenset(
    {
        "framework.status",
        "applied",
        "selfevaluation_message",
        "awarded",
        "withdrawn",
        "consultation.round_opened",
        "consultation.round_changed",
        "consultation.round_closed",
        "consultation.round_adopted",
        "consultation.invitees_added",
        "consultation.response_submitted",
        "consultation.disposition",
        "mirror_upload",
        "mirror_delete_all",
    }
)
