"""Demo self-evaluations for the demo cycle (see keurmerk/cycles/demo.py): a draft for the signed
participations, a submitted one for those further along, and for the provider that submitted a
revision, a revised version with visible changes; a few dialogue messages. Idempotent.

Every answer is clearly demo text. The rows are written directly, not through the services: the
demo participations already stand in their later states, which the workflow steps would refuse.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from keurmerk.cycles import audit
from keurmerk.cycles.demo import DEMO_YEAR
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion

from .models import Answer, Message, Round, SelfEvaluation, Status

SUBMITTED_STATES = [
    State.SUBMITTED,
    State.QUALIFIED,
    State.NOT_QUALIFIED,
    State.REVISION_SUBMITTED,
    State.AWARDED,
]
SAMPLES = {
    "wachttijd-kort": "(Demo) Wij houden de wachttijd onder vier weken. Elke maandag bekijkt het team de "
    "wachtlijst; wie langer dan drie weken wacht, krijgt een telefonisch contact en tips voor de wachttijd.",
    "wachttijd-tips": "(Demo) Wachtende cliënten krijgen een brief met zelfhulptips, de link naar onze "
    "e-healthmodule en het nummer van de huisartsenpost voor als het slechter gaat.",
    "klik-onderwerp-gesprek": "(Demo) In het eerste en het derde gesprek vraagt de behandelaar expliciet of "
    "de klik goed is; dat staat als vast onderdeel in ons intakeprotocol.",
    "samen-beslissen": "(Demo) Behandeldoelen, vorm en frequentie leggen cliënt en behandelaar samen vast "
    "in het behandelplan; de cliënt tekent het plan mee.",
    "behandelduur-uitgangspunt": "(Demo) Wij starten elke behandeling met het uitgangspunt dat zij binnen "
    "800 minuten klaar is en bespreken dat in het eerste gesprek.",
    "gemiddelde-behandeltijd": "(Demo) Berekend uit ons EPD over alle afgesloten behandelingen van het "
    "afgelopen jaar; zie het getal hiernaast.",
}
REVISED = {
    "wachttijd-tips": " Sinds februari bellen wij elke wachtende na twee weken om te horen hoe het gaat.",
    "samen-beslissen": " Het behandelplan wordt na vier gesprekken samen geëvalueerd en zo nodig bijgesteld.",
    "tussentijds-evalueren": " Wij gebruiken daarvoor sinds dit jaar de ORS/SRS-vragenlijst.",
}


def _text(criterion, organisation):
    sample = SAMPLES.get(criterion.key)
    if sample:
        return sample
    return (
        f"(Demotekst) Bij {organisation.name} geven wij hier als volgt invulling aan: wij hebben afspraken "
        f"vastgelegd over ‘{Truncator(criterion.text).words(14)}’, bespreken deze jaarlijks in het team en "
        "evalueren ze met cliënten."
    )


def _answer(se, criterion, organisation, filled):
    answer = Answer(self_evaluation=se, criterion=criterion, version=1 if filled else 0)
    if not filled:
        return answer
    answer.explanation = _text(criterion, organisation)
    kinds = {field.get("kind") for field in criterion.answer_fields or []}
    if "number" in kinds:
        answer.number = 540 if "minuten" in str(criterion.answer_fields) else 8
    if "url" in kinds:
        answer.urls = [f"{organisation.website.rstrip('/')}/over-ons/{criterion.key}"]
    answer.updated_at = timezone.now()
    return answer


def _create(participation, member, *, round_no=Round.FIRST, submitted=True, share=1.0, based_on=None):
    organisation = participation.organisation
    se = SelfEvaluation.objects.create(
        participation=participation,
        round=round_no,
        based_on=based_on,
        created_by=member,
        status=Status.SUBMITTED if submitted else Status.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        submitted_by=member if submitted else None,
        filled_in_by=f"{member.get_full_name()} (demo)" if submitted else "",
        reviewer_name="Drs. Demo Behandelaar" if submitted and organisation.kvk != "10000004" else "",
    )
    criteria = list(
        Criterion.objects.filter(norm__framework=participation.cycle.framework).order_by(
            "norm__position", "position"
        )
    )
    limit = round(len(criteria) * share)
    Answer.objects.bulk_create(
        [_answer(se, c, organisation, i < limit) for i, c in enumerate(criteria)], batch_size=200
    )
    for action in ["selfevaluation_started"] + (["selfevaluation_submitted"] if submitted else []):
        audit.record(actor=member, action=action, obj=se, participation=participation, reason="Demogegevens")
    return se


def _revise(participation, member, first):
    revision = _create(participation, member, round_no=Round.REVISION, based_on=first)
    for answer in revision.answers.select_related("criterion").filter(criterion__key__in=REVISED):
        answer.explanation += REVISED[answer.criterion.key]
        answer.version += 1
        answer.save(update_fields=["explanation", "version"])
    return revision


def _dialogue(se, member):
    assessor = get_user_model().objects.filter(role="assessor").order_by("pk").first()
    if assessor is None or se.messages.exists():
        return
    criterion = se.answers.select_related("criterion").order_by("pk").first().criterion
    Message.objects.create(
        self_evaluation=se,
        criterion=criterion,
        author=assessor,
        text="(Demo) Kunt u toelichten hoe u de wachttijd meet: vanaf aanmelding of vanaf de intake?",
    )
    Message.objects.create(
        self_evaluation=se, author=member, text="(Demo) Vanaf de aanmelding; wij passen de toelichting aan."
    )


def _load_one(participation):
    member = get_user_model().objects.filter(memberships__organisation=participation.organisation).first()
    if member is None or participation.self_evaluations.exists():
        return None
    if participation.state == State.SIGNED:
        share = 0.6 if participation.organisation.type != "netwerk" else 0.2
        return _create(participation, member, submitted=False, share=share)
    first = _create(participation, member)
    if participation.state in (State.NOT_QUALIFIED, State.REVISION_SUBMITTED):
        _dialogue(first, member)
    if participation.state == State.REVISION_SUBMITTED:
        _revise(participation, member, first)
    return first


@transaction.atomic
def load(stdout):
    participations = Participation.objects.filter(
        cycle__year=DEMO_YEAR, state__in=[State.SIGNED, *SUBMITTED_STATES]
    ).select_related("organisation", "cycle__framework")
    created = [p for p in participations if _load_one(p)]
    stdout.write(
        f"  Zelfevaluaties (demo): {len(created)} nieuw, {participations.count()} deelnames met zelfevaluatie"
    )
