"""Invariants of the bargaining solutions, checked on random games (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.bargaining import (
    feasible_set,
    issue_linkage,
    nash_bargaining,
    rubinstein,
    rubinstein_shares,
    win_sets,
)
from negotiation.game import Game

SETTINGS = settings(max_examples=60, deadline=None)

payoff = st.integers(-6, 6)
fractions_01 = st.fractions(min_value=0, max_value=1, max_denominator=20)
deltas = st.fractions(min_value=Fraction(1, 20), max_value=Fraction(19, 20), max_denominator=20)


@st.composite
def games(draw, symmetric=False):
    rows = draw(st.integers(1, 3))
    cols = rows if symmetric else draw(st.integers(1, 3))
    a = [[draw(payoff) for _ in range(cols)] for _ in range(rows)]
    if symmetric:
        b = [[a[j][i] for j in range(cols)] for i in range(rows)]
    else:
        b = [[draw(payoff) for _ in range(cols)] for _ in range(rows)]
    return Game.from_matrices(a, b)


def _disagreement(game: Game) -> tuple[Fraction, Fraction]:
    # the lowest payoff of each player: always dominated by some deal (weakly)
    return (min(game.exact[0].flat), min(game.exact[1].flat))


def _dominated(fs, point) -> bool:
    """Whether some feasible deal is at least as good for both and better for one."""
    u1, u2 = point
    best2 = fs.frontier_value(u1)
    best1 = fs.frontier_inverse(u2)
    return (best2 is not None and best2 > u2) or (best1 is not None and best1 > u1)


@SETTINGS
@given(games(), fractions_01)
def test_nash_is_pareto_optimal_and_individually_rational(game, alpha):
    fs = feasible_set(game)
    d = _disagreement(game)
    sol = nash_bargaining(fs, d, alpha)
    assert fs.contains(sol.payoffs)
    assert not _dominated(fs, sol.payoffs)
    assert sol.payoffs[0] >= d[0] and sol.payoffs[1] >= d[1]
    assert all(0 <= s <= 1 for s in sol.share)  # scale-free: a fraction of its own best gain


@SETTINGS
@given(
    games(),
    fractions_01,
    st.fractions(min_value=Fraction(1, 5), max_value=5, max_denominator=10),
    st.integers(-5, 5),
)
def test_nash_is_invariant_to_rescaling_one_players_payoffs(game, alpha, scale, shift):
    # Nash (1950) axiom: u1 -> a u1 + b (a > 0) maps the solution the same way
    d = _disagreement(game)
    sol = nash_bargaining(game, d, alpha)
    a, b = game.exact
    rescaled = Game.from_matrices(a * scale + shift, b)
    sol2 = nash_bargaining(rescaled, (d[0] * scale + shift, d[1]), alpha)
    assert sol2.payoffs == (sol.payoffs[0] * scale + shift, sol.payoffs[1])


@SETTINGS
@given(games(symmetric=True))
def test_symmetric_game_with_equal_power_gives_symmetric_split(game):
    # Nash (1950) symmetry axiom: symmetric S and d, α = 1/2 -> u1 = u2
    m = min(game.exact.flat)
    sol = nash_bargaining(game, (m, m), Fraction(1, 2))
    assert sol.payoffs[0] == sol.payoffs[1]


@SETTINGS
@given(games(), fractions_01, fractions_01)
def test_more_power_never_hurts(game, a1, a2):
    # the asymmetric Nash solution is monotone in α (Roth 1979, ch. 1)
    lo, hi = sorted((a1, a2))
    d = _disagreement(game)
    weak, strong = nash_bargaining(game, d, lo), nash_bargaining(game, d, hi)
    assert strong.payoffs[0] >= weak.payoffs[0]
    assert strong.share[0] >= weak.share[0] or strong.degenerate


@SETTINGS
@given(games(), deltas, deltas, st.sampled_from([0, 1]))
def test_rubinstein_offers_satisfy_the_equilibrium_conditions(game, d1, d2, first):
    # Binmore (1987); Osborne & Rubinstein (1990) ch. 4: each proposer offers the best
    # deal for itself that gives the responder the discounted value of its own offer
    fs = feasible_set(game)
    d = _disagreement(game)
    sol = rubinstein(fs, d, (d1, d2), first_proposer=first)
    x, y = sol.offers
    assert x[0] == fs.frontier_inverse(d[1] + d2 * (y[1] - d[1]))
    assert y[1] == fs.frontier_value(d[0] + d1 * (x[0] - d[0]))
    assert not _dominated(fs, x) and not _dominated(fs, y)
    assert sol.payoffs == (x if first == 0 else y)


@SETTINGS
@given(deltas, deltas, st.fractions(min_value=1, max_value=10, max_denominator=5))
def test_rubinstein_on_a_straight_frontier_matches_the_closed_form(d1, d2, size):
    # Rubinstein (1982): on a pie of any size the proposer keeps (1-δ2)/(1-δ1δ2) of it
    fs = feasible_set([(size, 0), (0, size), (0, 0)])
    assert rubinstein(fs, (0, 0), (d1, d2)).share == rubinstein_shares(d1, d2)


@SETTINGS
@given(games(), deltas, deltas, deltas)
def test_impatience_never_helps_in_rubinstein(game, d1, d2, d1_other):
    # Rubinstein (1982) comparative statics: a smaller δ1 never raises player 1's deal
    lo, hi = sorted((d1, d1_other))
    d = _disagreement(game)
    assert rubinstein(game, d, (lo, d2)).payoffs[0] <= rubinstein(game, d, (hi, d2)).payoffs[0]


issue_values = st.dictionaries(
    st.sampled_from(["licences", "chips", "tariffs", "fishing"]),
    st.tuples(st.integers(1, 9), st.integers(1, 9)),
    min_size=1,
)


@SETTINGS
@given(issue_values, fractions_01)
def test_linking_never_hurts_either_side(values, alpha):
    # supporting-line argument in negotiation.bargaining.linkage: the package gives each
    # side at least its issue-by-issue payoff when d and α are held fixed
    issues = {k: {"A": v1, "B": v2} for k, (v1, v2) in values.items()}
    r = issue_linkage(issues, ("A", "B"), alpha)
    assert r.package[0] >= r.separate[0] and r.package[1] >= r.separate[1]
    assert r.losers == ()


@SETTINGS
@given(issue_values, fractions_01)
def test_package_nash_product_beats_issue_by_issue(values, alpha):
    # the issue-by-issue outcome is one of the package deals, so the package's Nash
    # product is at least as large (Sebenius 1983, logrolling)
    issues = {k: {"A": v1, "B": v2} for k, (v1, v2) in values.items()}
    r = issue_linkage(issues, ("A", "B"), alpha)
    if 0 < alpha < 1:

        def product(u):
            return float(u[0]) ** float(alpha) * float(u[1]) ** float(1 - alpha)

        assert product(r.package) >= product(r.separate) - 1e-12
    # the allocation by comparative valuation reproduces the package payoffs
    u1 = sum(o.package * o.values[0] for o in r.issues)
    u2 = sum((1 - o.package) * o.values[1] for o in r.issues)
    assert (u1, u2) == r.package


@SETTINGS
@given(st.lists(st.integers(1, 9), min_size=1, max_size=4), st.integers(1, 4), fractions_01)
def test_linking_issues_ranked_alike_gains_nothing(values, ratio, alpha):
    # with proportional valuations there is nothing to trade (Tollison & Willett 1979)
    issues = {f"i{k}": {"A": v, "B": v * ratio} for k, v in enumerate(values)}
    r = issue_linkage(issues, ("A", "B"), alpha)
    assert r.gain_from_linking == (0, 0)


@SETTINGS
@given(games(), fractions_01, st.lists(fractions_01, min_size=2, max_size=6))
def test_schelling_conjecture_tighter_win_set_never_hurts(game, alpha, thetas):
    # Putnam (1988) / Schelling (1960): raising one side's ratification threshold never
    # lowers its payoff while a deal remains possible
    fs = feasible_set(game)
    d = _disagreement(game)
    payoffs = []
    for theta in sorted(thetas):
        w = win_sets(fs, d, alpha, thresholds=(theta, 0))
        if w.constrained is None:
            break
        payoffs.append(w.constrained.payoffs[0])
    assert payoffs == sorted(payoffs)
