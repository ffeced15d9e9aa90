"""A reproducible random draw (steekproef) from a frozen list of candidates.

The same seed and the same candidate list always give the same sample: the candidates are sorted
first (so the order in which a database happened to return them does not matter) and one
`random.Random(seed)` makes every choice. With strata, each stratum gets its share of the sample
by the largest-remainder method (ties go to the stratum whose name sorts first), and the strata are
drawn one after another in the order of their names, all with the same generator.
"""

import math
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .numbers import round_half_up


def size_for(*, count: int, size: int | None = None, share: Decimal | None = None) -> int:
    """The number to draw from `count` candidates: `size` (at most all of them) or `share` (a
    fraction between 0 and 1) of them, rounded half up, at least one when there are candidates."""
    if share is not None:
        wanted = int(round_half_up(Decimal(count) * Decimal(share), 0))
        return min(count, max(wanted, 1 if count else 0))
    return min(count, size or 0)


def allocate(sizes: Mapping[str, int], total: int) -> dict[str, int]:
    """Split `total` over strata in proportion to their `sizes` (largest remainder)."""
    count = sum(sizes.values())
    if not count:
        return dict.fromkeys(sizes, 0)
    exact = {name: Decimal(total) * n / count for name, n in sizes.items()}
    shares = {name: math.floor(value) for name, value in exact.items()}
    rest = total - sum(shares.values())
    by_remainder = sorted(sizes, key=lambda name: (-(exact[name] - shares[name]), name))
    for name in by_remainder[:rest]:
        shares[name] += 1
    return shares


def draw(
    *, seed: int, candidates: Sequence[int], size: int, strata: Mapping[int, str] | None = None
) -> list[int]:
    """`size` of the `candidates` (ids), drawn with `seed`; sorted. `strata` maps each candidate to
    the name of its stratum; without it the whole list is one stratum."""
    ordered = sorted(set(candidates))
    groups: dict[str, list[int]] = {}
    for pk in ordered:
        groups.setdefault(strata[pk] if strata else "", []).append(pk)
    shares = allocate({name: len(members) for name, members in groups.items()}, min(size, len(ordered)))
    generator = random.Random(seed)
    drawn: list[int] = []
    for name in sorted(groups):
        drawn += generator.sample(groups[name], shares[name])
    return sorted(drawn)
