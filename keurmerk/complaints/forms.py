from django import forms
from django.utils.translation import gettext_lazy as _


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


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("Uw klacht"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("Beschrijf waarom u het niet eens bent met het intrekken of niet toekennen."),
    )
    files = MultipleFileField(
        label=_("Bijlagen (PDF, DOCX, XLSX, PNG of JPEG, elk tot 10 MB)"), required=False
    )


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class AnswerForm(MessageForm):
    files = MultipleFileField(
        label=_("Bijlagen (PDF, DOCX, XLSX, PNG of JPEG, elk tot 10 MB)"), required=False
    )


class ListFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[
            ("", _("Alle klachten")),
            ("open", _("Lopend (klacht of bezwaar)")),
            ("verlopen", _("Termijn verlopen")),
        ],
    )


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Besluit"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        choices=[("1", _("Gegrond: het besluit wordt herzien")), ("0", _("Ongegrond"))],
    )
    decision = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
