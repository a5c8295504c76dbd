"""Dynamics figures: the picture matches the game's shape, trajectories end where they end."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.plot.dynamics import moran_plot, replicator_plot
from negotiation.repeated.evolution import replicator_dynamics

PD = Game.from_matrices(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("US", "China"),
    moves=(("conciliate", "escalate"), ("conciliate", "escalate")),
)
# Rock-paper-scissors (zero-sum, symmetric): the replicator dynamics cycle around the
# centre (1/3, 1/3, 1/3) on closed orbits (Weibull 1995, Evolutionary Game Theory, §3.1.5).
RPS = Game.zero_sum(
    [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
    moves=(("rock", "paper", "scissors"), ("rock", "paper", "scissors")),
)


def test_phase_square(render):
    run = replicator_dynamics(PD, x0=[0.9, 0.1], y0=[0.7, 0.3], t_max=25, n_points=60)
    ax = replicator_plot(run)
    render(ax)
    (end,) = [line for line in ax.lines if line.get_gid() == "end"]
    # defection is strictly dominant: both populations end (almost) all escalating
    assert end.get_xdata()[0] > 0.99 and end.get_ydata()[0] > 0.99
    assert ax.get_xlabel() == "share of US playing escalate"
    assert ax.get_ylabel() == "share of China playing escalate"


def test_simplex(render):
    run = replicator_dynamics(
        RPS, single_population=True, x0=[0.5, 0.3, 0.2], t_max=10, n_points=80
    )
    ax = replicator_plot([run])
    render(ax)
    (line,) = [line for line in ax.lines if line.get_gid() == "trajectory"]
    # a closed orbit around the centroid of the triangle: it neither reaches a corner
    # nor the centre
    centre = np.array([0.5, np.sqrt(3) / 6])
    distances = np.hypot(line.get_xdata() - centre[0], line.get_ydata() - centre[1])
    assert distances.min() > 0.05 and distances.max() < 0.5
    assert {t.get_text() for t in ax.texts} == {"rock", "paper", "scissors"}


def test_time_series_and_moran(render):
    from negotiation.repeated import tournament
    from negotiation.repeated.evolution import moran_process

    pool = ["tit-for-tat", "always-escalate", "always-conciliate", "grim-trigger"]
    result = tournament(PD, pool, turns=20, seed=3)
    ax = replicator_plot(replicator_dynamics(result, single_population=True, t_max=10, n_points=40))
    render(ax, "series.png")
    # four types in one population: a time series, one labelled line per strategy
    labels = ax.get_legend_handles_labels()[1]
    assert len(labels) == 4
    assert all(label.endswith(s) for label, s in zip(labels, pool, strict=True))
    run = moran_process(result, {"tit-for-tat": 3, "always-escalate": 3}, seed=4)
    ax = moran_plot(run)
    render(ax, "moran.png")
    assert run.fixated in ax.get_title()


def test_not_a_dynamics_result():
    with pytest.raises(NegotiationError):
        replicator_plot(object())
