"""Nash's (1953) variable-threat game: optimal threats are mutual best replies."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from negotiation.bargaining import disagreement_point, feasible_set, nash_bargaining
from negotiation.bargaining.threat_game import nash_threat_point
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.workflows.bargain import leverage


def _deal_u1(game, fs, x, y, alpha):
    a, b = game.exact
    xv, yv = np.array(x, dtype=object), np.array(y, dtype=object)
    d = (xv @ a @ yv, xv @ b @ yv)
    return float(nash_bargaining(fs, d, alpha).payoffs[0])


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 3),
    st.integers(2, 3),
    st.lists(st.integers(-5, 5), min_size=18, max_size=18),
    st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(3, 4)]),
)
# found by hypothesis: the deal is the frontier's last vertex, below which the frontier
# drops vertically, so the supporting slope k tends to infinity
@example(3, 2, [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0], Fraction(1, 2))
def test_optimal_threats_are_mutual_best_replies(rows, cols, values, alpha):
    # Nash (1953): no side can move the deal its way by changing its threat alone
    n = rows * cols
    a = np.array(values[:n]).reshape(rows, cols)
    b = np.array(values[9 : 9 + n]).reshape(rows, cols)
    game = Game.from_matrices(a, b)
    fs = feasible_set(game)
    t = nash_threat_point(game, alpha)
    x, y = t.strategies
    base = _deal_u1(game, fs, x, y, alpha)
    for i in range(rows):
        pure = tuple(Fraction(int(k == i)) for k in range(rows))
        assert _deal_u1(game, fs, pure, y, alpha) <= base + 1e-7
    for j in range(cols):
        pure = tuple(Fraction(int(k == j)) for k in range(cols))
        assert _deal_u1(game, fs, x, pure, alpha) >= base - 1e-7


def test_threat_rule_in_leverage():
    # the transferable-utility example of the threat_game docstring: d = (0, 1)
    g = Game.from_matrices([[2, 0], [2, 1]], [[2, 1], [1, 3]])
    d = disagreement_point(g, "threat")
    assert d.payoffs == (0, 1) and "r1" in d.explanation and "c2" in d.explanation
    assert leverage(g, disagreement="threat").disagreement.rule == "threat"


def test_threat_game_needs_interior_power():
    g = Game.from_matrices([[2, 0], [2, 1]], [[2, 1], [1, 3]])
    with pytest.raises(GameError, match="strictly between"):
        nash_threat_point(g, 1)


def test_uncertified_threats_are_labelled_not_rounded(monkeypatch):  # type: ignore[no-untyped-def]
    # issue 9 item 5: an LP answer is certified exactly or carried as float with exact=False
    import negotiation.bargaining.threat_game as tg

    real = tg.maximin_lp

    def float_only(matrix):  # type: ignore[no-untyped-def]
        _, _, xf, vf = real(matrix)
        return None, None, xf + 1e-13, vf

    g = Game.from_matrices([[2, 0], [2, 1]], [[2, 1], [1, 3]])
    assert nash_threat_point(g).exact
    monkeypatch.setattr(tg, "maximin_lp", float_only)
    tp = nash_threat_point(g)
    assert not tp.exact and tp.to_dict()["exact"] is False
    assert "not certified" in disagreement_point(g, "threat").explanation
