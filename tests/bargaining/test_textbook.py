"""Known answers from the bargaining literature, each with its source beside it."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from negotiation.bargaining import (
    discount_factor,
    feasible_set,
    nash_bargaining,
    patience_power,
    rubinstein,
    rubinstein_shares,
)
from negotiation.errors import GameError
from negotiation.game import Game

#: a unit surplus: deals (x, 1 - x) and anything below
UNIT_PIE = feasible_set([(1, 0), (0, 1), (0, 0)])


# ----------------------------------------------------------------------- Rubinstein
@pytest.mark.parametrize(
    ("deltas", "expected", "exact"),
    [
        # Rubinstein (1982); Osborne & Rubinstein (1990) "Bargaining and Markets" ch. 3:
        # proposer's share (1 - δ2) / (1 - δ1 δ2)
        ((0.9, 0.9), 0.5263, Fraction(10, 19)),
        ((0.9, 0.8), 0.7143, Fraction(5, 7)),
        ((0.8, 0.9), 0.3571, Fraction(5, 14)),
    ],
)
def test_rubinstein_textbook_shares(deltas, expected, exact):
    share = rubinstein_shares(*deltas)[0]
    assert share == exact
    assert round(float(share), 4) == expected
    # the same split from the equilibrium offers over the unit-pie feasible set
    solution = rubinstein(UNIT_PIE, (0, 0), deltas)
    assert solution.share[0] == exact
    assert solution.payoffs == (exact, 1 - exact)


def test_rubinstein_second_proposer_gets_its_proposer_share():
    # Osborne & Rubinstein (1990) ch. 3, by symmetry: if player 2 proposes first it keeps
    # (1 - δ1) / (1 - δ1 δ2) = 0.1 / 0.28 = 5/14 with δ = (0.9, 0.8)
    assert rubinstein_shares(0.9, 0.8, first_proposer=1) == (Fraction(9, 14), Fraction(5, 14))
    assert rubinstein(UNIT_PIE, (0, 0), (0.9, 0.8), first_proposer=1).share[1] == Fraction(5, 14)


def test_rubinstein_responder_indifference_on_the_unit_pie():
    # Rubinstein (1982) Theorem: in the SPE the responder is offered exactly the
    # discounted value of its own next proposal, y2 = δ2-discounted: x2 = δ2 y2
    sol = rubinstein(UNIT_PIE, (0, 0), (Fraction(3, 4), Fraction(2, 3)))
    x, y = sol.offers
    assert x[1] == Fraction(2, 3) * y[1]
    assert y[0] == Fraction(3, 4) * x[0]


def test_brw_limit_bargaining_power():
    # Binmore, Rubinstein & Wolinsky (1986): α1 = r2 / (r1 + r2) = 0.05 / 0.15 = 1/3
    assert patience_power([0.10, 0.05]) == (Fraction(1, 3), Fraction(2, 3))


def test_rubinstein_converges_to_brw_limit_as_offers_speed_up():
    # BRW (1986): with δ_i = exp(-r_i Δ) the first proposer's share tends to
    # r2 / (r1 + r2) = 1/3 as Δ -> 0; the first-mover advantage shrinks like O(Δ)
    errors = []
    for period in (1.0, 0.1, 0.01, 0.001):
        deltas = (discount_factor(0.10, period), discount_factor(0.05, period))
        errors.append(abs(float(rubinstein_shares(*deltas)[0]) - 1 / 3))
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 1e-4


def test_rubinstein_over_a_kinked_frontier_tends_to_the_asymmetric_nash_deal():
    # BRW (1986): the limit of the SPE over any convex feasible set is the
    # asymmetric Nash solution with α1 = r2 / (r1 + r2). Frontier (0,4)-(3,3)-(4,0).
    fs = feasible_set([(0, 0), (0, 4), (3, 3), (4, 0)])
    alpha = patience_power([0.10, 0.05])[0]
    target = nash_bargaining(fs, (0, 0), alpha).payoffs
    deltas = (discount_factor(0.10, 1e-4), discount_factor(0.05, 1e-4))
    deal = rubinstein(fs, (0, 0), deltas).payoffs
    assert math.dist([float(x) for x in deal], [float(x) for x in target]) < 1e-3


def test_discount_factor_is_exp_minus_r_delta():
    # BRW (1986): δ = exp(-r Δ)
    assert discount_factor(0.10, 0.5) == pytest.approx(math.exp(-0.05))


# --------------------------------------------------------------------- Nash bargaining
def test_nash_unit_surplus_with_disagreement():
    # Nash (1950): with d = (0.4, 0) each side gets d_i plus half of the remaining 0.6
    sol = nash_bargaining(UNIT_PIE, (Fraction(2, 5), 0))
    assert sol.payoffs == (Fraction(7, 10), Fraction(3, 10))
    assert round(float(sol.payoffs[0]), 4) == 0.7
    assert sol.share == (Fraction(1, 2), Fraction(1, 2))


def test_asymmetric_nash_unit_surplus():
    # Roth (1979) asymmetric Nash solution on a unit surplus: x1 = d1 + α (1 - d1 - d2)
    # = 0.2 + 0.6 × 0.7 = 0.62
    sol = nash_bargaining(UNIT_PIE, (Fraction(1, 5), Fraction(1, 10)), Fraction(3, 5))
    assert sol.payoffs[0] == Fraction(31, 50)
    assert round(float(sol.payoffs[0]), 4) == 0.62
    # on a straight frontier the surplus shares are the bargaining powers
    assert sol.share == (Fraction(3, 5), Fraction(2, 5))


def test_nash_prisoners_dilemma_is_mutual_cooperation():
    # Axelrod (1984) PD payoffs (R, S, T, P) = (3, 0, 5, 1), d = (P, P) = (1, 1): by Nash's
    # symmetry and Pareto axioms the deal is the symmetric Pareto point (3, 3)
    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], moves=(("C", "D"), ("C", "D")))
    sol = nash_bargaining(pd, (1, 1))
    assert sol.payoffs == (3, 3)
    assert sol.lottery == {("C", "C"): 1}


def test_nash_battle_of_the_sexes_needs_a_lottery():
    # battle of the sexes (Osborne 2004, An Introduction to Game Theory, ch. 2), (2,1) and (1,2); Luce & Raiffa (1957)
    # ch. 6: with a symmetric d the symmetric deal is the fair coin between the two
    # equilibria, payoffs (3/2, 3/2)
    bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], moves=(("B", "S"), ("B", "S")))
    sol = nash_bargaining(bos, (Fraction(2, 3), Fraction(2, 3)))
    assert sol.payoffs == (Fraction(3, 2), Fraction(3, 2))
    assert sol.lottery == {("B", "B"): Fraction(1, 2), ("S", "S"): Fraction(1, 2)}


def test_nash_on_a_kink():
    # Frontier (0,4)-(3,3)-(4,0), d = 0, α = 1/2. On (0,4)-(3,3), u2 = 4 - u1/3 and
    # u1 u2 peaks at u1 = 6 > 3; on (3,3)-(4,0), u2 = 12 - 3 u1 peaks at u1 = 2 < 3:
    # both push to the kink (3, 3) (first-order conditions, Nash 1950)
    fs = feasible_set([(0, 0), (0, 4), (3, 3), (4, 0)])
    assert nash_bargaining(fs, (0, 0)).payoffs == (3, 3)


def test_nash_rejects_disagreement_above_the_frontier():
    with pytest.raises(GameError, match="nothing to bargain"):
        nash_bargaining(UNIT_PIE, (1, 1))


def test_nash_rejects_power_outside_unit_interval():
    with pytest.raises(GameError, match=r"\[0, 1\]"):
        nash_bargaining(UNIT_PIE, (0, 0), 2)


def test_rubinstein_rejects_both_patient():
    with pytest.raises(GameError, match="both discount factors"):
        rubinstein_shares(1, 1)


def test_disagreement_on_the_frontier_leaves_nothing_to_share():
    # battle of the sexes with d at the equilibrium (1, 2): (1, 2) is Pareto-optimal, so
    # no deal improves on it for both (Nash 1950: the solution is d itself)
    bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    sol = nash_bargaining(bos, (1, 2))
    assert sol.payoffs == (1, 2) and sol.degenerate
    rub = rubinstein(bos, (1, 2), (Fraction(9, 10), Fraction(9, 10)))
    assert rub.payoffs == (1, 2) and rub.degenerate
