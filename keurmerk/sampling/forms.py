from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DrawForm(forms.Form):
    """How many holders to draw (a number or a percentage), the strata, and for a new draw the reason."""

    size = forms.IntegerField(
        label=_("Aantal keurmerkdragers"),
        required=False,
        min_value=1,
        error_messages={"min_value": _("Aantal keurmerkdragers: ten minste 1.")},
    )
    percentage = forms.DecimalField(
        label=_("Of: percentage van de gekwalificeerde keurmerkdragers"),
        required=False,
        min_value=Decimal("0.1"),
        max_value=Decimal(100),
        decimal_places=1,
        error_messages={
            "min_value": _("Percentage: ten minste 0,1."),
            "max_value": _("Percentage: ten hoogste 100."),
        },
    )
    by_type = forms.BooleanField(label=_("Per soort organisatie (gelaagd)"), required=False)
    by_returning = forms.BooleanField(
        label=_("Per eerste jaar of terugkerende keurmerkdrager (gelaagd)"), required=False
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Verplicht bij een nieuwe trekking: waarom de vorige niet volstaat. De vorige blijft zichtbaar."
        ),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if (data.get("size") is None) == (data.get("percentage") is None):
            raise forms.ValidationError(_("Vul een aantal óf een percentage in (niet allebei)."))
        return data

    def draw_arguments(self) -> dict:
        data = self.cleaned_data
        percentage = data.get("percentage")
        return {
            "size": data.get("size"),
            "share": (percentage / 100).quantize(Decimal("0.001")) if percentage is not None else None,
            "by_type": data["by_type"],
            "by_returning": data["by_returning"],
            "reason": data["reason"],
        }


class ConversationForm(forms.Form):
    planned_on = forms.DateField(label=_("Gepland op"), required=False, widget=DateInput())
    held_on = forms.DateField(label=_("Gevoerd op"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Aantekeningen (alleen voor de stichting)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    follow_up = forms.CharField(
        label=_("Afspraken en vervolg (ziet de keurmerkdrager)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        planned, held = data.get("planned_on"), data.get("held_on")
        if held and planned and held < planned:
            self.add_error("held_on", _("Gevoerd op: deze datum ligt vóór de geplande datum."))
        return data
