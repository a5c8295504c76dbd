"""The set of subgame-perfect equilibrium payoffs of a repeated two-player game.

Perfect monitoring, pure stage actions, a public randomisation device, common discount
factor δ; payoffs are normalised averages ``(1 - δ) Σ δ^t u_t``. The set ``V`` is the
largest fixed point of the Abreu-Pearce-Stacchetti operator

    B(W) = co ⋃_a { (1 - δ) u(a) + δ w :  w ∈ W,
                    w_i >= min_{w' ∈ W} w'_i + (1 - δ)/δ · (max_{a'_i} u_i(a'_i, a_-i) - u_i(a)) }

(a profile ``a`` is enforceable today with continuation ``w`` if no player gains by a
one-shot deviation that is punished by its worst continuation in ``W``; public
randomisation convexifies). Following Abreu & Sannikov (2014), for a convex polygon
``W`` each ``a`` contributes the vertices of ``W`` clipped by two axis-parallel
half-planes, mapped by ``w -> (1 - δ) u(a) + δ w``; the hull of all of them is ``B(W)``.

**Algorithm.** Start from the feasible payoffs above each player's pure minmax value
(``V`` lies inside, as a player can always secure its pure minmax) and
iterate ``W_{k+1} = B(W_k)``. The iterates decrease to ``V`` (APS 1990), so *every*
iterate is an outer approximation. The distance between iterates shrinks roughly
geometrically with ratio δ, so the distance still to go is estimated by
``d(W_k, W_{k+1}) · δ / (1 - δ)``; the run stops when that falls below ``tol`` (relative
to the payoff range) and reports whether it did. Near δ = 1 this needs about
``log(tol) / log(δ)`` iterations, and the default budget grows accordingly; when the
budget runs out the result says ``converged=False`` (and ``strict=True`` raises) rather
than returning a set that looks final.

Degenerate answers are ordinary results: a polygon, a segment (two vertices), a point
(one vertex, e.g. only repetition of the stage equilibrium), or the empty set (no pure
subgame-perfect equilibrium, e.g. matching pennies).

References
----------
Abreu, D., Pearce, D. & Stacchetti, E. (1990). Toward a theory of discounted repeated
games with imperfect monitoring. *Econometrica* 58(5), 1041-1063.
Abreu, D. & Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. *Theoretical Economics* 9(2), 313-338.
Judd, K., Yeltekin, S. & Conklin, J. (2003). Computing supergame equilibria.
*Econometrica* 71(4), 1239-1254.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation import geometry
from negotiation.errors import GameError, SolverError
from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers.scaling import require_float_range

__all__ = ["SPEPayoffSet", "aps_operator", "spe_payoff_set"]

Vertex = tuple[float, float]


@dataclass(frozen=True)
class SPEPayoffSet:
    """The subgame-perfect equilibrium payoff set (average discounted payoffs).

    Attributes
    ----------
    players
        Player names.
    discount
        The common discount factor δ.
    vertices
        Counter-clockwise vertices: none (empty), one (point), two (segment) or more.
    converged
        Whether the estimated distance to the true set fell below the tolerance.
    iterations
        Number of APS iterations performed.
    error_estimate
        Estimated Hausdorff distance from ``vertices`` to the true set (the computed
        set contains the true one up to rounding).
    tolerance
        The absolute tolerance the run aimed for.
    """

    players: tuple[str, str]
    discount: float
    vertices: tuple[Vertex, ...]
    converged: bool
    iterations: int
    error_estimate: float
    tolerance: float

    @property
    def kind(self) -> str:
        """``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``."""
        return {0: "empty", 1: "point", 2: "segment"}.get(len(self.vertices), "polygon")

    @property
    def is_empty(self) -> bool:
        return not self.vertices

    @property
    def area(self) -> float:
        return float(geometry.area(self.vertices))

    def worst(self) -> tuple[float, float] | None:
        """Each player's lowest SPE payoff (its optimal punishment value)."""
        if not self.vertices:
            return None
        return (min(v[0] for v in self.vertices), min(v[1] for v in self.vertices))

    def contains(self, point: tuple[float, float], tol: float | None = None) -> bool:
        """Whether a payoff pair lies in the set (within the run's tolerance by default)."""
        eps = max(self.tolerance, self.error_estimate) if tol is None else tol
        return geometry.contains(self.vertices, (float(point[0]), float(point[1])), max(eps, 1e-12))

    def rounded(self, digits: int = 6) -> list[list[float]]:
        """Vertices rounded for display, as lists ``[payoff_1, payoff_2]``."""
        return [[_tidy(x, digits), _tidy(y, digits)] for x, y in self.vertices]

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "discount": self.discount,
            "vertices": [[float(x), float(y)] for x, y in self.vertices],
            "kind": self.kind,
            "converged": self.converged,
            "iterations": self.iterations,
            "error_estimate": self.error_estimate,
            "tolerance": self.tolerance,
            "worst": None if self.worst() is None else list(self.worst() or ()),
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        p1, p2 = self.players
        rows = "".join(
            f"<tr><td>{format_number(x)}</td><td>{format_number(y)}</td></tr>"
            for x, y in self.vertices
        )
        status = "converged" if self.converged else "NOT converged (outer approximation)"
        caption = (
            f"SPE payoff set at δ = {format_number(self.discount)}: {self.kind}, {status} "
            f"after {self.iterations} iterations"
        )
        return (
            f"<table><caption>{esc(caption)}</caption><tr><th>{esc(p1)}</th>"
            f"<th>{esc(p2)}</th></tr>{rows}</table>"
        )


