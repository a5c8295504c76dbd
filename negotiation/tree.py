"""The labelled extensive-form game: a tree of decisions, chance and information sets.

A :class:`Tree` holds its nodes in one tuple (the root first, every child after its
parent). A node is a decision of a named player, a move of chance with exact
probabilities, or a leaf with exact payoffs, one per player in the tree's order. A
decision node belongs to an *information set*: the nodes its player cannot tell apart,
which must offer the same actions (Kuhn 1953, "Extensive games and the problem of
information"). Moves may be marked ``irreversible`` (chips once shipped stay shipped)
or ``reimposable`` (a licence can be withdrawn and reimposed), and a node may carry a
date. Solvers live in :mod:`negotiation.extensive`; this module only holds, checks and
shows labelled data.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

from negotiation.errors import GameError
from negotiation.game import to_fraction
from negotiation.numbers import format_number

__all__ = ["CHANCE", "Node", "Tree", "TreeError"]

#: the player name of chance nodes
CHANCE = "chance"
#: kinds of move a tree file may declare
MOVE_KINDS = ("", "irreversible", "reimposable")


class TreeError(GameError):
    """An inconsistent tree; ``node`` names the node at fault (for positioned file errors).

    ``field`` is the part of the node at fault (``"infoset"``, ``"moves"``, ``"payoffs"``…)
    and ``hint`` says how to fix it.
    """

    def __init__(self, message: str, *, node: str = "", field: str = "", hint: str = "") -> None:
        self.node, self.field, self.hint, self.message = node, field, hint, message
        text = f"node {node!r}: {message}" if node else message
        super().__init__(f"{text} — {hint}" if hint else text)


@dataclass(frozen=True)
class Node:
    """One node of a :class:`Tree`.

    Attributes
    ----------
    name
        A label unique in the tree (``"respond"``, ``"n7"``).
    player
        The mover's name; :data:`CHANCE` for chance; ``""`` for a leaf.
    actions
        Names of the moves available (empty at a leaf).
    children
        Indices into :attr:`Tree.nodes`, one per action.
    infoset
        The information set's name (decision nodes; by default the node's own name).
    probabilities
        Chance nodes: an exact probability per action.
    payoffs
        Leaves: an exact payoff per player of the tree.
    kinds
        Per action ``""``, ``"irreversible"`` or ``"reimposable"``.
    date, description
        Free text (``"2025-10-09"``, what happens here).
    levers
        Per action, the scenario lever it pulls (``{"US": "tariffs"}``) or ``{}``.
    """

    name: str
    player: str = ""
    actions: tuple[str, ...] = ()
    children: tuple[int, ...] = ()
    infoset: str = ""
    probabilities: tuple[Fraction, ...] = ()
    payoffs: tuple[Fraction, ...] = ()
    kinds: tuple[str, ...] = ()
    date: str = ""
    description: str = ""
    levers: tuple[Mapping[str, str], ...] = ()
    outcome: str = ""

    @property
    def is_leaf(self) -> bool:
        return not self.actions

    @property
    def is_chance(self) -> bool:
        return self.player == CHANCE


@dataclass(frozen=True, eq=False)
class Tree:
    """A finite extensive-form game with named players, actions and information sets.

    Parameters
    ----------
    players
        Player names in order (payoff vectors follow it); chance is not a player.
    nodes
        The nodes, root first; each node's children come after it.
    title, description, sources
        Free text and citations, as for :class:`~negotiation.game.Game`.

    Build trees in code with :meth:`build` (nested mappings), :meth:`from_game` (players of a
    matrix game moving one after another), or read them from YAML and Gambit ``.efg``.

    Examples
    --------
    Selten's entry deterrence game (the chain store's one-market stage):

    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }))
    >>> print(t.outline())
    Entrant [n0]
      out -> 0, 2
      in -> Incumbent [n2]
        fight -> -1, -1
        accommodate -> 1, 1
    >>> t.is_perfect_information
    True
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    title: str = ""
    description: str = ""
    sources: tuple[Any, ...] = ()
    uncertain: tuple[Any, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "nodes", tuple(self.nodes))
        check_tree(self)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def build(
        cls, players: Sequence[str], spec: Any, *, title: str = "", infosets: Mapping[str, str] = {}
    ) -> Tree:
        """A tree from nested Python data.

        ``spec`` is a leaf (a payoff list), or ``(player, {action: spec})``, or
        ``("chance", {action: (probability, spec)})``. ``infosets`` maps generated node
        names (``n0``, ``n1``… in depth-first order) to information-set names.
        """
        nodes: list[Node | None] = []

        def add(item: Any) -> int:
            index = len(nodes)
            nodes.append(None)
            name = f"n{index}"
            if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str):
                mover, moves = item
                actions = tuple(moves)
                probs: tuple[Fraction, ...] = ()
                children = []
                for action in actions:
                    sub = moves[action]
                    if mover == CHANCE:
                        p, sub = sub
                        probs += (Fraction(p),)
                    children.append(add(sub))
                nodes[index] = Node(
                    name,
                    mover,
                    actions,
                    tuple(children),
                    infosets.get(name, name) if mover != CHANCE else "",
                    probs,
                )
            else:
                nodes[index] = Node(name, payoffs=tuple(_fraction(v) for v in item))
            return index

        add(spec)
        return cls(tuple(players), tuple(n for n in nodes if n is not None), title=title)

    @classmethod
    def from_game(cls, game: Any, order: Sequence[str | int] | None = None) -> Tree:
        """The players of a normal-form ``game`` moving in ``order``, each seeing the moves before.

        With the default order (the game's), the first player leads and the last follows;
        the leaves carry the game's exact payoffs.
        """
        idx = [game.player_index(p) for p in (order or game.players)]
        if sorted(idx) != list(range(game.n_players)):
            raise TreeError("the order must name every player of the game once")
        nodes: list[Node | None] = []

        def add(depth: int, profile: dict[int, int]) -> int:
            index = len(nodes)
            nodes.append(None)
            if depth == len(idx):
                cell = tuple(profile[i] for i in range(game.n_players))
                nodes[index] = Node(
                    f"n{index}",
                    payoffs=tuple(Fraction(v) for v in game.exact[(slice(None), *cell)]),
                )
                return index
            player = idx[depth]
            children = tuple(
                add(depth + 1, {**profile, player: a}) for a in range(len(game.moves[player]))
            )
            nodes[index] = Node(
                f"n{index}", game.players[player], game.moves[player], children, f"n{index}"
            )
            return index

        add(0, {})
        return cls(
            game.players, tuple(n for n in nodes if n is not None), title=game.title or "game"
        )

    # ------------------------------------------------------------------ structure
    @property
    def root(self) -> Node:
        return self.nodes[0]

    @property
    def n_players(self) -> int:
        return len(self.players)

    def __len__(self) -> int:
        return len(self.nodes)

    def player_index(self, player: str | int) -> int:
        if isinstance(player, int):
            return player
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(
                f"unknown player {player!r}; the players are {', '.join(self.players)}"
            ) from None

    @cached_property
    def index(self) -> dict[str, int]:
        """Node name -> index."""
        return {n.name: i for i, n in enumerate(self.nodes)}

    @cached_property
    def parents(self) -> tuple[int, ...]:
        """Parent index of each node (``-1`` for the root)."""
        parent = [-1] * len(self.nodes)
        for i, node in enumerate(self.nodes):
            for c in node.children:
                parent[c] = i
        return tuple(parent)

    @cached_property
    def infosets(self) -> dict[str, tuple[int, ...]]:
        """Information-set name -> its nodes, in node order (decision nodes only)."""
        out: dict[str, list[int]] = {}
        for i, node in enumerate(self.nodes):
            if node.actions and not node.is_chance:
                out.setdefault(node.infoset, []).append(i)
        return {k: tuple(v) for k, v in out.items()}

    def infosets_of(self, player: str | int) -> tuple[str, ...]:
        """Names of ``player``'s information sets, in the order first met."""
        name = self.players[self.player_index(player)]
        return tuple(h for h, ns in self.infosets.items() if self.nodes[ns[0]].player == name)

    def actions_at(self, infoset: str) -> tuple[str, ...]:
        return self.nodes[self.infosets[infoset][0]].actions

    def owner(self, infoset: str) -> str:
        return self.nodes[self.infosets[infoset][0]].player

    @cached_property
    def is_perfect_information(self) -> bool:
        """Every information set holds one node."""
        return all(len(ns) == 1 for ns in self.infosets.values())

    def subtree(self, index: int = 0) -> Iterator[int]:
        """Indices of the nodes under ``index`` (itself first), depth first."""
        stack = [index]
        while stack:
            i = stack.pop()
            yield i
            stack.extend(reversed(self.nodes[i].children))

    @cached_property
    def own_history(self) -> tuple[tuple[tuple[str, str], ...], ...]:
        """Per node, the mover's own earlier (infoset, action) pairs on the path to it."""
        hist: list[dict[str, tuple[tuple[str, str], ...]]] = [{} for _ in self.nodes]
        out: list[tuple[tuple[str, str], ...]] = [() for _ in self.nodes]
        for i, node in enumerate(self.nodes):
            if node.actions and not node.is_chance:
                out[i] = hist[i].get(node.player, ())
            for a, c in zip(node.actions, node.children, strict=True):
                child = dict(hist[i])
                if node.actions and not node.is_chance:
                    child[node.player] = (*hist[i].get(node.player, ()), (node.infoset, a))
                hist[c] = child
        return tuple(out)

    @cached_property
    def has_perfect_recall(self) -> bool:
        """Every node of an information set has the same own history (Kuhn 1953)."""
        return all(len({self.own_history[i] for i in ns}) == 1 for ns in self.infosets.values())

    def require_perfect_recall(self, method: str) -> None:
        if not self.has_perfect_recall:
            bad = next(
                h for h, ns in self.infosets.items() if len({self.own_history[i] for i in ns}) > 1
            )
            raise TreeError(
                f"{method} needs perfect recall, and information set {bad!r} forgets what its "
                "player did before",
                hint="give the nodes that differ in the player's own past moves different "
                "information sets",
            )

    def path(self, choices: Mapping[str, str], chance: str = "expected") -> tuple[int, ...]:
        """Nodes along the play of pure ``choices`` (infoset -> action), stopping at chance."""
        out = [0]
        node = self.root
        while node.actions and not node.is_chance:
            a = choices.get(node.infoset)
            if a is None:
                break
            out.append(node.children[node.actions.index(a)])
            node = self.nodes[out[-1]]
        return tuple(out)

    # ------------------------------------------------------------------ output
    def to_dict(self) -> dict[str, Any]:
        return {
            "game": self.title,
            "players": list(self.players),
            "kind": "tree",
            "nodes": [
                {
                    "name": n.name,
                    **({"player": n.player} if n.player else {}),
                    **({"infoset": n.infoset} if n.infoset else {}),
                    **(
                        {
                            "moves": {
                                a: self.nodes[c].name
                                for a, c in zip(n.actions, n.children, strict=True)
                            }
                        }
                        if n.actions
                        else {}
                    ),
                    **(
                        {
                            "probabilities": {
                                a: str(p) for a, p in zip(n.actions, n.probabilities, strict=True)
                            }
                        }
                        if n.probabilities
                        else {}
                    ),
                    **(
                        {
                            "payoffs": {
                                p: float(v) for p, v in zip(self.players, n.payoffs, strict=True)
                            }
                        }
                        if n.is_leaf
                        else {}
                    ),
                    **({"date": n.date} if n.date else {}),
                }
                for n in self.nodes
            ],
            "infosets": {h: [self.nodes[i].name for i in ns] for h, ns in self.infosets.items()},
        }

    def outline(self, highlight: Sequence[int] = ()) -> str:
        """An indented outline: one line per move, leaves with their payoffs."""
        marked = set(highlight)
        lines: list[str] = []

        def label(i: int) -> str:
            node = self.nodes[i]
            if node.is_leaf:
                pay = ", ".join(format_number(v) for v in node.payoffs)
                return f"{pay}" + (f"  ({node.outcome})" if node.outcome else "")
            who = "chance" if node.is_chance else node.player
            extra = f" [{node.infoset}]" if node.infoset else f" [{node.name}]"
            date = f" @ {node.date}" if node.date else ""
            return f"{who}{extra}{date}"

        def walk(i: int, depth: int) -> None:
            node = self.nodes[i]
            for k, (a, c) in enumerate(zip(node.actions, node.children, strict=True)):
                prob = f" ({node.probabilities[k]})" if node.is_chance else ""
                kind = f" ({node.kinds[k]})" if node.kinds and node.kinds[k] else ""
                star = " *" if c in marked and i in marked else ""
                lines.append(f"{'  ' * depth}{a}{prob}{kind} -> {label(c)}{star}")
                walk(c, depth + 1)

        lines.append(label(0))
        walk(0, 1)
        return "\n".join(lines)

    def __str__(self) -> str:
        head = f"{self.title or 'game tree'}: {', '.join(self.players)}; {len(self.nodes)} nodes"
        return f"{head}\n{self.outline()}"

    def __repr__(self) -> str:
        return f"Tree(players={self.players!r}, nodes={len(self.nodes)})"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def _fraction(value: Any) -> Fraction:
    return to_fraction(value)


