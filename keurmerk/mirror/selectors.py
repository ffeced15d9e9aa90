"""Reads of the mirror report that views, services, commands and other apps share."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from keurmerk.cycles.calendar import holder_ids
from keurmerk.frameworks.models import TargetMetric, TargetValue
from keurmerk.organisations.models import Organisation

from .charts import distribution_chart, mix_bars
from .indicators import (
    BY_KEY,
    COUNT_KEYS,
    NUMERIC_KEYS,
    PROFILE_PREFIX,
    PROFILE_SHARE,
    PROFILES,
    SHOW_MINIMUM,
    UNKNOWN_PROFILE,
    percentile_rank,
    profile_mix,
)
from .models import IndicatorValue, PeerStatistic, Upload

METRIC_PREFERENCE = {TargetMetric.DIRECT: 0, TargetMetric.UNSPECIFIED: 1, TargetMetric.TOTAL: 2}


def indicator_value(organisation, year, key):
    """The unrounded value of one indicator (e.g. `direct_minutes_mean`), or None when absent.

    The self-evaluation offers `direct_minutes_mean` of the cycle's year as an answer (norm 2/4).
    """
    return (
        IndicatorValue.objects.filter(organisation=organisation, year=year, key=key)
        .values_list("value", flat=True)
        .first()
    )


def target_minutes_by_year():
    """{year: minutes}: each framework's target value (streefwaarde); a direct-time target first."""
    targets = {}
    rows = TargetValue.objects.select_related("framework").order_by("framework__year", "pk")
    for target in sorted(rows, key=lambda t: (t.framework.year, METRIC_PREFERENCE.get(t.metric, 9), t.pk)):
        targets.setdefault(target.framework.year, target.minutes)
    return targets


def target_minutes(year):
    return target_minutes_by_year().get(year)


def peer_holders(year):
    """Who may be a peer in `year`: the providers that hold the mark in that year (on 31 December)."""
    return holder_ids(year, on=datetime.date(year, 12, 31))


def values_of_year(year, organisation_ids=None):
    """{organisation id: {key: value}} of one year (every stored key, profile shares included)."""
    rows = IndicatorValue.objects.filter(year=year)
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    values = defaultdict(dict)
    for org_id, key, value in rows.values_list("organisation_id", "key", "value").iterator(chunk_size=5000):
        values[org_id][key] = value
    return values


def values_of_organisation(organisation):
    """{year: {key: value}} of one provider, every year it has figures for."""
    values = defaultdict(dict)
    for year, key, value in IndicatorValue.objects.filter(organisation=organisation).values_list(
        "year", "key", "value"
    ):
        values[year][key] = value
    return dict(sorted(values.items()))


def peers_of_year(year):
    return {p.key: p for p in PeerStatistic.objects.filter(year=year)}


def years_with_peers():
    return sorted(set(PeerStatistic.objects.values_list("year", flat=True)), reverse=True)


def rank_of(peer, organisation_id, value):
    """The provider's percentile rank within `peer`, or None when it is not one of the peers."""
    if peer is None or value is None or organisation_id not in peer.organisation_ids:
        return None
    return percentile_rank(peer.values, value)


def shown(peer):
    """A distribution is shown only with at least 5 peers (DATA.md, Privacy)."""
    return peer is not None and peer.n >= SHOW_MINIMUM


def latest_uploads(organisation):
    """{kind: the latest accepted upload} of one provider."""
    latest = {}
    for upload in Upload.objects.filter(organisation=organisation).select_related("uploaded_by"):
        latest.setdefault(upload.kind, upload)
    return latest


def report_rows(organisation, figures, peers, target):
    """One row per numeric indicator for the report: value, target, peers, rank and chart."""
    rows = []
    for key in NUMERIC_KEYS:
        indicator = BY_KEY[key]
        peer = peers.get(key)
        visible = peer if shown(peer) else None
        value = figures.get(key)
        row_target = target if indicator.target else None
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "target": row_target,
                "peer": visible,
                "few_peers": peer is not None and visible is None,
                "rank": rank_of(visible, organisation.pk, value),
                "chart": distribution_chart(indicator, value, visible, row_target),
            }
        )
    return rows


