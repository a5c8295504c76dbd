"""Leverage: disagreement point rules, patience, threats, with sources beside the numbers."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest

from negotiation.bargaining import disagreement_point, threats
from negotiation.bargaining.leverage import DEFAULT_RATE
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.solvers import security_levels as solve_security
from negotiation.workflows.bargain import leverage


def security_levels(game: Game) -> tuple[Fraction | None, ...]:
    return tuple(lv.mixed_value for lv in solve_security(game).levels)


MOVES = (("cooperate", "defect"), ("cooperate", "defect"))
# Axelrod (1984) prisoner's dilemma, (R, S, T, P) = (3, 0, 5, 1)
PD = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"), moves=MOVES)
# battle of the sexes (Osborne 2004, An Introduction to Game Theory, ch. 2)
BOS = Game.from_matrices(
    [[2, 0], [0, 1]], [[1, 0], [0, 2]], moves=(("Bach", "Stravinsky"), ("Bach", "Stravinsky"))
)
# matching pennies: no pure equilibrium, value 0 (von Neumann 1928)
PENNIES = Game.zero_sum([[1, -1], [-1, 1]], moves=(("heads", "tails"), ("heads", "tails")))


def test_escalation_disagreement_in_the_prisoners_dilemma():
    # the unique equilibrium (defect, defect) pays (P, P) = (1, 1) (Axelrod 1984)
    d = disagreement_point(PD)
    assert d.profile == ("defect", "defect") and d.payoffs == (1, 1)


def test_escalation_picks_the_most_escalatory_equilibrium():
    # a coordination game with moves (calm, escalate): both (calm, calm) and
    # (escalate, escalate) are pure equilibria (each a strict best reply to itself); the
    # escalation rule takes (escalate, escalate) even though (calm, calm) pays more and
    # the 'worst' rule takes the one worse for both — here the same cell; in the second
    # game escalation pays more, so the two rules differ
    moves = (("calm", "escalate"), ("calm", "escalate"))
    g = Game.from_matrices([[2, 0], [0, 1]], [[2, 0], [0, 1]], moves=moves)
    assert disagreement_point(g).profile == ("escalate", "escalate")
    assert disagreement_point(g, "worst").profile == ("escalate", "escalate")
    h = Game.from_matrices([[1, 0], [0, 2]], [[1, 0], [0, 2]], moves=moves)
    assert disagreement_point(h).profile == ("escalate", "escalate")
    assert disagreement_point(h, "worst").profile == ("calm", "calm")


def test_security_levels_textbook():
    # matching pennies has value 0 (von Neumann 1928); battle of the sexes maxmin values
    # are 2/3 each (von Neumann 1928 maxmin; by hand: Row mixing p on Bach guarantees
    # min(2p, 1 - p), largest at p = 1/3, value 2/3; Column likewise)
    assert security_levels(PENNIES) == (0, 0)
    assert security_levels(BOS) == (Fraction(2, 3), Fraction(2, 3))


def test_no_pure_equilibrium_falls_back_to_security():
    d = disagreement_point(PENNIES)
    assert d.rule == "security" and d.payoffs == (0, 0)
    assert "no pure Nash equilibrium" in d.explanation


def test_user_disagreement_profile_and_payoffs():
    assert disagreement_point(PD, ["cooperate", "defect"]).payoffs == (0, 5)
    assert disagreement_point(PD, ["1/2", "0.25"]).payoffs == (Fraction(1, 2), Fraction(1, 4))
    with pytest.raises(GameError, match="unknown disagreement rule"):
        disagreement_point(PD, "nuclear")
    with pytest.raises(GameError, match="unknown move"):
        disagreement_point(PD, ["cooperate", "surrender"])
    with pytest.raises(GameError, match="one move or payoff per player"):
        disagreement_point(PD, ["cooperate"])


def test_threats_in_the_prisoners_dilemma():
    # defecting from (C, C) costs the other R - S = 3 and gains the defector T - R = 2:
    # in the defector's own interest, so a warning, not a threat (Schelling 1960); its
    # power is the 3 taken as a share of the other's payoff range T - S = 5
    t = threats(PD)["China"]
    assert t is not None
    assert (t.move, t.cost_imposed, t.cost_borne, t.power) == ("defect", 3, -2, Fraction(3, 5))
    assert (t.kind, t.credible) == ("warning", True)


def test_a_costly_move_is_a_threat():
    # row's 'punish' costs the column 4 (its whole range, power 1) and row itself 1: a
    # threat, not a warning; never a best reply for row, so not credible
    g = Game.from_matrices([[3, 3], [2, 2]], [[3, 3], [-1, -1]])
    t = threats(g)["Row"]
    assert t.power == 1 and t.cost_borne == 1
    assert (t.kind, t.credible) == ("threat", False)
    # no move of the column player hurts the row player
    assert threats(g)["Column"] is None


def test_threats_against_a_lottery():
    # against the Nash deal in battle of the sexes (1/2 BB + 1/2 SS), row insisting on
    # Bach: column gets 1/2·1 + 1/2·0 instead of 1/2·1 + 1/2·2 -> cost 1; row gets
    # 1/2·2 + 1/2·0 instead of 1/2·2 + 1/2·1 -> cost 1/2: a threat; its power is the
    # cost 1 as a share of column's payoff range 2, 1/2. Insisting on Stravinsky instead
    # costs column 1/2: power 1/4, weaker.
    ref = {(0, 0): Fraction(1, 2), (1, 1): Fraction(1, 2)}
    t = threats(BOS, ref)["Row"]
    assert (t.move, t.cost_imposed, t.cost_borne, t.power) == (
        "Bach",
        1,
        Fraction(1, 2),
        Fraction(1, 2),
    )


def test_bargaining_power_from_discount_rates():
    # BRW (1986): α_US = r_China / (r_US + r_China) = 0.05 / 0.15 = 1/3
    lev = leverage(PD, discount_rates={"US": 0.10, "China": 0.05})
    assert lev.bargaining_power == (Fraction(1, 3), Fraction(2, 3))
    assert lev["US"].discount_factor == pytest.approx(math.exp(-0.10 / 12))
    assert lev.notes == ()


def test_discount_factors_become_rates():
    # δ = exp(-r Δ) with Δ = 1 year: r = -ln δ; α_1 = ln δ2 / (ln δ1 + ln δ2)
    lev = leverage(PD, discount_factors=[0.9, 0.8], period=1)
    assert float(lev["US"].discount_rate) == pytest.approx(-math.log(0.9))
    expected = math.log(0.8) / (math.log(0.9) + math.log(0.8))
    assert float(lev.bargaining_power[0]) == pytest.approx(expected)


def test_equal_patience_is_assumed_and_said():
    lev = leverage(PD)
    assert lev.bargaining_power == (Fraction(1, 2), Fraction(1, 2))
    assert lev["US"].discount_rate == DEFAULT_RATE
    assert any("equally patient" in n for n in lev.notes)


def test_leverage_json_shape():
    data = json.loads(json.dumps(leverage(PD).to_dict()))
    for player in ("US", "China"):
        row = data["players"][player]
        assert {"discount_factor", "bargaining_power", "disagreement_payoff"} <= set(row)
    assert sum(data["players"][p]["bargaining_power"] for p in ("US", "China")) == 1


def test_leverage_rejects_bad_options():
    with pytest.raises(GameError, match="unknown player 'EU'"):
        leverage(PD, discount_rates={"EU": 0.1, "US": 0.1})
    with pytest.raises(GameError, match="not both"):
        leverage(PD, discount_rates=[0.1, 0.1], discount_factors=[0.9, 0.9])
    with pytest.raises(GameError, match="non-negative"):
        leverage(PD, discount_rates=[-0.1, 0.1])
    with pytest.raises(GameError, match="threat reference"):
        leverage(PD, threat_reference="yesterday")


def test_html_table_lists_every_row():
    html = leverage(PD)._repr_html_()
    for label in ("disagreement payoff", "bargaining power", "threat power", "dependence"):
        assert label in html


def test_threats_measured_against_the_deal():
    # battle of the sexes, d = security levels (2/3, 2/3), α = 1/2: the deal is the fair
    # coin BB/SS (Luce & Raiffa 1957 ch. 6); against it each side's best threat is to
    # insist on its favourite, power 1/2 (see test_threats_against_a_lottery)
    lev = leverage(BOS, disagreement="security", threat_reference="deal")
    assert "Nash deal" in lev.threat_reference
    assert lev["Row"].threat.move == "Bach" and lev["Row"].threat_power == Fraction(1, 2)
    assert lev["Column"].threat.move == "Stravinsky"


def test_threats_against_a_named_outcome():
    # from (defect, defect) in the PD (Axelrod 1984 payoffs) switching to cooperate
    # raises the other's payoff from P = 1 to T = 5: no move hurts the other side
    lev = leverage(PD, threat_reference=["defect", "defect"])
    assert lev.threat_reference == "the outcome defect / defect"
    assert lev["US"].threat is None and lev["US"].threat_power == 0
