from django import forms
from django.utils.translation import gettext_lazy as _

from keurmerk.frameworks.models import Framework

from .models import Cycle, Phase, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Naam ondertekenaar"), max_length=200)
    signer_role = forms.CharField(
        label=_("Functie ondertekenaar"),
        max_length=200,
        help_text=_("Bijvoorbeeld: directeur, praktijkhouder, bestuurder."),
    )
    confirm = forms.BooleanField(
        label=_("Ik ben bevoegd deze overeenkomst namens de organisatie te ondertekenen en ga akkoord."),
    )


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "year",
            "framework",
            "norms_public",
            "application_opens",
            "application_closes",
            "selfevaluation_opens",
            "selfevaluation_closes",
            "first_report_due",
            "revision_opens",
            "revision_closes",
            "final_report_due",
            "withdrawal_effective",
        ]
        widgets = {name: DATE for name in fields[2:]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.order_by("-year")
        self.fields["framework"].label = _("Normenkader")

    def validate_unique(self):
        """The service refuses a second cycle for a year with a clear message."""


class AgreementForm(forms.Form):
    text = forms.CharField(label=_("Tekst van de overeenkomst"), widget=forms.Textarea(attrs={"rows": 18}))


class ExtensionForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices)
    until = forms.DateField(label=_("Verlengd tot en met"), widget=DATE)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reden van intrekken"), widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Nieuwe status"), choices=State.choices)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))
    # Set by the confirmation page: the first submit shows what will happen, the second does it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ParticipationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle"))] + list(State.choices), required=False
    )
    q = forms.CharField(label=_("Zoek op naam, KvK of AGB"), required=False)
