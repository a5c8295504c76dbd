"""Result objects: JSON-ready ``to_dict`` and an HTML table for notebooks."""

from __future__ import annotations

import json
from fractions import Fraction

from negotiation.bargaining import bargain as bargain_game
from negotiation.bargaining import feasible_set
from negotiation.game import Game
from negotiation.inputs import NegotiationInputs
from negotiation.workflows.bargain import bargain, leverage

PD = Game.from_matrices(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("US", "China"),
    moves=(("hold", "escalate"), ("hold", "escalate")),
)
ISSUES = {"licences": {"US": 3, "China": 1}, "chips": {"US": 1, "China": 3}}


def test_every_result_serialises_and_renders():
    result = bargain(PD, issues=ISSUES, floors={"US": 2})
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) >= {"nash", "rubinstein", "linkage", "win_sets", "leverage", "plot"}
    assert data["rubinstein"]["limit_share"] == {"US": 0.5, "China": 0.5}
    for part in (
        result,
        result.nash,
        result.rubinstein,
        result.linkage,
        result.win_sets,
        result.feasible,
        result.leverage,
    ):
        html = part._repr_html_()
        assert html.startswith("<") and "US" in html and "China" in html


def test_plot_data_has_the_polygon_frontier_and_points():
    plot = bargain(PD).plot_data()
    # the PD's feasible set: hull of (3,3), (0,5), (5,0), (1,1) (Axelrod 1984 payoffs)
    assert sorted(map(tuple, plot["polygon"])) == [(0, 5), (1, 1), (3, 3), (5, 0)]
    assert plot["frontier"] == [[0, 5], [3, 3], [5, 0]]
    assert plot["disagreement"] == [1, 1] and plot["nash"] == [3, 3]
    assert plot["frontier_cells"][1] == [["hold", "hold"]]


def test_feasible_set_contains_and_frontier_lookups():
    fs = feasible_set([(0, 0), (4, 0), (3, 3), (0, 4)])
    assert fs.contains((2, 2)) and not fs.contains((4, 4))
    assert fs.frontier_value(Fraction(3, 2)) == Fraction(7, 2)  # on (0,4)-(3,3)
    assert fs.frontier_inverse(Fraction(3, 2)) == Fraction(7, 2)  # on (3,3)-(4,0)
    assert fs.frontier_value(5) is None


def test_leverage_works_for_three_players():
    # α_i ∝ 1/r_i: rates (0.1, 0.2, 0.4) give weights 10 : 5 : 2.5, i.e. 4/7, 2/7, 1/7
    g = Game(("A", "B", "C"), (("x", "y"),) * 3, [[[[1, 0], [0, 0]], [[0, 0], [0, 2]]]] * 3)
    lev = leverage(g, discount_rates=[0.1, 0.2, 0.4])
    assert lev.bargaining_power == (Fraction(4, 7), Fraction(2, 7), Fraction(1, 7))


def test_scenario_ratification_thresholds_feed_the_win_sets():
    # the inputs a scenario with parameters.US.ratification_threshold = 0.5 gives;
    # θ_US = 1/2 of the US's best gain over d = (1, 1): best US payoff with China >= 1 is
    # 13/3 (on (3,3)-(5,0)), so the floor is 1 + (13/3 - 1) / 2 = 8/3
    inputs = NegotiationInputs(players=PD.players, ratification={"US": Fraction(1, 2)})
    result = bargain_game(PD, inputs)
    assert result.win_sets is not None
    assert result.win_sets.floors == (Fraction(8, 3), 1)
