"""Replicator dynamics and the Moran process against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from negotiation.errors import StrategyError
from negotiation.game import Game
from negotiation.repeated import tournament
from negotiation.repeated.evolution import (
    fixation_probability,
    meta_game,
    moran_process,
    replicator_dynamics,
)
from tests.repeated.repeated_games import asymmetric_game, prisoners_dilemma

PENNIES = Game.zero_sum([[1, -1], [-1, 1]], moves=(("H", "T"), ("H", "T")))


def test_defection_takes_over_in_the_prisoners_dilemma():
    # a strictly dominant move's share goes to 1 (Hofbauer & Sigmund 1998)
    result = replicator_dynamics(prisoners_dilemma(), x0=[0.9, 0.1], y0=[0.99, 0.01], t_max=40)
    final = result.final()
    assert final["Row"]["defect"] > 0.999 and final["Column"]["defect"] > 0.999
    for shares in result.shares:
        assert np.allclose(shares.sum(axis=1), 1.0)


def test_matching_pennies_orbits_conserve_the_entropy_function():
    # zero-sum bimatrix game with interior equilibrium (1/2, 1/2): H = Σ ln x_i + Σ ln y_j
    # is a constant of motion, so orbits are closed (Hofbauer & Sigmund 1998, ch. 11)
    result = replicator_dynamics(PENNIES, x0=[0.7, 0.3], y0=[0.4, 0.6], t_max=30)
    x, y = result.shares
    h = 0.5 * np.log(x).sum(axis=1) + 0.5 * np.log(y).sum(axis=1)
    assert np.ptp(h) < 1e-6
    assert x[:, 0].min() < 0.45 < 0.55 < x[:, 0].max()  # it keeps cycling


def test_asymmetric_two_population_dynamics_reach_the_strict_equilibrium():
    # the 2x3 game's only equilibrium (tariff, ban) is strict, hence asymptotically stable
    result = replicator_dynamics(asymmetric_game(), t_max=60)
    final = result.final()
    assert final["US"]["tariff"] > 0.99 and final["China"]["ban"] > 0.99


def test_seeded_random_start_is_reproducible():
    a = replicator_dynamics(asymmetric_game(), seed=3, t_max=1)
    b = replicator_dynamics(asymmetric_game(), seed=3, t_max=1)
    assert np.array_equal(a.shares[0], b.shares[0])
    assert not np.allclose(a.shares[0][0], [0.5, 0.5])


def test_tournament_meta_game_is_the_per_turn_score_matrix(pd):
    result = tournament(pd, ["tit-for-tat", "always-escalate", "always-conciliate"], turns=200)
    game = meta_game(result)
    # TFT vs ALLD: 199 / 200 per turn (see the 200-turn scores in test_repeated_match.py)
    assert game.a[0, 1] == pytest.approx(0.995)
    assert game.symmetric
    dyn = replicator_dynamics(result, single_population=True, x0=[0.1, 0.1, 0.8], t_max=200)
    # always-conciliate is exploited by always-escalate; TFT then takes over
    # (Axelrod 1984, the ecological analysis of ch. 2)
    assert dyn.final()["population"]["tit-for-tat"] > 0.99


def test_fixation_neutral_drift_is_one_over_n():
    # Moran (1958): without selection a single mutant fixes with probability 1/N
    assert fixation_probability(
        prisoners_dilemma(), "defect", "cooperate", 8, selection=0
    ).exact == (pytest.approx(1 / 8))


def test_fixation_with_constant_fitness_matches_morans_formula():
    # mutant always earns 1, resident 0: relative fitness r = e^w and
    # ρ = (1 - 1/r) / (1 - 1/r^N)  (Moran 1958; Nowak 2006, Evolutionary Dynamics, ch. 6)
    game = Game.from_matrices([[1, 1], [0, 0]], [[1, 0], [1, 0]], moves=(("m", "r"), ("m", "r")))
    w, n = 0.5, 12
    r = math.exp(w)
    expected = (1 - 1 / r) / (1 - 1 / r**n)
    result = fixation_probability(game, "m", "r", n, selection=w)
    assert result.exact == pytest.approx(expected, rel=1e-12)


def test_simulated_fixation_agrees_with_the_exact_probability():
    result = fixation_probability(
        prisoners_dilemma(), "defect", "cooperate", 10, selection=0.1, trials=2000, seed=1
    )
    sd = math.sqrt(result.exact * (1 - result.exact) / 2000)
    assert abs(result.simulated - result.exact) < 4 * sd
    assert result.exact > result.neutral  # defectors are favoured


def test_moran_runs_are_seeded_and_end_in_fixation():
    a = moran_process(prisoners_dilemma(), {"cooperate": 6, "defect": 4}, seed=5)
    b = moran_process(prisoners_dilemma(), {"cooperate": 6, "defect": 4}, seed=5)
    assert np.array_equal(a.counts, b.counts)
    assert a.fixated in ("cooperate", "defect")
    assert (a.counts.sum(axis=1) == 10).all()
    assert a.to_dict()["steps"] == a.steps
    runs = {moran_process(prisoners_dilemma(), [6, 4], seed=s).steps for s in range(5)}
    assert len(runs) > 1


def test_moran_errors():
    with pytest.raises(StrategyError):
        moran_process(prisoners_dilemma(), {"shrug": 3})
    with pytest.raises(StrategyError):
        moran_process(asymmetric_game(), [1, 1])  # different move sets: no single population
