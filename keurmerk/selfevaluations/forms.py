"""Forms of the self-evaluation: they validate and normalise, the services decide."""

from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from keurmerk.frameworks.models import AnswerFieldKind
from keurmerk.lib.validators import single_line_validator

from . import files, rules
from .models import MAX_EXPLANATION, big_validator
from .services import MAX_MESSAGE, MAX_URLS

url_validator = URLValidator(schemes=["http", "https"])


def _dutch_count(n):
    return f"{n:,}".replace(",", ".")


class AnswerForm(forms.Form):
    """One answer: the explanation always, a number and web addresses where the criterion asks."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    explanation = forms.CharField(label=_("Toelichting"), required=False, strip=False, widget=forms.Textarea)
    number = forms.CharField(label=_("Getal"), required=False, max_length=30)
    urls = forms.CharField(label=_("Webadressen"), required=False, widget=forms.Textarea)

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        if not rules.declared_field(criterion, AnswerFieldKind.NUMBER):
            del self.fields["number"]
        if not rules.declared_field(criterion, AnswerFieldKind.URL):
            del self.fields["urls"]

    def clean_explanation(self):
        # Stored as typed, but with one kind of line break so that the count matches the browser's.
        text = self.cleaned_data["explanation"].replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > MAX_EXPLANATION:
            raise ValidationError(
                _("De toelichting is %(n)s tekens lang; het maximum is 20.000. Kort de tekst in."),
                params={"n": _dutch_count(len(text))},
                code="too_long",
            )
        return text

    def clean_number(self):
        raw = self.cleaned_data["number"].strip().replace(" ", "")
        if not raw:
            return None
        normalised = raw.replace(".", "").replace(",", ".") if "," in raw else raw
        try:
            value = Decimal(normalised)
        except InvalidOperation:
            raise ValidationError(_("Vul een getal in, bijvoorbeeld 612 of 612,5."), code="number")
        if not value.is_finite() or abs(value) >= Decimal("1e10") or value.as_tuple().exponent < -2:
            raise ValidationError(
                _("Vul een getal in met hoogstens twee cijfers achter de komma."), code="number"
            )
        return value

    def clean_urls(self):
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        if len(lines) > MAX_URLS:
            raise ValidationError(_("Geef hoogstens %(n)s webadressen."), params={"n": MAX_URLS})
        for number, url in enumerate(lines, start=1):
            try:
                url_validator(url)
            except ValidationError:
                raise ValidationError(
                    _("Regel %(line)s: ‘%(url)s’ is geen geldig webadres. Begin met https:// of http://."),
                    params={"line": number, "url": url[:200]},
                    code="url",
                )
        return lines

    def cleaned_for_service(self):
        data = self.cleaned_data
        return {
            "version": data["version"],
            "explanation": data["explanation"],
            "number": data.get("number"),
            "urls": data.get("urls") or [],
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Bijlage toevoegen"), help_text=_("PDF, Word, Excel, PNG of JPEG; hoogstens 10 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name.replace("\\", "/")).name[:255] or "bestand"
        if upload.size > files.MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                _("‘%(name)s’ is groter dan 10 MB. Verklein het bestand of splits het op."),
                params={"name": name},
            )
        content = upload.read()
        files.detect(content, name)
        return {"content": content, "name": name}


class StartForm(forms.Form):
    carry_forward = forms.BooleanField(
        label=_("Begin met de antwoorden van vorig jaar (alleen bij ongewijzigde criteria)"), required=False
    )


class SubmitForm(forms.Form):
    filled_in_by = forms.CharField(
        label=_("Ingevuld door"),
        max_length=200,
        validators=[single_line_validator],
        help_text=_("Naam en functie van wie de zelfevaluatie heeft ingevuld."),
        error_messages={"required": _("Vul in wie de zelfevaluatie heeft ingevuld.")},
    )
    reviewer_name = forms.CharField(
        label=_("Naam behandelaar die heeft meegekeken"),
        max_length=200,
        validators=[single_line_validator],
        required=False,
        help_text=_("Het handboek raadt dringend aan dat minimaal één GGZ-behandelaar meekijkt."),
    )
    reviewer_big = forms.CharField(
        label=_("BIG-nummer behandelaar"),
        max_length=20,
        required=False,
        help_text=_("Niet verplicht; 11 cijfers."),
    )

    def clean_reviewer_big(self):
        value = self.cleaned_data["reviewer_big"].replace(" ", "").replace(".", "")
        if value:
            big_validator(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("reviewer_big") and not (data.get("reviewer_name") or "").strip():
            self.add_error("reviewer_name", _("Vul ook de naam van de behandelaar in bij het BIG-nummer."))
        return data


class MessageForm(forms.Form):
    criterion = forms.TypedChoiceField(
        label=_("Over criterium"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=_("Bericht"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf een bericht.")},
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = {c.pk: c for c in criteria}
        self.fields["criterion"].choices = [("", _("De zelfevaluatie als geheel"))] + [
            (c.pk, f"{c.norm.number}.{c.number} {Truncator(c.text).words(12, truncate='…')}")
            for c in criteria
        ]

    def clean_criterion(self):
        pk = self.cleaned_data["criterion"]
        return self.criteria.get(pk) if pk else None


class StaffFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    threads = forms.BooleanField(label=_("Alleen met berichten (dialogen)"), required=False)

    def __init__(self, *args, **kwargs):
        from keurmerk.cycles.models import Cycle

        from .models import Status

        super().__init__(*args, **kwargs)
        years = Cycle.objects.order_by("-year").values_list("year", flat=True)
        self.fields["year"].choices = [("", _("Alle"))] + [(y, y) for y in years]
        self.fields["status"].choices = [("", _("Alle"))] + list(Status.choices)
