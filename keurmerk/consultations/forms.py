"""Forms of the consultation pages. They only validate and normalise; the services change state."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keurmerk.frameworks.models import Framework, FrameworkStatus
from keurmerk.lib.dates import local_today
from keurmerk.lib.tabular import TableError

from .imports import InviteeRow, parse_invitees
from .models import SCALE, Aspect, DispositionKind, InviteeType
from .services import Answers

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_COMMENT = 10000
TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(attrs=TEXTBOX, format="%Y-%m-%d")


class RoundForm(forms.Form):
    opens_on = forms.DateField(label=gettext_lazy("Opent op"), widget=DateInput())
    closes_on = forms.DateField(
        label=gettext_lazy("Sluit na"),
        widget=DateInput(),
        help_text=gettext_lazy("Genodigden kunnen reageren tot en met deze dag, 23.59 uur."),
    )
    introduction = forms.CharField(
        label=gettext_lazy("Inleiding voor de genodigden"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("De sluitingsdatum moet op of na de openingsdatum liggen."))
        if closes_on and closes_on < local_today():
            self.add_error("closes_on", _("De sluitingsdatum ligt in het verleden; kies vandaag of later."))
        return cleaned


class RoundCreateForm(RoundForm):
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Normenkader"),
        queryset=Framework.objects.filter(status__in=[FrameworkStatus.CONCEPT, FrameworkStatus.CONSULTATION]),
        empty_label=gettext_lazy("Kies een normenkader"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
        error_messages={"required": gettext_lazy("Kies het concept-normenkader dat in consultatie gaat.")},
    )
    field_order = ["framework", "opens_on", "closes_on", "introduction"]


class InviteeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand met genodigden (CSV of XLSX)"),
        help_text=gettext_lazy(
            "Kolommen: organisatie, type (keurmerkdrager, zorgverzekeraar, brancheorganisatie, "
            "kennisinstituut of overig) en e-mail. Rij 1 bevat de kolomnamen."
        ),
        error_messages={"required": gettext_lazy("Kies een CSV- of XLSX-bestand.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        try:
            self.cleaned_data["rows"] = parse_invitees(upload.read())
        except TableError as error:
            raise forms.ValidationError(error.problems)
        return upload


class InviteeForm(forms.Form):
    organisation = forms.CharField(
        label=gettext_lazy("Organisatie"), max_length=200, widget=forms.TextInput(TEXTBOX)
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=InviteeType.choices,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        widget=forms.EmailInput(TEXTBOX),
        error_messages={"invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")},
    )

    def row(self):
        data = self.cleaned_data
        return InviteeRow(data["organisation"].strip(), data["type"], data["email"].strip().lower())


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=gettext_lazy("Datum van vaststelling door het bestuur"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Vul de datum in waarop het bestuur het normenkader vaststelde.")
        },
    )
    # Set by the confirmation page: the first valid POST only shows what adopting will do.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > local_today():
            raise forms.ValidationError(_("De datum van vaststelling kan niet in de toekomst liggen."))
        return adopted_on


class DispositionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Afweging"),
        choices=DispositionKind.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"required": gettext_lazy("Kies een afweging.")},
    )
    explanation = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(TEXTAREA),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    change = forms.ChoiceField(
        label=gettext_lazy("Leidde tot deze wijziging in het concept"),
        required=False,
        choices=[],
        error_messages={"invalid_choice": gettext_lazy("Wijziging: kies een wijziging uit de lijst.")},
    )

    def __init__(self, *args, change_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = list(change_choices) or [("", "")]

    def clean(self):
        cleaned = super().clean()
        kind, explanation = cleaned.get("kind"), (cleaned.get("explanation") or "").strip()
        if kind in (DispositionKind.PARTLY, DispositionKind.NOT_ADOPTED) and not explanation:
            self.add_error("explanation", _("Licht toe waarom de opmerking (deels) niet is overgenomen."))
        if cleaned.get("change") and kind in (DispositionKind.NOT_ADOPTED, DispositionKind.NOTED):
            self.add_error(
                "change", _("Wijziging: alleen een (deels) overgenomen opmerking leidt tot een wijziging.")
            )
        return cleaned


# --- The invitee's response -----------------------------------------------------------------------

SCALE_ENDS = {1: gettext_lazy("nee, helemaal niet"), 7: gettext_lazy("ja, zeer goed")}


def scale_choices():
    return [(v, f"{v} – {SCALE_ENDS[v]}" if v in SCALE_ENDS else str(v)) for v in SCALE]


def score_field(norm_key, aspect):
    return f"score__{norm_key}__{aspect}"


def comment_field(norm_key="", criterion_key=""):
    if not norm_key:
        return "comment__general"
    return f"comment__{norm_key}__{criterion_key}" if criterion_key else f"comment__{norm_key}"


def _comment_widget():
    return forms.Textarea(attrs={**TEXTAREA, "rows": 3})


class ResponseForm(forms.Form):
    """Per norm four 7-point scores and a comment, a comment per criterion, one general comment.

    `complete=True` (versturen) requires every score; a draft may be incomplete.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, norms, complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.norms, self.complete = norms, complete
        for norm in norms:
            for aspect in Aspect:
                self.fields[score_field(norm.key, aspect)] = forms.TypedChoiceField(
                    label=aspect.label,
                    choices=scale_choices(),
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect(attrs=RADIO),
                    empty_value=None,
                    error_messages={"invalid_choice": _("Kies een score van 1 tot en met 7.")},
                )
            self.fields[comment_field(norm.key)] = self._comment()
            for criterion in norm.criteria.all():
                self.fields[comment_field(norm.key, criterion.key)] = self._comment()
        self.fields[comment_field()] = self._comment()

    @staticmethod
    def _comment():
        return forms.CharField(required=False, max_length=MAX_COMMENT, widget=_comment_widget(), strip=True)

    def clean(self):
        cleaned = super().clean()
        if not self.complete:
            return cleaned
        for norm in self.norms:
            for aspect in Aspect:
                name = score_field(norm.key, aspect)
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(
                        name,
                        _("Kies een score voor ‘%(aspect)s’ bij norm %(norm)s.")
                        % {"aspect": aspect.label.lower(), "norm": norm.number},
                    )
        return cleaned

    def answers(self):
        """The cleaned data as the service takes it (see services.Answers)."""
        data = self.cleaned_data
        scores = {(n.key, a.value): data.get(score_field(n.key, a)) for n in self.norms for a in Aspect}
        comments = {("", ""): data.get(comment_field(), "")}
        for norm in self.norms:
            comments[(norm.key, "")] = data.get(comment_field(norm.key), "")
            for criterion in norm.criteria.all():
                comments[(norm.key, criterion.key)] = data.get(comment_field(norm.key, criterion.key), "")
        return Answers(scores=scores, comments=comments)

    def sections(self):
        """Per norm: the four score fields, the norm's comment field and (criterion, field) pairs."""
        out = []
        for norm in self.norms:
            out.append(
                {
                    "norm": norm,
                    "scores": [self[score_field(norm.key, a)] for a in Aspect],
                    "comment": self[comment_field(norm.key)],
                    "criteria": [(c, self[comment_field(norm.key, c.key)]) for c in norm.criteria.all()],
                }
            )
        return out

    @property
    def general_comment(self):
        return self[comment_field()]


def response_initial(version, scores, comments):
    """Initial form data from stored answers (see selectors.response_answers)."""
    initial = {"version": version}
    initial.update({score_field(n, a): v for (n, a), v in scores.items()})
    initial.update({comment_field(n, c): text for (n, c), text in comments.items()})
    return initial
