"""Labelled results of the tree solvers.

A :class:`TreeEquilibrium` is one behaviour profile (each information set's exact action
probabilities), its exact payoffs and the path of play; a :class:`TreeSolution` is what
a tree solver returns. ``to_dict()`` gives the ``solve --json`` shape for trees:
``{"game", "players", "method", "equilibria": [{"behaviour": {player: {infoset:
{action: p}}}, "payoffs": {player: v}, "path": [...]}], ...}``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.extensive.play import node_values, reach_probabilities
from negotiation.numbers import exact_text, format_number, format_probabilities
from negotiation.solvers.result import EquilibriumList
from negotiation.tree import Tree

__all__ = ["PathStep", "TreeEquilibrium", "TreeSolution"]


@dataclass(frozen=True)
class PathStep:
    """A move played with positive probability at a node reached with positive probability."""

    node: str
    player: str
    move: str
    probability: Fraction
    reach: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "player": self.player,
            "move": self.move,
            "probability": str(self.probability),
            "reach": str(self.reach),
        }

    def __str__(self) -> str:
        p = "" if self.probability == 1 else f" ({format_probabilities([self.probability])[0]})"
        return f"{self.player}: {self.move}{p}"


@dataclass(frozen=True)
class TreeEquilibrium:
    """One behaviour profile of a tree with its exact payoffs and path.

    Attributes
    ----------
    players
        The tree's players, in order.
    behaviour
        ``player -> infoset -> action -> exact probability`` (every infoset of the player).
    payoffs
        Each player's exact expected payoff.
    path
        The moves played with positive probability on the way through the tree.
    plans
        For solutions through the strategic form: ``player -> plan -> probability``.
    """

    players: tuple[str, ...]
    behaviour: Mapping[str, Mapping[str, Mapping[str, Fraction]]]
    payoffs: tuple[Fraction, ...]
    path: tuple[PathStep, ...]
    plans: Mapping[str, Mapping[str, Fraction]] = field(default_factory=dict)
    plays: tuple[tuple[tuple[str, ...], Fraction], ...] = ()
    beliefs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_behaviour(
        cls,
        tree: Tree,
        behaviour: Mapping[str, Sequence[Fraction]],
        *,
        omit: frozenset[str] = frozenset(),
        **extra: Any,
    ) -> TreeEquilibrium:
        """Label ``behaviour``; ``omit`` names infosets whose moves the equilibrium leaves open."""
        values = node_values(tree, behaviour)
        reach = reach_probabilities(tree, behaviour)
        path = []
        for i in tree.subtree(0):
            node = tree.nodes[i]
            if i not in reach or node.is_leaf:
                continue
            probs = node.probabilities if node.is_chance else behaviour[node.infoset]
            for a, p in zip(node.actions, probs, strict=True):
                if p:
                    path.append(PathStep(node.name, node.player, a, Fraction(p), reach[i]))
        labelled = {
            player: {
                h: dict(zip(tree.actions_at(h), (Fraction(p) for p in behaviour[h]), strict=True))
                for h in tree.infosets_of(player)
                if h in behaviour and h not in omit
            }
            for player in tree.players
        }
        return cls(
            tree.players, labelled, values[0], tuple(path), plays=_plays(tree, behaviour), **extra
        )

    @property
    def is_pure(self) -> bool:
        return all(
            sum(1 for p in probs.values() if p) == 1
            for sets in self.behaviour.values()
            for probs in sets.values()
        )

    def choice(self, infoset: str) -> str:
        """The action played at ``infoset`` (the likeliest one when mixed)."""
        for sets in self.behaviour.values():
            if infoset in sets:
                return max(sets[infoset].items(), key=lambda kv: kv[1])[0]
        raise KeyError(infoset)

    def key(self) -> tuple[Any, ...]:
        return tuple(
            (h, tuple(probs.values()))
            for sets in self.behaviour.values()
            for h, probs in sets.items()
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "behaviour": {
                p: {h: {a: float(q) for a, q in probs.items()} for h, probs in sets.items()}
                for p, sets in self.behaviour.items()
            },
            "payoffs": {p: float(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "path": [s.to_dict() for s in self.path],
            "exact": {
                "behaviour": {
                    p: {h: {a: str(q) for a, q in probs.items()} for h, probs in sets.items()}
                    for p, sets in self.behaviour.items()
                },
                "payoffs": {
                    p: exact_text(v) for p, v in zip(self.players, self.payoffs, strict=True)
                },
            },
        }
        if self.plans:
            data["strategies"] = {
                p: {plan: float(q) for plan, q in plans.items()} for p, plans in self.plans.items()
            }
        if self.beliefs:
            data["beliefs"] = {h: dict(b) for h, b in self.beliefs.items()}
        if self.notes:
            data["notes"] = list(self.notes)
        data.update(self.extra)
        return data

    def describe_plan(self, player: str) -> str:
        """``"respond: accommodate; later: fight"`` — the player's full plan."""
        parts = []
        for h, probs in self.behaviour[player].items():
            support = [(a, q) for a, q in probs.items() if q]
            text = (
                support[0][0]
                if len(support) == 1
                else " + ".join(
                    f"{t} {a}"
                    for (a, _), t in zip(
                        support, format_probabilities(q for _, q in support), strict=True
                    )
                )
            )
            parts.append(f"{h}: {text}")
        return "; ".join(parts) or "(no move)"

    def describe_path(self, limit: int = 6) -> str:
        """Each play through the tree (with its probability when chance or mixing splits it)."""
        if not self.plays:
            return " → ".join(str(s) for s in self.path) or "(no move)"
        texts = []
        for moves, p in self.plays[:limit]:
            text = " → ".join(moves) or "(no move)"
            texts.append(text if p == 1 else f"{text} [{format_probabilities([p])[0]}]")
        if len(self.plays) > limit:
            texts.append(f"… {len(self.plays) - limit} more plays")
        return "; ".join(texts)

    def __str__(self) -> str:
        path = self.describe_path()
        pay = ", ".join(format_number(v) for v in self.payoffs)
        plans = " | ".join(f"{p}: {self.describe_plan(p)}" for p in self.players)
        text = f"path {path} -> payoffs {pay}\n     plans {plans}"
        return text + "".join(f"\n     {n}" for n in self.notes)

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(p)}</th><td>{esc(self.describe_plan(p))}</td>"
            f"<td>{esc(format_number(v))}</td></tr>"
            for p, v in zip(self.players, self.payoffs, strict=True)
        )
        path = esc(self.describe_path())
        return f"<p>path: {path}</p><table><tr><th>player</th><th>plan</th><th>payoff</th></tr>{rows}</table>"


