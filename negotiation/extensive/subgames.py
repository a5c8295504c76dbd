"""Subgame-perfect equilibria by subgame decomposition (Selten 1965, 1975).

Find the proper subgames (nodes whose subtree no information set crosses), solve the
deepest first — exactly, through the reduced strategic form: every extreme equilibrium
for two movers (:func:`negotiation.solvers.enumerate_equilibria`), every optimal pure
plan for one, the pure equilibria for more — replace each subgame by a leaf with the
payoffs of one of its equilibria, and repeat up to the root. Every choice of equilibrium
in every subgame gives one subgame-perfect equilibrium, so the list is complete for the
extreme equilibria of two-mover subgames (their convex combinations inside a component
are subgame perfect too, and not listed one by one). Each profile is checked exactly to
be a Nash equilibrium of every subgame before it is returned.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from itertools import islice, product

from negotiation.errors import SolverError
from negotiation.extensive.play import is_subgame_perfect, node_values, subgame_roots
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.extensive.strategic import reduced_strategic_form
from negotiation.game import Game
from negotiation.solvers import enumerate_equilibria, pure_equilibria
from negotiation.tree import Node, Tree

__all__ = ["subgame_perfect"]

#: default bound on the equilibria kept per subgame
MAX_EQUILIBRIA = 1_000

_Solution = tuple[tuple[Fraction, ...], dict[str, tuple[Fraction, ...]]]


def _truncate(
    tree: Tree, root: int, leaves: dict[int, tuple[Fraction, ...]]
) -> tuple[Tree, dict[str, int]]:
    """The subtree at ``root`` with each node of ``leaves`` replaced by a leaf of those payoffs."""
    nodes: list[Node] = []
    origin: dict[str, int] = {}

    def copy(i: int) -> int:
        index = len(nodes)
        node = tree.nodes[i]
        origin[node.name] = i
        if i in leaves and i != root:
            nodes.append(Node(node.name, payoffs=leaves[i]))
            return index
        nodes.append(node)
        children = tuple(copy(c) for c in node.children)
        nodes[index] = Node(
            node.name,
            node.player,
            node.actions,
            children,
            node.infoset,
            node.probabilities,
            node.payoffs,
        )
        return index

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(tree.nodes) + 100))
    try:
        copy(root)
    finally:
        sys.setrecursionlimit(limit)
    return Tree(tree.players, tuple(nodes), title=tree.title), origin


def _solve_small(tree: Tree) -> tuple[list[_Solution], bool]:
    """Every extreme equilibrium of a tree with no proper subgame below its root."""
    form = reduced_strategic_form(tree)
    game = form.game
    movers = [k for k, n in enumerate(game.shape) if n > 1]
    complete = True
    if len(movers) <= 2 and len(movers) < game.n_players:
        keep = movers or [0]
        exact = game.exact[
            (keep, *(slice(None) if k in keep else 0 for k in range(game.n_players)))
        ]
        small = Game([game.players[k] for k in keep], [game.moves[k] for k in keep], exact)
        found = enumerate_equilibria(small) if len(keep) == 2 else pure_equilibria(small)
        profiles = []
        for eq in found:
            full = []
            for k in range(game.n_players):
                full.append(eq.strategies[keep.index(k)] if k in keep else (Fraction(1),))
            profiles.append(full)
    elif game.n_players == 2:
        profiles = [list(eq.strategies) for eq in enumerate_equilibria(game)]
    elif game.n_players == 1:
        profiles = [list(eq.strategies) for eq in pure_equilibria(game)]
    else:
        profiles = [list(eq.strategies) for eq in pure_equilibria(game)]
        complete = False
    out: list[_Solution] = []
    for strategies in profiles:
        behaviour = form.behaviour(strategies)

        out.append((node_values(tree, behaviour)[0], behaviour))
    return out, complete


def subgame_perfect(tree: Tree, *, max_equilibria: int = MAX_EQUILIBRIA) -> TreeSolution:
    """Subgame-perfect equilibria of any finite tree with perfect recall, by decomposition.

    Parameters
    ----------
    tree
        A tree with perfect recall (chance and information sets allowed).
    max_equilibria
        Keep at most this many equilibria per subgame (the result then says it stopped).

    Examples
    --------
    Selten's (1975) Figure 2 game: backward induction inside the proper subgame at
    player 2's node leaves one subgame-perfect equilibrium.

    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("1", "2"), ("1", {
    ...     "R": [1, 1],
    ...     "L": ("2", {"R": [0, 2], "L": ("1", {"r": [0, 3], "l": [2, 0]})}),
    ... }))
    >>> [e.payoffs for e in subgame_perfect(t)]
    [(Fraction(1, 1), Fraction(1, 1))]
    """
    tree.require_perfect_recall("subgame decomposition")
    roots = subgame_roots(tree)
    root_set = set(roots)
    parent = tree.parents
    # the nearest subgame root strictly above each subgame root
    above: dict[int, int] = {}
    for r in roots[1:]:
        j = parent[r]
        while j not in root_set:
            j = parent[j]
        above[r] = j
    below: dict[int, list[int]] = {r: [] for r in roots}
    for r, up in above.items():
        below[up].append(r)
    solutions: dict[int, list[_Solution]] = {}
    complete = True
    truncated = False
    for r in reversed(roots):
        subs = below[r]
        out: list[_Solution] = []
        combos = islice(product(*(range(len(solutions[s])) for s in subs)), max_equilibria + 1)
        for n_combo, combo in enumerate(combos):
            if n_combo >= max_equilibria:
                truncated = True
                break
            leaves = {s: solutions[s][k][0] for s, k in zip(subs, combo, strict=True)}
            fixed: dict[str, tuple[Fraction, ...]] = {}
            for s, k in zip(subs, combo, strict=True):
                fixed.update(solutions[s][k][1])
            small, _ = _truncate(tree, r, leaves)
            found, ok = _solve_small(small)
            complete = complete and ok
            for values, behaviour in found:
                out.append((values, {**fixed, **behaviour}))
                if len(out) > max_equilibria:
                    break
        if len(out) > max_equilibria:
            out = out[:max_equilibria]
            truncated = True
        for s in subs:
            del solutions[s]
        solutions[r] = out
    equilibria = []
    seen = set()
    for _values, behaviour in solutions[roots[0]] if roots else [((), {})]:
        if not is_subgame_perfect(tree, behaviour):  # pragma: no cover - a bug if reached
            raise SolverError("subgame decomposition produced a profile that fails the exact check")
        eq = TreeEquilibrium.from_behaviour(tree, behaviour)
        if eq.key() not in seen:
            seen.add(eq.key())
            equilibria.append(eq)
    notes = [
        f"{len(roots) - 1} proper subgame{'s' if len(roots) != 2 else ''}; each solved exactly "
        "(extreme equilibria) and substituted"
    ]
    if not complete:
        notes.append("a subgame with three or more movers was solved for pure equilibria only")
    if truncated:
        notes.append(
            f"stopped at {max_equilibria} equilibria in some subgame; the list is incomplete"
        )
    return TreeSolution(
        tree,
        "subgame",
        tuple(equilibria),
        complete=complete and not truncated,
        verified="subgame perfect",
        notes=tuple(notes),
    )
