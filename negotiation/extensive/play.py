"""Playing a tree with behaviour strategies, exactly: values, best responses, subgames.

A *behaviour profile* maps every information set to exact probabilities over its
actions (Kuhn 1953). This module computes what each player expects from it at every
node, the best any one player could do against the others, and from that the exact
checks every tree solver runs before reporting: Nash equilibrium (no player gains by
any deviation) and subgame perfection (Nash equilibrium in every proper subgame;
Selten 1965, 1975).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import cache

from negotiation.tree import Tree

__all__ = [
    "Behaviour",
    "best_response_value",
    "is_nash",
    "is_subgame_perfect",
    "node_values",
    "pure_behaviour",
    "reach_probabilities",
    "subgame_roots",
]

#: infoset -> one exact probability per action
Behaviour = Mapping[str, Sequence[Fraction]]

ZERO = Fraction(0)
ONE = Fraction(1)


def pure_behaviour(tree: Tree, choices: Mapping[str, str]) -> dict[str, tuple[Fraction, ...]]:
    """The behaviour profile that plays ``choices[infoset]`` for sure at each infoset."""
    out = {}
    for h, a in choices.items():
        acts = tree.actions_at(h)
        out[h] = tuple(ONE if b == a else ZERO for b in acts)
    return out


def _probs(tree: Tree, i: int, behaviour: Behaviour) -> Sequence[Fraction]:
    node = tree.nodes[i]
    if node.is_chance:
        return node.probabilities
    return behaviour[node.infoset]


def node_values(tree: Tree, behaviour: Behaviour) -> list[tuple[Fraction, ...]]:
    """Each node's expected payoff vector when play starts there (bottom-up, exact).

    Infosets missing from ``behaviour`` may appear only where no value is needed:
    every decision node must be covered.
    """
    values: list[tuple[Fraction, ...]] = [()] * len(tree.nodes)
    n = tree.n_players
    for i in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[i]
        if node.is_leaf:
            values[i] = node.payoffs
            continue
        acc = [ZERO] * n
        for p, c in zip(_probs(tree, i, behaviour), node.children, strict=True):
            if p:
                vc = values[c]
                for k in range(n):
                    acc[k] += p * vc[k]
        values[i] = tuple(acc)
    return values


def reach_probabilities(tree: Tree, behaviour: Behaviour, root: int = 0) -> dict[int, Fraction]:
    """Probability of reaching each node of the subtree at ``root`` (nodes reached only)."""
    out = {root: ONE}
    for i in tree.subtree(root):
        if i not in out:
            continue
        node = tree.nodes[i]
        if node.is_leaf:
            continue
        for p, c in zip(_probs(tree, i, behaviour), node.children, strict=True):
            if p:
                out[c] = out[i] * p
    return out


def best_response_value(tree: Tree, behaviour: Behaviour, player: int, root: int = 0) -> Fraction:
    """The most ``player`` can expect in the subtree at ``root`` when the others keep ``behaviour``.

    Assumes perfect recall: all nodes of one of the player's information sets reachable
    given its own earlier moves are met together, so each choice can be made once for
    the whole set (the player's decision problem, solved by backward induction over its
    own information sets; von Stengel 1996, *Games Econ. Behav.* 14, §3).
    """
    name = tree.players[player]

    def expand(weighted: Sequence[tuple[int, Fraction]]) -> Fraction:
        total = ZERO
        frontier: dict[str, list[tuple[int, Fraction]]] = {}
        stack = list(weighted)
        while stack:
            i, w = stack.pop()
            node = tree.nodes[i]
            if node.is_leaf:
                total += w * node.payoffs[player]
            elif node.player == name:
                frontier.setdefault(node.infoset, []).append((i, w))
            else:
                for p, c in zip(_probs(tree, i, behaviour), node.children, strict=True):
                    if p:
                        stack.append((c, w * p))
        for group in frontier.values():
            n_actions = len(tree.nodes[group[0][0]].actions)
            total += max(
                expand([(tree.nodes[i].children[a], w) for i, w in group]) for a in range(n_actions)
            )
        return total

    return expand([(root, ONE)])


def subgame_roots(tree: Tree) -> tuple[int, ...]:
    """Roots of the subgames (the whole tree first, then proper subgames, top-down).

    A node starts a subgame when it is not a leaf, its information set is itself alone,
    and every information set that meets its subtree lies wholly inside it (Selten 1965).
    """
    return _subgame_roots(tree)


@cache
def _subgame_roots(tree: Tree) -> tuple[int, ...]:
    n = len(tree.nodes)
    # an interval [first, last] of depth-first positions describes each subtree
    order: list[int] = []
    first = [0] * n
    last = [0] * n
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:
        i, done = stack.pop()
        if done:
            last[i] = len(order) - 1
            continue
        first[i] = len(order)
        order.append(i)
        stack.append((i, True))
        stack.extend((c, False) for c in reversed(tree.nodes[i].children))
    span: dict[str, tuple[int, int]] = {}
    for h, ns in tree.infosets.items():
        positions = [first[i] for i in ns]
        span[h] = (min(positions), max(positions))
    # lo[i], hi[i]: the widest reach of infosets met inside the subtree of i
    lo = list(first)
    hi = list(first)
    for i in range(n - 1, -1, -1):
        node = tree.nodes[i]
        if node.infoset and node.actions and not node.is_chance:
            a, b = span[node.infoset]
            lo[i], hi[i] = min(lo[i], a), max(hi[i], b)
        for c in node.children:
            lo[i], hi[i] = min(lo[i], lo[c]), max(hi[i], hi[c])
    roots = [i for i in order if tree.nodes[i].actions and lo[i] >= first[i] and hi[i] <= last[i]]
    return tuple(roots)


def is_nash(tree: Tree, behaviour: Behaviour, root: int = 0) -> bool:
    """No player can gain in the subtree at ``root`` by deviating alone (exact)."""
    values = node_values(tree, behaviour)[root]
    return all(
        best_response_value(tree, behaviour, k, root) <= values[k] for k in range(tree.n_players)
    )


def is_subgame_perfect(tree: Tree, behaviour: Behaviour) -> bool:
    """A Nash equilibrium in every subgame, the whole game included (exact check).

    With perfect information every decision node starts a subgame, and the one-shot
    deviation principle (a finite game: Hendon, Jacobsen and Sloth 1996, *Games Econ.
    Behav.* 12) reduces the check to one comparison per node: the mover's value there is
    the best of its children's. Otherwise each subgame's best responses are computed.
    """
    values = node_values(tree, behaviour)
    if tree.is_perfect_information:
        for i, node in enumerate(tree.nodes):
            if node.actions and not node.is_chance:
                k = tree.players.index(node.player)
                if any(values[c][k] > values[i][k] for c in node.children):
                    return False
        return True
    for root in subgame_roots(tree):
        for k in range(tree.n_players):
            if best_response_value(tree, behaviour, k, root) > values[root][k]:
                return False
    return True
