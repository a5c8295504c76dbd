"""How a tree's answer moves with a prior: an exact sweep over its declared range, and the flip points.

A chance probability declared with a range (``probability: {value: 1/2, range: [0.2,
0.8]}``) is an input like any other. :func:`prior_sweep` re-solves the tree exactly at
evenly spaced values of it and, wherever the *kind* of answer changes between two
neighbours — which moves are played, ignoring the probabilities that slide with the prior —
bisects (exactly, on fractions) until the flip point is bracketed within
``tolerance × range``. Each re-solve is the same exact solver the analysis uses, so every
point's equilibria are verified; the cost is one solve per point and per bisection step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise
from typing import Any

from negotiation.extensive.beliefs import full_behaviour, mover
from negotiation.extensive.play import reach_probabilities
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.numbers import format_number
from negotiation.tree import Tree

__all__ = ["Flip", "PriorPoint", "PriorSweep", "prior_sweep", "signature", "with_probability"]


def with_probability(tree: Tree, node: str, action: str, value: Fraction) -> Tree:
    """``tree`` with chance at ``node`` playing ``action`` with probability ``value``.

    The other actions keep their proportions, rescaled to share ``1 - value`` (evenly when
    they all had probability 0).
    """
    i = tree.index[node]
    old = tree.nodes[i]
    k = old.actions.index(action)
    rest = sum((p for j, p in enumerate(old.probabilities) if j != k), Fraction(0))
    others = len(old.actions) - 1
    probs = tuple(
        Fraction(value)
        if j == k
        else ((1 - Fraction(value)) * p / rest if rest else (1 - Fraction(value)) / others)
        for j, p in enumerate(old.probabilities)
    )
    nodes = list(tree.nodes)
    nodes[i] = replace(old, probabilities=probs)
    return replace(tree, nodes=tuple(nodes))


_PROBABILITY = re.compile(r" \(\d+(/\d+)?\)")


def signature(equilibria: Sequence[TreeEquilibrium]) -> tuple[str, ...]:
    """The kinds of play in ``equilibria``: each one's moves with positive probability, the
    probabilities themselves left out (they slide with a prior), sorted and deduplicated."""
    seen = set()
    for e in equilibria:
        plays = sorted(" → ".join(_PROBABILITY.sub("", m) for m in moves) for moves, _ in e.plays)
        seen.add("; ".join(plays))
    return tuple(sorted(seen))


def played_moves(tree: Tree, equilibria: Sequence[TreeEquilibrium]) -> tuple[str, ...]:
    """Every move some equilibrium plays with positive probability, as ``"US threaten at us_answer"``
    (``"a strategic China hold at summit_s_threat"`` when only one type reaches it)."""
    seen: set[str] = set()
    for e in equilibria:
        behaviour = full_behaviour(tree, e)
        reach = reach_probabilities(tree, behaviour)
        for h, members in tree.infosets.items():
            reached = [i for i in members if reach.get(i, 0)]
            if not reached:
                continue
            who = mover(tree, h, reached)
            for a, q in zip(tree.actions_at(h), behaviour[h], strict=True):
                if q:
                    seen.add(f"{who} {a} at {h}")
    return tuple(sorted(seen))


@dataclass(frozen=True)
class PriorPoint:
    """The equilibrium outcomes at one value of a swept chance probability."""

    value: Fraction
    outcomes: tuple[str, ...]
    payoffs: tuple[tuple[Fraction, ...], ...] = ()
    moves: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": float(self.value),
            "exact": str(self.value),
            "outcomes": list(self.outcomes),
            "payoffs": [[str(v) for v in pay] for pay in self.payoffs],
            "moves": list(self.moves),
        }


@dataclass(frozen=True)
class Flip:
    """Where the answer changes: between ``low`` and ``high`` (exact), from ``before`` to ``after``."""

    low: Fraction
    high: Fraction
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def point(self) -> Fraction:
        return (self.low + self.high) / 2

    def to_dict(self) -> dict[str, Any]:
        return {
            "between": [str(self.low), str(self.high)],
            "at": float(self.point),
            "before": list(self.before),
            "after": list(self.after),
        }

    def __str__(self) -> str:
        # four decimals: the bracket is 1/256 of the range wide, finer digits mean nothing
        low, point, high = (
            format_number(round(float(v), 4)) for v in (self.low, self.point, self.high)
        )
        return f"≈ {point} (between {low} and {high})"


@dataclass(frozen=True)
class PriorSweep:
    """A sweep of one ranged chance probability: the points and the flips between them."""

    path: str
    points: tuple[PriorPoint, ...]
    flips: tuple[Flip, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sweep": [p.to_dict() for p in self.points],
            "flips": [f.to_dict() for f in self.flips],
        }


def prior_sweep(
    tree: Tree,
    path: str,
    bounds: tuple[Fraction, Fraction],
    solve: Callable[[Tree], TreeSolution],
    *,
    points: int = 7,
    tolerance: Fraction = Fraction(1, 256),
) -> PriorSweep:
    """Sweep the chance probability at ``path`` (``nodes.NODE.moves.ACTION.probability``).

    Examples
    --------
    A receiver trusts a sender who is good with probability p: trusting pays when
    p > 1/2 (1·p − 1·(1 − p) > 0), so the answer flips at 1/2 (at 1/2 itself both
    moves are equilibria, so the bracket closes on 1/2 from below).

    >>> from negotiation.extensive.analysis import solve_tree
    >>> t = Tree.build(("S", "R"), ("chance", {
    ...     "good": ("1/2", ("R", {"trust": [1, 1], "doubt": [0, 0]})),
    ...     "bad": ("1/2", ("R", {"trust": [1, -1], "doubt": [0, 0]})),
    ... }), infosets={"n1": "r", "n4": "r"})
    >>> sweep = prior_sweep(t, "nodes.n0.moves.good.probability",
    ...                     (Fraction(1, 5), Fraction(4, 5)), solve_tree, points=4)
    >>> [str(f) for f in sweep.flips]
    ['≈ 0.4992 (between 0.4984 and 0.5)']
    """
    parts = path.split(".")
    node, action = parts[1], parts[3]
    lo, hi = bounds

    def at(value: Fraction) -> tuple[tuple[str, ...], TreeSolution]:
        sol = solve(with_probability(tree, node, action, value))
        return signature(sol.equilibria), sol

    sweep: list[PriorPoint] = []
    for k in range(points):
        value = lo + (hi - lo) * Fraction(k, max(points - 1, 1))
        sig, sol = at(value)
        pays = tuple(sorted({e.payoffs for e in sol.equilibria}))
        sweep.append(PriorPoint(value, sig, pays, played_moves(tree, sol.equilibria)))
    flips = []
    width = (hi - lo) * tolerance
    for before, after in pairwise(sweep):
        if before.outcomes == after.outcomes:
            continue
        a, b = before.value, after.value
        sig_a = before.outcomes
        while b - a > width:
            mid = (a + b) / 2
            sig, _ = at(mid)
            if sig == sig_a:
                a = mid
            else:
                b = mid
        flips.append(Flip(a, b, before.outcomes, after.outcomes))
    return PriorSweep(path, tuple(sweep), tuple(flips))