def _tidy(x: float, digits: int) -> float:
    value = round(x, digits)
    return 0.0 if value == 0 else value


def spe_payoff_set(
    game: Game,
    discount: float,
    *,
    tol: float = 1e-9,
    max_iter: int | None = None,
    strict: bool = False,
) -> SPEPayoffSet:
    """Subgame-perfect equilibrium payoffs of the repeated game (see the module docstring).

    Parameters
    ----------
    game
        A two-player stage game.
    discount
        Common discount factor, ``0 < discount < 1``.
    tol
        Target accuracy relative to the payoff range (Hausdorff distance).
    max_iter
        Iteration budget; by default ``50 + 3 log(tol) / log(discount)``.
    strict
        Raise :class:`~negotiation.errors.SolverError` instead of returning an
        unconverged outer approximation.

    Returns
    -------
    SPEPayoffSet

    Examples
    --------
    The prisoner's dilemma of QuantEcon's ``RepeatedGame`` documentation
    (Abreu & Sannikov 2014, section 6) at δ = 0.9:

    >>> pd = Game.from_matrices([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> result = spe_payoff_set(pd, 0.9)
    >>> result.kind, result.converged, result.rounded()
    ('polygon', True, [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]])

    At a low δ only the repeated stage equilibrium survives:

    >>> spe_payoff_set(Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]]), 0.2).vertices
    ((1.0, 1.0),)
    """
    if not isinstance(game, Game) or game.n_players != 2:
        raise GameError("the SPE payoff set is computed for two-player games")
    require_float_range(game, "spe")
    delta = float(discount)
    if not 0.0 < delta < 1.0:
        raise GameError(f"the discount factor must lie strictly between 0 and 1, got {discount}")
    if not tol > 0:
        raise GameError(f"tol must be positive, got {tol}")
    a, b = (np.asarray(m, dtype=float) for m in game.matrices())
    scale = max(float(np.ptp(a)), float(np.ptp(b)), 1.0)
    abs_tol = tol * scale
    eps = 1e-12 * scale
    if max_iter is None:
        max_iter = 50 + math.ceil(3 * math.log(tol) / math.log(delta))
    # per profile: stage payoffs and each player's one-shot deviation gain
    gain_a = a.max(axis=0, keepdims=True) - a
    gain_b = b.max(axis=1, keepdims=True) - b
    factor = (1.0 - delta) / delta
    profiles = [
        (float(a[i, j]), float(b[i, j]), factor * float(gain_a[i, j]), factor * float(gain_b[i, j]))
        for i in range(a.shape[0])
        for j in range(a.shape[1])
    ]
    # start from the feasible payoffs that give each player at least its pure minmax
    # (a player can always secure it by best-responding each round, so V lies inside)
    current: list[Vertex] = geometry.hull({(p[0], p[1]) for p in profiles}, eps)
    current = geometry.clip(current, 0, float(a.max(axis=0).min()), eps)
    current = geometry.clip(current, 1, float(b.max(axis=1).min()), eps)
    iterations = 0
    error = math.inf
    converged = False
    if not current:
        converged, error = True, 0.0
    while current and not converged and iterations < max_iter:
        iterations += 1
        following = _aps_step(current, profiles, delta, eps)
        if not following:
            current, error, converged = [], 0.0, True
            break
        # the iterates are nested (B is monotone), so the Hausdorff distance is how far
        # the old vertices lie from the new set
        step = max(geometry.point_distance(v, following) for v in current)
        current = following
        error = step * delta / (1.0 - delta)
        if error <= abs_tol:
            converged = True
            break
    # tidy within the accuracy reached: snap to a decimal grid, drop near-collinear vertices
    vertices, grid = geometry.simplify(current, max(abs_tol, error if converged else abs_tol))
    error = error + grid
    result = SPEPayoffSet(
        (game.players[0], game.players[1]),
        delta,
        tuple((float(x), float(y)) for x, y in vertices),
        converged,
        iterations,
        float(error),
        abs_tol,
    )
    if strict and not converged:
        raise SolverError(
            f"the SPE payoff set did not converge in {iterations} iterations at δ = {delta} "
            f"(estimated error {format_number(error, digits=3)} > {format_number(abs_tol, digits=3)}); "
            "raise max_iter or tol"
        )
    return result


