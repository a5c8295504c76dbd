"""What a player should believe where it cannot see chance's draw, and what it then does.

At an information set a player reaches in an equilibrium, its belief over the nodes is
fixed by Bayes' rule from the equilibrium's reach probabilities (Kreps and Wilson 1982,
"Sequential equilibria", *Econometrica* 50). Off the path Bayes' rule says nothing, and an
equilibrium's move there is only as good as the beliefs that would justify it. For an
information set whose nodes differ by one draw of chance between two types,
:func:`best_reply_beliefs` gives, for each move, the interval of beliefs in the first type
for which the move is a best reply, given how play continues — so the reading can say
"the US carries out its threat if it believes China retaliatory with probability above
0.32" and which off-path beliefs support an equilibrium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.extensive.play import node_values, reach_probabilities
from negotiation.extensive.result import TreeEquilibrium
from negotiation.numbers import format_number
from negotiation.tree import Tree

__all__ = [
    "BeliefRange",
    "best_reply_beliefs",
    "describe_play",
    "full_behaviour",
    "is_weak_pbe",
    "mover",
    "node_label",
]


def node_label(tree: Tree, i: int) -> str:
    """A node named by the chance moves on the way to it (its 'type'), else its name."""
    parents = tree.parents
    labels = []
    child = i
    j = parents[i]
    while j >= 0:
        node = tree.nodes[j]
        if node.is_chance:
            labels.append(node.actions[node.children.index(child)])
        child, j = j, parents[j]
    return "/".join(reversed(labels)) or tree.nodes[i].name


def full_behaviour(tree: Tree, eq: TreeEquilibrium) -> dict[str, tuple[Fraction, ...]]:
    """``eq``'s behaviour at every information set (uniform where the equilibrium leaves one open)."""
    behaviour = {h: tuple(p.values()) for sets in eq.behaviour.values() for h, p in sets.items()}
    for h, members in tree.infosets.items():
        if h not in behaviour:
            n = len(tree.nodes[members[0]].actions)
            behaviour[h] = tuple(Fraction(1, n) for _ in range(n))
    return behaviour


@dataclass(frozen=True)
class BeliefRange:
    """For each move at a two-type information set, the beliefs in ``labels[0]`` that make it a best reply.

    ``intervals[action]`` is ``(low, high)`` or ``None`` when no belief does.
    """

    infoset: str
    player: str
    labels: tuple[str, str]
    intervals: Mapping[str, tuple[Fraction, Fraction] | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "infoset": self.infoset,
            "player": self.player,
            "belief_in": self.labels[0],
            "best_reply_when": {
                a: None if v is None else [str(v[0]), str(v[1])] for a, v in self.intervals.items()
            },
        }

    def threshold_text(self) -> str:
        """``"carry_out if retaliatory ≥ 0.3241, withdraw if ≤ 0.3241"`` style."""
        parts = []
        for a, v in self.intervals.items():
            if v is None:
                parts.append(f"{a} never")
            elif v == (0, 1):
                parts.append(f"{a} whatever it believes")
            elif v[0] == 0:
                parts.append(f"{a} if {self.labels[0]} ≤ {format_number(v[1])}")
            elif v[1] == 1:
                parts.append(f"{a} if {self.labels[0]} ≥ {format_number(v[0])}")
            else:
                parts.append(
                    f"{a} if {self.labels[0]} is {format_number(v[0])} to {format_number(v[1])}"
                )
        return ", ".join(parts)


