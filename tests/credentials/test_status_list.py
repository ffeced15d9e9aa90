"""The revocation status list: bit 1 exactly for withdrawn holders from the day the withdrawal takes
effect (1 April for a decision before it), on every date of a seeded year, cleared by an upheld
complaint; the credential's dates are the
register's; each certificate keeps one place, and places never collide."""

import datetime
import secrets

import time_machine

from keurmerk.assessments.models import Certificate
from keurmerk.assessments.services import participation_award, participation_withdraw
from keurmerk.complaints.services import complaint_decide, complaint_file, complaint_take_in
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.register.selectors import register_entries
from tests.conftest import amsterdam, make_organisation

from .conftest import award, set_bits, set_state, status_bits, verify_with_did

YEAR = 2027
# (date, organisation key, step): the seeded year, written down independently of the code under test.
SCHEDULE = [
    (datetime.date(YEAR, 2, 15), "a", "award"),
    (datetime.date(YEAR, 2, 15), "b", "award"),
    (datetime.date(YEAR, 2, 15), "c", "award"),
    (datetime.date(YEAR, 3, 10), "c", "withdraw"),  # before 1 April: still holds the mark until then
    (datetime.date(YEAR, 3, 20), "d", "award"),  # withdrawn the year before: holds the mark from 1 April
    (datetime.date(YEAR, 6, 10), "b", "withdraw"),
    (datetime.date(YEAR, 7, 1), "b", "award"),  # the decision revised (as an upheld complaint does)
    (datetime.date(YEAR, 10, 15), "a", "withdraw"),
]

# The day each withdrawal of the schedule takes effect, worked out by hand from the handbook's rule
# ("met ingang van 1 april", or the day of a later decision). Until then the bit reads 0.
TAKES_EFFECT = {
    "c": datetime.date(YEAR, 4, 1),
    "b": datetime.date(YEAR, 6, 10),
    "a": datetime.date(YEAR, 10, 15),
}


def _seed(cycle, org_a, org_b, users, framework_2022):
    previous = cycle_create(
        user=users["administrator"], year=YEAR - 1, framework=framework_2022, dates=handbook_dates(YEAR - 1)
    )
    org_c = make_organisation("Praktijk Cederhout", "34567890", "11223344")
    org_d = make_organisation("Praktijk Duinrand", "45678901", "22334455")
    Participation.objects.create(organisation=org_d, cycle=previous, state=State.WITHDRAWN)
    organisations = {"a": org_a, "b": org_b, "c": org_c, "d": org_d}
    return {
        key: Participation.objects.create(
            organisation=org, cycle=cycle, state=State.SUBMITTED, signed_at=amsterdam(YEAR - 1, 10, 1, 12)
        )
        for key, org in organisations.items()
    }


def _step(participation, step, users):
    participation.refresh_from_db()
    if step == "withdraw":
        participation_withdraw(participation=participation, actor=users["director"], reason="Test")
    elif participation.state == State.WITHDRAWN:
        participation_award(participation=participation, actor=users["director"], reason="Klacht gegrond")
    else:
        award(participation, users["assessor"])


def _moment(day, end=False):
    return amsterdam(day.year, day.month, day.day, *((23, 59, 59) if end else ())).isoformat()


def _check_credentials(client, day, certificates, revoked_keys):
    """Every certificate's credential verifies; a listed holder's credential carries the register's
    valid-from and valid-until dates; an unlisted one's period has not started or is over."""
    listed = {e.certificate_code: e for e in register_entries(on=day) if e.certificate_code}
    for key, certificate in certificates.items():
        vc = verify_with_did(
            client, client.get(f"/register/verify/{certificate.code}/credential.jwt").content.decode()
        )
        start, end = (datetime.datetime.fromisoformat(vc[k]).date() for k in ("validFrom", "validUntil"))
        if certificate.code in listed:
            entry = listed[certificate.code]
            assert (vc["validFrom"], vc["validUntil"]) == (
                _moment(entry.valid_from),
                _moment(entry.valid_until, True),
            )
            assert start <= day <= end, (day, key)
            assert key not in revoked_keys, (day, key)  # listed as a holder: never revoked
        elif key in revoked_keys:
            assert end < day, (day, key)  # the withdrawal has taken effect
        else:
            assert day < start, (day, key)  # not yet started (withdrawn the year before)


