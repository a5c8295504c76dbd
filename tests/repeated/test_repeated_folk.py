"""Folk-theorem tools: minmax values, IR region, critical discount factors."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.repeated.folk import (
    critical_discount_factor,
    feasible_region,
    folk_analysis,
    individually_rational_region,
    minmax,
    stage_equilibrium_payoffs,
)
from tests.repeated.repeated_games import prisoners_dilemma


def test_grim_trigger_threshold_axelrod_payoffs():
    # (T, R, P, S) = (5, 3, 1, 0): δ* = (T - R)/(T - P) = 2/4 (Mailath & Samuelson 2006, §2.4.2)
    pd = prisoners_dilemma(3, 0, 5, 1)
    assert critical_discount_factor(pd, ("cooperate", "cooperate")) == Fraction(1, 2)


def test_grim_trigger_threshold_quantecon_payoffs():
    # (T, R, P, S) = (10, 9, 3, 1): δ* = (10 - 9)/(10 - 3) = 1/7 (issue #5 correctness bar)
    pd = prisoners_dilemma(9, 1, 10, 3)
    assert critical_discount_factor(pd, ("cooperate", "cooperate")) == Fraction(1, 7)


def test_the_stage_equilibrium_needs_no_patience_and_dominated_targets_cannot_hold():
    pd = prisoners_dilemma()
    assert critical_discount_factor(pd, ("defect", "defect")) == 0
    # (C, D) gives Row S = 0 < P = 1, below its Nash punishment: unsustainable
    assert critical_discount_factor(pd, ("cooperate", "defect")) is None


def test_k_period_punishments():
    pd = prisoners_dilemma()
    # T - R = 2 <= (R - P)(δ + ... + δ^k) = 2(δ + ... + δ^k)
    assert critical_discount_factor(pd, (0, 0), periods=1) is None  # needs δ >= 1
    golden = (5**0.5 - 1) / 2  # δ + δ² = 1
    assert critical_discount_factor(pd, (0, 0), periods=2) == pytest.approx(golden, abs=1e-12)
    # longer punishments approach the grim threshold 1/2 from above
    deltas = [critical_discount_factor(pd, (0, 0), periods=k) for k in (2, 3, 5, 20)]
    assert all(float(d) > 0.5 for d in deltas) and deltas == sorted(deltas, reverse=True)
    # (R, S, T, P) = (9, 1, 10, 3), one period: 1 <= 6δ  ->  δ* = 1/6 exactly
    assert critical_discount_factor(prisoners_dilemma(9, 1, 10, 3), (0, 0), periods=1) == Fraction(
        1, 6
    )


def test_minmax_of_matching_pennies():
    # von Neumann: the mixed value is 0; against a known pure move the other side wins (1)
    row, column = minmax(Game.zero_sum([[1, -1], [-1, 1]]))
    assert (row.pure, row.mixed, row.exact) == (1, 0, True)
    assert (column.pure, column.mixed) == (1, 0)
    assert row.punisher_mixed == (Fraction(1, 2), Fraction(1, 2))


def test_mixed_minmax_exact_value_of_a_3x3_zero_sum_game():
    # rock-paper-scissors where rock beats scissors by 2. By hand: the column mixture y
    # making every row pay v solves -y2 + 2y3 = y1 - y3 = -y1 + y2 = v, sum y = 1, giving
    # y = (4v, 5v, 3v) and v = 1/12; y = (1/3, 5/12, 1/4) is fully mixed, so this is the value.
    a = [[0, -1, 2], [1, 0, -1], [-1, 1, 0]]
    row, column = minmax(Game.zero_sum(a))
    assert row.exact and row.mixed == Fraction(1, 12)
    assert row.punisher_mixed == (Fraction(1, 3), Fraction(5, 12), Fraction(1, 4))
    # zero-sum: the column player's minmax is minus the value
    assert column.mixed == Fraction(-1, 12)


def test_feasible_and_individually_rational_regions():
    pd = prisoners_dilemma()
    assert set(feasible_region(pd)) == {(0, 5), (1, 1), (5, 0), (3, 3)}
    # IR part above (1, 1): the edges (5,0)-(3,3) and (0,5)-(3,3) cross u = 1 at 13/3
    ir = individually_rational_region(pd)
    assert set(ir) == {(1, 1), (Fraction(13, 3), 1), (3, 3), (1, Fraction(13, 3))}
    # matching pennies: payoffs sum to 0, pure minmax is 1 each -> nothing is pure-IR
    pennies = Game.zero_sum([[1, -1], [-1, 1]])
    assert individually_rational_region(pennies, kind="pure") == []
    assert set(individually_rational_region(pennies)) == {(0, 0)}


def test_folk_analysis_reports_and_compares_discount_factors():
    game = Game.from_matrices(
        [[4, 1, 0], [5, 2, 1]],
        [[3, 4, 5], [1, 2, 3]],
        players=("US", "China"),
        moves=(("talk", "tariff"), ("talk", "curb", "ban")),
    )
    # stage equilibrium (tariff, ban) pays (1, 3): worst (only) Nash punishment
    assert stage_equilibrium_payoffs(game) == [(1, 3)]
    result = folk_analysis(game, ("talk", "talk"), discount={"US": 0.4, "China": 0.2})
    us, china = result.nash_reversion
    # US: R = 4, T = 5 (tariff), P = 1 -> (5 - 4)/(5 - 1) = 1/4
    assert (us.target_payoff, us.deviation_payoff, us.deviation) == (4, 5, "tariff")
    assert us.delta == Fraction(1, 4)
    # China: R = 3, T = 5 (ban), P = 3: the threat is no worse than the truce -> never
    assert china.delta is None and result.critical_discount_factor is None
    assert result.self_enforcing == {"US": True, "China": False}
    data = result.to_dict()
    assert data["critical_discount_factor"] is None
    assert set(data["minmax"]) == {"US", "China"}
    assert data["individually_rational"] is True
    assert "<table>" in result._repr_html_()


def test_minmax_punishment_is_credible_when_a_stage_equilibrium_is_as_harsh():
    result = folk_analysis(prisoners_dilemma(), ("cooperate", "cooperate"))
    # in the PD the stage equilibrium (D, D) is each side's minmax: same threshold, credible
    assert result.minmax_credible
    assert [c.delta for c in result.minmax_punishment] == [Fraction(1, 2)] * 2


def test_errors():
    pd = prisoners_dilemma()
    with pytest.raises(GameError):
        critical_discount_factor(pd, ("cooperate", "shrug"))
    with pytest.raises(GameError):
        folk_analysis(pd, (0, 0), discount=1.5)
    with pytest.raises(GameError):
        critical_discount_factor(pd, (0, 0), punishment="shame")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.lists(st.integers(-5, 5), min_size=6, max_size=6),
    st.lists(st.integers(-5, 5), min_size=6, max_size=6),
)
def test_threshold_is_exactly_where_the_incentive_constraint_binds(a, b):
    # property: at δ*, R >= (1 - δ) T + δ P holds with equality for the binding player,
    # and above δ* every player's constraint holds (Friedman 1971)
    game = Game.from_matrices([a[:3], a[3:]], [b[:3], b[3:]])
    result = folk_analysis(game, (0, 0), punishment_periods=())
    for c in result.nash_reversion:
        if c.delta is None:
            assert c.deviation_payoff > c.target_payoff and c.target_payoff <= c.punishment_payoff
            continue
        d = Fraction(c.delta)
        assert c.target_payoff >= (1 - d) * c.deviation_payoff + d * c.punishment_payoff
        if d > 0:
            assert c.target_payoff == (1 - d) * c.deviation_payoff + d * c.punishment_payoff


def test_optimal_punishment_threshold_in_prisoners_dilemmas():
    # the stage equilibrium already gives each side its minmax, so Nash reversion is the
    # optimal penal code (Abreu 1988; Mailath & Samuelson 2006, §2.4): same δ* as grim
    from negotiation.repeated.folk import optimal_critical_discount_factor

    assert optimal_critical_discount_factor(prisoners_dilemma(), (0, 0)) == pytest.approx(
        0.5, abs=1e-5
    )
    assert optimal_critical_discount_factor(prisoners_dilemma(9, 1, 10, 3), (0, 0)) == (
        pytest.approx(1 / 7, abs=1e-5)
    )
    # a stage equilibrium needs no patience; an unsustainable path gives None
    assert optimal_critical_discount_factor(prisoners_dilemma(), (1, 1)) == 0
    assert optimal_critical_discount_factor(prisoners_dilemma(), (0, 1)) is None


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    st.lists(st.integers(0, 6), min_size=6, max_size=6),
    st.lists(st.integers(0, 6), min_size=6, max_size=6),
)
def test_optimal_threshold_lies_between_the_minmax_bound_and_pure_nash_reversion(a, b):
    # Abreu (1988): optimal penal codes are at least as harsh as any credible punishment
    # (so δ* <= pure Nash reversion's) and no harsher than the pure minmax
    from negotiation.repeated.folk import optimal_critical_discount_factor

    game = Game.from_matrices([a[:3], a[3:]], [b[:3], b[3:]])
    am, bm = game.matrices()
    target = (0, 0)
    r = (am[0, 0], bm[0, 0])
    t = (am[:, 0].max(), bm[0, :].max())
    optimal = optimal_critical_discount_factor(game, target, tol=1e-6)
    pure_ne = [
        (am[i, j], bm[i, j])
        for i in range(2)
        for j in range(3)
        if am[i, j] == am[:, j].max() and bm[i, j] == bm[i, :].max()
    ]
    if pure_ne:
        worst = [min(p[k] for p in pure_ne) for k in (0, 1)]
        nash = 0.0
        for k in (0, 1):
            if t[k] > r[k]:
                nash = (
                    None
                    if r[k] <= worst[k] or nash is None
                    else max(nash, (t[k] - r[k]) / (t[k] - worst[k]))
                )
        if nash is not None and nash < 0.999:
            assert optimal is not None and optimal <= nash + 1e-5
    if optimal is not None:
        v = (min(am[:, j].max() for j in range(3)), min(bm[i, :].max() for i in range(2)))
        for k in (0, 1):
            if t[k] > r[k]:
                assert optimal >= (t[k] - r[k]) / (t[k] - v[k]) - 1e-5


def test_folk_analysis_can_add_the_optimal_threshold():
    result = folk_analysis(prisoners_dilemma(), (0, 0), optimal=True, punishment_periods=())
    assert result.optimal == pytest.approx(0.5, abs=1e-5)
    assert result.to_dict()["optimal_punishment"]["critical_discount_factor"] == pytest.approx(
        0.5, abs=1e-5
    )


def test_folk_analysis_reuses_the_stage_equilibria_it_is_given(monkeypatch):
    from negotiation.repeated import folk, minmax_values
    from negotiation.solvers import enumerate_equilibria

    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    stage = enumerate_equilibria(pd)
    expected = folk.folk_analysis(pd, (0, 0), punishment_periods=(1, 2, 3))

    def no_enumeration(game):
        raise AssertionError("the stage equilibria were enumerated again")

    monkeypatch.setattr(minmax_values, "_enumerate", no_enumeration)  # where folk enumerates
    again = folk.folk_analysis(pd, (0, 0), punishment_periods=(1, 2, 3), stage_equilibria=stage)
    assert again.to_dict() == expected.to_dict()


def test_folk_analysis_enumerates_the_stage_game_once(monkeypatch):
    from negotiation.repeated import folk, minmax_values

    calls = []
    original = minmax_values._enumerate

    def counting(game):
        calls.append(game)
        return original(game)

    monkeypatch.setattr(minmax_values, "_enumerate", counting)
    chicken = Game.from_matrices([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    folk.folk_analysis(chicken, (0, 0), punishment_periods=(1, 2, 3, 5))
    assert len(calls) == 1


def test_minmax_values_are_certified_exactly_or_labelled_float():
    # Rock–paper–scissors: each side can be held to its value 0 (von Neumann 1928) by the
    # uniform mixture; the LP answer is certified, so it is an exact Fraction.
    rps = Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    for value in minmax(rps):
        assert value.exact and value.mixed == 0 and isinstance(value.mixed, Fraction)
        assert value.punisher_mixed == (Fraction(1, 3),) * 3
