"""Reading equilibria in every form the figures accept."""

from __future__ import annotations

from fractions import Fraction

import pytest

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.plot._profiles import as_profile, is_pure, pure_cell

BOS = Game.from_matrices(
    [[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("Ann", "Bob"), moves=(("B", "S"), ("B", "S"))
)


def test_forms_agree():
    # the mixed equilibrium of the battle of the sexes: Ann plays B w.p. 2/3, Bob w.p. 1/3
    # (Osborne 2004, §4.3); every way of writing it reads the same
    from negotiation.solvers.result import Equilibrium

    third = Fraction(1, 3)
    forms = [
        ([2 / 3, 1 / 3], [1 / 3, 2 / 3]),
        ({"B": 2 * third, "S": third}, {"B": third, "S": 2 * third}),
        {"Bob": [third, 2 * third], "Ann": [2 * third, third]},
        Equilibrium.from_strategies(BOS, ((2 * third, third), (third, 2 * third))),
    ]
    readings = [[x for p in as_profile(BOS, f) for x in p] for f in forms]
    for reading in readings:
        assert reading == pytest.approx([2 / 3, 1 / 3, 1 / 3, 2 / 3])
    assert not is_pure(as_profile(BOS, forms[0]))


def test_pure_forms():
    by_name = as_profile(BOS, ("S", "S"))
    by_index = as_profile(BOS, (1, 1))
    assert [p.tolist() for p in by_name] == [p.tolist() for p in by_index] == [[0, 1], [0, 1]]
    assert is_pure(by_name) and pure_cell(by_name) == (1, 1)


@pytest.mark.parametrize(
    "bad, message",
    [
        (("B",), "one strategy per player"),
        ({"Ann": "B"}, "no strategy for Bob"),
        ("BS", "cannot read"),
        (([1, 0, 0], "B"), "must be a move or 2 probabilities"),
        (([-0.5, 1.5], "B"), "sum to 1"),
    ],
)
def test_errors(bad, message):
    with pytest.raises(GameError, match=message):
        as_profile(BOS, bad)
