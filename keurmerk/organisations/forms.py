"""Forms only validate and normalise; messages say what is wrong and how to fix it."""

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from keurmerk.lib.validators import (
    AGB_MESSAGE,
    AGB_RE,
    KVK_MESSAGE,
    KVK_RE,
    POSTCODE_MESSAGE,
    POSTCODE_RE,
    single_line_validator,
)

from .models import Organisation, OrganisationType


def digits(value):
    return re.sub(r"[\s.]", "", value or "")


def normalise_postcode(value):
    compact = (value or "").replace(" ", "").upper()
    if not POSTCODE_RE.fullmatch(compact):
        raise forms.ValidationError(POSTCODE_MESSAGE)
    return f"{compact[:4]} {compact[4:]}"


class OrganisationForm(forms.ModelForm):
    # Longer than 8 so that "1234 5678" reaches clean_kvk and is normalised, not refused.
    kvk = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        help_text=_("8 cijfers, zoals op uw uittreksel van de Kamer van Koophandel."),
    )
    agb = forms.CharField(
        label=_("AGB-code"),
        max_length=20,
        help_text=_("8 cijfers: de AGB-code van uw praktijk of instelling."),
    )

    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", help_text=_("Begin met https://")
    )

    class Meta:
        model = Organisation
        fields = ["name", "type", "kvk", "agb", "website", "contact_name", "contact_email", "contact_phone"]
        widgets = {"type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = OrganisationType.choices
        self.fields["contact_email"].required = True
        self.fields["contact_name"].required = True

    def clean_kvk(self):
        value = digits(self.cleaned_data["kvk"])
        if not KVK_RE.fullmatch(value):
            raise forms.ValidationError(KVK_MESSAGE)
        return value

    def clean_agb(self):
        value = digits(self.cleaned_data["agb"])
        if not AGB_RE.fullmatch(value):
            raise forms.ValidationError(AGB_MESSAGE)
        return value

    def validate_unique(self):
        """Duplicates get the service's clearer message (organisations.services.duplicate_problems)."""


class LocationForm(forms.Form):
    address = forms.CharField(
        label=_("Adres"), max_length=200, required=False, validators=[single_line_validator]
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    place = forms.CharField(
        label=_("Plaats"), max_length=100, required=False, validators=[single_line_validator]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The formset asks for at least one location; the page says which fields a location needs.
        for field in self.fields.values():
            field.hide_optional_mark = True

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in ("address", "postcode", "place")):
            return data  # an empty extra location is ignored
        if not data.get("place"):
            self.add_error("place", _("Vul de plaats in."))
        try:
            data["postcode"] = normalise_postcode(data.get("postcode"))
        except forms.ValidationError as exc:
            self.add_error("postcode", exc)
        return data


class BaseLocationFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [f.cleaned_data for f in self.forms if f.cleaned_data.get("place")]
        if not filled:
            raise forms.ValidationError(_("Vul ten minste één locatie in (postcode en plaats)."))
        self.locations = filled


LocationFormSet = forms.formset_factory(LocationForm, formset=BaseLocationFormSet, extra=3, max_num=3)


class AccountForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, validators=[single_line_validator])
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, validators=[single_line_validator])
    email = forms.EmailField(label=_("E-mailadres (om in te loggen)"))
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("Minimaal 8 tekens, niet alleen cijfers."),
    )
    password2 = forms.CharField(label=_("Wachtwoord nogmaals"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De wachtwoorden zijn niet gelijk."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def account(self):
        d = self.cleaned_data
        return {
            "first_name": d["first_name"],
            "last_name": d["last_name"],
            "email": d["email"].lower(),
            "password": d["password1"],
        }


class InvitationAcceptForm(AccountForm):
    def __init__(self, *args, email=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = email
        self.fields["email"].disabled = True


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van uw collega"))


class SubcontractForm(forms.Form):
    identifier = forms.CharField(
        label=_("KvK-nummer of AGB-code van de onderaannemer"),
        max_length=20,
        help_text=_("De onderaannemer moet al bekend zijn op het platform en de relatie bevestigen."),
    )

    def clean_identifier(self):
        value = digits(self.cleaned_data["identifier"])
        if not KVK_RE.fullmatch(value):
            raise forms.ValidationError(_("Vul een KvK-nummer of AGB-code van 8 cijfers in."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (CSV of XLSX)"))


class OrganisationEditForm(forms.ModelForm):
    """The organisation's own data a member may change (KvK, AGB and kind stay with the foundation)."""

    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", help_text=_("Begin met https://")
    )

    class Meta:
        model = Organisation
        fields = ["name", "website", "contact_name", "contact_email", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].required = True
        self.fields["contact_name"].required = True

    def validate_unique(self):
        """Name, website and contact are not unique."""


EditLocationFormSet = forms.formset_factory(LocationForm, formset=BaseLocationFormSet, extra=1, max_num=20)
