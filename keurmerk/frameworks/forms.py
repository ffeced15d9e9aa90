"""Forms of the Keurmerkwijzer screens: they validate and normalise; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GuideItemKind


class GuideItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=GuideItemKind.choices)
    title = forms.CharField(label=_("Titel (bij een veelgestelde vraag: de vraag)"), max_length=300)
    url = forms.URLField(
        label=_("Webadres"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een volledig webadres in, beginnend met https://")},
    )
    body = forms.CharField(
        label=_("Toelichting (bij een veelgestelde vraag: het antwoord)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(
        label=_("Document (PDF, DOCX, XLSX, PNG of JPEG, tot 10 MB)"),
        required=False,
        error_messages={"empty": _("Het gekozen bestand is leeg.")},
    )

    def cleaned_for_service(self):
        data = dict(self.cleaned_data)
        upload = data.pop("file")
        data["upload"] = (upload.read(), upload.name) if upload else None
        return data


class GuidanceForm(forms.Form):
    guidance = forms.CharField(
        label=_("Toetsingskader"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wanneer aan dit criterium is voldaan. Laat leeg als het nog niet is vastgesteld."),
    )
