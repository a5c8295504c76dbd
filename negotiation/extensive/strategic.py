"""The reduced strategic form of a tree, and its equilibria shown as plans.

A *plan* gives a move at each of a player's information sets; the *reduced* strategic
form keeps only the information sets the player's own earlier moves leave reachable,
so plans that differ only where the player has already steered away are one strategy
(Kuhn 1953; Osborne and Rubinstein 1994, *A Course in Game Theory*, §11.1). The reduced
form is a :class:`~negotiation.game.Game` whose moves are plans, so today's exact
solvers (``pure``, ``all``) run on it unchanged; each equilibrium comes back as a
behaviour profile (Kuhn's theorem, perfect recall) and is re-checked on the tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.extensive.play import is_nash
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.game import Game
from negotiation.solvers import enumerate_equilibria, pure_equilibria
from negotiation.tree import Tree

__all__ = ["ReducedForm", "reduced_strategic_form", "tree_equilibria"]

#: most reduced plans accepted per player (the strategic form grows exponentially)
MAX_PLANS = 2_000
#: most cells accepted in the reduced strategic form
MAX_CELLS = 1_000_000

Plan = Mapping[str, str]


@dataclass(frozen=True, eq=False)
class ReducedForm:
    """A tree's reduced strategic form: the game, and each move's plan."""

    tree: Tree
    game: Game
    plans: tuple[tuple[dict[str, str], ...], ...]

    def open_infosets(self, strategies: Any) -> frozenset[str]:
        """Information sets no plan in the support reaches: the equilibrium leaves them open."""
        out = set()
        for k, player in enumerate(self.tree.players):
            for h in self.tree.infosets_of(player):
                if not any(
                    h in plan and p for plan, p in zip(self.plans[k], strategies[k], strict=True)
                ):
                    out.add(h)
        return frozenset(out)

    def behaviour(self, strategies: Any) -> dict[str, tuple[Fraction, ...]]:
        """The behaviour profile of mixed ``strategies`` over plans (Kuhn 1953).

        At each information set, an action's probability is the weight of the plans that
        reach the set and choose it, over the weight of the plans that reach it; a set no
        plan in the support reaches gets the weight of every plan that reaches it.
        """
        tree = self.tree
        out: dict[str, tuple[Fraction, ...]] = {}
        for k, player in enumerate(tree.players):
            probs = [Fraction(p) for p in strategies[k]]
            for h in tree.infosets_of(player):
                acts = tree.actions_at(h)
                weights = [Fraction(0)] * len(acts)
                for plan, p in zip(self.plans[k], probs, strict=True):
                    if h in plan and p:
                        weights[acts.index(plan[h])] += p
                total = sum(weights, Fraction(0))
                if total == 0:  # no plan played reaches h: any plan that does
                    for plan in self.plans[k]:
                        if h in plan:
                            weights[acts.index(plan[h])] += 1
                    total = sum(weights, Fraction(0))
                out[h] = tuple(w / total for w in weights)
        return out


def _plans(tree: Tree, player: str) -> list[dict[str, str]]:
    """Reduced plans of ``player``, built bottom-up (children before parents)."""
    memo: dict[int, list[dict[str, str]]] = {}
    for i in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[i]
        if node.is_leaf:
            memo[i] = [{}]
            continue
        if node.player == player:
            out = [
                {node.infoset: a, **sub}
                for a, c in zip(node.actions, node.children, strict=True)
                for sub in memo.pop(c)
                if sub.get(node.infoset, a) == a
            ]
        else:
            out = [{}]
            for c in node.children:
                merged = []
                below = memo.pop(c)
                if len(out) * len(below) > 20 * MAX_PLANS:
                    raise SolverError(
                        f"{player} has about {len(out) * len(below)} reduced plans (over "
                        f"{MAX_PLANS}); the strategic form is too big — use --method spe, "
                        "subgame or sequence-form"
                    )
                for base, sub in product(out, below):
                    if all(base.get(h, a) == a for h, a in sub.items()):
                        merged.append({**base, **sub})
                out = _dedupe(merged)
                if len(out) > MAX_PLANS:
                    break
        out = _dedupe(out)
        if len(out) > MAX_PLANS:
            raise SolverError(
                f"{player} has more than {MAX_PLANS} reduced plans; the strategic form is too "
                "big — use --method spe, subgame or sequence-form"
            )
        memo[i] = out
    return memo[0]


def _dedupe(plans: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[frozenset[tuple[str, str]]] = set()
    out = []
    for plan in plans:
        key = frozenset(plan.items())
        if key not in seen:
            seen.add(key)
            out.append(plan)
    return out


def _label(tree: Tree, player: str, plan: Plan, long: bool) -> str:
    parts = [(f"{h}:{plan[h]}" if long else plan[h]) for h in tree.infosets_of(player) if h in plan]
    return "/".join(parts) or "(no move)"


def reduced_strategic_form(tree: Tree) -> ReducedForm:
    """The reduced strategic form of ``tree`` as a labelled :class:`~negotiation.game.Game`.

    Moves are plans named by their actions in information-set order (``"in/accommodate"``
    style; ``infoset:action`` parts when that would be ambiguous). Payoffs are exact
    expectations over chance.

    Examples
    --------
    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }))
    >>> print(reduced_strategic_form(t).game)
    Entrant \\ Incumbent  fight   accommodate
    out                  0, 2    0, 2
    in                   -1, -1  1, 1
    """
    plans = tuple(tuple(_plans(tree, p)) for p in tree.players)
    cells = 1
    for ps in plans:
        cells *= len(ps)
    if cells > MAX_CELLS:
        raise SolverError(
            f"the reduced strategic form has {cells} cells (over {MAX_CELLS}); "
            "use --method spe, subgame or sequence-form"
        )
    labels = []
    for player, ps in zip(tree.players, plans, strict=True):
        short = [_label(tree, player, plan, False) for plan in ps]
        if len(set(short)) != len(short):
            short = [_label(tree, player, plan, True) for plan in ps]
        labels.append(tuple(short))
    shape = tuple(len(ps) for ps in plans)
    payoffs = [[[Fraction(0)]] for _ in tree.players]

    array = np.empty((tree.n_players, *shape), dtype=object)
    owner = {h: tree.players.index(tree.owner(h)) for h in tree.infosets}
    for cell in product(*(range(s) for s in shape)):
        chosen = [plans[k][j] for k, j in enumerate(cell)]
        total = [Fraction(0)] * tree.n_players
        stack = [(0, Fraction(1))]
        while stack:
            i, w = stack.pop()
            node = tree.nodes[i]
            if node.is_leaf:
                for k, v in enumerate(node.payoffs):
                    total[k] += w * v
            elif node.is_chance:
                stack.extend(
                    (c, w * p) for p, c in zip(node.probabilities, node.children, strict=True) if p
                )
            else:
                a = chosen[owner[node.infoset]][node.infoset]
                stack.append((node.children[node.actions.index(a)], w))
        for k in range(tree.n_players):
            array[(k, *cell)] = total[k]
    del payoffs
    game = Game(tree.players, labels, array, title=tree.title)
    return ReducedForm(tree, game, plans)


def tree_equilibria(tree: Tree, method: str = "all") -> TreeSolution:
    """Nash equilibria of ``tree`` through its reduced strategic form.

    ``method="pure"``: every pure equilibrium (any number of players); ``"all"``: every
    extreme equilibrium (two players, exact enumeration of
    :func:`negotiation.solvers.enumerate_equilibria`). Each is turned into a behaviour
    profile and checked exactly to be a Nash equilibrium of the tree.

    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }))
    >>> sorted(str(e.payoffs[0]) for e in tree_equilibria(t, "pure"))
    ['0', '1']
    """
    tree.require_perfect_recall(f"--method {method}")
    form = reduced_strategic_form(tree)
    if method == "pure":
        found = pure_equilibria(form.game)
    elif method == "all":
        if tree.n_players != 2:
            raise SolverError("--method all needs two players; use pure for this tree")
        found = enumerate_equilibria(form.game)
    else:
        raise SolverError(f"unknown method {method!r} for the strategic form; use pure or all")
    equilibria = []
    for eq in found:
        behaviour = form.behaviour(eq.strategies)
        if not is_nash(tree, behaviour):  # pragma: no cover - a bug if reached
            raise SolverError("a strategic-form equilibrium failed the exact check on the tree")
        plans = {
            p: {m: q for m, q in zip(ms, s, strict=True) if q}
            for p, ms, s in zip(form.game.players, form.game.moves, eq.strategies, strict=True)
        }
        equilibria.append(
            TreeEquilibrium.from_behaviour(
                tree, behaviour, omit=form.open_infosets(eq.strategies), plans=plans
            )
        )
    notes = (
        "strategies are reduced plans: a move at each information set the player's own "
        "earlier moves leave reachable; an information set a plan never reaches is left "
        "out of its behaviour",
    )
    return TreeSolution(
        tree,
        method,
        tuple(equilibria),
        complete=found.complete,
        verified="Nash",
        notes=notes,
        details={"strategic_form": form.game.to_dict()},
    )