def best_reply_beliefs(
    tree: Tree, behaviour: Mapping[str, Sequence[Fraction]], infoset: str
) -> BeliefRange | None:
    """Beliefs making each move at ``infoset`` a best reply, play continuing by ``behaviour``.

    Only for an information set whose nodes fall under exactly two chance labels (two
    types); ``None`` otherwise. The expected payoff of a move is linear in the belief
    ``μ`` in the first label, so each move's best-reply set is an interval, cut out by one
    exact comparison with each other move.

    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("S", "R"), ("chance", {
    ...     "good": ("1/2", ("R", {"trust": [1, 1], "doubt": [0, 0]})),
    ...     "bad": ("1/2", ("R", {"trust": [1, -1], "doubt": [0, 0]})),
    ... }), infosets={"n1": "r", "n4": "r"})
    >>> rng = best_reply_beliefs(t, {"r": (1, 0)}, "r")
    >>> rng.threshold_text()
    'trust if good ≥ 0.5, doubt if good ≤ 0.5'
    """
    members = tree.infosets[infoset]
    labels: dict[str, list[int]] = {}
    for i in members:
        labels.setdefault(node_label(tree, i), []).append(i)
    if len(labels) != 2 or any(len(v) != 1 for v in labels.values()):
        return None
    (first, (a,)), (second, (b,)) = labels.items()
    values = node_values(tree, dict(behaviour))
    player = tree.player_index(tree.owner(infoset))
    node_a, node_b = tree.nodes[a], tree.nodes[b]
    # the chance weight of reaching each node, so that a belief is over nodes, not types
    u = {
        act: (values[ca][player], values[cb][player])
        for act, ca, cb in zip(node_a.actions, node_a.children, node_b.children, strict=True)
    }
    intervals: dict[str, tuple[Fraction, Fraction] | None] = {}
    for act, (xa, xb) in u.items():
        lo, hi = Fraction(0), Fraction(1)
        for other, (ya, yb) in u.items():
            if other == act:
                continue
            # μ·(xa − ya) + (1 − μ)·(xb − yb) ≥ 0  ⇔  μ·(d_a − d_b) ≥ −d_b
            da, db = xa - ya, xb - yb
            slope = da - db
            if slope == 0:
                if db < 0:
                    lo, hi = Fraction(1), Fraction(0)
            elif slope > 0:
                lo = max(lo, -db / slope)
            else:
                hi = min(hi, -db / slope)
        intervals[act] = (lo, hi) if lo <= hi else None
    return BeliefRange(infoset, tree.owner(infoset), (first, second), intervals)


def mover(tree: Tree, infoset: str, reached: Sequence[int]) -> str:
    """The owner of ``infoset``, as ``"a retaliatory China"`` when only one type reaches it."""
    owner = tree.owner(infoset)
    if not any(n.is_chance for n in tree.nodes):
        return owner
    types = {node_label(tree, i) for i in reached}
    label = next(iter(types))
    if len(types) == 1:
        return f"a {label} {owner}"
    return owner


def describe_play(tree: Tree, eq: TreeEquilibrium) -> str:
    """The equilibrium's play in words: each move made with positive probability, by whom.

    A move at an information set only one type reaches is prefixed by that type
    (``a retaliatory China``); mixed moves give their probabilities.
    """
    behaviour = full_behaviour(tree, eq)
    reach = reach_probabilities(tree, behaviour)
    parts = []
    for h, members in tree.infosets.items():
        reached = [i for i in members if reach.get(i, 0)]
        if not reached:
            continue
        who = mover(tree, h, reached)
        probs = behaviour[h]
        acts = tree.actions_at(h)
        played = [(a, p) for a, p in zip(acts, probs, strict=True) if p]
        if len(played) == 1:
            text = played[0][0]
        else:
            text = " or ".join(f"{a} ({format_number(p)})" for a, p in played)
        parts.append(f"{who} {text} at {h}")
    return "; ".join(parts)


def is_weak_pbe(tree: Tree, eq: TreeEquilibrium) -> bool | None:
    """Is ``eq`` sequentially rational everywhere for some beliefs, Bayes' rule on the path?

    A weak perfect Bayesian equilibrium (Mas-Colell, Whinston and Green 1995,
    *Microeconomic Theory*, def. 9.C.3): at a one-node information set the move played is a
    best reply given how play continues; at a two-type set it is a best reply to the
    Bayes belief when the set is reached, and to *some* belief when it is not. ``None``
    when the tree has an information set of another shape (the check does not apply).
    """
    behaviour = full_behaviour(tree, eq)
    reach = reach_probabilities(tree, behaviour)
    values = node_values(tree, behaviour)
    for h, members in tree.infosets.items():
        played = [a for a, q in zip(tree.actions_at(h), behaviour[h], strict=True) if q]
        if len(members) == 1:
            node = tree.nodes[members[0]]
            k = tree.player_index(node.player)
            pays = {a: values[c][k] for a, c in zip(node.actions, node.children, strict=True)}
            if any(pays[a] != max(pays.values()) for a in played):
                return False
            continue
        r = best_reply_beliefs(tree, behaviour, h)
        if r is None:
            return None
        spans = [r.intervals.get(a) for a in played]
        if any(v is None for v in spans):
            return False
        lo = max(v[0] for v in spans if v is not None)
        hi = min(v[1] for v in spans if v is not None)
        total = sum((reach.get(i, Fraction(0)) for i in members), Fraction(0))
        if total:
            first = next(i for i in members if node_label(tree, i) == r.labels[0])
            mu = reach.get(first, Fraction(0)) / total
            if not lo <= mu <= hi:
                return False
        elif lo > hi:
            return False
    return True
