from django import forms
from django.utils.translation import gettext_lazy as _

MET_CHOICES = [("", _("Nog geen oordeel")), ("1", _("Voldaan")), ("0", _("Niet voldaan"))]


class VerdictForm(forms.Form):
    met = forms.TypedChoiceField(label=_("Oordeel"), choices=MET_CHOICES, required=False, widget=forms.RadioSelect,
                                 coerce=lambda v: {"1": True, "0": False}.get(v), empty_value=None)  # fmt: skip
    explanation = forms.CharField(label=_("Toelichting (verplicht bij ‘niet voldaan’)"), required=False,
                                  max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Nog geen oordeel" and "verplicht bij ‘niet voldaan’" say it; no "(niet verplicht)" beside them.
        for name in ("met", "explanation"):
            self.fields[name].hide_optional_mark = True


class SummaryForm(forms.Form):
    text = forms.CharField(label=_("Samenvatting van de norm"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(
        label=_("Beoordelaar"),
        queryset=None,
        empty_label=_("Kies een beoordelaar"),
        error_messages={
            "required": _("Beoordelaar: kies een beoordelaar uit de lijst. Er is niets gewijzigd."),
            "invalid_choice": _(
                "Beoordelaar: kies een beoordelaar uit de lijst (een actieve medewerker van de stichting). "
                "Er is niets gewijzigd."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        from keurmerk.accounts.models import STAFF_ROLES, User

        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by(
            "first_name"
        )
