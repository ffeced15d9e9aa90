"""Demo content for the dialogue meetings and the Keurmerkwijzer, made through the services.

Meetings: one in the autumn before the self-evaluation (past: registrations, attendance, notes, a
draft answer in a self-evaluation and a draft that waits for one), and two coming ones (one full,
with a waiting list). Everything is marked as demo content. The Keurmerkwijzer gets questions
whose answers are quoted from the handbook (with the source) and one clearly marked demo document;
no toetsingskader is invented. Idempotent: a meeting is found by its title, a guide item by its
title; a second run changes nothing.
"""

import datetime

from django.db import transaction

from keurmerk.core.demo.cycles import DEMO_YEAR, staff_user
from keurmerk.cycles.models import Cycle
from keurmerk.cycles.notices import members_of
from keurmerk.frameworks.models import Criterion, GuideItem, GuideItemKind, Norm
from keurmerk.frameworks.services import guide_item_save
from keurmerk.lib.dates import local_today, start_of_day
from keurmerk.meetings import services
from keurmerk.meetings.models import Meeting, MeetingKind, Registration
from keurmerk.organisations.models import Organisation
from keurmerk.selfevaluations.models import Answer
from keurmerk.selfevaluations.services import answer_save

HANDBOOK = "Handboek Keurmerk Basis GGZ 2022, Fase 2"
FAQ = [
    (
        "Is deelname aan de dialoogbijeenkomsten verplicht?",
        f"Nee. “Deelname aan deze dialoog is vrijwillig.” ({HANDBOOK})",
    ),
    (
        "Wat levert deelname aan een dialoogbijeenkomst op?",
        "“Met elkaar kijken we naar een aantal criteria van het Keurmerk - na deelname heeft een keurmerkdrager "
        f"zijn individuele toelichting op de vragen over deze criteria in de zelfevaluatie al klaar.” ({HANDBOOK})",
    ),
]
DEMO_DOCUMENT = "Demo: voorbeeld van een handvatdocument (geen officiële inhoud)"
PAST_TITLE = "Dialoogbijeenkomst wachttijd en kennis delen (demo)"
COMING_TITLE = "Informatiebijeenkomst normen en zelfevaluatie (demo)"
FULL_TITLE = "Webinar kennis delen (demo, vol)"
CRITERIA = ["wachttijd-kort", "expertise-uitwisselen"]
ATTENDED = {"10000003": True, "10000001": True, "10000006": False}  # Rivierenland, De Linde; Heuvelrug absent
FULL = ["10000005", "10000008", "10000007"]  # Oost and Delta take both places; Kade waits


def _at(day, hour):
    return start_of_day(day) + datetime.timedelta(hours=hour)


def _demo_pdf():
    from keurmerk.lib.pdf import render_pdf

    return render_pdf("frameworks/demo_guide_pdf.html", {"title": DEMO_DOCUMENT})


def _guide(framework, admin):
    sharing = Norm.objects.filter(framework=framework, key="kennis-delen").first()
    first = Norm.objects.filter(framework=framework).order_by("position").first()
    if sharing is not None:
        for question, answer in FAQ:
            if not GuideItem.objects.filter(norm=sharing, title=question).exists():
                guide_item_save(norm=sharing, user=admin, kind=GuideItemKind.FAQ, title=question, body=answer)
    if first is not None and not GuideItem.objects.filter(norm=first, title=DEMO_DOCUMENT).exists():
        guide_item_save(
            norm=first,
            user=admin,
            kind=GuideItemKind.DOCUMENT,
            title=DEMO_DOCUMENT,
            body="Demo-inhoud om het uploaden en downloaden te tonen.",
            upload=(_demo_pdf(), "demo-handvatdocument.pdf"),
        )


