"""The indicators of DATA.md: their keys, labels and units, and the peer-comparison arithmetic.

Everything here is plain Python over numbers; DuckDB computes the indicators (`engine.py`), the
services store them, and the peer comparison of a year is computed from the stored values.
"""

import bisect
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PROFILES = ["kort", "middel", "intensief", "chronisch"]
UNKNOWN_PROFILE = "onbekend"
PROFILE_PREFIX = "profile_mix."
LABELS = ["UMAMI", "ELEO"]
CQI_SUBSCALES = [
    "bejegening",
    "bereikbaarheid",
    "samen_beslissen",
    "betrekken_naasten",
    "uitvoering_behandeling",
    "informatie_medicatie",
    "informatie_vragenlijsten",
    "gezondheid",
]
PEER_MINIMUM_CLOSED = 10
SHOW_MINIMUM = 5  # distributions with fewer peers are never shown


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str = ""  # "min", "%", "" (score) or "n" (a count)
    target: bool = False  # compared with the framework's target value (minutes)
    scale: tuple | None = None  # the fixed range of a chart's axis, when the values have one

    @property
    def is_cqi(self):
        return self.key.startswith("cqi_")

    @property
    def is_count(self):
        return self.unit == "n"


TRAJECTORY_INDICATORS = [
    Indicator("n_closed", _("Afgesloten behandeltrajecten"), "n"),
    Indicator("direct_minutes_mean", _("Directe tijd, gemiddeld"), "min", target=True),
    Indicator("direct_minutes_median", _("Directe tijd, mediaan"), "min", target=True),
    Indicator("pct_within_target", _("Binnen de streefwaarde"), "%"),
    Indicator("pct_two_or_fewer_sessions", _("Afgerond na twee of minder consulten"), "%"),
    Indicator("pct_return_within_year", _("Terug binnen een jaar"), "%"),
    Indicator("pct_rom_complete", _("ROM compleet (voor- en nameting)"), "%"),
    Indicator("delta_t_mean", _("Verschil T-score voor − na, gemiddeld")),
    Indicator("effect_size", _("Effectgrootte")),
]
SUBSCALE_LABELS = {
    "bejegening": _("Bejegening"),
    "bereikbaarheid": _("Bereikbaarheid"),
    "samen_beslissen": _("Samen beslissen"),
    "betrekken_naasten": _("Betrekken van naasten"),
    "uitvoering_behandeling": _("Uitvoering van de behandeling"),
    "informatie_medicatie": _("Informatie over medicatie"),
    "informatie_vragenlijsten": _("Informatie over vragenlijsten"),
    "gezondheid": _("Gezondheid"),
}
CQI_INDICATORS = [
    Indicator("cqi_n", _("CQi-vragenlijsten"), "n"),
    Indicator("cqi_rapportcijfer_mean", _("CQi rapportcijfer, gemiddeld"), scale=(0, 10)),
] + [Indicator(f"cqi_{name}_mean", SUBSCALE_LABELS[name], scale=(1, 5)) for name in CQI_SUBSCALES]
PROFILE_SHARE = Indicator("profile_mix", _("Profielmix"), "%")
NUMERIC_INDICATORS = TRAJECTORY_INDICATORS + CQI_INDICATORS
BY_KEY = {indicator.key: indicator for indicator in NUMERIC_INDICATORS}
TRAJECTORY_KEYS = [i.key for i in TRAJECTORY_INDICATORS]
CQI_KEYS = [i.key for i in CQI_INDICATORS]
NUMERIC_KEYS = TRAJECTORY_KEYS + CQI_KEYS
COUNT_KEYS = {"n_closed", "cqi_n"}


def is_trajectory_key(key):
    return key in TRAJECTORY_KEYS or key.startswith(PROFILE_PREFIX)


def quantile(sorted_values, q):
    """Linear interpolation between closest ranks: numpy.percentile's default, DuckDB's quantile_cont."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    fraction = position - low
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * fraction


def percentile_rank(sorted_values, value):
    """100 × (peers with a lower value + ½ × peers with an equal value, itself included) / n."""
    lower = bisect.bisect_left(sorted_values, value)
    equal = bisect.bisect_right(sorted_values, value) - lower
    return 100 * (lower + 0.5 * equal) / len(sorted_values)


def peer_group(values, holders, key):
    """Ids of the peers for `key`: holders with n_closed ≥ 10 (CQi keys: cqi_n ≥ 10) and a value.

    `values` is {organisation id: {key: value}} for one year.
    """
    size_key = "cqi_n" if BY_KEY[key].is_cqi else "n_closed"
    return sorted(
        org_id
        for org_id, figures in values.items()
        if org_id in holders
        and (figures.get(size_key) or 0) >= PEER_MINIMUM_CLOSED
        and figures.get(key) is not None
    )


def distribution(values, holders, key):
    """(organisation ids, sorted values, {n, p25, median, p75}) of one indicator in one year."""
    ids = peer_group(values, holders, key)
    ordered = sorted(values[org_id][key] for org_id in ids)
    figures = {
        "n": len(ordered),
        "p25": quantile(ordered, 0.25),
        "median": quantile(ordered, 0.5),
        "p75": quantile(ordered, 0.75),
    }
    return ids, ordered, figures


def profile_mix(figures):
    """{profile value: share} from the stored `profile_mix.<value>` keys, or None."""
    mix = {k[len(PROFILE_PREFIX) :]: v for k, v in figures.items() if k.startswith(PROFILE_PREFIX)}
    return mix or None
