"""Subgame-perfect equilibrium payoff sets, including collapsed and empty ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError, SolverError
from negotiation.game import Game
from negotiation.repeated.spe import aps_operator, spe_payoff_set
from tests.repeated.repeated_games import prisoners_dilemma


def same_polygon(result, expected, tol=1e-6):
    got = sorted(result.vertices)
    want = sorted(expected)
    return len(got) == len(want) and all(
        abs(g[0] - w[0]) < tol and abs(g[1] - w[1]) < tol for g, w in zip(got, want, strict=True)
    )


def test_quantecon_prisoners_dilemma_at_0_9():
    # QuantEcon RepeatedGame docs / Abreu & Sannikov (2014) §6 example:
    # PD [[(9, 9), (1, 10)], [(10, 1), (3, 3)]] at δ = 0.9
    result = spe_payoff_set(prisoners_dilemma(9, 1, 10, 3), 0.9)
    assert result.converged and result.kind == "polygon"
    assert same_polygon(result, [(3, 3), (9.75, 3), (9, 9), (3, 9.75)])


@pytest.mark.parametrize("delta", [0.5, 0.6, 0.9])
def test_axelrod_pd_patient_players_get_the_whole_feasible_ir_set(delta):
    # Stahl (1991) / issue #5: δ >= 1/2 -> feasible set above the pure minmax (1, 1)
    result = spe_payoff_set(prisoners_dilemma(), delta)
    assert same_polygon(result, [(1, 1), (13 / 3, 1), (3, 3), (1, 13 / 3)])


@pytest.mark.parametrize("delta", [0.25, 0.3, 0.45, 0.49])
def test_axelrod_pd_middle_patience_gives_a_triangle(delta):
    # Stahl (1991) / issue #5: 1/4 <= δ < 1/2 -> triangle (1, 1), (4, 1), (1, 4)
    result = spe_payoff_set(prisoners_dilemma(), delta)
    assert same_polygon(result, [(1, 1), (4, 1), (1, 4)])


@pytest.mark.parametrize("delta", [0.01, 0.1, 0.2, 0.24])
def test_axelrod_pd_impatient_players_only_repeat_the_stage_equilibrium(delta):
    # Stahl (1991) / issue #5: δ < 1/4 -> only (1, 1)
    result = spe_payoff_set(prisoners_dilemma(), delta)
    assert result.kind == "point" and same_polygon(result, [(1, 1)])
    assert result.to_dict()["vertices"] == [[1.0, 1.0]]


def test_segment_between_two_stage_equilibria():
    # battle of the sexes, impatient players: only public randomisation between the pure
    # stage equilibria (2, 1) and (1, 2) survives (Mailath & Samuelson 2006, §2.5.5)
    bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = spe_payoff_set(bos, 0.1)
    assert result.kind == "segment" and same_polygon(result, [(1, 2), (2, 1)])


def test_no_pure_spe_gives_an_empty_set():
    # matching pennies has no pure stage equilibrium and pure minmax 1 > every feasible
    # payoff sum share: no pure-strategy SPE at any δ
    pennies = Game.zero_sum([[1, -1], [-1, 1]])
    for delta in (0.1, 0.9, 0.99):
        result = spe_payoff_set(pennies, delta)
        assert result.is_empty and result.kind == "empty" and result.vertices == ()
        assert result.to_dict()["vertices"] == []


def test_close_to_one_converges_to_the_right_set():
    # QuantEcon's AS implementation stops silently at max_iter=500 here with vertices
    # outside the true set (e.g. (2.9869, 3.0687)); the set is the same as at δ = 0.9
    for delta in (0.99, 0.999):
        result = spe_payoff_set(prisoners_dilemma(9, 1, 10, 3), delta)
        assert result.converged
        assert same_polygon(result, [(3, 3), (9.75, 3), (9, 9), (3, 9.75)])


def test_running_out_of_iterations_is_reported_not_hidden():
    pd = prisoners_dilemma()
    short = spe_payoff_set(pd, 0.45, max_iter=3)
    assert not short.converged and short.iterations == 3
    # an unconverged run is still an outer approximation of the true triangle
    for vertex in [(1, 1), (4, 1), (1, 4)]:
        assert short.contains(vertex, tol=1e-6)  # vertices are snapped to a 1e-7 grid
    assert short.area > spe_payoff_set(pd, 0.45).area
    with pytest.raises(SolverError, match="did not converge"):
        spe_payoff_set(pd, 0.45, max_iter=3, strict=True)


def test_every_vertex_is_individually_rational_and_feasible():
    game = Game.from_matrices([[4, 1, 0], [5, 2, 1]], [[3, 4, 5], [1, 2, 3]])
    result = spe_payoff_set(game, 0.8)
    # SPE payoffs are at least the pure minmax (min over the other's move of the best reply)
    a, b = game.matrices()
    v1 = min(a[:, j].max() for j in range(3))
    v2 = min(b[i, :].max() for i in range(2))
    assert all(x >= v1 - 1e-7 and y >= v2 - 1e-7 for x, y in result.vertices)
    # the stage equilibrium (tariff, ban) = (1, 3) is always an SPE payoff
    assert result.contains((1, 3))


def test_bad_inputs():
    pd = prisoners_dilemma()
    for delta in (0, 1, 1.5, -0.1):
        with pytest.raises(GameError):
            spe_payoff_set(pd, delta)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    st.lists(st.integers(0, 6), min_size=6, max_size=6),
    st.lists(st.integers(0, 6), min_size=6, max_size=6),
    st.sampled_from([0.3, 0.6, 0.85]),
)
def test_spe_set_is_a_fixed_point_containing_stage_equilibria(a, b, delta):
    # APS (1990): V = B(V); every pure stage equilibrium payoff is an SPE payoff;
    # every SPE payoff is at least the pure minmax
    game = Game.from_matrices([a[:3], a[3:]], [b[:3], b[3:]])
    result = spe_payoff_set(game, delta)
    assume(result.converged)
    am, bm = game.matrices()
    for i, j in np.ndindex(am.shape):
        if am[i, j] == am[:, j].max() and bm[i, j] == bm[i, :].max():
            assert result.contains((am[i, j], bm[i, j]), tol=1e-6)
    if result.is_empty:
        return
    v1 = min(am[:, j].max() for j in range(3))
    v2 = min(bm[i, :].max() for i in range(2))
    assert all(x >= v1 - 1e-6 and y >= v2 - 1e-6 for x, y in result.vertices)
    image = aps_operator(game, delta, list(result.vertices))
    from negotiation.geometry import hausdorff

    assert hausdorff(image, list(result.vertices)) < 1e-5


def test_agrees_with_quantecon_where_quantecon_succeeds():
    # QuantEcon's RepeatedGame.equilibrium_payoffs (Abreu & Sannikov 2014) on random
    # integer games; it raises QhullError on points and segments, which we skip here
    qe = pytest.importorskip("quantecon.game_theory", reason="QuantEcon cross-check")
    from quantecon.game_theory.repeated_game import RepeatedGame

    from negotiation.geometry import hausdorff, hull

    rng = np.random.default_rng(1)
    compared = 0
    for _ in range(25):
        n1, n2 = (int(k) for k in rng.integers(2, 4, size=2))
        a = rng.integers(0, 10, size=(n1, n2)).astype(float)
        b = rng.integers(0, 10, size=(n1, n2)).astype(float)
        delta = float(rng.choice([0.5, 0.7, 0.8]))
        ours = spe_payoff_set(Game.from_matrices(a, b), delta)
        if ours.kind != "polygon":
            continue
        stage = qe.NormalFormGame([qe.Player(a), qe.Player(b.T)])
        theirs = RepeatedGame(stage, delta).equilibrium_payoffs()
        points = hull([tuple(map(float, p)) for p in theirs.points[theirs.vertices]], 1e-12)
        assert hausdorff(list(ours.vertices), points) < 1e-6
        compared += 1
    assert compared >= 5
