"""Credible and empty threats in a tree, and the value of moving first and of commitment.

A *threat* is a response held out against the other side's move: at a node where one
player answers another, a move that leaves the first mover worse off than the answer it
would like best. Carrying it out is *credible* when the move is a best reply there given
what follows — it is the threatener's choice in some subgame-perfect equilibrium — and
*empty* otherwise: the threatener would not carry it out once the moment came (Selten
1978; Schelling 1960, *The Strategy of Conflict*, ch. 2, separates threats that need
commitment from warnings of what one would do anyway). The *value of moving first* (or
of committing to a move) compares a player's subgame-perfect payoff when it leads with
its payoff when it follows and with the simultaneous game's equilibria (von Stackelberg
1934; Schelling 1960, ch. 5).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from itertools import permutations
from typing import Any

from negotiation.extensive.play import node_values
from negotiation.extensive.result import TreeSolution
from negotiation.extensive.spe import backward_induction
from negotiation.extensive.subgames import subgame_perfect
from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers import pure_equilibria
from negotiation.tree import Tree

__all__ = ["CommitmentReport", "Threat", "ThreatReport", "commitment_values", "threats"]


@dataclass(frozen=True)
class Threat:
    """One threat: ``player`` answering ``target`` with ``move`` at ``node``.

    ``cost`` is what carrying it out costs the threatener against its best answer there
    (0 when credible); ``harm`` what it costs the target against the answer it likes best.
    """

    node: str
    infoset: str
    player: str
    target: str
    move: str
    best_reply: str
    harm: Fraction
    cost: Fraction
    credible: bool
    on_path: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "infoset": self.infoset,
            "player": self.player,
            "target": self.target,
            "move": self.move,
            "best_reply": self.best_reply,
            "harm": float(self.harm),
            "cost": float(self.cost),
            "credible": self.credible,
            "on_path": self.on_path,
        }

    def __str__(self) -> str:
        if self.credible:
            return (
                f"{self.player}'s threat to {self.move} (at {self.infoset}) is credible: it is a "
                f"best reply there, and costs {self.target} {format_number(self.harm)}"
            )
        return (
            f"{self.player}'s threat to {self.move} (at {self.infoset}) is empty: carrying it "
            f"out would cost {self.player} {format_number(self.cost)} against {self.best_reply}"
        )


@dataclass(frozen=True)
class ThreatReport:
    """Every threat of a tree, judged against its subgame-perfect equilibria."""

    tree: Tree
    threats: tuple[Threat, ...]

    @property
    def credible(self) -> tuple[Threat, ...]:
        return tuple(t for t in self.threats if t.credible)

    @property
    def empty(self) -> tuple[Threat, ...]:
        return tuple(t for t in self.threats if not t.credible)

    def to_dict(self) -> dict[str, Any]:
        return {"threats": [t.to_dict() for t in self.threats]}

    def __str__(self) -> str:
        if not self.threats:
            return "no threats: no answer in the tree leaves the first mover worse off"
        return "\n".join(f"• {t}" for t in self.threats)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(str(t))}</li>" for t in self.threats)
        return f"<ul>{items}</ul>"


def _spe(tree: Tree) -> TreeSolution:
    return backward_induction(tree) if tree.is_perfect_information else subgame_perfect(tree)


def threats(tree: Tree, solution: TreeSolution | None = None) -> ThreatReport:
    """Every threat of ``tree``, credible or empty.

    A threat is a move at an information set (answering the other player's move) that
    leaves the other player worse off than the answer it likes best. Continuation values
    are those of the subgame-perfect equilibria (``solution``, or computed). The threat is
    credible when it is a best reply at every node of its information set (so whatever
    the threatener believes) or is its choice in one of the equilibria; empty otherwise.

    Examples
    --------
    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }))
    >>> print(threats(t))
    • Incumbent's threat to fight (at n2) is empty: carrying it out would cost Incumbent 2 against accommodate
    """
    solution = solution or _spe(tree)
    parents = tree.parents
    found: dict[tuple[str, str], Threat] = {}
    for eq in solution.equilibria:
        behaviour = {
            h: tuple(probs.values()) for sets in eq.behaviour.values() for h, probs in sets.items()
        }
        values = node_values(tree, behaviour)
        reached = {tree.index[s.node] for s in eq.path}
        for h, members in tree.infosets.items():
            first = tree.nodes[members[0]]
            mover = tree.players.index(first.player)
            targets = set()
            for i in members:
                j = parents[i]
                while j >= 0 and tree.nodes[j].is_chance:
                    j = parents[j]
                if j >= 0 and tree.nodes[j].player != first.player:
                    targets.add(tree.nodes[j].player)
            if len(targets) != 1:
                continue
            (target_name,) = targets
            target = tree.players.index(target_name)
            for a, action in enumerate(first.actions):
                harms, costs = [], []
                for i in members:
                    child = [values[c] for c in tree.nodes[i].children]
                    harms.append(max(v[target] for v in child) - child[a][target])
                    costs.append(max(v[mover] for v in child) - child[a][mover])
                if max(harms) <= 0:
                    continue
                credible = all(c == 0 for c in costs) or bool(behaviour[h][a])
                best = max(
                    range(len(first.actions)),
                    key=lambda k: (
                        sum(values[tree.nodes[i].children[k]][mover] for i in members),
                        -k,
                    ),
                )
                threat = Threat(
                    first.name,
                    h,
                    first.player,
                    target_name,
                    action,
                    first.actions[best],
                    min(x for x in harms if x > 0),
                    max(costs),
                    credible,
                    any(i in reached for i in members),
                )
                key = (h, action)
                if key not in found or (credible and not found[key].credible):
                    found[key] = threat
    return ThreatReport(tree, tuple(found[k] for k in sorted(found)))


@dataclass(frozen=True)
class OrderValue:
    """The subgame-perfect payoffs when the players move in ``order``."""

    order: tuple[str, ...]
    payoffs: tuple[tuple[Fraction, ...], ...]
    paths: tuple[str, ...]

    def to_dict(self, players: tuple[str, ...]) -> dict[str, Any]:
        return {
            "order": list(self.order),
            "payoffs": [
                {p: float(v) for p, v in zip(players, pay, strict=True)} for pay in self.payoffs
            ],
            "paths": list(self.paths),
        }


@dataclass(frozen=True)
class CommitmentReport:
    """Subgame-perfect payoffs for each order of moves, against the simultaneous game's equilibria.

    ``first_mover_value[player]`` is the range ``(low, high)`` over tie-breaks of the
    player's payoff when it moves first, minus its best payoff in a pure simultaneous
    equilibrium (``None`` when the simultaneous game has no pure equilibrium).
    """

    players: tuple[str, ...]
    orders: tuple[OrderValue, ...]
    simultaneous: tuple[tuple[Fraction, ...], ...]
    first_mover_value: dict[str, tuple[Fraction, Fraction] | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "orders": [o.to_dict(self.players) for o in self.orders],
            "simultaneous": [
                {p: float(v) for p, v in zip(self.players, pay, strict=True)}
                for pay in self.simultaneous
            ],
            "first_mover_value": {
                p: None if v is None else [float(v[0]), float(v[1])]
                for p, v in self.first_mover_value.items()
            },
        }

    def __str__(self) -> str:
        lines = []
        for o in self.orders:
            pays = " or ".join(
                "(" + ", ".join(format_number(v) for v in pay) + ")" for pay in o.payoffs
            )
            lines.append(f"• {' then '.join(o.order)}: {pays} — {o.paths[0]}")
        sim = " or ".join(
            "(" + ", ".join(format_number(v) for v in pay) + ")" for pay in self.simultaneous
        )
        lines.append(f"• simultaneous (pure equilibria): {sim or 'none'}")
        for p, v in self.first_mover_value.items():
            if v is None:
                continue
            lo, hi = v
            amount = (
                format_number(lo) if lo == hi else f"{format_number(lo)} to {format_number(hi)}"
            )
            lines.append(
                f"• moving first is worth {amount} to {p} against its best simultaneous equilibrium"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def commitment_values(game: Game) -> CommitmentReport:
    """The value of moving first in a normal-form ``game``: each order as a tree vs. the simultaneous game.

    Examples
    --------
    Chicken: whoever moves first dares, and the other swerves.

    >>> from negotiation.game import Game
    >>> chicken = Game.from_matrices([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...     players=("A", "B"), moves=(("swerve", "dare"), ("swerve", "dare")))
    >>> report = commitment_values(chicken)
    >>> report.first_mover_value["A"]
    (Fraction(0, 1), Fraction(0, 1))
    >>> [o.payoffs for o in report.orders][0]
    ((Fraction(1, 1), Fraction(-1, 1)),)
    """
    orders = []
    for order in permutations(game.players):
        tree = Tree.from_game(game, order)
        sol = backward_induction(tree)
        pays = tuple(sorted({e.payoffs for e in sol.equilibria}))
        orders.append(
            OrderValue(tuple(order), pays, tuple(e.describe_path() for e in sol.equilibria))
        )
    simultaneous = tuple(sorted({eq.payoffs for eq in pure_equilibria(game)}))
    value: dict[str, tuple[Fraction, Fraction] | None] = {}
    for k, player in enumerate(game.players):
        if not simultaneous:
            value[player] = None
            continue
        best_sim = max(pay[k] for pay in simultaneous)
        leading = [o for o in orders if o.order[0] == player]
        mine = [pay[k] for o in leading for pay in o.payoffs]
        value[player] = (min(mine) - best_sim, max(mine) - best_sim)
    return CommitmentReport(game.players, tuple(orders), simultaneous, value)
