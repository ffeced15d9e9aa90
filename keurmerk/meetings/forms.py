"""Forms of the meeting pages: they validate and normalise; the services decide."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Cycle
from keurmerk.frameworks.models import Criterion

from .models import MAX_PLACES, MeetingKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class CriterionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.norm.framework.year} · {obj.norm.number}.{obj.number} {obj.text[:90]}"


class MeetingForm(forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("Keurmerkproces"), queryset=Cycle.objects.order_by("-year"), empty_label=None
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=MeetingKind.choices, initial=MeetingKind.DIALOGUE)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    online = forms.TypedChoiceField(
        label=_("Waar"),
        choices=[("1", _("Online")), ("0", _("Op locatie"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    online_link = forms.URLField(
        label=_("Link naar de online bijeenkomst (alleen aangemelden zien hem)"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een volledig webadres in, beginnend met https://")},
    )
    address = forms.CharField(label=_("Adres (op locatie)"), required=False, max_length=300)
    day = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in als dd-mm-jjjj.")},
    )
    start = forms.TimeField(
        label=_("Begint om (Nederlandse tijd)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Vul een tijd in als 14:00.")},
    )
    end = forms.TimeField(
        label=_("Eindigt om (Nederlandse tijd)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Vul een tijd in als 16:00.")},
    )
    capacity = forms.IntegerField(label=_("Aantal plaatsen (personen)"), min_value=1, max_value=10_000)
    criteria = CriterionChoice(
        label=_("Criteria die worden besproken"),
        queryset=Criterion.objects.filter(norm__framework__cycles__isnull=False)
        .select_related("norm__framework")
        .order_by("-norm__framework__year", "norm__position", "position")
        .distinct(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, fixed_cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_cycle is not None:  # a meeting stays in its cycle
            self.fields["cycle"].queryset = Cycle.objects.filter(pk=fixed_cycle.pk)
            self.fields["cycle"].disabled = True

    def cleaned_for_service(self):
        data = dict(self.cleaned_data)
        day, start, end = data.pop("day"), data.pop("start"), data.pop("end")
        data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
        data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end))
        return data


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=None,
        empty_label=None,
        required=False,
        error_messages={"invalid_choice": _("Kies een organisatie waarvan u lid bent.")},
    )
    places = forms.IntegerField(
        label=_("Aantal personen"),
        min_value=1,
        max_value=MAX_PLACES,
        initial=1,
        error_messages={"max_value": _("Meld hoogstens %(limit_value)s personen aan.")},
    )
    names = forms.CharField(
        label=_("Namen van de deelnemers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Eén naam per regel."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        from keurmerk.organisations.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()
        self.organisations = organisations

    def clean_organisation(self):
        """A member of one organisation need not choose it."""
        return self.cleaned_data["organisation"] or self.organisations[0]


class DraftForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    explanation = forms.CharField(
        label=_("Toelichting: dat en hoe u aan dit criterium voldoet"),
        required=False,
        max_length=20000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Presentielijst (CSV of XLSX met de kolommen agb of kvk, en aanwezig: ja/nee)"),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het gekozen bestand is leeg.")},
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Verslag"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 8})
    )
    files = MultipleFileField(
        label=_("Bijlagen (PDF, DOCX, XLSX, PNG of JPEG, elk tot 10 MB)"), required=False
    )
