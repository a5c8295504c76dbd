"""Every solver is bounded (issue 10 item 1): refuse past a size budget with one line, or
stop at ``max_seconds`` with what was found, marked incomplete.

These tests assert on the outcome and the message, never on wall-clock time (speed is
measured in ``benchmarks/``).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.cli.main import main
from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers import (
    correlated_equilibria,
    enumerate_equilibria,
    is_correlated_equilibrium,
    lemke_howson_all,
    solve,
    verify,
)
from negotiation.solvers.budget import (
    MAX_VERTICES,
    Deadline,
    correlated_lp_size,
    enumeration_cost,
    vertex_bound,
)


def random_game(shape: tuple[int, ...], seed: int = 0, zero: bool = False) -> Game:
    rng = np.random.default_rng(seed)
    payoffs = (
        np.zeros((len(shape), *shape), int) if zero else rng.integers(-50, 50, (len(shape), *shape))
    )
    players = tuple(f"P{i}" for i in range(len(shape)))
    moves = tuple(tuple(f"m{i}_{k}" for k in range(s)) for i, s in enumerate(shape))
    return Game(players, moves, payoffs.tolist())


def write_game(path: Path, game: Game) -> str:
    """The game as a payoff file (JSON is YAML), for the command line."""

    def nest(prefix: tuple[int, ...]) -> object:
        if len(prefix) == game.n_players:
            return [int(game.exact[(i, *prefix)]) for i in range(game.n_players)]
        d = len(prefix)
        return {m: nest((*prefix, k)) for k, m in enumerate(game.moves[d])}

    doc = {
        "version": 1,
        "title": "random",
        "players": [
            {"name": p, "moves": {m: "a move" for m in ms}}
            for p, ms in zip(game.players, game.moves, strict=True)
        ],
        "payoffs": nest(()),
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


# ----------------------------------------------------------------- the size budget
def test_vertex_bound_known_polytopes():
    # McMullen (1970): a polygon with k edges has k vertices, the 3-cube (6 facets) 8,
    # a d-simplex (d + 1 facets) d + 1.
    assert [vertex_bound(k, 2) for k in range(3, 9)] == list(range(3, 9))
    assert vertex_bound(6, 3) == 8
    assert [vertex_bound(d + 1, d) for d in range(1, 8)] == [d + 1 for d in range(1, 8)]


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5), st.integers(2, 5), st.integers(0, 10_000))
def test_vertices_found_never_exceed_the_bound(m, n, seed):
    result = enumerate_equilibria(random_game((m, n), seed))
    vertices = result.details["vertices"]
    assert max(vertices["row"], vertices["column"]) <= enumeration_cost(m, n)
    assert result.complete


def test_30x30_all_refused_with_one_line_saying_what_to_use():
    game = random_game((30, 30))
    assert enumeration_cost(30, 30) > MAX_VERTICES
    with pytest.raises(SolverError) as info:
        solve(game)
    message = str(info.value)
    assert "\n" not in message
    assert "McMullen" in message and "30×30" in message
    assert "--method lemke-howson" in message and "--max-seconds" in message


def test_past_the_budget_a_timed_search_is_labelled_incomplete():
    game = random_game((30, 30), seed=3)
    result = solve(game, "all", max_seconds=1)
    assert result.complete is False
    assert result.to_dict()["complete"] is False
    assert any(note.startswith("INCOMPLETE") for note in result.notes)
    assert len(result) >= 1  # Lemke–Howson from the first label always ends (1964)
    for eq in result:
        assert verify(game, eq.strategies)


def test_within_the_budget_an_expired_clock_marks_the_result_incomplete():
    game = random_game((6, 6), seed=1)
    full = enumerate_equilibria(game)
    assert full.complete
    cut = enumerate_equilibria(game, max_seconds=1e-9)
    assert cut.complete is False
    assert cut.strategy_set() <= full.strategy_set()


def test_lemke_howson_stopped_by_the_clock_says_how_far_it_got():
    game = random_game((30, 30), seed=2)
    result = lemke_howson_all(game, max_seconds=1e-9)
    assert result.complete is False
    assert "0 of 60 labels" in result.notes[-1]


def test_lemke_howson_work_budget_is_deterministic():
    game = random_game((12, 12), seed=5)
    assert lemke_howson_all(game).to_dict() == lemke_howson_all(game).to_dict()


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "5", True])
def test_bad_max_seconds_refused(bad):
    with pytest.raises(SolverError, match="max_seconds"):
        solve(random_game((2, 2)), "all", max_seconds=bad)


def test_unknown_options_are_refused_not_ignored():
    with pytest.raises(SolverError, match="bogus"):
        solve(random_game((2, 2)), "all", bogus=1)


def test_a_qhull_failure_is_one_line(monkeypatch):
    from negotiation.solvers import polytopes

    def fail(self):
        raise RuntimeError(
            "QH6235 qhull error (qh_memalloc): negative request size\nline 2\nline 3"
        )

    monkeypatch.setattr(polytopes.Polytope, "_qhull", fail)
    monkeypatch.setattr(polytopes, "BRUTE_FORCE_LIMIT", 1)
    with pytest.raises(SolverError) as info:
        enumerate_equilibria(random_game((9, 9), seed=4))
    assert "\n" not in str(info.value) and "QH6235" in str(info.value)


def test_deadline():
    assert not Deadline(None).expired()
    assert not Deadline(1000).expired()
    assert Deadline(0).expired()


# ----------------------------------------------------------------- correlated
@pytest.mark.parametrize(
    ("shape", "zero"),
    [((30, 30), False), ((10, 10, 10), False), ((20, 20), True), ((20, 20), False)],
    ids=["30x30", "10x10x10", "zero-20x20", "20x20"],
)
def test_correlated_on_large_games_ends_with_a_labelled_answer(shape, zero):
    game = random_game(shape, seed=7, zero=zero)
    result = correlated_equilibria(game)
    for ce in (result.welfare, *result.best_for):
        probs = np.zeros(game.shape, dtype=object)
        for names, p in ce.distribution:
            probs[game.profile_index(names)] = p
        if ce.certified:  # exact: the distribution obeys every constraint, in rationals
            assert all(isinstance(p, Fraction) for _, p in ce.distribution)
            assert is_correlated_equilibrium(game, probs)
        else:  # floats, labelled so in JSON
            assert ce.to_dict()["distribution"][0]["probability_exact"] is None
            assert result.to_dict()["exact"] is False
    assert result.complete


def test_correlated_lp_past_its_budget_is_refused_in_one_line():
    assert correlated_lp_size((200, 200))[2] > 500_000
    game = random_game((200, 200), zero=True)
    with pytest.raises(SolverError) as info:
        correlated_equilibria(game)
    assert "\n" not in str(info.value) and "budget" in str(info.value)


# ----------------------------------------------------------------- the commands
@pytest.mark.parametrize(
    "argv",
    [
        ["solve"],
        ["analyse"],
        ["folk"],
        ["solve", "--method", "correlated"],
        ["solve", "--max-seconds", "2"],
    ],
    ids=["solve", "analyse", "folk", "correlated", "solve-max-seconds"],
)
def test_30x30_through_the_commands_ends_with_a_result_or_one_clear_line(tmp_path, capsys, argv):
    path = write_game(tmp_path / "random30.yaml", random_game((30, 30), seed=11))
    code = main([argv[0], path, *argv[1:], "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    if code == 0:
        data = json.loads(out)
        if argv[0] == "solve" and "--max-seconds" in argv:
            assert data["complete"] is False
    else:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in err
        assert "budget" in lines[0] and "--max-seconds" in lines[0]


@pytest.mark.parametrize("method", ["dominance", "stackelberg"])
def test_lp_per_move_methods_refuse_large_games_in_one_line(method):
    game = random_game((40, 40), seed=9)
    with pytest.raises(SolverError) as info:
        solve(game, method)
    assert "\n" not in str(info.value) and "budget" in str(info.value)


def test_dominance_screening_keeps_the_textbook_answer():
    # by hand: r2 pays (1, 1); no pure move beats it everywhere, but 1/2 r1 + 1/2 r3 pays
    # (1.5, 1.5) > (1, 1). The float screen must not skip it (its float optimum is 0.5)
    g = Game.from_matrices([[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]])
    result = solve(g, "dominance")
    assert result.steps[0].describe().endswith("1/2 r1 + 1/2 r3")


# ------------------------------------------------- maximin and zero-sum (issue 10 gap)
@pytest.mark.parametrize("method", ["zero-sum", "maximin"])
def test_lp_methods_past_the_exact_budget_refuse_or_answer_incomplete(method):
    from negotiation.solvers.budget import MAX_EXACT_LP_CELLS

    n = int(MAX_EXACT_LP_CELLS**0.5) + 1  # one move more than the budget's square
    rng = np.random.default_rng(3)
    game = Game.zero_sum(rng.integers(-9, 9, (n, n)).tolist())
    with pytest.raises(SolverError) as info:
        solve(game, method)
    text = str(info.value)
    assert "\n" not in text and "budget" in text and "--max-seconds" in text
    result = solve(game, method, max_seconds=30)
    data = result.to_dict()
    assert data["complete"] is False and data["exact"] is False
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize("method", ["zero-sum", "maximin"])
def test_lp_methods_within_the_budget_are_exact_and_complete(method):
    # a 60×60 game (the slow maximin example): one LP per player, certified
    rng = np.random.default_rng(60)
    a = rng.integers(-100, 100, (60, 60))
    game = Game.zero_sum(a.tolist())
    data = solve(game, method).to_dict()
    assert data["complete"] is True and data["exact"] is True
    if method == "zero-sum":
        # the exact value is the row guarantee of the exact strategy (minimax theorem)
        result = solve(game, method)
        x = result.equilibrium.strategies[0]
        assert result.value == min(sum(x[i] * int(a[i, j]) for i in range(60)) for j in range(60))


def test_an_expired_clock_marks_maximin_incomplete(monkeypatch):
    monkeypatch.setattr(Deadline, "expired", lambda self: self.max_seconds is not None)
    game = Game.zero_sum([[1, -1], [-1, 1]])
    for method in ("zero-sum", "maximin"):
        data = solve(game, method, max_seconds=1).to_dict()
        assert data["complete"] is False, method
    assert solve(game, "zero-sum").to_dict()["complete"] is True  # no clock, no change
