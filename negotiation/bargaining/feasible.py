"""The feasible set of a two-player game with public randomisation, and its Pareto frontier.

When the two sides can agree on a lottery over outcomes (a public coin decides which
cell of the game is played; in practice: a phased deal, alternating concessions, a
split of quotas), every *convex combination* of the game's payoff cells is a feasible
deal. The feasible set is therefore the convex hull of the payoff points, a convex
polygon (Nash 1950; Osborne & Rubinstein 1994, *A Course in Game Theory*, ch. 3 on
correlation devices). Its upper-right boundary — the deals no other deal improves for
both sides — is the **Pareto frontier**, piecewise linear with one segment per pair of
adjacent hull vertices. Every bargaining solution in :mod:`negotiation.bargaining`
lands on that frontier.

Everything here is exact: payoffs are :class:`fractions.Fraction` and the hull is built
with Andrew's monotone chain (Andrew 1979, *Inf. Process. Lett.* 9(5)), which needs only
sign tests of cross products.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.geometry import ExactPoint, convex_hull, cross, pareto_frontier
from negotiation.numbers import format_number

__all__ = ["FeasibleSet", "Point", "convex_hull", "feasible_set", "pareto_frontier"]

#: a payoff pair, exact
Point = ExactPoint


@dataclass(frozen=True)
class FeasibleSet:
    """The deals two players can reach with public randomisation over a game's outcomes.

    Attributes
    ----------
    players
        The two players' names.
    vertices
        The polygon (convex hull of the payoff cells), counter-clockwise, exact.
    frontier
        Vertices of the Pareto frontier, player 1's payoff increasing.
    cells
        For each payoff point, the pure profiles (move names) that produce it — so a
        point on the frontier can be read back as a lottery over concrete outcomes.
    """

    players: tuple[str, str]
    vertices: tuple[Point, ...]
    frontier: tuple[Point, ...]
    cells: Mapping[Point, tuple[tuple[str, ...], ...]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ geometry
    @property
    def segments(self) -> list[tuple[Point, Point]]:
        """The frontier's segments ``(P, Q)``, player 1's payoff increasing."""
        return list(zip(self.frontier[:-1], self.frontier[1:], strict=True))

    def contains(self, point: Sequence[Any]) -> bool:
        """Whether a payoff pair is a feasible deal (inside or on the polygon).

        >>> fs = feasible_set([(0, 0), (1, 0), (0, 1)])
        >>> fs.contains((Fraction(1, 2), Fraction(1, 2))), fs.contains((1, 1))
        (True, False)
        """
        p = (to_fraction(point[0]), to_fraction(point[1]))
        v = self.vertices
        if len(v) == 1:
            return p == v[0]
        if len(v) == 2:
            a, b = v
            if cross(a, b, p) != 0:
                return False
            return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(
                a[1], b[1]
            )
        return all(cross(v[k], v[(k + 1) % len(v)], p) >= 0 for k in range(len(v)))

    def frontier_value(self, u1: Any) -> Fraction | None:
        """Player 2's best payoff among feasible deals giving player 1 at least ``u1``.

        ``None`` when no feasible deal gives player 1 that much.
        """
        x = to_fraction(u1)
        f = self.frontier
        if x > f[-1][0]:
            return None
        if x <= f[0][0]:
            return f[0][1]
        for p, q in self.segments:
            if p[0] <= x <= q[0]:
                return p[1] + (x - p[0]) * (q[1] - p[1]) / (q[0] - p[0])
        return f[-1][1]  # pragma: no cover - guarded above

    def frontier_inverse(self, u2: Any) -> Fraction | None:
        """Player 1's best payoff among feasible deals giving player 2 at least ``u2``."""
        y = to_fraction(u2)
        f = self.frontier
        if y > f[0][1]:
            return None
        if y <= f[-1][1]:
            return f[-1][0]
        for p, q in self.segments:
            if q[1] <= y <= p[1]:
                return p[0] + (y - p[1]) * (q[0] - p[0]) / (q[1] - p[1])
        return f[0][0]  # pragma: no cover - guarded above

    def lottery(self, point: Sequence[Any]) -> dict[tuple[str, ...], Fraction]:
        """A lottery over pure outcomes whose expected payoffs are a frontier ``point``.

        Returns ``{profile: probability}``, using the two cells at the ends of the
        frontier segment the point lies on (one cell for a vertex). Empty when the
        point is not on the frontier or the cells are unknown.
        """
        p = (to_fraction(point[0]), to_fraction(point[1]))
        if p in self.cells:
            return {self.cells[p][0]: Fraction(1)}
        for a, b in self.segments:
            if a[0] < p[0] < b[0] and cross(a, b, p) == 0 and a in self.cells and b in self.cells:
                w = (b[0] - p[0]) / (b[0] - a[0])
                return {self.cells[a][0]: w, self.cells[b][0]: 1 - w}
        return {}

    # -------------------------------------------------------------------- output
    def to_dict(self) -> dict[str, Any]:
        """Plot-ready data: polygon and frontier as lists of ``[u1, u2]`` floats."""
        return {
            "players": list(self.players),
            "polygon": [[float(a), float(b)] for a, b in self.vertices],
            "frontier": [[float(a), float(b)] for a, b in self.frontier],
            "frontier_cells": [[list(c) for c in self.cells.get(p, ())] for p in self.frontier],
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{format_number(a)}</td><td>{format_number(b)}</td>"
            f"<td>{esc('; '.join(' / '.join(c) for c in self.cells.get((a, b), ())))}</td></tr>"
            for a, b in self.frontier
        )
        return (
            "<table><caption>Pareto frontier of the feasible deals</caption>"
            f"<thead><tr><th>{esc(self.players[0])}</th><th>{esc(self.players[1])}</th>"
            f"<th>outcome</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def feasible_set(
    source: Game | Iterable[Sequence[Any]], *, players: Sequence[str] = ("1", "2")
) -> FeasibleSet:
    """The feasible deals of a two-player game (or of a list of payoff pairs).

    Parameters
    ----------
    source
        A two-player :class:`~negotiation.game.Game` (its cells' exact payoffs are used),
        or payoff pairs ``(u1, u2)``.
    players
        Names when ``source`` is a list of points.

    Examples
    --------
    The prisoner's dilemma (Axelrod 1984): mutual cooperation (3, 3) is on the frontier,
    mutual defection (1, 1) is not.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> fs = feasible_set(pd)
    >>> [(str(a), str(b)) for a, b in fs.frontier]
    [('0', '5'), ('3', '3'), ('5', '0')]
    >>> fs.cells[(Fraction(3), Fraction(3))]
    (('C', 'C'),)
    """
    cells: dict[Point, list[tuple[str, ...]]] = {}
    if isinstance(source, Game):
        if source.n_players != 2:
            raise GameError(
                f"bargaining needs a two-player game; this one has {source.n_players} players"
            )
        names: tuple[str, str] = (source.players[0], source.players[1])
        for index in source.profiles():
            p = (source.exact[(0, *index)], source.exact[(1, *index)])
            cells.setdefault(p, []).append(source.profile_names(index))
        points: list[Point] = list(cells)
    else:
        points = [(to_fraction(p[0]), to_fraction(p[1])) for p in source]
        if len(players) != 2:
            raise GameError("name two players")
        names = (str(players[0]), str(players[1]))
    if not points:
        raise GameError("the feasible set needs at least one payoff point")
    hull = convex_hull(points)
    return FeasibleSet(
        players=names,
        vertices=tuple(hull),
        frontier=tuple(pareto_frontier(hull)),
        cells={p: tuple(c) for p, c in cells.items()},
    )


def per_player(players: Sequence[str], values: Sequence[Any], cast: Any = float) -> dict[str, Any]:
    """``{player: cast(value)}`` for one value per player (JSON output of the results).

    >>> per_player(("US", "China"), (Fraction(1, 2), 2))
    {'US': 0.5, 'China': 2.0}
    """
    return {p: cast(v) for p, v in zip(players, values, strict=True)}


def lottery_to_list(lottery: Mapping[tuple[str, ...], Any]) -> list[dict[str, Any]]:
    """A lottery over outcomes as JSON: ``[{"profile": [...], "probability": p}, ...]``."""
    return [
        {"profile": list(profile), "probability": float(prob)} for profile, prob in lottery.items()
    ]
