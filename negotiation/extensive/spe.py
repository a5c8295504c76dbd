"""Every pure subgame-perfect equilibrium of a perfect-information tree, by backward induction.

Zermelo's (1913) and Kuhn's (1953) backward induction: solve the last movers first, then
each earlier mover picks a best move knowing what follows. When a mover is indifferent
the choice is a *tie-break*, and different tie-breaks are different subgame-perfect
equilibria, possibly with different payoffs further up. This solver keeps them all:
at every node it holds the list of subgame-perfect solutions of the subtree (a value
vector, the move chosen, and the solutions chosen below), combining children's lists at
chance and decision nodes. Each equilibrium is the full plan — a move at every decision
node, on the path or off it — and is checked exactly to be a Nash equilibrium in every
subgame (:func:`negotiation.extensive.play.is_subgame_perfect`) before it is returned.

Chance nodes are allowed (expected values, exact). The work is linear in the tree's size
when no mover is ever indifferent; ties multiply the solutions, so ``max_equilibria``
bounds the count and the result says when it stops.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import islice, product

from negotiation.errors import SolverError
from negotiation.extensive.play import is_subgame_perfect
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.tree import Tree

__all__ = ["backward_induction"]

#: default bound on the number of equilibria kept at any node
MAX_EQUILIBRIA = 10_000


def backward_induction(tree: Tree, *, max_equilibria: int = MAX_EQUILIBRIA) -> TreeSolution:
    """All pure subgame-perfect equilibria of a perfect-information ``tree``.

    Parameters
    ----------
    tree
        A tree whose information sets are single nodes (chance moves allowed).
    max_equilibria
        Keep at most this many solutions at any node; beyond it the result is marked
        incomplete and says so.

    Returns
    -------
    TreeSolution
        ``method="spe"``; each equilibrium with every player's full plan and the path.

    Examples
    --------
    Selten's (1978) entry deterrence: fighting entry is an empty threat, so the entrant
    enters and the incumbent accommodates.

    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }), title="Entry deterrence")
    >>> print(backward_induction(t))
    Entry deterrence — 1 spe equilibrium (exact, each checked: subgame perfect)
      1. path Entrant: in → Incumbent: accommodate -> payoffs 1, 1
         plans Entrant: n0: in | Incumbent: n2: accommodate
    """
    if not tree.is_perfect_information:
        raise SolverError(
            "backward induction needs perfect information (every information set one node); "
            "use --method subgame, all or sequence-form for this tree"
        )
    players = tree.players
    n = len(tree.nodes)
    # per node: list of (values, chosen action index or -1, indices into children's lists)
    sols: list[list[tuple[tuple[Fraction, ...], int, tuple[int, ...]]]] = [[] for _ in range(n)]
    truncated = False
    for i in range(n - 1, -1, -1):
        node = tree.nodes[i]
        if node.is_leaf:
            sols[i] = [(node.payoffs, -1, ())]
            continue
        lists = [sols[c] for c in node.children]
        combos = (
            [tuple(0 for _ in lists)]
            if all(len(lst) == 1 for lst in lists)
            else list(islice(product(*(range(len(lst)) for lst in lists)), max_equilibria + 1))
        )
        out: list[tuple[tuple[Fraction, ...], int, tuple[int, ...]]] = []
        if node.is_chance:
            for combo in combos:
                vals = [Fraction(0)] * len(players)
                for p, lst, k in zip(node.probabilities, lists, combo, strict=True):
                    for j, v in enumerate(lst[k][0]):
                        vals[j] += p * v
                out.append((tuple(vals), -1, combo))
        else:
            mover = players.index(node.player)
            for combo in combos:
                child_vals = [lst[k][0] for lst, k in zip(lists, combo, strict=True)]
                best = max(v[mover] for v in child_vals)
                out.extend((v, a, combo) for a, v in enumerate(child_vals) if v[mover] == best)
        if len(out) > max_equilibria or len(combos) > max_equilibria:
            out = out[:max_equilibria]
            truncated = True
        sols[i] = out
    equilibria = []
    for k in range(len(sols[0])):
        choice: dict[str, tuple[Fraction, ...]] = {}
        stack = [(0, k)]
        while stack:
            i, s = stack.pop()
            node = tree.nodes[i]
            if node.is_leaf:
                continue
            _, action, combo = sols[i][s]
            if action >= 0:
                choice[node.infoset] = tuple(
                    Fraction(1 if a == action else 0) for a in range(len(node.actions))
                )
            stack.extend(zip(node.children, combo, strict=True))
        if not is_subgame_perfect(tree, choice):  # pragma: no cover - a bug if reached
            raise SolverError("backward induction produced a profile that fails the exact check")
        equilibria.append(TreeEquilibrium.from_behaviour(tree, choice))
    notes = []
    if truncated:
        notes.append(
            f"stopped at {max_equilibria} solutions at some node (ties multiply them); "
            "the list is incomplete — raise max_equilibria to see more"
        )
    if len(equilibria) > 1:
        payoffs = {e.payoffs for e in equilibria}
        notes.append(
            f"{len(equilibria)} subgame-perfect equilibria from ties"
            + (
                f", with {len(payoffs)} different payoff vectors"
                if len(payoffs) > 1
                else ", all with the same payoffs"
            )
        )
    return TreeSolution(
        tree,
        "spe",
        tuple(equilibria),
        complete=not truncated,
        verified="subgame perfect",
        notes=tuple(notes),
    )
