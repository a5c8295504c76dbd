"""The value of commitment in a tree: each player committing first, against the tree as written.

A reordering of a two-player tree lets one player, the *leader*, move before everything
else by committing to a whole plan of its reduced strategic form
(:func:`negotiation.extensive.strategic.reduced_strategic_form`) — a threat made binding,
a regime declared irreversible — which the other player sees before playing its best
reply, knowing its own type where chance drew one. This is Stackelberg commitment
(von Stackelberg 1934, *Marktform und Gleichgewicht*) applied to plans: the leader picks
the plan whose best reply pays it most. The follower's ties are reported both ways: in
the leader's favour (the strong Stackelberg value, the usual convention: von Stengel and
Zamir 2010, "Leadership games with convex strategy sets", *Games and Economic Behavior* 69)
and against it.

The comparison with the tree as written (its equilibria) says who gains from moving
first: in the battle of the sexes the first mover gets its preferred equilibrium, in
matching pennies the second mover wins (Dixit, Skeath and Reiley 2009, *Games of
Strategy*, 3rd ed., ch. 6, "first-mover and second-mover advantages").
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.errors import SolverError
from negotiation.extensive.result import TreeSolution
from negotiation.extensive.solve import solve_tree
from negotiation.extensive.strategic import _plans, reduced_strategic_form
from negotiation.numbers import format_number
from negotiation.tree import Tree

__all__ = ["MAX_CELLS", "Commitment", "OrderComparison", "commitment_orders"]

#: largest reduced strategic form (cells) :func:`commitment_orders` builds
MAX_CELLS = 20_000


@dataclass(frozen=True)
class Commitment:
    """One player committing first to a plan, the other answering with a best reply.

    ``payoffs`` is the outcome with the follower's ties broken in the leader's favour,
    ``weak_payoffs`` with them broken against it (equal when there are no ties).
    """

    leader: str
    plan: str
    reply: str
    payoffs: tuple[Fraction, ...]
    weak_payoffs: tuple[Fraction, ...]

    def to_dict(self, players: tuple[str, ...]) -> dict[str, Any]:
        return {
            "leader": self.leader,
            "plan": self.plan,
            "reply": self.reply,
            "payoffs": {p: float(v) for p, v in zip(players, self.payoffs, strict=True)},
            "exact": {p: str(v) for p, v in zip(players, self.payoffs, strict=True)},
            "ties_against_leader": {
                p: float(v) for p, v in zip(players, self.weak_payoffs, strict=True)
            },
        }


@dataclass(frozen=True)
class OrderComparison:
    """Each player's payoff when it commits first, and in the tree as written.

    Attributes
    ----------
    players
        The tree's players.
    as_written
        Per player, its (lowest, highest) payoff over the tree's equilibria.
    commitments
        One :class:`Commitment` per player as leader.
    simultaneous
        The pure equilibria's payoffs of the simultaneous matrix the tree sequences (a
        scenario tree's matrix), if given.
    """

    players: tuple[str, ...]
    as_written: dict[str, tuple[Fraction, Fraction]]
    commitments: tuple[Commitment, ...]
    simultaneous: tuple[tuple[Fraction, ...], ...] | None = None

    def value_of_commitment(self, player: str) -> tuple[Fraction, Fraction]:
        """What committing first adds to ``player``: its leader payoff minus its (best, worst)
        payoff in the tree as written — returned as (low, high)."""
        k = self.players.index(player)
        lead = next(c for c in self.commitments if c.leader == player).payoffs[k]
        lo, hi = self.as_written[player]
        return lead - hi, lead - lo

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_written": {
                p: {"low": float(lo), "high": float(hi)} for p, (lo, hi) in self.as_written.items()
            },
            "commits_first": [c.to_dict(self.players) for c in self.commitments],
            "value_of_commitment": {
                p: [float(v) for v in self.value_of_commitment(p)] for p in self.players
            },
            "simultaneous_matrix": None
            if self.simultaneous is None
            else [
                {p: float(v) for p, v in zip(self.players, pay, strict=True)}
                for pay in self.simultaneous
            ],
        }

    def table(self) -> list[str]:
        """Rows: each order, each player's payoff."""
        rows = [("order", *self.players)]
        rows.append(
            (
                "the tree as written",
                *(_span(*self.as_written[p]) for p in self.players),
            )
        )
        for c in self.commitments:
            rows.append((f"{c.leader} commits first", *(format_number(v) for v in c.payoffs)))
        if self.simultaneous:
            sim = self.simultaneous
            spans = (
                _span(min(p[k] for p in sim), max(p[k] for p in sim))
                for k in range(len(self.players))
            )
            rows.append(("simultaneous matrix (pure equilibria)", *spans))
        widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
        return [
            "  ".join(
                cell.ljust(widths[k]) if k == 0 else cell.rjust(widths[k])
                for k, cell in enumerate(r)
            )
            for r in rows
        ]

    def sentences(self) -> list[str]:
        out = []
        for p in self.players:
            lo, hi = self.value_of_commitment(p)
            k = self.players.index(p)
            c = next(c for c in self.commitments if c.leader == p)
            if lo > 0:
                verdict = f"gains {_span(lo, hi)} by it: a first-mover advantage"
            elif hi < 0:
                verdict = f"loses {_span(-hi, -lo)} by it: moving second is better"
            elif lo == hi == 0:
                verdict = "neither gains nor loses by it"
            else:
                verdict = f"changes its payoff by {_span(lo, hi)} (depending on the equilibrium)"
            weak = c.weak_payoffs[k]
            tie = (
                f" (if the follower broke its ties against {p}: {format_number(weak)})"
                if weak != c.payoffs[k]
                else ""
            )
            out.append(
                f"Committing first to {c.plan} (answered by {c.reply}), {p} gets "
                f"{format_number(c.payoffs[k])}{tie} against {_span(*self.as_written[p])} in the "
                f"tree as written, so it {verdict}."
            )
        return out

    def __str__(self) -> str:
        return "\n".join([*self.table(), *self.sentences()])

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def _plan_text(plan: dict[str, str]) -> str:
    """A plan as ``infoset: action`` parts (one part when the plan is one move)."""
    if len(plan) == 1:
        return next(iter(plan.values()))
    return "; ".join(f"{h}: {a}" for h, a in plan.items())


