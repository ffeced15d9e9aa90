"""Demo content: a consultation round on the 2024 concept framework, running now, with 30 invitees
of the five types and 10 submitted responses whose means reproduce the table in chapter 3 of the
2024 consultation report (5,4 5,1 5,6 5,0 … overall 5,3). Idempotent: a second run changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from keurmerk.frameworks.models import Framework, FrameworkStatus
from keurmerk.lib.dates import local_today

from . import services
from .imports import InviteeRow
from .models import ConsultationRound, DispositionKind, InviteeType
from .selectors import round_comments, round_norms

YEAR = 2024
ADMIN_EMAIL = "beheerder@demo.keurmerk.nl"
# The means per norm number and aspect in the 2024 report (29 responses); the demo's 10 responses
# are chosen so that their means are exactly these.
TABLE_2024 = {
    "1": (5.4, 5.1, 5.6, 5.0),
    "2a": (5.6, 5.3, 5.5, 5.1),
    "2b": (5.1, 5.3, 5.6, 5.0),
    "3": (5.1, 5.3, 5.5, 5.0),
}
RESPONSES = 10
HOLDERS = [
    "De Linde",
    "Amstelzorg",
    "Het Baken",
    "Rivierduin",
    "De Kade",
    "Zuiderpark",
    "Noorderlicht",
    "Veldzicht",
    "De Brug",
    "Kompas",
    "Horizon",
    "Eikenhof",
]
OTHERS = {
    InviteeType.INSURER: [f"Zorgverzekeraar {name}" for name in ("Noord", "Midden", "Zuid", "Oost", "West")],
    InviteeType.BRANCH: [
        "Vereniging Vrijgevestigde GGZ",
        "Branchevereniging Kortdurende Zorg",
        "Platform GGZ-aanbieders",
        "Vereniging Psychologen in de Praktijk",
        "Netwerk Basis-GGZ",
    ],
    InviteeType.KNOWLEDGE: [
        "Kenniscentrum Kortdurende GGZ",
        "Instituut voor Zorgonderzoek",
        "Lectoraat GGZ-innovatie",
        "Expertisecentrum eHealth",
    ],
    InviteeType.OTHER: [
        "Cliëntenraad Regio Midden",
        "Huisartsenkring Utrecht",
        "Sociaal Wijkteam Oost",
        "Adviesbureau Zorgkwaliteit",
    ],
}
ORGANISATIONS = [(f"Praktijk {name}", InviteeType.HOLDER) for name in HOLDERS] + [
    (name, kind) for kind, names in OTHERS.items() for name in names
]
# Comments as the 2024 report summarises them (chapter 4), with a disposition for some.
COMMENTS = [
    (
        ("", ""),
        "Waar richt het Keurmerk zich op nu het onderscheid tussen de BGGZ en de SGGZ in het ZPM "
        "is weggevallen?",
        DispositionKind.NOTED,
        "De afbakening gebeurt voortaan op de monodisciplinaire setting.",
    ),
    (
        ("1", "tijdig-afsluiten-2024"),
        "Werk begrippen als ‘tijdig afsluiten’ verder uit; wat wordt concreet verwacht?",
        DispositionKind.PARTLY,
        "De Adviescommissie Kortdurend Generalistisch Behandelen adviseert "
        "over basisingrediënten; het criterium blijft vragen hoe de keurmerkdrager er invulling aan geeft.",
    ),
    (
        ("2a", ""),
        "Hang streefwaarden aan de gegevens die onder deze norm worden uitgevraagd.",
        DispositionKind.NOT_ADOPTED,
        "Voor 2024 geen streefwaarden voor deze gegevens; eerst is meer data nodig.",
    ),
    (("2a", ""), "Waak ervoor verbeteren om het verbeteren zelf te stimuleren.", None, ""),
    (
        ("2b", "samenwerking-sociaal-domein"),
        "Wat is een ‘goede samenwerking’ met het sociale domein?",
        None,
        "",
    ),
]


def _scores_for(mean_value, n, rng):
    """n whole scores 1–7 whose mean is exactly `mean_value` (a multiple of 1/n), in random order."""
    total = round(mean_value * n)
    base, extra = divmod(total, n)
    scores = [base + 1] * extra + [base] * (n - extra)
    for _ in range(n):  # spread them out while keeping the sum
        i, j = rng.randrange(n), rng.randrange(n)
        if scores[i] < 7 and scores[j] > 1 and i != j:
            scores[i], scores[j] = scores[i] + 1, scores[j] - 1
    rng.shuffle(scores)
    return scores


def _score_sheet(norms, rng):
    """{respondent index: {(norm_key, aspect): score}} for RESPONSES respondents."""
    sheet = {i: {} for i in range(RESPONSES)}
    aspects = ["stimulerend", "vooruitstrevend", "duidelijk", "haalbaar"]
    for norm in norms:
        for aspect, mean_value in zip(aspects, TABLE_2024.get(norm.number, (5.0,) * 4), strict=True):
            for i, value in enumerate(_scores_for(mean_value, RESPONSES, rng)):
                sheet[i][(norm.key, aspect)] = value
    return sheet


def _comments_for(index, norms_by_number):
    """Respondent `index` gives the index-th comment of COMMENTS (the first few respondents only)."""
    if index >= len(COMMENTS):
        return {}
    (number, criterion_key), text, _kind, _explanation = COMMENTS[index]
    norm = norms_by_number.get(number)
    return {(norm.key, criterion_key) if norm else ("", ""): text}


def _respond(consultation_round, norms, rng):
    sheet = _score_sheet(norms, rng)
    by_number = {n.number: n for n in norms}
    respondents = list(consultation_round.invitees.order_by("pk"))[::3][:RESPONSES]
    for index, invitee in enumerate(respondents):
        answers = services.Answers(scores=sheet[index], comments=_comments_for(index, by_number))
        services.response_save(invitee=invitee, answers=answers, expected_version=0, submit=True)


def _dispose(consultation_round, norms, user):
    rows = {row.comment.text: row.comment for row in round_comments(consultation_round, norms)}
    for _key, text, kind, explanation in COMMENTS:
        if kind and text in rows and user is not None:
            services.disposition_record(comment=rows[text], kind=kind, explanation=explanation, user=user)


def _demo_admin():
    User = get_user_model()
    return User.objects.filter(email=ADMIN_EMAIL).first() or User.objects.filter(is_superuser=True).first()


@transaction.atomic
def _create(framework, stdout):
    user = _demo_admin()
    today = local_today()
    consultation_round = services.round_open(
        framework=framework,
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=21),
        user=user,
        introduction="Wij leggen de consultatieversie van het Keurmerk 2024 graag aan u voor. Geef per norm "
        "aan hoe u haar waardeert en laat ons weten wat beter kan.",
    )
    rows = [
        InviteeRow(name, kind.value, f"consultatie{i:02d}@example.org")
        for i, (name, kind) in enumerate(ORGANISATIONS, start=1)
    ]
    services.invitees_add(consultation_round=consultation_round, rows=rows, user=user)
    norms = round_norms(consultation_round)
    _respond(consultation_round, norms, random.Random(YEAR))
    _dispose(consultation_round, norms, user)
    stdout.write(
        f"Consultatieronde {consultation_round.pk} op {framework.name}: {len(rows)} genodigden, "
        f"{RESPONSES} reacties."
    )


def load(stdout):
    framework = Framework.objects.filter(year=YEAR).first()
    if framework is None or ConsultationRound.objects.filter(framework=framework).exists():
        return
    if framework.status != FrameworkStatus.CONCEPT:
        stdout.write(f"Geen demo-consultatie: het normenkader {YEAR} is geen concept meer.")
        return
    _create(framework, stdout)
