"""Hypothesis properties of the Nash solvers (issue 3's correctness bar)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.game import Game
from negotiation.solvers import (
    correlated_equilibrium,
    enumerate_equilibria,
    is_correlated_equilibrium,
    lemke_howson_all,
    pure_equilibria,
)
from tests.solvers.solver_reference import is_nondegenerate, regret

SETTINGS = settings(max_examples=25, deadline=None)
SMALL = st.integers(-4, 4)


@st.composite
def bimatrix(draw, max_size=4, values=SMALL):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    cells = st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m)
    return draw(cells), draw(cells)


def _game(ab):
    return Game.from_matrices(*ab)


@SETTINGS
@given(bimatrix())
def test_zero_regret_exactly(ab):
    a, b = ab
    result = enumerate_equilibria(_game(ab))
    assert len(result) >= 1  # Nash (1951): every finite game has an equilibrium
    for eq in result:
        assert regret(a, b, *eq.strategies) == (0, 0)
        assert all(sum(s) == 1 and min(s) >= 0 for s in eq.strategies)
        assert all(isinstance(p, Fraction) for s in eq.strategies for p in s)


@SETTINGS
@given(bimatrix(), st.randoms(use_true_random=False))
def test_permuting_moves_permutes_the_answer(ab, rnd):
    a, b = (np.array(v, dtype=object) for v in ab)
    m, n = a.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    original = enumerate_equilibria(Game.from_matrices(a, b)).strategy_set()
    permuted = enumerate_equilibria(
        Game.from_matrices(a[rows][:, cols], b[rows][:, cols])
    ).strategy_set()
    mapped = {(tuple(x[r] for r in rows), tuple(y[c] for c in cols)) for x, y in original}
    assert permuted == mapped


@SETTINGS
@given(bimatrix(max_size=3))
def test_adding_a_strictly_dominated_move_changes_nothing(ab):
    a, b = ab
    original = enumerate_equilibria(_game(ab)).strategy_set()
    # a new last row paying the row player less than every existing row, in every column
    worst = [min(a[i][j] for i in range(len(a))) - 1 for j in range(len(a[0]))]
    a2 = [*a, worst]
    b2 = [*b, [7] * len(b[0])]  # whatever it gives the column player
    extended = enumerate_equilibria(Game.from_matrices(a2, b2)).strategy_set()
    assert extended == {((*x, 0), y) for x, y in original}


@SETTINGS
@given(
    bimatrix(),
    st.fractions(min_value=Fraction(1, 10), max_value=10),
    st.fractions(min_value=-10, max_value=10),
    st.fractions(min_value=Fraction(1, 10), max_value=10),
    st.fractions(min_value=-10, max_value=10),
)
def test_positive_affine_scaling_changes_nothing(ab, s1, t1, s2, t2):
    a, b = ab
    scaled = Game.from_matrices(
        [[s1 * v + t1 for v in row] for row in a], [[s2 * v + t2 for v in row] for row in b]
    )
    assert (
        enumerate_equilibria(scaled).strategy_set()
        == enumerate_equilibria(_game(ab)).strategy_set()
    )


@settings(max_examples=40, deadline=None)
@given(bimatrix(max_size=4, values=st.integers(-1000, 1000)))
def test_nondegenerate_games_have_an_odd_number_of_isolated_equilibria(ab):
    # Lemke and Howson (1964); von Stengel (2007), AGT ch. 3, Corollary 3.8.
    a, b = ab
    if not is_nondegenerate(a, b):
        return
    result = enumerate_equilibria(_game(ab))
    assert len(result) % 2 == 1
    assert all(c.is_singleton for c in result.components)
    # Lemke-Howson ends at some of them, from every label
    assert lemke_howson_all(_game(ab)).strategy_set() <= result.strategy_set()


@SETTINGS
@given(bimatrix(max_size=3))
def test_lemke_howson_ends_at_extreme_equilibria(ab):
    game = _game(ab)
    assert lemke_howson_all(game).strategy_set() <= enumerate_equilibria(game).strategy_set()


@SETTINGS
@given(bimatrix(max_size=3))
def test_pure_equilibria_are_the_pure_extreme_equilibria(ab):
    game = _game(ab)
    pure = pure_equilibria(game).strategy_set()
    assert pure == {
        k for k in enumerate_equilibria(game).strategy_set() if all(max(s) == 1 for s in k)
    }


@SETTINGS
@given(
    st.integers(2, 3).flatmap(
        lambda k: st.lists(st.integers(-3, 3), min_size=3 * k**3, max_size=3 * k**3).map(
            lambda v, k=k: np.array(v).reshape(3, k, k, k)
        )
    )
)
def test_pure_equilibria_three_players_by_definition(payoffs):
    game = Game(["A", "B", "C"], [[f"m{i}" for i in range(payoffs.shape[1])]] * 3, payoffs)
    expected = set()
    for profile in game.profiles():
        if all(
            payoffs[(i, *profile)]
            >= max(
                payoffs[(i, *profile[:i], k, *profile[i + 1 :])] for k in range(payoffs.shape[1])
            )
            for i in range(3)
        ):
            expected.add(profile)
    found = {tuple(s.index(1) for s in eq.strategies) for eq in pure_equilibria(game)}
    assert found == expected


@settings(max_examples=15, deadline=None)
@given(bimatrix(max_size=3))
def test_nash_equilibria_are_correlated_and_welfare_ce_is_at_least_as_good(ab):
    game = _game(ab)
    best = correlated_equilibrium(game)
    assert best.certified
    for eq in enumerate_equilibria(game):
        x, y = eq.strategies
        assert is_correlated_equilibrium(game, [[p * q for q in y] for p in x])
        assert sum(best.payoffs) >= sum(eq.payoffs)
