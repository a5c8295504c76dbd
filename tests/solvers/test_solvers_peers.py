"""Cross-checks against other tools: nashpy, QuantEcon and Gambit (where each is right).

nashpy and QuantEcon work in floating point and are only compared on non-degenerate
games, where their vertex enumeration is correct. Gambit's ``enummixed_solve`` with
``rational=True`` is exact and also handles degenerate games; it is an optional,
test-only dependency.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation.game import Game
from negotiation.solvers import enumerate_equilibria
from tests.solvers.solver_reference import is_nondegenerate


def _nondegenerate_corpus(count: int, seed: int, size: tuple[int, int] = (4, 4)):
    rng = np.random.default_rng(seed)
    games = []
    while len(games) < count:
        m, n = (int(v) for v in rng.integers(2, size[0] + 1, 2))
        a, b = rng.integers(-100, 100, (m, n)), rng.integers(-100, 100, (m, n))
        if is_nondegenerate(a.tolist(), b.tolist()):
            games.append((a, b))
    return games


def _rounded(pairs):
    return {
        tuple(np.round(np.concatenate([np.asarray(x, float), np.asarray(y, float)]), 8))
        for x, y in pairs
    }


def test_against_nashpy_vertex_enumeration():
    import nashpy

    for a, b in _nondegenerate_corpus(12, seed=3):
        theirs = _rounded(nashpy.Game(a, b).vertex_enumeration())
        ours = _rounded(e.floats for e in enumerate_equilibria(Game.from_matrices(a, b)))
        assert ours == theirs


def test_against_quantecon_vertex_enumeration():
    qe = pytest.importorskip("quantecon.game_theory", reason="QuantEcon is optional (bench extra)")
    for a, b in _nondegenerate_corpus(8, seed=4):
        g = qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))
        theirs = _rounded(qe.vertex_enumeration(g))
        ours = _rounded(e.floats for e in enumerate_equilibria(Game.from_matrices(a, b)))
        assert ours == theirs


def _gambit_set(gbt, a, b):
    g = gbt.Game.from_arrays(a, b)
    result = gbt.nash.enummixed_solve(g, rational=True)
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in g.players)
        for eq in result.equilibria
    }


def _degenerate_corpus():
    rng = np.random.default_rng(11)
    games = []
    for k in range(25):
        m, n = (int(v) for v in rng.integers(1, 5, 2))
        a, b = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
        if k % 3 == 0:
            b = a.copy()
        games.append((a, b))
    for _ in range(3):  # larger tie-ridden games, where float tools go wrong
        a, b = rng.integers(0, 3, (6, 6)), rng.integers(0, 4, (6, 6))
        a[:, 1] = a[:, 0]
        games.append((a, b))
    # textbook degenerate game: von Stengel (2007), AGT ch. 3, §3.6
    games.append((np.array([[3, 3], [2, 5], [0, 6]]), np.array([[3, 3], [2, 6], [3, 1]])))
    return games


def test_against_gambit_enummixed_rational():
    gbt = pytest.importorskip("pygambit", reason="pygambit is an optional, test-only dependency")
    corpus = _degenerate_corpus() + _nondegenerate_corpus(10, seed=5)
    for a, b in corpus:
        theirs = _gambit_set(gbt, a.tolist(), b.tolist())
        ours = enumerate_equilibria(Game.from_matrices(a, b)).strategy_set()
        assert ours == theirs, (a.tolist(), b.tolist())