Profile = tuple[float, float, float, float]


def _aps_step(
    current: list[Vertex], profiles: list[Profile], delta: float, eps: float
) -> list[Vertex]:
    """One application of the APS operator ``B`` to a convex polygon (see the module doc).

    ``profiles`` holds, per action profile, its payoffs and the players' one-shot
    deviation gains already scaled by ``(1 - δ)/δ``.
    """
    keep = 1.0 - delta
    low_x = min(v[0] for v in current)
    low_y = min(v[1] for v in current)
    points: set[Vertex] = set()
    for ux, uy, gx, gy in profiles:
        region = current
        if gx > 0:
            region = geometry.clip(region, 0, low_x + gx, eps)
        if gy > 0 and region:
            region = geometry.clip(region, 1, low_y + gy, eps)
        for wx, wy in region:
            points.add((keep * ux + delta * wx, keep * uy + delta * wy))
    return geometry.hull(points, eps)


def aps_operator(game: Game, discount: float, vertices: list[Vertex]) -> list[Vertex]:
    """``B(W)`` for the convex set with these vertices: the payoffs it *generates*.

    A set ``W`` with ``W ⊆ B(W)`` is self-generating and hence made of SPE payoffs (APS
    1990); the SPE set ``V`` satisfies ``B(V) = V``.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> aps_operator(pd, 0.2, [(1.0, 1.0)])
    [(1.0, 1.0)]
    """
    a, b = (np.asarray(m, dtype=float) for m in game.matrices())
    factor = (1.0 - discount) / discount
    gain_a = a.max(axis=0, keepdims=True) - a
    gain_b = b.max(axis=1, keepdims=True) - b
    profiles = [
        (float(a[i, j]), float(b[i, j]), factor * float(gain_a[i, j]), factor * float(gain_b[i, j]))
        for i in range(a.shape[0])
        for j in range(a.shape[1])
    ]
    scale = max(float(np.ptp(a)), float(np.ptp(b)), 1.0)
    if not vertices:
        return []
    return _aps_step([(float(x), float(y)) for x, y in vertices], profiles, discount, 1e-12 * scale)
