"""The exact enumeration against an independent brute-force reference on a seeded corpus.

``solver_reference.extreme_equilibria`` solves every square subsystem of each
best-response polytope with plain Fractions — slow, but sharing no code with
:mod:`negotiation.solvers.enumeration`. Both of our candidate generators (batched
subsystems and Qhull) are checked, on random, tie-ridden and textbook games.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import negotiation.solvers.enumeration as enumeration
import negotiation.solvers.polytopes as polytopes
from negotiation.game import Game
from tests.solvers.solver_reference import extreme_equilibria, regret


def _corpus():
    rng = np.random.default_rng(2024)
    games = []
    for k in range(60):
        m, n = (int(v) for v in rng.integers(1, 6, 2))
        kind = k % 5
        if kind == 0:  # random, almost surely nondegenerate
            a, b = rng.integers(-50, 50, (m, n)), rng.integers(-50, 50, (m, n))
        elif kind == 1:  # few payoff values: many ties
            a, b = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
        elif kind == 2:  # coordination (B = A) or zero-sum (B = -A)
            a = rng.integers(-2, 3, (m, n))
            b = a.copy() if k % 2 else -a
        elif kind == 3:  # duplicated moves
            a, b = rng.integers(0, 4, (m, n)), rng.integers(0, 4, (m, n))
            a[-1], b[-1] = a[0], b[0]
            a[:, -1], b[:, -1] = a[:, 0], b[:, 0]
        else:  # an indifferent player, and fractional payoffs
            a = rng.integers(0, 3, (m, n)).astype(object) / 4
            b = np.full((m, n), int(rng.integers(-1, 2)))
        games.append((a.tolist(), b.tolist()))
    return games


CORPUS = _corpus()


@pytest.mark.parametrize("path", ["subsystems", "qhull"])
def test_corpus_matches_reference(path, monkeypatch):
    if path == "qhull":
        monkeypatch.setattr(polytopes, "BRUTE_FORCE_LIMIT", 0)
    else:
        monkeypatch.setattr(polytopes, "BRUTE_FORCE_LIMIT", 10**9)
    for a, b in CORPUS:
        game = Game.from_matrices(a, b)
        ours = enumeration.enumerate_equilibria(game)
        assert ours.strategy_set() == extreme_equilibria(a, b), (a, b)
        for eq in ours:
            assert regret(a, b, *eq.strategies) == (0, 0)


def test_components_are_maximal_nash_subsets():
    """Every pairing inside a component is an equilibrium, and no component can grow."""
    for a, b in CORPUS:
        result = enumeration.enumerate_equilibria(Game.from_matrices(a, b))
        xs = {e.strategies[0] for e in result}
        ys = {e.strategies[1] for e in result}
        covered = set()
        for comp in result.components:
            for x in comp.strategies[0]:
                for y in comp.strategies[1]:
                    assert regret(a, b, x, y) == (0, 0)
                    covered.add((x, y))
            # maximal: no other extreme strategy is compatible with the whole component
            for x in xs - set(comp.strategies[0]):
                assert any(regret(a, b, x, y) != (0, 0) for y in comp.strategies[1])
            for y in ys - set(comp.strategies[1]):
                assert any(regret(a, b, x, y) != (0, 0) for x in comp.strategies[0])
        assert covered == result.strategy_set()


def test_midpoints_of_components_are_equilibria():
    """Convexity: mixing a component's extreme strategies gives equilibria too."""
    half = Fraction(1, 2)
    for a, b in CORPUS:
        result = enumeration.enumerate_equilibria(Game.from_matrices(a, b))
        for comp in result.components:
            x = tuple(
                sum(s[i] for s in comp.strategies[0]) / len(comp.strategies[0])
                for i in range(len(a))
            )
            y0, y1 = comp.strategies[1][0], comp.strategies[1][-1]
            y = tuple(half * p + half * q for p, q in zip(y0, y1, strict=True))
            assert regret(a, b, x, y) == (0, 0)


def test_medium_degenerate_games_match_reference():
    """6x6 tie-ridden games: the Qhull path (the default at this size) against the reference."""
    rng = np.random.default_rng(7)
    for _ in range(2):
        a, b = rng.integers(0, 3, (6, 6)), rng.integers(0, 3, (6, 6))
        a[:, 1] = a[:, 0]
        game = Game.from_matrices(a, b)
        assert enumeration.enumerate_equilibria(game).strategy_set() == extreme_equilibria(
            a.tolist(), b.tolist()
        )


def test_nearly_tied_payoffs_match_reference():
    """Payoffs differing by ~1e-10 relative: float tolerances see ties that are not there.

    Found by the hypothesis tests of the threat game: a float vertex can stand for a
    cluster of exact vertices; each one must still be found.
    """
    rng = np.random.default_rng(5)
    d = Fraction(1, 2**35)
    games = [
        (
            [
                [Fraction(0), 30064771071 * d, 38654705665 * d],
                [193273528325 * d, 30064771075 * d, 30064771071 * d],
            ],
            [
                [Fraction(0), -30064771071 * d, -38654705665 * d],
                [-193273528325 * d, -30064771075 * d, -30064771071 * d],
            ],
        )
    ]
    for _ in range(15):
        m, n = (int(v) for v in rng.integers(2, 5, 2))
        base_a, base_b = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
        tiny_a, tiny_b = rng.integers(-2, 3, (m, n)), rng.integers(-2, 3, (m, n))
        a = [[int(base_a[i, j]) + int(tiny_a[i, j]) * d for j in range(n)] for i in range(m)]
        b = [[int(base_b[i, j]) + int(tiny_b[i, j]) * d for j in range(n)] for i in range(m)]
        games.append((a, b))
    for a, b in games:
        result = enumeration.enumerate_equilibria(Game.from_matrices(a, b))
        assert result.complete
        assert result.strategy_set() == extreme_equilibria(a, b), (a, b)
