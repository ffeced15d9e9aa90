"""The JSON API (Django Ninja): `/api/v1/…`, the OpenAPI description at `/api/openapi.json`, the
interactive documentation at `/api/docs`. A change that breaks clients gets a `/api/v2/` router
beside this one; `v1` keeps answering as documented in docs/api.md.

Public operations need no token; the others need `Authorization: Bearer <token>` of a user whose
role may use them (401 without a valid token, 403 for another role), and are rate-limited per
token on the shared cache.
"""

import datetime
import hashlib
import json
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from keurmerk.accounts.models import STAFF_ROLES
from keurmerk.cycles.models import Cycle
from keurmerk.frameworks.changes import change_overview
from keurmerk.frameworks.selectors import previous_framework
from keurmerk.organisations.models import OrganisationType
from keurmerk.register.selectors import FIELDS, verify_certificate

from . import errors, schemas, selectors
from .access import (
    INSURER_ROLES,
    active_token,
    consultation_round,
    public_framework,
    public_frameworks,
    require_api_role,
)

NO_NUL = r"^[^\x00]*$"  # PostgreSQL refuses NUL in text; refuse it as bad input instead
SINCE = Query(..., description="Moment van uw vorige import, bijvoorbeeld 2027-03-01T12:00:00+01:00")
Year = Path(..., ge=2000, le=2100, description="Jaar, bijvoorbeeld 2027")


class TokenAuth(HttpBearer):
    """A personal API token (`manage.py api_token_create` or the account page)."""

    def __init__(self, roles: frozenset):
        self.roles = roles
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str):
        row = active_token(token)
        return None if row is None else require_api_role(row, self.roles)


class TokenThrottle(AuthRateThrottle):
    """Per token, on Django's (shared) cache; the rate is the setting KEURMERK_API_RATE."""

    def __init__(self):
        super().__init__(settings.KEURMERK_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.KEURMERK_API_RATE)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return f"api-throttle-{request.auth.pk}"


