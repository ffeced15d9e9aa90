"""Agreement between two assessors who judged the same criteria (interbeoordelaarsbetrouwbaarheid).

For n pairs of verdicts: the share of equal verdicts p_o, and Cohen's kappa
κ = (p_o − p_e) / (1 − p_e), where p_e is the agreement expected by chance: the sum over the
categories of (share of the first assessor's verdicts in it) × (share of the second's).

What is shown, and when not:
- below MIN_PAIRS pairs no kappa is given (reason TOO_FEW): on so few pairs one verdict more or
  less swings kappa from one end to the other, and the figure would suggest a precision it lacks;
- when both assessors put every verdict in one and the same category, p_e = 1 and kappa is 0/0:
  not defined (reason ONE_CATEGORY). The share of equal verdicts (100 %) is shown; kappa is not,
  because such pairs say nothing about whether the two would also agree where judgement is needed.
- otherwise kappa, exact as a Fraction (1 for total agreement, 0 for agreement no better than
  chance, negative for less agreement than chance).
"""

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

MIN_PAIRS = 5


class NoKappa(StrEnum):
    TOO_FEW = "too_few"
    ONE_CATEGORY = "one_category"


@dataclass(frozen=True)
class Agreement:
    pairs: int
    equal: int
    share: Fraction | None  # share of equal verdicts; None without pairs
    kappa: Fraction | None
    no_kappa: NoKappa | None  # why kappa is not given


def cohens_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> Fraction | None:
    """Cohen's kappa of the pairs (any number), or None where it is not defined (p_e = 1 or no pairs)."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return None
    observed = Fraction(sum(1 for a, b in pairs if a == b), n)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(Fraction(first[c], n) * Fraction(second[c], n) for c in first)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def agreement(pairs: Iterable[tuple[Hashable, Hashable]]) -> Agreement:
    """The figures shown per cycle, norm and criterion (module docstring for what is not shown)."""
    pairs = list(pairs)
    n = len(pairs)
    equal = sum(1 for a, b in pairs if a == b)
    share = Fraction(equal, n) if n else None
    if n < MIN_PAIRS:
        return Agreement(pairs=n, equal=equal, share=share, kappa=None, no_kappa=NoKappa.TOO_FEW)
    kappa = cohens_kappa(pairs)
    no_kappa = NoKappa.ONE_CATEGORY if kappa is None else None
    return Agreement(pairs=n, equal=equal, share=share, kappa=kappa, no_kappa=no_kappa)
