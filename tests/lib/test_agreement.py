"""Cohen's kappa on cases computed by hand, and what is shown when it is not."""

from fractions import Fraction

from keurmerk.lib.agreement import MIN_PAIRS, NoKappa, agreement, cohens_kappa

Y, N = True, False


def test_total_agreement_over_two_categories_is_one():
    pairs = [(Y, Y)] * 4 + [(N, N)] * 2
    assert cohens_kappa(pairs) == 1
    result = agreement(pairs)
    assert (result.pairs, result.equal, result.share, result.kappa, result.no_kappa) == (6, 6, 1, 1, None)


def test_both_always_the_same_single_category_has_no_kappa():
    """p_o = 1 and p_e = 1 · 1 = 1: kappa = 0/0. Shown: 100 % equal, no kappa, reason one category."""
    pairs = [(Y, Y)] * 7
    assert cohens_kappa(pairs) is None
    result = agreement(pairs)
    assert (result.share, result.kappa, result.no_kappa) == (1, None, NoKappa.ONE_CATEGORY)


def test_agreement_no_better_than_chance_is_zero():
    """Each assessor says 'met' half the time, independently: p_o = 4/8, p_e = ½·½ + ½·½ = ½,
    κ = (½ − ½) / (1 − ½) = 0."""
    pairs = [(Y, Y), (Y, N), (N, Y), (N, N)] * 2
    assert cohens_kappa(pairs) == 0
    assert agreement(pairs).share == Fraction(1, 2)


def test_textbook_example():
    """50 pairs: both yes 20, first yes second no 5, first no second yes 10, both no 15.
    p_o = (20 + 15) / 50 = 0.7. First says yes 25/50 = 0.5, second 30/50 = 0.6;
    p_e = 0.5 · 0.6 + 0.5 · 0.4 = 0.5. κ = (0.7 − 0.5) / (1 − 0.5) = 0.4."""
    pairs = [(Y, Y)] * 20 + [(Y, N)] * 5 + [(N, Y)] * 10 + [(N, N)] * 15
    assert cohens_kappa(pairs) == Fraction(2, 5)
    assert agreement(pairs).share == Fraction(7, 10)


def test_less_than_chance_is_negative():
    """Always opposite: p_o = 0, p_e = ½, κ = −½ / ½ = −1."""
    assert cohens_kappa([(Y, N), (N, Y)] * 3) == -1


def test_below_five_pairs_no_kappa_is_shown():
    pairs = [(Y, Y), (N, N), (Y, N), (N, N)]
    assert len(pairs) == MIN_PAIRS - 1
    result = agreement(pairs)
    assert (result.pairs, result.equal, result.share) == (4, 3, Fraction(3, 4))
    assert (result.kappa, result.no_kappa) == (None, NoKappa.TOO_FEW)
    assert agreement(pairs + [(Y, Y)]).kappa is not None


def test_no_pairs():
    result = agreement([])
    assert (result.pairs, result.share, result.kappa, result.no_kappa) == (0, None, None, NoKappa.TOO_FEW)
