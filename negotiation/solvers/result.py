"""Labelled results of the equilibrium solvers.

An :class:`Equilibrium` is one strategy profile with exact probabilities and payoffs;
an :class:`EquilibriumSet` is what a Nash solver returns: the game, the method, the
equilibria and (for the exact enumeration) the convex components they form. Both carry
the player and move names so nothing needs to be looked up afterwards.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Generic, TypeVar

from negotiation.game import Game
from negotiation.numbers import (
    exact_text,
    format_html_numbers,
    format_number,
    format_probabilities,
)
from negotiation.solvers.scaling import as_json_float
from negotiation.solvers.verify import expected_payoffs

__all__ = [
    "Equilibrium",
    "EquilibriumSet",
    "NashSubset",
    "describe_strategy",
    "format_probability",
]


def format_probability(p: Fraction) -> str:
    """Exact text for a probability: ``1``, ``0``, ``1/3``, ``1/4``.

    >>> format_probability(Fraction(1, 3)), format_probability(Fraction(1)), format_probability(0.25)
    ('1/3', '1', '1/4')
    """
    return str(Fraction(p))


def describe_strategy(moves: Sequence[str], strategy: Sequence[Any]) -> str:
    """``"1/3 hold + 2/3 tariff"``, or the move name of a pure strategy.

    >>> describe_strategy(("hold", "tariff"), (Fraction(1, 3), Fraction(2, 3)))
    '1/3 hold + 2/3 tariff'
    """
    parts = [(m, Fraction(q)) for m, q in zip(moves, strategy, strict=True) if q]
    if len(parts) == 1:
        return parts[0][0]
    texts = format_probabilities([q for _, q in parts])
    return " + ".join(f"{t} {m}" for (m, _), t in zip(parts, texts, strict=True))


@dataclass(frozen=True)
class Equilibrium:
    """One (possibly mixed) strategy profile with its exact payoffs.

    Attributes
    ----------
    players, moves
        Labels copied from the game.
    strategies
        For each player, a tuple of exact probabilities, one per move (they sum to 1).
    payoffs
        Each player's exact expected payoff.

    Examples
    --------
    >>> from negotiation.game import Game
    >>> g = Game.zero_sum([[1, -1], [-1, 1]])
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> eq = Equilibrium.from_strategies(g, (half, half))
    >>> eq.payoffs
    (Fraction(0, 1), Fraction(0, 1))
    >>> eq.to_dict()["strategies"]["Row"]
    {'r1': 0.5, 'r2': 0.5}
    >>> print(eq)
    Row: 1/2 r1 + 1/2 r2; Column: 1/2 c1 + 1/2 c2 -> payoffs 0, 0
    """

    players: tuple[str, ...]
    moves: tuple[tuple[str, ...], ...]
    strategies: tuple[tuple[Fraction, ...], ...]
    payoffs: tuple[Fraction, ...]

    @classmethod
    def from_strategies(cls, game: Game, strategies: Sequence[Sequence[Any]]) -> Equilibrium:
        """Build from exact probability vectors; payoffs are computed exactly."""
        probs = tuple(tuple(Fraction(p) for p in s) for s in strategies)
        return cls(game.players, game.moves, probs, expected_payoffs(game, probs))

    @property
    def floats(self) -> tuple[tuple[float, ...], ...]:
        """The probabilities as floats."""
        return tuple(tuple(float(p) for p in s) for s in self.strategies)

    @property
    def payoffs_float(self) -> tuple[float, ...]:
        return tuple(float(v) for v in self.payoffs)

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for p in s if p) == 1 for s in self.strategies)

    def support(self, player: int) -> tuple[str, ...]:
        """Names of the moves ``player`` plays with positive probability."""
        return tuple(
            m for m, p in zip(self.moves[player], self.strategies[player], strict=True) if p
        )

    def key(self) -> tuple[tuple[Fraction, ...], ...]:
        """A hashable identity (the exact strategies)."""
        return self.strategies

    def to_dict(self) -> dict[str, Any]:
        """``{"strategies": {player: {move: p}}, "payoffs": {player: v}, "exact": ...}``.

        Probabilities and payoffs are floats; ``exact`` repeats them as exact strings.
        """
        return {
            "strategies": {
                p: {m: float(q) for m, q in zip(ms, s, strict=True)}
                for p, ms, s in zip(self.players, self.moves, self.strategies, strict=True)
            },
            "payoffs": {
                p: as_json_float(v) for p, v in zip(self.players, self.payoffs, strict=True)
            },
            "exact": {
                "strategies": {
                    p: {m: format_probability(q) for m, q in zip(ms, s, strict=True)}
                    for p, ms, s in zip(self.players, self.moves, self.strategies, strict=True)
                },
                "payoffs": {
                    p: exact_text(v) for p, v in zip(self.players, self.payoffs, strict=True)
                },
            },
        }

    def describe(self, player: int) -> str:
        """``"1/3 hold + 2/3 tariff"`` or the single move name when pure."""
        return describe_strategy(self.moves[player], self.strategies[player])

    def __str__(self) -> str:
        moves = "; ".join(f"{p}: {self.describe(i)}" for i, p in enumerate(self.players))
        pay = ", ".join(format_number(v) for v in self.payoffs)
        return f"{moves} -> payoffs {pay}"

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = []
        for i, p in enumerate(self.players):
            probs = format_html_numbers(Fraction(q) for q in self.strategies[i])
            cells = "".join(
                f"<td>{esc(m)}: {t}</td>" for m, t in zip(self.moves[i], probs, strict=True)
            )
            rows.append(
                f"<tr><th>{esc(p)}</th>{cells}<td><b>{esc(format_number(self.payoffs[i]))}</b></td></tr>"
            )
        return (
            "<table><tr><th>player</th><th colspan='99'>strategy, payoff</th></tr>"
            + "".join(rows)
            + "</table>"
        )


@dataclass(frozen=True)
class NashSubset:
    """A maximal Nash subset: every pairing of its extreme strategies is an equilibrium.

    In a two-player game the equilibria form finitely many such convex sets (products of
    faces of the best-response polytopes); their union is the set of all equilibria
    (Avis, Rosenberg, Savani and von Stengel 2010, "Enumeration of Nash equilibria for
    two-player games", *Economic Theory* 42, §4). ``strategies[i]`` lists the extreme
    mixed strategies of player ``i`` (each a tuple of exact probabilities) and
    ``equilibria`` the indices of the extreme equilibria it contains.
    """

    strategies: tuple[tuple[tuple[Fraction, ...], ...], ...]
    equilibria: tuple[int, ...]

    @property
    def is_singleton(self) -> bool:
        return all(len(s) == 1 for s in self.strategies)

    def describe(self, game: Game) -> str:
        """One line: each player's strategy, or the extreme strategies it may mix."""
        parts = []
        for player, moves, extremes in zip(game.players, game.moves, self.strategies, strict=True):
            texts = [describe_strategy(moves, s) for s in extremes]
            if len(texts) == 1:
                parts.append(f"{player}: {texts[0]}")
            else:
                parts.append(f"{player}: any mix of {' and '.join(f'[{t}]' for t in texts)}")
        return " | ".join(parts)

    def to_dict(self, players: Sequence[str], moves: Sequence[Sequence[str]]) -> dict[str, Any]:
        return {
            "equilibria": list(self.equilibria),
            "extreme_strategies": {
                p: [{m: format_probability(q) for m, q in zip(ms, s, strict=True)} for s in sset]
                for p, ms, sset in zip(players, moves, self.strategies, strict=True)
            },
        }


#: the kind of equilibrium a result lists
E = TypeVar("E")


class EquilibriumList(Generic[E]):
    """A result that lists equilibria: ``len(result)``, ``for e in result``, ``result[k]``.

    Shared by :class:`EquilibriumSet` (normal form) and
    :class:`negotiation.extensive.result.TreeSolution` (trees).
    """

    equilibria: tuple[E, ...]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[E]:
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> E:
        return self.equilibria[index]


@dataclass(frozen=True)
class EquilibriumSet(EquilibriumList[Equilibrium]):
    """Equilibria of a game found by one method, with labels and provenance.

    Attributes
    ----------
    game
        The game solved.
    method
        ``"pure"``, ``"all"`` (exact enumeration of extreme equilibria), ``"lemke-howson"``, ...
    equilibria
        The equilibria, each re-verified exactly before being returned.
    components
        Maximal Nash subsets (enumeration only; empty otherwise).
    connected
        Groups of indices into ``components`` that intersect: the connected components
        of the set of equilibria.
    exact
        True when all numbers are exact rationals.
    complete
        True when the method finds every equilibrium of its kind (all pure equilibria,
        all extreme equilibria); False for methods that find some (Lemke–Howson).
    notes
        Remarks for the reader (degeneracy, tie-breaking, warnings).
    details
        Method-specific extras (e.g. Lemke–Howson: which label reaches which equilibrium).
    """

    game: Game
    method: str
    equilibria: tuple[Equilibrium, ...]
    components: tuple[NashSubset, ...] = ()
    connected: tuple[tuple[int, ...], ...] = ()
    exact: bool = True
    complete: bool = True
    notes: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def strategy_set(self) -> set[tuple[tuple[Fraction, ...], ...]]:
        """The equilibria as a set of exact strategy tuples (for comparisons)."""
        return {e.key() for e in self.equilibria}

    def to_dict(self) -> dict[str, Any]:
        """The ``solve --json`` shape: game, players, moves, equilibria, and extras."""
        g = self.game
        data: dict[str, Any] = {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": self.method,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "exact": self.exact,
            "verified": True,
            "complete": self.complete,
        }
        if self.components:
            data["components"] = [c.to_dict(g.players, g.moves) for c in self.components]
            data["connected_components"] = [list(c) for c in self.connected]
        if self.notes:
            data["notes"] = list(self.notes)
        if self.details:
            data["details"] = self.details
        return data

    def __str__(self) -> str:
        lines = [
            f"{len(self.equilibria)} equilibri{'um' if len(self.equilibria) == 1 else 'a'} ({self.method})"
        ]
        lines += [f"  {k + 1}. {e}" for k, e in enumerate(self.equilibria)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        g = self.game
        head = "".join(f"<th>{esc(p)}</th>" for p in g.players)
        pay = "".join(f"<th>payoff {esc(p)}</th>" for p in g.players)
        body = "".join(
            f"<tr><td>{k + 1}</td>"
            + "".join(f"<td>{esc(e.describe(i))}</td>" for i in range(g.n_players))
            + "".join(f"<td>{esc(format_number(v))}</td>" for v in e.payoffs)
            + "</tr>"
            for k, e in enumerate(self.equilibria)
        )
        caption = f"<caption>{esc(g.title or 'equilibria')} — {esc(self.method)}</caption>"
        table = f"<table>{caption}<tr><th>#</th>{head}{pay}</tr>{body}</table>"
        if self.components and not all(c.is_singleton for c in self.components):
            items = "".join(
                f"<li>{esc(c.describe(g))} (equilibria "
                f"{', '.join(str(k + 1) for k in c.equilibria)})</li>"
                for c in self.components
            )
            table += f"<p>Components (maximal convex sets of equilibria):</p><ul>{items}</ul>"
        if self.notes:
            table += "".join(f"<p><i>{esc(n)}</i></p>" for n in self.notes)
        return table
