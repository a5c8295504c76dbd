"""The labelled game model."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation import Game, GameError
from negotiation.game import format_number, to_fraction

# Prisoner's dilemma, (R, S, T, P) = (3, 0, 5, 1): Axelrod (1984), The Evolution of
# Cooperation, ch. 1.
PD = Game.from_matrices(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("Row", "Column"),
    moves=(("cooperate", "defect"), ("cooperate", "defect")),
)


def test_payoffs_are_shaped_players_first() -> None:
    assert PD.exact.shape == (2, 2, 2)
    assert PD.payoffs[0, 1, 0] == 5.0 and PD.payoffs[1, 1, 0] == 0.0


def test_decimals_are_kept_exactly() -> None:
    g = Game.from_matrices([[0.1, "3/2"]], [[0.2, 1]])
    assert g.exact[0, 0, 0] == Fraction(1, 10)
    assert g.exact[0, 0, 1] == Fraction(3, 2)
    assert g.payoffs.flags.writeable is False


def test_labels_travel_with_numbers() -> None:
    assert PD.move_index("Column", "defect") == 1
    assert PD.profile_names((1, 0)) == ("defect", "cooperate")
    with pytest.raises(
        GameError, match="unknown move 'shirk' for Row; moves are cooperate, defect"
    ):
        PD.move_index("Row", "shirk")
    with pytest.raises(GameError, match="unknown player"):
        PD.player_index("Nobody")


@pytest.mark.parametrize(
    ("players", "moves", "message"),
    [
        (("A", "A"), (("x",), ("y",)), "player names must differ"),
        (("A", "B"), (("x", "x"), ("y",)), "duplicate move names"),
        (("A", "B"), (("x", " "), ("y",)), "empty move name"),
        (("A", "B"), (("x",),), "move lists for 1"),
    ],
)
def test_bad_labels_are_refused(players, moves, message) -> None:
    shape = (len(players), *(len(m) for m in moves))
    with pytest.raises(GameError, match=message):
        Game(players, moves, np.zeros(shape))


def test_non_finite_and_non_numeric_payoffs_are_refused() -> None:
    with pytest.raises(GameError, match="finite"):
        Game.from_matrices([[float("nan")]], [[0]])
    with pytest.raises(GameError, match="number"):
        Game.from_matrices([["high"]], [[0]])
    with pytest.raises(GameError, match="number"):
        to_fraction(True)


def test_n_player_game_and_restrict() -> None:
    # a 3-player game with 2, 3 and 2 moves
    rng = np.random.default_rng(0)
    payoffs = rng.integers(-5, 5, size=(3, 2, 3, 2))
    g = Game(["A", "B", "C"], [["a1", "a2"], ["b1", "b2", "b3"], ["c1", "c2"]], payoffs)
    assert g.shape == (2, 3, 2) and g.n_players == 3
    sub = g.restrict([[1], [0, 2], [0, 1]])
    assert sub.moves[1] == ("b1", "b3")
    assert sub.payoff(("a2", "b3", "c2")) == g.payoff(("a2", "b3", "c2"))
    assert len(list(g.profiles())) == 12
    assert "a1 / b1 / c1" in str(g)


def test_transpose_swaps_roles() -> None:
    t = PD.transpose()
    assert t.players == ("Column", "Row")
    for r in range(2):
        for c in range(2):
            assert t.payoff((c, r)) == PD.payoff((r, c))[::-1]


def test_zero_sum_and_constant_sum() -> None:
    g = Game.zero_sum([[1, -1], [-1, 1]])
    assert g.is_constant_sum and not PD.is_constant_sum


def test_display() -> None:
    assert "<table>" in PD._repr_html_() and "defect" in PD._repr_html_()
    assert repr(PD) == "<Game: 2×2, players Row, Column>"
    assert format_number(Fraction(-7, 4)) == "-1.75" and format_number(Fraction(1, 3)) == "1/3"


def test_equality_is_by_labels_and_exact_payoffs() -> None:
    same = Game.from_matrices(
        [[3, 0], [5, 1]], [[3, 5], [0, 1.0]], players=PD.players, moves=PD.moves
    )
    assert same == PD
    assert PD.with_payoffs(PD.exact * 2) != PD
