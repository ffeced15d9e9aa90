"""Demo self-evaluations for the demo cycle (see keurmerk/cycles/demo.py): a draft for the signed
participations, a submitted one for those further along, and for the provider that submitted a
revision (Praktijk Kade), a revised version with visible changes; a few dialogue messages.
Idempotent: a participation that has a self-evaluation is left alone.

Everything goes through the services a member uses: start, save each answer, submit, start the
revision, post a message. Steps that check their phase are taken at a moment inside the phase
(`during`, see the cycle demo). A revision can only follow a first report that says "not yet", so
Kade's first report is sent here (with the assessment demo's helper); the other reports, and the
organisations of the final round, are in keurmerk/assessments/demo.py.
"""

from django.db import transaction
from django.utils.text import Truncator

from keurmerk.core.demo import cycles as cycle_demo
from keurmerk.core.demo.cycles import DEMO_YEAR, during
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.notices import members_of
from keurmerk.selfevaluations.models import Round, SelfEvaluation
from keurmerk.selfevaluations.services import (
    answer_save,
    message_post,
    revision_start,
    self_evaluation_start,
    self_evaluation_submit,
)

# The target states (cycle demo) whose first self-evaluation was submitted.
SUBMITTED_STATES = [State.SUBMITTED, State.AWARDED, State.NOT_QUALIFIED, State.REVISION_SUBMITTED]
NO_REVIEWER_KVK = "10000004"  # Praktijk Zeezicht submitted without a behandelaar: the warning shows
REVIEWER = "Drs. Demo Behandelaar"
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


def _fill(self_evaluation, member, share):
    """Save the first `share` of the answers, as the member would type them."""
    organisation = self_evaluation.participation.organisation
    answers = list(
        self_evaluation.answers.select_related("criterion").order_by(
            "criterion__norm__position", "criterion__position"
        )
    )
    for answer in answers[: round(len(answers) * share)]:
        criterion = answer.criterion
        kinds = {field.get("kind") for field in criterion.answer_fields or []}
        number = (540 if "minuten" in str(criterion.answer_fields) else 8) if "number" in kinds else None
        urls = [f"{organisation.website.rstrip('/')}/over-ons/{criterion.key}"] if "url" in kinds else []
        answer_save(
            answer=answer,
            user=member,
            version=answer.version,
            explanation=_text(criterion, organisation),
            number=number,
            urls=urls,
        )


def _submit(self_evaluation, member, *, now):
    reviewer = "" if self_evaluation.participation.organisation.kvk == NO_REVIEWER_KVK else REVIEWER
    return self_evaluation_submit(
        self_evaluation=self_evaluation,
        user=member,
        filled_in_by=f"{member.get_full_name()} (demo)",
        reviewer_name=self_evaluation.reviewer_name or reviewer,
        reviewer_big=self_evaluation.reviewer_big,
        now=now,
    )


def first_round(participation, member, *, submit=True, share=1.0):
    """Start the self-evaluation, fill in `share` of it and (if `submit`) submit it, all in the phase."""
    opens = participation.cycle.selfevaluation_opens
    self_evaluation = self_evaluation_start(participation=participation, user=member, now=during(opens))
    _fill(self_evaluation, member, share)
    if submit:
        _submit(self_evaluation, member, now=during(opens))
    return self_evaluation


def revise(participation, member, *, submit=True):
    """Start the one revision (a copy of the first round), add to a few answers, and submit it."""
    opens = participation.cycle.revision_opens
    revision = revision_start(participation=participation, user=member, now=during(opens))
    for answer in revision.answers.select_related("criterion").filter(criterion__key__in=REVISED):
        answer_save(
            answer=answer,
            user=member,
            version=answer.version,
            explanation=answer.explanation + REVISED[answer.criterion.key],
            number=answer.number,
            urls=answer.urls,
        )
    if submit:
        _submit(revision, member, now=during(opens))
    return revision


def _dialogue(self_evaluation, member):
    assessor = cycle_demo.staff_user("assessor")
    if assessor is None or self_evaluation.messages.exists():
        return
    criterion = self_evaluation.answers.select_related("criterion").order_by("pk").first().criterion
    message_post(
        self_evaluation=self_evaluation,
        user=assessor,
        criterion=criterion,
        text="(Demo) Kunt u toelichten hoe u de wachttijd meet: vanaf aanmelding of vanaf de intake?",
    )
    message_post(
        self_evaluation=self_evaluation,
        user=member,
        text="(Demo) Vanaf de aanmelding; wij passen de toelichting aan.",
    )


def _load_one(participation, member, state):
    if state == State.SIGNED:
        share = 0.6 if participation.organisation.type != "netwerk" else 0.2
        return first_round(participation, member, submit=False, share=share)
    first = first_round(participation, member)
    if state in (State.NOT_QUALIFIED, State.REVISION_SUBMITTED):
        _dialogue(first, member)
    if state == State.REVISION_SUBMITTED:
        from keurmerk.core.demo.assessments import send_report  # that module builds on this one

        send_report(first, qualified=False)
        revise(participation, member)
    return first


@transaction.atomic
def load(stdout):
    targets = {row.kvk: row.state for row in cycle_demo.ORGANISATIONS}
    participations = Participation.objects.filter(
        cycle__year=DEMO_YEAR, organisation__kvk__in=targets
    ).select_related("organisation", "cycle__framework")
    created = 0
    for participation in participations:
        state = targets[participation.organisation.kvk]
        member = members_of(participation.organisation).order_by("pk").first()
        if state not in (State.SIGNED, *SUBMITTED_STATES) or member is None:
            continue
        if participation.self_evaluations.exists():
            continue
        _load_one(participation, member, state)
        created += 1
    total = SelfEvaluation.objects.filter(participation__cycle__year=DEMO_YEAR).count()
    revisions = SelfEvaluation.objects.filter(
        participation__cycle__year=DEMO_YEAR, round=Round.REVISION
    ).count()
    stdout.write(
        f"  Zelfevaluaties (demo): {created} deelnames nieuw; {total} versies, waarvan {revisions} aangepast."
    )