def _plays(
    tree: Tree, behaviour: Mapping[str, Sequence[Fraction]], limit: int = 64
) -> tuple[tuple[tuple[str, ...], Fraction], ...]:
    """The plays from the root to a leaf that happen with positive probability (at most ``limit``)."""
    out: list[tuple[tuple[str, ...], Fraction]] = []
    stack: list[tuple[int, tuple[str, ...], Fraction]] = [(0, (), Fraction(1))]
    while stack and len(out) < limit:
        i, moves, p = stack.pop()
        node = tree.nodes[i]
        if node.is_leaf:
            out.append((moves, p))
            continue
        probs = node.probabilities if node.is_chance else behaviour[node.infoset]
        who = "chance" if node.is_chance else node.player
        for a, q, c in reversed(list(zip(node.actions, probs, node.children, strict=True))):
            if q:
                shown = format_probabilities([q])[0]
                step = f"{who}: {a}" if q == 1 else f"{who}: {a} ({shown})"
                stack.append((c, (*moves, step), p * Fraction(q)))
    return tuple(out)


@dataclass(frozen=True)
class TreeSolution(EquilibriumList[TreeEquilibrium]):
    """Equilibria of a tree found by one method, each verified exactly.

    ``complete`` says whether the method lists every equilibrium of its kind;
    ``verified`` what was checked (``"subgame perfect"``, ``"Nash"``…).
    """

    tree: Tree
    method: str
    equilibria: tuple[TreeEquilibrium, ...]
    complete: bool = True
    verified: str = "Nash"
    notes: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def payoff_set(self) -> set[tuple[Fraction, ...]]:
        return {e.payoffs for e in self.equilibria}

    def to_dict(self) -> dict[str, Any]:
        t = self.tree
        data: dict[str, Any] = {
            "game": t.title,
            "players": list(t.players),
            "kind": "tree",
            "infosets": {
                p: {h: list(t.actions_at(h)) for h in t.infosets_of(p)} for p in t.players
            },
            "method": self.method,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "exact": True,
            "verified": self.verified,
            "complete": self.complete,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        if self.details:
            data["details"] = self.details
        return data

    def __str__(self) -> str:
        n = len(self.equilibria)
        lines = [
            f"{self.tree.title or 'game tree'} — {n} {self.method} equilibri{'um' if n == 1 else 'a'}"
            f" (exact, each checked: {self.verified}{'' if self.complete else '; possibly incomplete'})"
        ]
        lines += [f"  {k + 1}. {e}" for k, e in enumerate(self.equilibria)]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        items = "".join(f"<li>{e._repr_html_()}</li>" for e in self.equilibria)
        notes = "".join(f"<p><i>{esc(n)}</i></p>" for n in self.notes)
        return f"<p><b>{esc(self.tree.title or 'game tree')}</b> — {esc(self.method)}</p><ol>{items}</ol>{notes}"
