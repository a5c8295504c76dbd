"""Issue linkage and win-sets: hand-derivable cases with the derivation beside them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from negotiation.bargaining import feasible_set, issue_linkage, package_frontier, win_sets
from negotiation.errors import GameError

UNIT_PIE = feasible_set([(1, 0), (0, 1), (0, 0)], players=("A", "B"))


def test_logrolling_two_issues_ranked_oppositely():
    # Raiffa (1982) logrolling: A values issue a at 3 and b at 1, B the reverse.
    # Separately (α = 1/2, d = 0) each issue is split evenly: 1.5 + 0.5 = 2 each.
    # Package frontier (0,4)-(3,3)-(4,0); its symmetric Nash point is (3, 3): each side
    # gets its way on the issue it cares about most.
    r = issue_linkage({"a": {"A": 3, "B": 1}, "b": {"A": 1, "B": 3}}, ("A", "B"))
    assert r.separate == (2, 2)
    assert r.package == (3, 3)
    assert {o.issue: o.package for o in r.issues} == {"a": 1, "b": 0}
    assert r.winners == ("A", "B") and r.losers == ()


def test_linkage_gain_goes_to_the_side_with_power():
    # Issues x: A 10, B 1 and y: A 1, B 2, α = 1/2. Separately: A 5.5, B 1.5.
    # Package frontier (0,3)-(10,2)-(11,0). On (0,3)-(10,2), u2 = 3 - u1/10 and u1 u2
    # peaks at u1 = 15 > 10; on (10,2)-(11,0), u2 = 22 - 2 u1 peaks at u1 = 5.5 < 10:
    # the deal is the kink (10, 2): A gains 4.5, B 0.5.
    # With α = 0.1 (A weak): separately A 1.1, B 2.7; on (0,3)-(10,2) the first-order
    # condition 0.1/u1 = 0.9/(30 - u1) gives u1 = 3, u2 = 2.7: all of the gain from
    # linking goes to A, B is exactly as well off.
    issues = {"x": {"A": 10, "B": 1}, "y": {"A": 1, "B": 2}}
    r = issue_linkage(issues, ("A", "B"))
    assert r.separate == (Fraction(11, 2), Fraction(3, 2))
    assert r.package == (10, 2)
    weak = issue_linkage(issues, ("A", "B"), Fraction(1, 10))
    assert weak.separate == (Fraction(11, 10), Fraction(27, 10))
    assert weak.package == (3, Fraction(27, 10))
    assert weak.winners == ("A",) and weak.losers == ()


def test_package_frontier_orders_issues_by_comparative_valuation():
    # Sebenius (1983): vertices hand player 1 issues in decreasing v1/v2
    assert package_frontier([(1, 1), (4, 1), (1, 4)]) == [(0, 6), (4, 5), (5, 4), (6, 0)]


def test_linkage_errors():
    with pytest.raises(GameError, match="no value for B"):
        issue_linkage({"a": {"A": 1}}, ("A", "B"))
    with pytest.raises(GameError, match="positive"):
        issue_linkage({"a": {"A": 1, "B": 0}}, ("A", "B"))
    with pytest.raises(GameError, match="at least one issue"):
        issue_linkage({}, ("A", "B"))


def test_win_set_floor_binds_schelling_conjecture():
    # Schelling (1960) ch. 2: the unit pie split (1/2, 1/2); A's ratifiers demand 0.6, so
    # the only ratifiable Nash deal moves to (0.6, 0.4)
    w = win_sets(UNIT_PIE, (0, 0), floors={"A": Fraction(3, 5)})
    assert w.overlap
    assert w.constrained.payoffs == (Fraction(3, 5), Fraction(2, 5))
    assert w.shift == (Fraction(1, 10), Fraction(-1, 10))
    assert w.binding == ("A",)


def test_win_sets_that_do_not_overlap_give_no_deal():
    # Putnam (1988): floors 0.7 + 0.4 > 1 leave no ratifiable deal on a unit pie
    w = win_sets(UNIT_PIE, (0, 0), floors=(Fraction(7, 10), Fraction(2, 5)))
    assert not w.overlap and w.constrained is None and w.shift is None


def test_slack_floors_change_nothing():
    w = win_sets(UNIT_PIE, (0, 0), thresholds={"A": Fraction(1, 5), "B": Fraction(1, 5)})
    assert w.floors == (Fraction(1, 5), Fraction(1, 5))
    assert w.constrained.payoffs == w.unconstrained.payoffs
    assert w.binding == ()


def test_win_set_arguments_are_checked():
    with pytest.raises(GameError, match="either floors or"):
        win_sets(UNIT_PIE, (0, 0))
    with pytest.raises(GameError, match="unknown player 'C'"):
        win_sets(UNIT_PIE, (0, 0), floors={"C": 1})
    with pytest.raises(GameError, match=r"\[0, 1\]"):
        win_sets(UNIT_PIE, (0, 0), thresholds=(2, 0))
