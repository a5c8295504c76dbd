"""Per-period payoffs and patience at any state: the scenario's channel model, interpolated.

The dynamic game's per-period payoffs are the scenario's stage game evaluated at the
current state: each stage's *felt* dependence sets the scenario input the dynamics file
names (``pressures.US.magnet_share`` …). Rebuilding the scenario for each of 10⁴ grid
states is too slow (about 50 ms a build), so the scenario is built exactly on a small
tensor grid of :data:`NODES` per stage (``3^S`` builds) and values in between are
multilinear in the grid (Judd 1998, *Numerical Methods in Economics*, §6.9); below the
lowest node (a stage almost free of the exporter) the value is held at that node, which
keeps formulas that divide by the grip finite. :attr:`StageModel.check_error` holds the
largest gap found against exact builds at check points, and the timeline prints it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["NODES", "StageModel", "bargaining_power"]

#: dependence values per stage at which the scenario is built exactly
NODES = (0.05, 0.5, 1.0)


def bargaining_power(rates: np.ndarray) -> np.ndarray:
    """Bargaining power from discount rates, ``α_i = (1/r_i) / Σ_j 1/r_j`` (last axis).

    The Rubinstein (1982) alternating-offers split as offers become frequent (Binmore,
    Rubinstein and Wolinsky 1986, §4), the formula of :mod:`negotiation.bargaining.leverage`.

    >>> bargaining_power(np.array([0.10, 0.05])).round(4).tolist()
    [0.3333, 0.6667]
    """
    inv = 1.0 / np.maximum(rates, 1e-12)
    return inv / inv.sum(axis=-1, keepdims=True)


@dataclass(frozen=True, eq=False)
class StageModel:
    """The scenario on a small grid of stage dependences, and its interpolation.

    Attributes
    ----------
    players, moves
        The scenario game's labels.
    corners
        ``(K^S, S)`` grid points (``K`` nodes per stage, :data:`NODES`).
    payoffs
        ``(K^S, n_players, *n_moves)`` payoffs at each grid point.
    rates
        ``(K^S, n_players)`` each player's discount rate per year at each point.
    dependence
        ``(K^S, n_players)`` each player's ``dependence`` parameter (nan where absent).
    check_error
        Largest absolute gap between interpolated and exact payoffs or rates at the
        check points (the centre of the cube and the initial state).
    """

    players: tuple[str, ...]
    moves: tuple[tuple[str, ...], ...]
    corners: np.ndarray
    payoffs: np.ndarray
    rates: np.ndarray
    dependence: np.ndarray
    check_error: float = 0.0

    @staticmethod
    def corner_points(n_stages: int, nodes: tuple[float, ...] = NODES) -> np.ndarray:
        """Every point of the tensor grid, ``(len(nodes)^S, S)``, last stage fastest."""
        return np.array(list(itertools.product(nodes, repeat=n_stages)))

    def weights(self, z: np.ndarray) -> np.ndarray:
        """Multilinear weights ``(N, K^S)`` of points ``z`` (shape ``(N, S)``) on the grid."""
        nodes = np.unique(self.corners[:, 0])
        K = len(nodes)
        w = np.ones((z.shape[0], 1))
        for k in range(self.corners.shape[1]):
            x = np.clip(z[:, k], nodes[0], nodes[-1])
            hat = np.zeros((z.shape[0], K))
            j = np.clip(np.searchsorted(nodes, x, side="right") - 1, 0, K - 2)
            t = (x - nodes[j]) / (nodes[j + 1] - nodes[j])
            hat[np.arange(len(x)), j] = 1.0 - t
            hat[np.arange(len(x)), j + 1] += t
            w = (w[:, :, None] * hat[:, None, :]).reshape(z.shape[0], -1)
        return w

    def payoffs_at(self, z: np.ndarray) -> np.ndarray:
        """Payoffs ``(N, n_players, *n_moves)`` at felt dependences ``z``."""
        return np.tensordot(self.weights(z), self.payoffs, axes=(1, 0))

    def rates_at(self, z: np.ndarray) -> np.ndarray:
        """Discount rates ``(N, n_players)`` at felt dependences ``z``."""
        return self.weights(z) @ self.rates

    def dependence_at(self, z: np.ndarray) -> np.ndarray:
        """The scenario's own ``dependence`` parameter per player at ``z``."""
        return self.weights(z) @ np.nan_to_num(self.dependence, nan=0.0)
