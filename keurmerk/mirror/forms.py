from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".xlsx")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort gegevens"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        initial=Kind.TRAJECTORIES,
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("CSV (met , of ; als scheidingsteken) of XLSX (het eerste werkblad), met een kopregel."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Kies een CSV- of XLSX-bestand (.csv of .xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is groter dan 200 MB. Sla het op als CSV; dat is veel kleiner dan XLSX.")
            )
        if upload.size == 0:
            raise forms.ValidationError(
                _("Het bestand is leeg. Kies een bestand met een kopregel en gegevens.")
            )
        return upload


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Ik begrijp dat alle aangeleverde gegevens en alle berekende indicatoren van deze "
            "organisatie definitief worden verwijderd."
        ),
        error_messages={"required": _("Vink aan dat u alle gegevens definitief wilt verwijderen.")},
    )