def _span(lo: Fraction, hi: Fraction) -> str:
    return format_number(lo) if lo == hi else f"{format_number(lo)} to {format_number(hi)}"


def commitment_orders(
    tree: Tree,
    solution: TreeSolution | None = None,
    simultaneous: tuple[tuple[Fraction, ...], ...] | None = None,
    *,
    max_cells: int = MAX_CELLS,
) -> OrderComparison:
    """Each player of a two-player ``tree`` committing first, against the tree's equilibria.

    Parameters
    ----------
    tree
        A two-player tree with perfect recall.
    solution
        The tree's equilibria (default: :func:`negotiation.extensive.analysis.solve_tree`).
    simultaneous
        Payoffs of the pure equilibria of the simultaneous matrix, shown alongside.
    max_cells
        Largest reduced strategic form compared (plans of one × plans of the other); a
        bigger one raises :class:`~negotiation.errors.SolverError` before it is built.

    Examples
    --------
    The battle of the sexes as a tree (the second mover does not see the first move):
    whoever commits first gets its preferred equilibrium (Dixit, Skeath and Reiley 2009,
    ch. 6).

    >>> from negotiation.tree import Tree
    >>> bos = Tree.build(("A", "B"), ("A", {
    ...     "opera": ("B", {"opera": [2, 1], "football": [0, 0]}),
    ...     "football": ("B", {"opera": [0, 0], "football": [1, 2]}),
    ... }), infosets={"n1": "b", "n4": "b"})
    >>> report = commitment_orders(bos)
    >>> [(c.leader, c.plan, c.payoffs) for c in report.commitments]  # doctest: +NORMALIZE_WHITESPACE
    [('A', 'opera', (Fraction(2, 1), Fraction(1, 1))), ('B', 'football', (Fraction(1, 1), Fraction(2, 1)))]
    """
    if tree.n_players != 2:
        raise SolverError("the value of commitment is computed for two-player trees")
    cells = len(_plans(tree, tree.players[0])) * len(_plans(tree, tree.players[1]))
    if cells > max_cells:
        raise SolverError(
            f"the reduced strategic form has {cells} cells (over {max_cells}): the orders "
            "are compared on smaller trees only"
        )
    if solution is None:
        solution = solve_tree(tree)
    form = reduced_strategic_form(tree)
    game = form.game
    pay = game.exact
    commitments = []
    for k, leader in enumerate(game.players):
        f = 1 - k
        best: tuple[Any, ...] | None = None
        for s in range(len(game.moves[k])):

            def cell(t: int, s: int = s, k: int = k) -> tuple[int, int]:
                return (s, t) if k == 0 else (t, s)

            replies = range(len(game.moves[f]))
            top = max(pay[(f, *cell(t))] for t in replies)
            br = [t for t in replies if pay[(f, *cell(t))] == top]
            strong = max(br, key=lambda t: pay[(k, *cell(t))])
            weak = min(br, key=lambda t: pay[(k, *cell(t))])
            key = (pay[(k, *cell(strong))], pay[(k, *cell(weak))])
            if best is None or key > best[0]:
                best = (key, s, strong, weak)
        assert best is not None
        _, s, strong, weak = best
        c_strong = (s, strong) if k == 0 else (strong, s)
        c_weak = (s, weak) if k == 0 else (weak, s)
        commitments.append(
            Commitment(
                leader,
                _plan_text(form.plans[k][s]),
                _plan_text(form.plans[f][strong]),
                tuple(Fraction(pay[(j, *c_strong)]) for j in range(2)),
                tuple(Fraction(pay[(j, *c_weak)]) for j in range(2)),
            )
        )
    written = {}
    for k, p in enumerate(tree.players):
        values = [e.payoffs[k] for e in solution.equilibria]
        if not values:
            raise SolverError("the tree has no equilibrium to compare the orders with")
        written[p] = (min(values), max(values))
    return OrderComparison(tuple(tree.players), written, tuple(commitments), simultaneous)
