"""The 2×2 classifier (Robinson & Goforth 2005; names of Bruns 2015)."""

from __future__ import annotations

from itertools import permutations, product
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.files import read_payoffs
from negotiation.game import Game
from negotiation.solvers.classify import TYPES, classify_2x2

PAYOFFS = Path(__file__).resolve().parent.parent.parent / "payoffs"


@pytest.mark.parametrize(
    ("stem", "name", "strict"),
    [
        # Axelrod (1984), ch. 1: T > R > P > S
        ("prisoners_dilemma", "Prisoner's Dilemma", True),
        # Snyder & Diesing (1977), ch. 2: the crisis games Chicken and Deadlock
        ("chicken", "Chicken", True),
        ("deadlock", "Deadlock", True),
        # Osborne (2004) §2.5: Hare pays 1 whatever the other does, a tie
        ("stag_hunt", "Stag Hunt or Assurance", False),
        # Osborne (2004) §2.3: both miscoordinated outcomes pay 0, a tie
        ("battle_of_the_sexes", "Battle of the Sexes or Hero", False),
        # Shoham & Leyton-Brown (2009) §3.2.3: 1 when matched, 0 otherwise
        ("coordination", "Coordination or Assurance", False),
    ],
)
def test_the_teaching_files_are_the_games_their_textbooks_name(stem, name, strict):
    result = classify_2x2(read_payoffs(PAYOFFS / f"{stem}.yaml"))
    assert result.name == name
    assert result.symmetric and result.strict is strict
    assert ("with ties" in str(result)) is not strict
    assert result.to_dict()["name"] == name


def test_matching_pennies_is_asymmetric():
    # one side wants to match (coordination-like), the other to mismatch
    result = classify_2x2(read_payoffs(PAYOFFS / "matching_pennies.yaml"))
    assert not result.symmetric and result.name is None
    assert "Coordination" in result.row.types
    assert "Coordination" not in result.column.types


def test_a_stag_hunt_player_facing_a_prisoners_dilemma_player():
    # the reading issue 11 asks for: each side's type named when they differ
    game = Game.from_matrices([[4, 1], [3, 2]], [[3, 4], [1, 2]], players=("US", "China"))
    result = classify_2x2(game)
    assert result.row.types == ("Stag Hunt",) and result.column.types == ("Prisoner's Dilemma",)
    assert "US has stag-hunt preferences, China prisoner's-dilemma" in str(result)


def test_a_2x2_core_of_a_larger_game():
    big = Game.from_matrices([[3, 0, 9], [5, 1, 9]], [[3, 5, -9], [0, 1, -9]])
    assert classify_2x2(big, [["r1", "r2"], ["c1", "c2"]]).name == "Prisoner's Dilemma"
    with pytest.raises(GameError, match="two moves per player"):
        classify_2x2(big)
    with pytest.raises(GameError, match="must differ"):
        classify_2x2(big, [[0, 0], [0, 1]])


def _strict_games():
    for u in permutations(range(1, 5)):
        for v in permutations(range(1, 5)):
            yield [[u[0], u[1]], [u[2], u[3]]], [[v[0], v[1]], [v[2], v[3]]]


def test_the_144_strict_games_are_the_12_by_12_type_pairs():
    pairs = {}
    for a, b in _strict_games():
        c = classify_2x2(Game.from_matrices(a, b))
        assert c.strict and len(c.row.types) == len(c.column.types) == 1
        pairs.setdefault((c.row.types[0], c.column.types[0]), set()).add(str((a, b)))
    # 576 matrices, four relabellings (swap rows, swap columns) of each of 144 games
    assert len(pairs) == 144 and all(len(v) == 4 for v in pairs.values())


def test_each_type_forms_its_own_symmetric_game():
    for (top, bottom), name in TYPES.items():
        u = [list(top), list(bottom)]
        game = Game.from_matrices(u, [[u[j][i] for j in range(2)] for i in range(2)])
        assert classify_2x2(game).name == name


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-20, 20), min_size=4, max_size=4),
    st.lists(st.integers(-20, 20), min_size=4, max_size=4),
    st.integers(1, 7),
    st.integers(-9, 9),
    st.booleans(),
    st.booleans(),
)
def test_invariant_under_relabelling_and_positive_affine_maps(u, v, scale, shift, rows, cols):
    a = [[u[0], u[1]], [u[2], u[3]]]
    b = [[v[0], v[1]], [v[2], v[3]]]

    def readings(c):
        return {(r.types, k.types) for r, k in ((c.row, c.column), *c.alternatives)}

    base = classify_2x2(Game.from_matrices(a, b))
    order_r = [1, 0] if rows else [0, 1]
    order_c = [1, 0] if cols else [0, 1]
    a2 = [[scale * a[i][j] + shift for j in order_c] for i in order_r]
    b2 = [[b[i][j] for j in order_c] for i in order_r]
    moved = classify_2x2(Game.from_matrices(a2, b2))
    assert readings(moved) == readings(base)
    if base.strict:
        assert (moved.row.types, moved.column.types) == (base.row.types, base.column.types)
    # swapping the players swaps their types
    swapped = classify_2x2(
        Game.from_matrices(
            [[b[i][j] for i in range(2)] for j in range(2)],
            [[a[i][j] for i in range(2)] for j in range(2)],
        )
    )
    assert readings(swapped) == {(k, r) for r, k in readings(base)}


def test_ties_list_every_type_their_strict_refinements_reach():
    flat = Game.from_matrices([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    result = classify_2x2(flat)
    assert not result.strict and set(result.row.types) == set(TYPES.values())
    assert all(len(t) for t in product(result.row.types))
