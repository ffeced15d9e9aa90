import re

from django import forms
from django.utils.translation import gettext_lazy as _

COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class CredentialForm(forms.Form):
    """A digital certificate pasted by anyone (the text of a .jwt file), to be checked here."""

    credential = forms.CharField(
        label=_("Digitaal certificaat (de tekst uit het .jwt-bestand)"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "utrecht-textarea", "spellcheck": "false"}),
        max_length=20_000,
        error_messages={
            "required": _("Plak de tekst van het digitale certificaat (het .jwt-bestand) in het veld."),
            "max_length": _(
                "Dit is te lang voor een digitaal certificaat (hoogstens %(limit_value)d tekens)."
            ),
        },
    )

    def clean_credential(self):
        text = "".join(self.cleaned_data["credential"].split())
        if not COMPACT_JWS.match(text):
            raise forms.ValidationError(
                _(
                    "Dit is geen digitaal certificaat: verwacht wordt één regel van drie delen, gescheiden door punten."
                )
            )
        return text