api = NinjaAPI(
    title="Keurmerk API",
    version="1",
    description="Het keurmerkregister, de normenkaders en de cijfers van het Keurmerk (zie docs/api.md).",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

public = Router(tags=["openbaar"])
insurer = Router(auth=TokenAuth(INSURER_ROLES), throttle=[TokenThrottle()], tags=["zorgverzekeraar"])
staff = Router(auth=TokenAuth(frozenset(STAFF_ROLES)), throttle=[TokenThrottle()], tags=["staf"])
PUBLIC_ERRORS = {404: schemas.Error, 422: schemas.Error}
TOKEN_ERRORS = {401: schemas.Error, 403: schemas.Error, 422: schemas.Error, 429: schemas.Error}


def _page(items: list, limit: int, offset: int) -> dict:
    return {"count": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


def _last_modified(etag: str) -> datetime.datetime:
    """When this exact representation was first served (kept on the shared cache)."""
    key = f"api-register-seen-{etag}"
    cache.add(key, timezone.now().replace(microsecond=0), timeout=None)
    return cache.get(key) or timezone.now().replace(microsecond=0)


@public.get("/register", response={200: schemas.RegisterPage, 304: None, **PUBLIC_ERRORS})
def register(
    request,
    response: HttpResponse,
    q: str = Query("", max_length=100, pattern=NO_NUL, description="Zoek op naam, plaats of AGB-code"),
    kind: Literal[tuple(OrganisationType.values)] | None = Query(None, description="Soort aanbieder"),  # type: ignore[valid-type]
    network_only: bool = Query(False, description="Alleen netwerken met het predicaat Netwerk Keurmerk"),
    limit: int = Query(1000, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """The register: the holders with the same fields and values as `/register.json`, sorted by
    name; `ETag` and `Last-Modified` let clients poll with `If-None-Match`/`If-Modified-Since`."""
    items = selectors.register_items(search=q.strip(), kind=kind, network_only=network_only)
    body = {"fields": FIELDS, **_page(items, limit, offset)}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    last_modified = _last_modified(etag)
    response["ETag"], response["Last-Modified"] = etag, http_date(last_modified.timestamp())
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified.timestamp(), response=response
    )
    return body if conditional is response else conditional  # a 304 carries the ETag too


@public.get("/frameworks", response=list[schemas.FrameworkSummary])
def frameworks(request):
    """The published (and consulted or adopted) frameworks, newest first."""
    return [selectors.framework_summary(f) for f in public_frameworks()]


@public.get("/frameworks/{year}", response={200: schemas.FrameworkRecord, **PUBLIC_ERRORS})
def framework(request, year: int = Year):
    """One framework with its norms and criteria nested, target values and exemptions."""
    return selectors.framework_record(public_framework(year))


@public.get("/frameworks/{year}/changes", response={200: schemas.FrameworkChanges, **PUBLIC_ERRORS})
def framework_changes(request, year: int = Year):
    """The change overview against the framework of the year before."""
    current = public_framework(year)
    previous = previous_framework(current)
    if previous is None:
        raise Http404(_("Er is geen normenkader van een eerder jaar om mee te vergelijken."))
    return selectors.change_record(current, previous, change_overview(previous, current))


@public.get("/verify/{code}", response={200: schemas.Verification, **PUBLIC_ERRORS})
def verify(request, code: str = Path(..., max_length=40, pattern=r"^[A-Za-z0-9-]+$")):
    """Check a certificate's verification code: valid or withdrawn, with the holder and the
    period; an unknown code answers 404."""
    status, certificate = verify_certificate(code)
    if certificate is None:
        raise Http404(_("Onbekende verificatiecode: er is geen keurmerkcertificaat met deze code."))
    return selectors.verification_record(status, certificate)


@insurer.get("/holders", response={200: schemas.HolderPage, **TOKEN_ERRORS})
def holders(request, limit: int = Query(1000, ge=1, le=5000), offset: int = Query(0, ge=0, le=1_000_000)):
    """Who holds the mark today, with the period of the mark and the certificate code."""
    return _page(selectors.holder_records(), limit, offset)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """A moment in UTC: the database keeps no offsets (PostgreSQL refuses any beyond ±15:59), and
    a moment whose UTC time falls outside the calendar is refused, naming the parameter."""
    try:
        return (timezone.make_aware(moment) if timezone.is_naive(moment) else moment).astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise HttpError(422, _("‘since’ (query): geef een moment tussen het jaar 1 en 9999.")) from None


@insurer.get("/holders/changes", response={200: schemas.HolderChanges, **TOKEN_ERRORS})
def holder_changes(request, since: datetime.datetime = SINCE):
    """New holders, withdrawals and network predicates gained or lost after `since`."""
    since = _utc(since)
    until = timezone.now()
    items = selectors.holder_changes(since=since, until=until)
    return {"since": since, "until": until, "count": len(items), "items": items}


@insurer.get("/mirror/{year}", response={200: schemas.MirrorYear, **TOKEN_ERRORS})
def mirror(request, year: int = Year):
    """The scheme-wide distributions of the mirror report (never one provider's figures)."""
    return selectors.mirror_aggregates(year)


@staff.get("/participations", response={200: schemas.ParticipationPage, 404: schemas.Error, **TOKEN_ERRORS})
def participations(
    request,
    year: int = Query(..., ge=2000, le=2100),
    limit: int = Query(1000, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """The participations of a year's cycle with their state and deadlines."""
    return _page(selectors.participation_records(cycle=_cycle(year)), limit, offset)


@staff.get("/consultations", response={200: list[schemas.ConsultationRoundRecord], **TOKEN_ERRORS})
def consultations(request):
    """The consultation rounds, newest first, with invitations and responses."""
    return selectors.consultation_rounds()


@staff.get(
    "/consultations/{round_id}/results",
    response={200: schemas.ConsultationResults, 404: schemas.Error, **TOKEN_ERRORS},
)
def consultation_results(request, round_id: int = Path(..., ge=1, le=2_147_483_647)):
    """The results of one round: response rate and the means per norm and aspect."""
    return selectors.consultation_results(consultation_round(round_id))


def _cycle(year: int) -> Cycle:
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        raise Http404(_("Er is geen keurmerkproces voor %(year)s.") % {"year": year})
    return cycle


@staff.get("/dashboard", response={200: schemas.Dashboard, **TOKEN_ERRORS})
def dashboard(request):
    """The staff dashboard's figures: participations per state, work due soon and overdue."""
    return selectors.dashboard_figures(user=request.auth.user)


@staff.get("/agreement", response={200: schemas.CycleAgreement, 404: schemas.Error, **TOKEN_ERRORS})
def agreement(request, year: int = Query(..., ge=2000, le=2100)):
    """The two assessors' agreement per cycle, norm and criterion: share of equal verdicts and
    Cohen's kappa (none below 5 pairs, or when undefined)."""
    return selectors.agreement_record(cycle=_cycle(year))


@staff.get("/samples", response={200: list[schemas.SampleDraw], 404: schemas.Error, **TOKEN_ERRORS})
def samples(request, year: int = Query(..., ge=2000, le=2100)):
    """The recorded draws of the sample of holders for follow-up conversations, newest first."""
    return selectors.sample_records(cycle=_cycle(year))


v1 = Router()
v1.add_router("", public)
v1.add_router("", insurer)
v1.add_router("", staff)
api.add_router("/v1/", v1)
