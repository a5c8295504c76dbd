"""Per-period payoffs and patience at any state: the scenario's channel model, interpolated.

The dynamic game's per-period payoffs are the scenario's stage game evaluated at the
current state: each stage's *felt* dependence sets the scenario input the dynamics file
names (``pressures.US.magnet_share`` …). Rebuilding the scenario for each of 10⁴ grid
states is too slow (about 50 ms a build), so the scenario is built exactly at the
``2^S`` corners of the dependence cube ``[0, 1]^S`` and values in between are
multilinear in the corners (Judd 1998, *Numerical Methods in Economics*, §6.9). The
default scenario's weights and rates are linear in the stage shares, so the interpolation
is exact up to the scenario's rounding; :attr:`StageModel.check_error` holds the largest
gap found against exact builds at check points, and the timeline prints it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["StageModel", "bargaining_power"]


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
    """The scenario at the corners of the dependence cube, and its interpolation.

    Attributes
    ----------
    players, moves
        The scenario game's labels.
    corners
        ``(2^S, S)`` corner coordinates (0 or 1 per stage).
    payoffs
        ``(2^S, n_players, *n_moves)`` payoffs at each corner.
    rates
        ``(2^S, n_players)`` each player's discount rate per year at each corner.
    dependence
        ``(2^S, n_players)`` each player's ``dependence`` parameter (nan where absent).
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
    def corner_points(n_stages: int) -> np.ndarray:
        return np.array(list(itertools.product((0.0, 1.0), repeat=n_stages)))

    def weights(self, z: np.ndarray) -> np.ndarray:
        """Multilinear weights ``(N, 2^S)`` of points ``z`` (shape ``(N, S)``, in [0, 1])."""
        z = np.clip(z, 0.0, 1.0)
        w = np.ones((z.shape[0], self.corners.shape[0]))
        for k in range(self.corners.shape[1]):
            w *= np.where(self.corners[None, :, k] > 0.5, z[:, k : k + 1], 1.0 - z[:, k : k + 1])
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
