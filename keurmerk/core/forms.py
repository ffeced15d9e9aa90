"""Forms of the dashboards: they only validate and normalise the filters."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .dashboards import KIND_LABELS, OVERDUE, SOON


class InsurerFilterForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Inkoopjaar"), coerce=int, required=False)
    sinds = forms.DateField(
        label=_("Wijzigingen sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Wijzigingen sinds: geef een datum als 31-12-2026.")},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]

    def clean_sinds(self):
        since = self.cleaned_data["sinds"]
        if since is not None and not datetime.date(2000, 1, 1) <= since <= datetime.date(2100, 12, 31):
            raise forms.ValidationError(_("Wijzigingen sinds: geef een datum tussen 2000 en 2100."))
        return since


class ItemsFilterForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort"), choices=list(KIND_LABELS.items()))
    wanneer = forms.ChoiceField(
        label=_("Termijn"), choices=[(OVERDUE, _("Verlopen")), (SOON, _("In de komende 14 dagen"))]
    )