def check_tree(tree: Tree) -> None:
    """Raise :class:`TreeError` naming the first node at fault.

    Checks: unique names; children after their parents and each node reached once (so no
    cycle and nothing unreachable); decision nodes owned by a player; chance
    probabilities in [0, 1] summing to 1; leaves with one payoff per player; an
    information set with one owner and one set of actions, never holding two nodes of one
    path.
    """
    players = tree.players
    if not players:
        raise TreeError("a tree needs at least one player", hint="list the players")
    if len(set(players)) != len(players) or CHANCE in players:
        raise TreeError("player names must be distinct and not 'chance'", hint="rename the players")
    if not tree.nodes:
        raise TreeError("a tree needs at least one node", hint="add a root node")
    names: set[str] = set()
    seen = [False] * len(tree.nodes)
    seen[0] = True
    for i, node in enumerate(tree.nodes):
        if node.name in names:
            raise TreeError("two nodes share this name", node=node.name, hint="rename one")
        names.add(node.name)
        if len(node.children) != len(node.actions):
            raise TreeError("one child is needed per move", node=node.name, field="moves")
        if len(set(node.actions)) != len(node.actions):
            raise TreeError(
                "two moves share a name", node=node.name, field="moves", hint="rename one"
            )
        for c in node.children:
            if not 0 <= c < len(tree.nodes):
                raise TreeError("a move leads to no node", node=node.name, field="moves")
            if c <= i:
                raise TreeError(
                    f"the move to {tree.nodes[c].name!r} goes back up the tree (a cycle)",
                    node=node.name,
                    field="moves",
                    hint="a game tree never returns to an earlier node; add a new node",
                )
            if seen[c]:
                raise TreeError(
                    f"node {tree.nodes[c].name!r} is reached by two moves",
                    node=node.name,
                    field="moves",
                    hint="in a tree every node has one parent; copy the subtree or use an "
                    "information set",
                )
            seen[c] = True
        if node.is_leaf:
            if len(node.payoffs) != len(players):
                raise TreeError(
                    f"a leaf needs {len(players)} payoffs (one per player), got {len(node.payoffs)}",
                    node=node.name,
                    field="payoffs",
                    hint=f"write [{', '.join(players)}] payoffs",
                )
            continue
        if node.is_chance:
            if len(node.probabilities) != len(node.actions):
                raise TreeError(
                    "each chance move needs a probability", node=node.name, field="moves"
                )
            if any(p < 0 or p > 1 for p in node.probabilities):
                raise TreeError("a probability lies outside [0, 1]", node=node.name, field="moves")
            total = sum(node.probabilities, Fraction(0))
            if total != 1:
                raise TreeError(
                    f"chance probabilities sum to {total}, not 1",
                    node=node.name,
                    field="moves",
                    hint="make them add up to exactly 1 (fractions such as 1/3 are allowed)",
                )
        elif node.player not in players:
            raise TreeError(
                f"unknown player {node.player!r}",
                node=node.name,
                field="player",
                hint=f"use one of {', '.join(players)} or 'chance'",
            )
        if node.kinds and any(k not in MOVE_KINDS for k in node.kinds):
            raise TreeError("a move kind must be irreversible or reimposable", node=node.name)
    for i, ok in enumerate(seen):
        if not ok:
            raise TreeError(
                "no move leads to this node (it is unreachable)",
                node=tree.nodes[i].name,
                hint="link it from a move or delete it",
            )
    infosets: dict[str, int] = {}
    for i, node in enumerate(tree.nodes):
        if not node.actions or node.is_chance:
            continue
        if not node.infoset:
            raise TreeError("a decision node needs an information set", node=node.name)
        first = infosets.setdefault(node.infoset, i)
        if first == i:
            continue
        other = tree.nodes[first]
        if other.player != node.player:
            raise TreeError(
                f"information set {node.infoset!r} holds nodes of {other.player} and {node.player}",
                node=node.name,
                field="infoset",
                hint="an information set belongs to one player; give this node its own",
            )
        if other.actions != node.actions:
            raise TreeError(
                f"information set {node.infoset!r} offers {', '.join(other.actions)} at "
                f"{other.name!r} but {', '.join(node.actions)} here",
                node=node.name,
                field="infoset",
                hint="a player cannot tell these nodes apart, so they need the same moves in "
                "the same order",
            )
    parent = tree.parents
    counts = Counter(n.infoset for n in tree.nodes if n.actions and not n.is_chance)
    shared = {h for h, k in counts.items() if k > 1}
    for i, node in enumerate(tree.nodes):
        if node.infoset not in shared or node.is_chance or node.is_leaf:
            continue
        j = parent[i]
        while j >= 0:
            up = tree.nodes[j]
            if up.infoset == node.infoset and not up.is_chance:
                raise TreeError(
                    f"information set {node.infoset!r} holds this node and its ancestor {up.name!r}",
                    node=node.name,
                    field="infoset",
                    hint="a player always knows it has moved before; split the information set",
                )
            j = parent[j]