def mirror_report(organisation, year):
    """Everything the report page and its PDF show for one provider and year."""
    by_year = values_of_organisation(organisation)
    figures = by_year.get(year, {})
    target = target_minutes(year)
    mix = profile_mix(figures)
    return {
        "organisation": organisation,
        "year": year,
        "years": list(by_year),
        "has_data": bool(figures),
        "target": target,
        "rows": report_rows(organisation, figures, peers_of_year(year), target),
        "mix": mix_bars(mix, PROFILES + [UNKNOWN_PROFILE]),
        "trend": trend(by_year),
    }


def trend(by_year):
    """[(indicator, [value per year])] over the years the provider has figures for."""
    return [(BY_KEY[key], [by_year[y].get(key) for y in by_year]) for key in NUMERIC_KEYS]


def scheme_distributions(year):
    """Per numeric indicator the distribution over the peers of `year` (None when fewer than 5)."""
    peers = peers_of_year(year)
    rows = []
    for key in NUMERIC_KEYS:
        indicator, peer = BY_KEY[key], peers.get(key)
        visible = peer if shown(peer) else None
        rows.append(
            {
                "indicator": indicator,
                "value": None,
                "target": None,
                "rank": None,
                "peer": visible,
                "few_peers": peer is not None and visible is None,
                "chart": distribution_chart(indicator, None, visible, None),
            }
        )
    return rows


def scheme_providers(year):
    """For staff only: the providers with figures in `year`, their figures and holder status."""
    values = values_of_year(year)
    holders = peer_holders(year)
    organisations = Organisation.objects.filter(pk__in=list(values)).order_by("name")
    return [{"organisation": o, "figures": values[o.pk], "holder": o.pk in holders} for o in organisations]


def provider_figures(figures):
    """One provider's figures of a year in DATA.md's order and keys, unrounded, null when absent."""
    out = {}
    for key in NUMERIC_KEYS:
        value = figures.get(key)
        out[key] = int(value) if key in COUNT_KEYS and value is not None else value
        if key == "effect_size":
            out["profile_mix"] = profile_mix(figures)
    return out


def _peer_figures(peer):
    if peer is None:
        return {"n": 0, "p25": None, "median": None, "p75": None}
    return {"n": peer.n, "p25": peer.p25, "median": peer.median, "p75": peer.p75}


def indicators_json(year):
    """The `mirror_indicators --json` document: providers by AGB code, peers and ranks."""
    values = values_of_year(year)
    peers = peers_of_year(year)
    agb = dict(Organisation.objects.filter(pk__in=list(values)).values_list("pk", "agb"))
    providers, ranks = {}, {}
    for org_id in sorted(agb, key=agb.get):
        providers[agb[org_id]] = provider_figures(values[org_id])
        own = {key: rank_of(peers.get(key), org_id, values[org_id].get(key)) for key in NUMERIC_KEYS}
        if any(rank is not None for rank in own.values()):
            ranks[agb[org_id]] = own
    return {
        "providers": providers,
        "peers": {key: _peer_figures(peers.get(key)) for key in NUMERIC_KEYS},
        "ranks": ranks,
    }


def changes_for_display(upload):
    """The indicators an upload changed, grouped by year: [(year, [(label, indicator, old, new)])]."""
    grouped = defaultdict(list)
    for change in upload.summary.get("changed", []):
        key = change["key"]
        if key.startswith(PROFILE_PREFIX):
            indicator = PROFILE_SHARE
            label = _("Profielmix: %(profile)s") % {"profile": key[len(PROFILE_PREFIX) :]}
        else:
            indicator = BY_KEY[key]
            label = indicator.label
        grouped[change["year"]].append((label, indicator, change["old"], change["new"]))
    return sorted(grouped.items())
