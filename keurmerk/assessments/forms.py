from django import forms
from django.utils.translation import gettext_lazy as _

MET_CHOICES = [("", _("Nog geen oordeel")), ("1", _("Voldaan")), ("0", _("Niet voldaan"))]


class VerdictForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Oordeel"),
        choices=MET_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        coerce=lambda v: {"1": True, "0": False}.get(v),
        empty_value=None,
    )
    explanation = forms.CharField(
        label=_("Toelichting (verplicht bij ‘niet voldaan’)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Nog geen oordeel" and "verplicht bij ‘niet voldaan’" say it; no "(niet verplicht)" beside them.
        for name in ("met", "explanation"):
            self.fields[name].hide_optional_mark = True


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Samenvatting van de norm"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
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


def _staff_queryset():
    from keurmerk.accounts.models import STAFF_ROLES, User

    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("first_name")


class SecondAssignForm(forms.Form):
    """Chosen self-evaluations of the cycle and their second assessor."""

    assessor = forms.ModelChoiceField(
        label=_("Tweede beoordelaar"),
        queryset=None,
        empty_label=_("Kies een beoordelaar"),
        error_messages={"required": _("Tweede beoordelaar: kies een beoordelaar uit de lijst.")},
    )
    self_evaluations = forms.ModelMultipleChoiceField(
        label=_("Zelfevaluaties"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Zelfevaluaties: kies ten minste één zelfevaluatie.")},
    )

    def __init__(self, *args, candidates=(), **kwargs):
        from keurmerk.selfevaluations.models import SelfEvaluation

        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = _staff_queryset()
        self.fields["self_evaluations"].queryset = SelfEvaluation.objects.filter(
            pk__in=list(candidates)
        ).select_related("participation__organisation")
        self.fields["self_evaluations"].label_from_instance = lambda se: se.participation.organisation.name


class SecondDrawForm(forms.Form):
    percentage = forms.DecimalField(
        label=_("Percentage van de zelfevaluaties"),
        min_value=1,
        max_value=100,
        decimal_places=1,
        error_messages={
            "required": _("Percentage: vul een percentage tussen 1 en 100 in."),
            "min_value": _("Percentage: ten minste 1."),
            "max_value": _("Percentage: ten hoogste 100."),
        },
    )
    assessor = forms.ModelChoiceField(
        label=_("Tweede beoordelaar"),
        queryset=None,
        empty_label=_("Kies een beoordelaar"),
        error_messages={"required": _("Tweede beoordelaar: kies een beoordelaar uit de lijst.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = _staff_queryset()

    def share(self):
        from decimal import Decimal

        return (self.cleaned_data["percentage"] / 100).quantize(Decimal("0.001"))


def second_verdicts_form(criteria, verdicts, data=None):
    """One form for all criteria: per criterion a verdict and an explanation (fields `m<pk>`, `e<pk>`)."""
    form = forms.Form(data)
    for criterion in criteria:
        verdict = verdicts.get(criterion.pk)
        met = {True: "1", False: "0"}.get(verdict.met, "") if verdict else ""
        form.fields[f"m{criterion.pk}"] = forms.TypedChoiceField(
            label=_("Oordeel"),
            choices=MET_CHOICES,
            required=False,
            widget=forms.RadioSelect,
            initial=met,
            coerce=lambda v: {"1": True, "0": False}.get(v),
            empty_value=None,
        )
        form.fields[f"e{criterion.pk}"] = forms.CharField(
            label=_("Toelichting (verplicht bij ‘niet voldaan’)"),
            required=False,
            max_length=20000,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial=verdict.explanation if verdict else "",
        )
        for name in (f"m{criterion.pk}", f"e{criterion.pk}"):
            form.fields[name].hide_optional_mark = True
    return form


TAKE_CHOICES = [
    ("first", _("Het oordeel van de eerste beoordelaar blijft staan")),
    ("second", _("Samen besloten: het oordeel van de tweede beoordelaar")),
]


def calibration_form(rows, data=None):
    form = forms.Form(data)
    for row in rows:
        form.fields[f"c{row['criterion'].pk}"] = forms.ChoiceField(
            label=_("Uitkomst"),
            choices=TAKE_CHOICES,
            initial="first",
            widget=forms.RadioSelect,
            error_messages={"required": _("Kies per criterium welk oordeel de rapportage neemt.")},
        )
    form.fields["note"] = forms.CharField(
        label=_("Verslag van het kalibratiegesprek"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Verslag: beschrijf kort wat is besproken en afgesproken.")},
    )
    return form
