"""Two-level games: win-sets and the Schelling conjecture (Putnam 1988).

Putnam (1988, "Diplomacy and domestic politics: the logic of two-level games",
*Int. Organization* 42) calls a side's **win-set** the deals its domestic constituency
would ratify. Here a win-set is a minimum acceptable payoff ``m_i`` (a ratification
floor): side ``i`` can sign only deals with ``u_i ≥ m_i``. A deal exists only if the
win-sets overlap — some feasible deal meets both floors.

Where they overlap the negotiators still bargain, now over the overlap: the asymmetric
Nash solution subject to the floors. A floor that binds moves the deal to the floor, so
the side with the *smaller* win-set gets more — Schelling's (1960, *The Strategy of
Conflict*, ch. 2) "power of a tied hand", which Putnam calls the Schelling conjecture —
until the floors no longer overlap and there is no deal at all.

Floors can be given directly or as **ratification thresholds** ``θ_i ∈ [0, 1]``: the
fraction of its best conceivable gain over the disagreement point that side ``i``'s
ratifiers demand, ``m_i = d_i + θ_i (best_i − d_i)``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.bargaining.feasible import FeasibleSet, Point, feasible_set, per_player
from negotiation.bargaining.nash import NashBargainingSolution, nash_bargaining
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.numbers import format_html, format_numbers

__all__ = ["WinSetAnalysis", "ratification_floor", "win_sets"]


def ratification_floor(
    source: Game | FeasibleSet, disagreement: Sequence[Any], thresholds: Sequence[Any]
) -> Point:
    """Minimum acceptable payoffs from ratification thresholds ``θ_i ∈ [0, 1]``.

    ``m_i = d_i + θ_i (best_i - d_i)`` where ``best_i`` is side ``i``'s best payoff
    among deals that give the other side at least its disagreement payoff.

    >>> pie = feasible_set([(1, 0), (0, 1), (0, 0)])
    >>> ratification_floor(pie, (0, 0), ("0.5", 0))
    (Fraction(1, 2), Fraction(0, 1))
    """
    fs = source if isinstance(source, FeasibleSet) else feasible_set(source)
    d = (to_fraction(disagreement[0]), to_fraction(disagreement[1]))
    theta = [to_fraction(t) for t in thresholds]
    if any(not 0 <= t <= 1 for t in theta):
        raise GameError("ratification thresholds are fractions in [0, 1]")
    best1 = fs.frontier_inverse(d[1])
    best2 = fs.frontier_value(d[0])
    if best1 is None or best2 is None or best1 < d[0] or best2 < d[1]:
        raise GameError("no feasible deal gives both sides their disagreement payoffs")
    return (d[0] + theta[0] * (best1 - d[0]), d[1] + theta[1] * (best2 - d[1]))


@dataclass(frozen=True)
class WinSetAnalysis:
    """Win-sets of the two sides and their effect on the Nash deal.

    Attributes
    ----------
    players
        The two players.
    floors
        Each side's minimum acceptable payoff ``m_i``.
    best
        Each side's best payoff among feasible deals acceptable to the other side's
        disagreement point; side ``i``'s win-set is the frontier deals with
        ``u_i ∈ [m_i, best_i]``.
    overlap
        Whether some feasible deal meets both floors.
    unconstrained
        The asymmetric Nash deal without domestic constraints.
    constrained
        The Nash deal within the overlap (``None`` if the win-sets do not overlap).
    """

    players: tuple[str, str]
    floors: Point
    best: Point
    overlap: bool
    unconstrained: NashBargainingSolution
    constrained: NashBargainingSolution | None

    @property
    def shift(self) -> tuple[Fraction, Fraction] | None:
        """Change in each side's payoff caused by the win-sets (``None`` if no deal)."""
        if self.constrained is None:
            return None
        c, u = self.constrained.payoffs, self.unconstrained.payoffs
        return (c[0] - u[0], c[1] - u[1])

    @property
    def binding(self) -> tuple[str, ...]:
        """Sides whose floor binds at the constrained deal (a 'tied hand' that pays)."""
        if self.constrained is None:
            return ()
        return tuple(
            p
            for i, p in enumerate(self.players)
            if self.constrained.payoffs[i] == self.floors[i]
            and self.unconstrained.payoffs[i] < self.floors[i]
        )

    def to_dict(self) -> dict[str, Any]:
        p = self.players
        shift = self.shift
        return {
            "floors": per_player(p, self.floors),
            "win_sets": {
                p[i]: {"min_payoff": float(self.floors[i]), "max_payoff": float(self.best[i])}
                for i in range(2)
            },
            "overlap": self.overlap,
            "unconstrained": self.unconstrained.to_dict()["payoffs"],
            "constrained": None
            if self.constrained is None
            else self.constrained.to_dict()["payoffs"],
            "shift": None if shift is None else per_player(p, shift),
            "binding": list(self.binding),
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        # one style for the whole table (negotiation.numbers): never ≈ -1.1 beside 119/74
        n = len(self.players)
        values = [*self.floors, *self.unconstrained.payoffs]
        if self.constrained is not None:
            values += list(self.constrained.payoffs)
        texts = [
            format_html(v, text=t) for v, t in zip(values, format_numbers(values), strict=True)
        ]
        rows = "".join(
            f"<tr><th>{esc(name)}</th><td>{texts[i]}</td><td>{texts[n + i]}</td><td>"
            + ("no deal" if self.constrained is None else texts[2 * n + i])
            + "</td></tr>"
            for i, name in enumerate(self.players)
        )
        return (
            f"<table><caption>Win-sets ({'overlap' if self.overlap else 'no overlap'})"
            "</caption><thead><tr><th>side</th><th>minimum acceptable</th>"
            "<th>deal without constraints</th><th>deal within win-sets</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def win_sets(
    source: Game | FeasibleSet,
    disagreement: Sequence[Any],
    power: Any = Fraction(1, 2),
    *,
    floors: Sequence[Any] | Mapping[str, Any] | None = None,
    thresholds: Sequence[Any] | Mapping[str, Any] | None = None,
) -> WinSetAnalysis:
    """Putnam win-sets: do the sides' acceptable deals overlap, and where is the deal?

    Parameters
    ----------
    source
        A two-player game or its feasible set.
    disagreement
        The disagreement point.
    power
        Player 1's bargaining power ``α``.
    floors
        Minimum acceptable payoffs ``(m1, m2)`` (or ``{player: m}``; missing players
        default to their disagreement payoff).
    thresholds
        Alternatively, ratification thresholds ``θ_i ∈ [0, 1]`` (see
        :func:`ratification_floor`).

    Examples
    --------
    A unit surplus split evenly (d = 0) gives 1/2 each; if player 1's legislature will
    ratify nothing under 0.6, the deal moves to (0.6, 0.4) — the tied hand pays:

    >>> pie = feasible_set([(1, 0), (0, 1), (0, 0)], players=("A", "B"))
    >>> w = win_sets(pie, (0, 0), floors={"A": "0.6"})
    >>> w.overlap, w.constrained.payoffs, w.binding
    (True, (Fraction(3, 5), Fraction(2, 5)), ('A',))
    """
    fs = source if isinstance(source, FeasibleSet) else feasible_set(source)
    d = (to_fraction(disagreement[0]), to_fraction(disagreement[1]))
    if (floors is None) == (thresholds is None):
        raise GameError("give either floors or ratification thresholds")
    if thresholds is not None:
        th = _pair(thresholds, fs.players, Fraction(0))
        m = ratification_floor(fs, d, th)
    else:
        assert floors is not None
        f = _pair(floors, fs.players, None)
        m = (
            d[0] if f[0] is None else to_fraction(f[0]),
            d[1] if f[1] is None else to_fraction(f[1]),
        )
    unconstrained = nash_bargaining(fs, d, power)
    best1 = fs.frontier_inverse(max(d[1], m[1]))
    best2 = fs.frontier_value(max(d[0], m[0]))
    overlap = (
        best1 is not None
        and best2 is not None
        and best1 >= max(d[0], m[0])
        and best2 >= max(d[1], m[1])
    )
    constrained = nash_bargaining(fs, d, power, floor=m) if overlap else None
    b1 = fs.frontier_inverse(d[1])
    b2 = fs.frontier_value(d[0])
    return WinSetAnalysis(
        players=fs.players,
        floors=m,
        best=(b1 if b1 is not None else d[0], b2 if b2 is not None else d[1]),
        overlap=overlap,
        unconstrained=unconstrained,
        constrained=constrained,
    )


def _pair(
    value: Sequence[Any] | Mapping[str, Any], players: Sequence[str], default: Any
) -> tuple[Any, Any]:
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in players]
        if unknown:
            raise GameError(
                f"unknown player {unknown[0]!r} in win-set; players are {', '.join(players)}"
            )
        return (value.get(players[0], default), value.get(players[1], default))
    if len(value) != 2:
        raise GameError("give one value per player (two)")
    return (value[0], value[1])
