from django import forms
from django.utils.translation import gettext_lazy as _

from keurmerk.lib.dates import local_today


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het token"),
        max_length=100,
        help_text=_("Bijvoorbeeld het systeem dat het token gebruikt: ‘Inkoopsysteem 2027’."),
        error_messages={
            "required": _("Geef het token een naam."),
            "max_length": _("De naam mag hoogstens 100 tekens lang zijn."),
        },
    )
    expires_on = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Laat leeg voor een token zonder vervaldatum."),
        error_messages={"invalid": _("Geef een datum als 31-12-2027.")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Geef het token een naam."))
        if "\x00" in name:
            raise forms.ValidationError(_("De naam bevat een ongeldig teken."))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < local_today():
            raise forms.ValidationError(_("De datum ligt in het verleden; kies vandaag of later."))
        return day