def test_bit_is_one_exactly_for_withdrawn_holders_on_every_date(
    client, cycle, org_a, org_b, users, framework_2022
):
    participations = _seed(cycle, org_a, org_b, users, framework_2022)
    revoked_keys, certificates = set(), {}
    day = datetime.date(YEAR, 1, 1)
    while day.year == YEAR:
        with time_machine.travel(amsterdam(day.year, day.month, day.day, 12), tick=False):
            for _when, key, step in [s for s in SCHEDULE if s[0] == day]:
                _step(participations[key], step, users)
                (revoked_keys.add if step == "withdraw" else revoked_keys.discard)(key)
                certificates[key] = Certificate.objects.get(participation=participations[key])
            in_effect = {k for k in revoked_keys if day >= TAKES_EFFECT[k]}
            expected = {certificates[key].status_list_index for key in in_effect}
            assert status_bits(client) == expected, day
            if day.day in (1, 15) or any(s[0] == day for s in SCHEDULE):
                _check_credentials(client, day, certificates, in_effect)
        day += datetime.timedelta(days=1)
    assert certificates["d"].valid_from == datetime.date(YEAR, 4, 1)
    assert revoked_keys == {"a", "c"}


@time_machine.travel(amsterdam(YEAR, 5, 1, 12), tick=False)
def test_withdrawal_sets_the_bit_and_an_upheld_complaint_clears_it(client, certificate, users):
    participation = certificate.participation
    assert status_bits(client) == set()
    participation_withdraw(participation=participation, actor=users["director"], reason="Niet gekwalificeerd")
    assert status_bits(client) == {certificate.status_list_index}
    # The withdrawn certificate's credential is still served and verifies; its bit says revoked.
    token = client.get(f"/register/verify/{certificate.code}/credential.jwt").content.decode()
    assert verify_with_did(client, token)["credentialStatus"]["statusListIndex"] == str(
        certificate.status_list_index
    )
    participation.refresh_from_db()
    complaint = complaint_file(
        participation=participation, user=users["member"], text="Onterecht ingetrokken"
    )
    complaint = complaint_take_in(complaint=complaint, user=users["director"])
    complaint_decide(complaint=complaint, user=users["director"], upheld=True, decision="Gegrond")
    assert status_bits(client) == set()
    certificate.refresh_from_db()
    assert Certificate.objects.get(pk=certificate.pk).status_list_index == certificate.status_list_index


def test_index_zero_is_the_leftmost_bit_of_the_first_byte():
    from keurmerk.credentials.documents import decode_bit, encode_bits

    encoded = encode_bits([0, 9, 131_071])
    assert set_bits(encoded) == {0, 9, 131_071}
    assert [decode_bit(encoded, i) for i in (0, 1, 8, 9, 131_071)] == [1, 0, 0, 1, 1]


def test_each_certificate_keeps_one_place_and_places_never_collide(cycle, users, monkeypatch):
    organisations = [make_organisation(f"Praktijk {n}", f"5000000{n}", f"6000000{n}") for n in range(3)]
    participations = [
        Participation.objects.create(organisation=o, cycle=cycle, state=State.QUALIFIED)
        for o in organisations
    ]
    # The random source hands out an index that is already taken; the award picks the next one.
    drawn = iter([7, 7, 7, 11, 13])
    monkeypatch.setattr(secrets, "randbelow", lambda _n: next(drawn))
    indexes = [award(p, users["assessor"]).status_list_index for p in participations]
    assert indexes == [7, 11, 13]
    # Awarding again (after a withdrawal revised) keeps the place.
    participation_withdraw(participation=participations[0], actor=users["director"], reason="Test")
    again = participation_award(
        participation=set_state(participations[0], State.WITHDRAWN), actor=users["director"]
    )
    assert again.status_list_index == 7 and Certificate.objects.count() == 3
