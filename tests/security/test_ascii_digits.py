"""KvK, AGB, BIG and postcode take ASCII digits only: `١٠٠٠٠٠٠١` (Arabic-Indic digits) is refused
everywhere it can come in, so it can never register a second organisation beside `10000001`."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from keurmerk.lib.tabular import TableError
from keurmerk.organisations.forms import LocationForm, OrganisationForm, SubcontractForm
from keurmerk.organisations.importing import import_organisations
from keurmerk.organisations.models import Location, Organisation
from keurmerk.selfevaluations.forms import SubmitForm
from keurmerk.selfevaluations.models import SelfEvaluation
from tests.conftest import amsterdam, make_organisation
from tests.organisations.test_apply import form_data

ARABIC_KVK = "١٠٠٠٠٠٠١"  # looks like 10000001
ARABIC_BIG = "١٢٣٤٥٦٧٨٩٠١"


@time_machine.travel(amsterdam(2026, 9, 15, 10), tick=False)
def test_application_refuses_unicode_digits_with_a_dutch_message(client, cycle):
    make_organisation("Bestaand", "10000001", "20000001")
    before = Organisation.objects.count()
    response = client.post("/aanmelden/", form_data(**{"org-kvk": ARABIC_KVK, "org-agb": "٢٠٠٠٠٠٠١"}))
    assert response.status_code == 200
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in response.text
    assert "Een AGB-code bestaat uit precies 8 cijfers." in response.text
    assert Organisation.objects.count() == before


def test_forms_refuse_unicode_digits():
    org = OrganisationForm(data={"kvk": ARABIC_KVK, "agb": "12345678"})
    assert not org.is_valid() and "kvk" in org.errors
    location = LocationForm(data={"postcode": "١٢٣٤ AB", "place": "Utrecht"})
    assert not location.is_valid() and "postcode" in location.errors
    assert not SubcontractForm(data={"identifier": ARABIC_KVK}).is_valid()
    big = SubmitForm(data={"filled_in_by": "A", "reviewer_name": "B", "reviewer_big": ARABIC_BIG})
    assert not big.is_valid() and "reviewer_big" in big.errors
    assert SubmitForm(
        data={"filled_in_by": "A", "reviewer_name": "B", "reviewer_big": "12345678901"}
    ).is_valid()


def test_model_validation_refuses_unicode_digits(db):
    organisation = Organisation(name="X", type="vrijgevestigd", kvk=ARABIC_KVK, agb="12345678")
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "kvk" in excinfo.value.message_dict
    location = Location(organisation=organisation, postcode="١٢٣٤ AB", place="Utrecht")
    with pytest.raises(ValidationError) as excinfo:
        location.full_clean(exclude=["organisation"])
    assert "postcode" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        SelfEvaluation._meta.get_field("reviewer_big").run_validators(ARABIC_BIG)


def test_a_trailing_newline_does_not_pass_the_model_validator(db):
    organisation = Organisation(name="X", type="vrijgevestigd", kvk="1234567\n", agb="12345678")
    with pytest.raises(ValidationError):
        organisation.full_clean()


def test_import_refuses_unicode_digits_in_kvk_agb_postcode_and_years(db):
    make_organisation("Bestaand", "10000001", "20000001")
    text = (
        "name;type;kvk;agb;postcode;place;held_mark_years\n"
        f"Kopie;vrijgevestigd;{ARABIC_KVK};٢٠٠٠٠٠٠٢;١٢٣٤ AB;Utrecht;٢٠٢٠\n"
    )
    with pytest.raises(TableError) as excinfo:
        import_organisations(data=text.encode())
    problems = excinfo.value.problems
    assert any(p.startswith("rij 2, kolom kvk:") for p in problems)
    assert any(p.startswith("rij 2, kolom agb:") for p in problems)
    assert any(p.startswith("rij 2, kolom postcode:") for p in problems)
    assert (
        "rij 2, kolom held_mark_years: gebruik jaartallen gescheiden door een spatie, zoals 2020 2021"
        in problems
    )
    assert Organisation.objects.count() == 1