def _plan(cycle, admin, title, kind, starts_at, capacity, online=True):
    meeting = Meeting.objects.filter(cycle=cycle, title=title).first()
    if meeting is not None:
        return meeting, False
    criteria = list(Criterion.objects.filter(norm__framework=cycle.framework, key__in=CRITERIA))
    meeting = services.meeting_plan(
        cycle=cycle,
        user=admin,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=capacity,
        online=online,
        online_link="https://meet.example.org/kibg-demo" if online else "",
        address="" if online else "Demo-locatie, Stationsplein 1, Utrecht",
        description="Demo-bijeenkomst: de criteria worden besproken aan de hand van voorbeelden.",
        criteria=criteria,
    )
    return meeting, True


def _register(meeting, kvks, places=1, now=None):
    registrations = {}
    for kvk in kvks:
        organisation = Organisation.objects.filter(kvk=kvk).first()
        member = members_of(organisation).order_by("pk").first() if organisation else None
        if member is None:
            continue
        registrations[kvk] = services.registration_create(
            meeting=meeting, organisation=organisation, user=member, places=places, now=now
        )
    return registrations


def _past(cycle, admin, assessor):
    day = cycle.selfevaluation_opens - datetime.timedelta(days=26)  # in the autumn, before the start
    meeting, created = _plan(cycle, admin, PAST_TITLE, MeetingKind.DIALOGUE, _at(day, 14), capacity=20)
    if not created:
        return
    registrations = _register(meeting, list(ATTENDED), now=_at(day - datetime.timedelta(days=14), 10))
    attended = {registrations[kvk].pk: present for kvk, present in ATTENDED.items() if kvk in registrations}
    services.attendance_record(meeting=meeting, user=assessor, attended=attended)
    services.notes_save(
        meeting=meeting,
        user=assessor,
        notes=(
            "Demo-verslag. Besproken: hoe houden deelnemers de wachttijd kort, en hoe wisselen zij expertise uit? "
            "De deelnemers hebben hun toelichting op beide criteria in concept geschreven."
        ),
    )
    _drafts(meeting, registrations)


def _drafts(meeting, registrations):
    """Rivierenland wrote into its self-evaluation (a draft); De Linde's waits until it starts."""
    criterion = meeting.criteria.get(key=CRITERIA[1])
    text = "Demo: wij bespreken elk kwartaal casuïstiek met collega's uit de regio en delen wat werkt."
    for kvk, registration in registrations.items():
        member = members_of(registration.organisation).order_by("pk").first()
        answer = (
            Answer.objects.select_related("self_evaluation")
            .filter(
                self_evaluation__participation__organisation=registration.organisation,
                self_evaluation__participation__cycle=meeting.cycle,
                self_evaluation__status="draft",
                criterion=criterion,
            )
            .first()
        )
        if answer is not None and not answer.explanation:
            answer_save(answer=answer, user=member, version=answer.version, explanation=text)
        elif answer is None and kvk == "10000001":
            services.pending_draft_save(
                meeting=meeting,
                organisation=registration.organisation,
                criterion=criterion,
                user=member,
                version=0,
                explanation=text,
            )


def _coming(cycle, admin):
    today = local_today()
    meeting, created = _plan(
        cycle,
        admin,
        COMING_TITLE,
        MeetingKind.INFORMATION,
        _at(today + datetime.timedelta(days=7), 15),
        capacity=30,
        online=False,
    )
    if created:
        _register(meeting, ["10000003", "10000004"])
    full, created = _plan(
        cycle,
        admin,
        FULL_TITLE,
        MeetingKind.WEBINAR,
        _at(today + datetime.timedelta(days=14), 10),
        capacity=2,
    )
    if created:
        _register(full, FULL)


@transaction.atomic
def load(stdout):
    cycle = Cycle.objects.select_related("framework").filter(year=DEMO_YEAR).first()
    admin, assessor = staff_user("administrator"), staff_user("assessor")
    if cycle is None or admin is None:
        return
    _guide(cycle.framework, admin)
    _past(cycle, admin, assessor)
    _coming(cycle, admin)
    count = Meeting.objects.filter(cycle=cycle).count()
    registered = Registration.objects.filter(meeting__cycle=cycle).count()
    stdout.write(f"  Bijeenkomsten (demo): {count}, met {registered} aanmeldingen; Keurmerkwijzer aangevuld.")
