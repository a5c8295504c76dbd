"""Game trees in YAML: the payoff-file conventions (labels, comments, sources, positions) for trees.

A tree file is YAML 1.2 with ``kind: tree``. Nodes are named; a move leads to another
node by name, or straight to a leaf written as its payoff list::

    version: 1
    kind: tree
    title: Entry deterrence
    players: [Entrant, Incumbent]
    nodes:
      entry:
        player: Entrant
        moves:
          out: [0, 2]              # a leaf: one payoff per player, in the players' order
          in: respond              # the node named 'respond'
      respond:
        player: Incumbent
        moves:
          fight: {to: [-1, -1], kind: irreversible, description: a price war}
          accommodate: [1, 1]

The first node listed is the root (or name it with ``root:``). A move may be a mapping
with ``to`` (a node name or payoffs), ``probability`` (chance moves: ``1/3``, ``0.25``,
``rest`` for the remainder, or an uncertain input ``{value, range, kind, source,
reason}``), ``kind`` (``irreversible`` or ``reimposable``), ``description``, and for
scenario trees ``scenario_move`` (``{US: tariffs}``: the scenario move a side now plays)
and ``set`` (``{pressures.China.deflation: 0.9}``: what chance reveals, applied to the
scenario for the leaves below). A node may carry ``infoset`` (nodes of one information
set share its name), ``date`` and ``description``. Leaves may be named nodes with
``payoffs`` and ``outcome``. In a scenario tree (``scenario: FILE``) a move without
``to`` ends the game, and the leaf's payoffs are the scenario's payoffs where each side
stands then (the one loader, :func:`negotiation.workflows.load_model`, prices them).

Every mistake is reported at its line and column, ``path:line:col: what — how to fix``:
unknown keys, a node reached twice, a cycle, an unreachable node, a leaf without
payoffs, chance probabilities not summing to 1, an information set across players or
with different moves. Reading never runs code.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import IO, Any

from negotiation.errors import GameError, OverrideError, PayoffFileError
from negotiation.files.efg import parse_efg
from negotiation.files.overrides import apply_overrides
from negotiation.files.tree_schema import TREE_SCHEMA
from negotiation.files.tree_values import (
    UncertainInput,
    kind_of,
    read_sources,
    read_uncertain,
    unknown_keys,
)
from negotiation.files.tree_write import tree_to_yaml
from negotiation.files.yamldoc import Location, YamlDoc, decode_bytes, parse_yaml, read_text
from negotiation.tree import CHANCE, MOVE_KINDS, Node, Tree, TreeError

__all__ = [
    "TREE_SCHEMA",
    "LeafPayoffs",
    "UncertainInput",
    "is_efg_text",
    "is_tree_doc",
    "is_tree_path",
    "parse_tree",
    "read_tree",
    "tree_from_doc",
    "tree_to_yaml",
]

#: the callback a scenario tree needs: (scenario moves in effect, overrides) -> payoffs
LeafPayoffs = Callable[[Mapping[str, str], tuple[tuple[str, Any], ...]], Sequence[Fraction]]

_TOP = {
    "version",
    "kind",
    "title",
    "description",
    "players",
    "root",
    "nodes",
    "sources",
    "scenario",
}
_NODE = {"player", "moves", "infoset", "date", "description", "payoffs", "outcome"}
_MOVE = {"to", "probability", "kind", "description", "scenario_move", "set"}


def is_tree_path(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` names a tree: a Gambit ``.efg`` file or YAML with ``kind: tree``.

    Looks for a top-level ``kind: tree`` line without parsing (a file that cannot be
    read is not a tree here; the reader it goes to reports the problem).
    """
    name = os.fspath(path)
    if name.lower().endswith(".efg"):
        return True
    try:
        with open(name, encoding="utf-8", errors="replace") as handle:
            head = handle.read(200_000)
    except OSError:
        return False
    return any(line.split("#", 1)[0].strip() == "kind: tree" for line in head.splitlines())


def is_efg_text(path: str, text: str) -> bool:
    """True for a Gambit ``.efg`` file: by the name ``*.efg``, or an ``EFG`` first line.

    >>> is_efg_text("g.efg", ""), is_efg_text("-", 'EFG 2 R "x" { "A" }'), is_efg_text("g.yaml", "kind: tree")
    (True, True, False)
    """
    return str(path).lower().endswith(".efg") or text.lstrip().startswith("EFG ")


def is_tree_doc(doc: YamlDoc) -> bool:
    """True for a tree file (``kind: tree`` at the top)."""
    return isinstance(doc.data, Mapping) and doc.data.get("kind") == "tree"


def read_tree(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    overrides: Sequence[str] | Mapping[str, Any] = (),
    leaf_payoffs: LeafPayoffs | None = None,
) -> Tree:
    """Read a tree file: YAML (``kind: tree``) or Gambit ``.efg`` by extension.

    Examples
    --------
    >>> import io
    >>> text = '''
    ... version: 1
    ... kind: tree
    ... title: Entry deterrence
    ... players: [Entrant, Incumbent]
    ... nodes:
    ...   entry:
    ...     player: Entrant
    ...     moves: {out: [0, 2], in: respond}
    ...   respond:
    ...     player: Incumbent
    ...     moves: {fight: [-1, -1], accommodate: [1, 1]}
    ... '''
    >>> print(read_tree(io.StringIO(text)).outline())
    Entrant [entry]
      out -> 0, 2
      in -> Incumbent [respond]
        fight -> -1, -1
        accommodate -> 1, 1
    """
    name, text = read_text(source)
    return parse_tree(text, name, overrides, leaf_payoffs)


def parse_tree(
    text: str | bytes,
    path: str = "<string>",
    overrides: Sequence[str] | Mapping[str, Any] = (),
    leaf_payoffs: LeafPayoffs | None = None,
) -> Tree:
    """Parse tree-file text; ``path`` names it in messages and picks the format."""
    if isinstance(text, (bytes, bytearray)):
        text = decode_bytes(bytes(text), path)
    if is_efg_text(path, text):
        if overrides:
            raise OverrideError(f"{path}: --set works on YAML files only — convert it first")
        return parse_efg(text, path)
    doc = parse_yaml(text, path)
    if overrides:
        apply_overrides(doc, overrides)
    return tree_from_doc(doc, leaf_payoffs)


def tree_from_doc(doc: YamlDoc, leaf_payoffs: LeafPayoffs | None = None) -> Tree:
    """Validate a parsed tree document and build its :class:`~negotiation.tree.Tree`."""
    data = doc.data
    unknown_keys(doc, [], data, _TOP)
    if data.get("version", 1) != 1:
        raise doc.error(["version"], f"unknown version {data.get('version')!r}", "write version: 1")
    players_raw = data.get("players")
    if not isinstance(players_raw, list) or not players_raw:
        raise doc.error(["players"], "'players' must list the players", "write players: [A, B]")
    players: list[str] = []
    for k, item in enumerate(players_raw):
        name = item.get("name") if isinstance(item, Mapping) else item
        if not isinstance(name, str) or not name.strip():
            raise doc.error(["players", k], "a player needs a name", "write the name as text")
        if name in players or name == CHANCE:
            raise doc.error(
                ["players", k],
                f"player name {name!r} is taken",
                "give every player its own name (not 'chance')",
            )
        players.append(name)
    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, Mapping) or not raw_nodes:
        raise doc.error(
            ["nodes"],
            "'nodes' must be a mapping of named nodes",
            "see payoffs/trees/entry_deterrence.yaml",
        )
    root = data.get("root", next(iter(raw_nodes)))
    if root not in raw_nodes:
        raise doc.error(
            ["root"], f"no node is named {root!r}", f"name one of {', '.join(map(str, raw_nodes))}"
        )
    scenario_tree = "scenario" in data
    if scenario_tree and leaf_payoffs is None:
        raise doc.error(
            ["scenario"],
            "this tree's leaves are built from a scenario, which a plain tree reader cannot do",
            "read it with negotiation.workflows.load_model (every command does)",
        )
    found: list[UncertainInput] = []
    nodes: list[Node] = []
    where: dict[str, Location] = {}
    state: dict[str, set[str]] = {"visiting": set(), "done": set()}

    def payoff_vector(loc: Location, value: Any) -> tuple[Fraction, ...]:
        if isinstance(value, Mapping):
            missing = [p for p in players if p not in value]
            extra = [k for k in value if k not in players]
            if extra:
                raise doc.error(
                    [*loc, extra[0]],
                    f"unknown player '{extra[0]}'",
                    f"the players are {', '.join(players)}",
                    key=True,
                )
            if missing:
                raise doc.error(
                    loc,
                    f"no payoff for {missing[0]}",
                    f"give one payoff per player: {', '.join(players)}",
                )
            return tuple(
                read_uncertain(doc, [*loc, p], value[p], f"{p}'s payoff", found) for p in players
            )
        if not isinstance(value, list):
            raise doc.error(
                loc,
                f"payoffs must be a list of {len(players)} numbers, got {kind_of(value)}",
                f"write [{', '.join(players)}] payoffs",
            )
        if len(value) != len(players):
            raise doc.error(
                loc,
                f"a leaf needs {len(players)} payoffs (one per player), got {len(value)}",
                f"write [{', '.join(players)}] in that order",
            )
        return tuple(
            read_uncertain(doc, [*loc, k], v, f"{players[k]}'s payoff", found)
            for k, v in enumerate(value)
        )

    def leaf(
        name: str,
        loc: Location,
        pays: tuple[Fraction, ...],
        outcome: str = "",
        description: str = "",
    ) -> int:
        nodes.append(Node(name, payoffs=pays, outcome=outcome, description=description))
        where[name] = loc
        return len(nodes) - 1

    def scenario_leaf(
        name: str, loc: Location, position: Mapping[str, str], sets: tuple[tuple[str, Any], ...]
    ) -> int:
        assert leaf_payoffs is not None
        try:
            pays = tuple(Fraction(v) for v in leaf_payoffs(position, sets))
        except PayoffFileError:
            raise
        except (GameError, KeyError, ValueError) as exc:
            raise doc.error(
                loc,
                f"cannot build this leaf from the scenario: {exc}",
                "check the scenario moves on the way here",
            ) from None
        return leaf(name, loc, pays, outcome=" / ".join(f"{p} {m}" for p, m in position.items()))

    def add(
        name: str, via: Location, position: dict[str, str], sets: tuple[tuple[str, Any], ...]
    ) -> int:
        loc: list[str | int] = ["nodes", name]
        if name in state["visiting"]:
            raise doc.error(
                via,
                f"this move leads back to '{name}', an earlier node (a cycle)",
                "a game tree never returns; add a new node",
            )
        if name in state["done"]:
            raise doc.error(
                via,
                f"node '{name}' is reached by a second move",
                "every node has one parent; copy the node or use an information set",
            )
        spec = raw_nodes[name]
        if not isinstance(spec, Mapping):
            raise doc.error(
                loc,
                f"node '{name}' must be a mapping, got {kind_of(spec)}",
                "give it 'player' and 'moves', or 'payoffs'",
            )
        unknown_keys(doc, loc, spec, _NODE)
        state["visiting"].add(name)
        description = str(spec.get("description", "") or "").strip()
        if "payoffs" in spec or "moves" not in spec:
            if "moves" in spec:
                raise doc.error(
                    [*loc, "payoffs"], "a node has either moves or payoffs", "remove one"
                )
            if "payoffs" not in spec:
                if scenario_tree:
                    index = scenario_leaf(name, loc, position, sets)
                    state["visiting"].discard(name)
                    state["done"].add(name)
                    return index
                raise doc.error(
                    loc,
                    f"leaf '{name}' has no payoffs",
                    f"add payoffs: [{', '.join(players)}], or moves",
                )
            index = leaf(
                name,
                loc,
                payoff_vector([*loc, "payoffs"], spec["payoffs"]),
                str(spec.get("outcome", "") or ""),
                description,
            )
            state["visiting"].discard(name)
            state["done"].add(name)
            return index
        player = spec.get("player")
        if not isinstance(player, str) or (player not in players and player != CHANCE):
            raise doc.error(
                [*loc, "player"],
                f"unknown player {player!r}",
                f"use one of {', '.join(players)} or chance",
            )
        moves = spec["moves"]
        if not isinstance(moves, Mapping) or not moves:
            raise doc.error(
                [*loc, "moves"],
                "'moves' must map each move's name to where it leads",
                "write moves: {fight: [-1, -1], accommodate: respond}",
            )
        index = len(nodes)
        nodes.append(Node(name))  # placeholder, filled below
        where[name] = loc
        actions = tuple(str(a) for a in moves)
        children: list[int] = []
        probs: list[Fraction | None] = []
        kinds: list[str] = []
        levers: list[Mapping[str, str]] = []
        rest_at: Location | None = None
        for action in moves:
            mloc: list[str | int] = [*loc, "moves", action]
            move = moves[action]
            target: Any = move
            pos = dict(position)
            sub_sets = sets
            kind = ""
            prob: Fraction | None = None
            if isinstance(move, Mapping):
                unknown_keys(doc, mloc, move, _MOVE)
                target = move.get("to")
                kind = str(move.get("kind", "") or "")
                if kind not in MOVE_KINDS:
                    raise doc.error(
                        [*mloc, "kind"],
                        f"unknown kind {kind!r}",
                        "write irreversible or reimposable",
                    )
                if "probability" in move:
                    if player != CHANCE:
                        raise doc.error(
                            [*mloc, "probability"],
                            "only chance moves have probabilities",
                            "remove it, or make the node 'player: chance'",
                        )
                    raw_p = move["probability"]
                    if raw_p == "rest":
                        if rest_at is not None:
                            raise doc.error(
                                [*mloc, "probability"],
                                "only one move can take the rest",
                                "give the others numbers",
                            )
                        rest_at = [*mloc, "probability"]
                    else:
                        prob = read_uncertain(
                            doc, [*mloc, "probability"], raw_p, "a probability", found
                        )
                        if not 0 <= prob <= 1:
                            raise doc.error(
                                [*mloc, "probability"],
                                f"probability {prob} lies outside [0, 1]",
                                "write a number from 0 to 1",
                            )
                sm = move.get("scenario_move")
                if sm is not None:
                    if not scenario_tree:
                        raise doc.error(
                            [*mloc, "scenario_move"],
                            "scenario_move needs a 'scenario:' at the top",
                            "name the scenario file",
                        )
                    if isinstance(sm, str) and player in players:
                        sm = {player: sm}
                    if not isinstance(sm, Mapping):
                        raise doc.error(
                            [*mloc, "scenario_move"],
                            "scenario_move maps a player to a scenario move",
                            "write {US: tariffs}",
                        )
                    for p, m in sm.items():
                        if p not in players:
                            raise doc.error(
                                [*mloc, "scenario_move", p],
                                f"unknown player '{p}'",
                                f"the players are {', '.join(players)}",
                                key=True,
                            )
                        pos[str(p)] = str(m)
                st = move.get("set")
                if st is not None:
                    if not scenario_tree or not isinstance(st, Mapping):
                        raise doc.error(
                            [*mloc, "set"],
                            "'set' maps scenario paths to values, in a scenario tree",
                            "write set: {pressures.China.deflation: 0.9}",
                        )
                    sub_sets = (*sets, *((str(k), v) for k, v in st.items()))
            elif player == CHANCE:
                raise doc.error(
                    mloc, "a chance move needs a probability", "write {probability: 1/2, to: NODE}"
                )
            if player == CHANCE and not (isinstance(move, Mapping) and "probability" in move):
                raise doc.error(
                    mloc, "a chance move needs a probability", "add probability: 1/2 (or rest)"
                )
            if target is None:
                if not scenario_tree:
                    raise doc.error(
                        mloc,
                        f"move '{action}' leads nowhere",
                        "write a node name or the payoffs, e.g. to: [1, 0]",
                    )
                child = scenario_leaf(f"{name}.{action}", mloc, pos, sub_sets)
            elif isinstance(target, (list, Mapping)):
                tloc = [*mloc, "to"] if isinstance(move, Mapping) else mloc
                child = leaf(f"{name}.{action}", tloc, payoff_vector(tloc, target))
            elif isinstance(target, str):
                if target not in raw_nodes:
                    close = difflib.get_close_matches(target, [str(k) for k in raw_nodes], n=1)
                    raise doc.error(
                        [*mloc, "to"] if isinstance(move, Mapping) else mloc,
                        f"no node is named '{target}'",
                        f"did you mean '{close[0]}'?"
                        if close
                        else "name a node listed under 'nodes'",
                    )
                child = add(
                    target, [*mloc, "to"] if isinstance(move, Mapping) else mloc, pos, sub_sets
                )
            else:
                raise doc.error(
                    mloc,
                    f"a move leads to a node name or payoffs, got {kind_of(target)}",
                    "write a node name or [payoffs]",
                )
            children.append(child)
            probs.append(prob)
            kinds.append(kind)
            levers.append({p: m for p, m in pos.items() if position.get(p) != m})
        probabilities: tuple[Fraction, ...] = ()
        if player == CHANCE:
            known = sum((p for p in probs if p is not None), Fraction(0))
            if rest_at is not None:
                if known > 1:
                    raise doc.error(
                        rest_at,
                        f"the other probabilities already sum to {known}",
                        "make them sum to at most 1",
                    )
                probs = [Fraction(1) - known if p is None else p for p in probs]
            elif known != 1:
                raise doc.error(
                    [*loc, "moves"],
                    f"chance probabilities sum to {known}, not 1",
                    "make them add up to exactly 1 (fractions such as 1/3 are allowed), or write 'rest'",
                )
            probabilities = tuple(p for p in probs if p is not None)
        infoset = "" if player == CHANCE else str(spec.get("infoset", name))
        nodes[index] = Node(
            name,
            player,
            actions,
            tuple(children),
            infoset,
            probabilities,
            kinds=tuple(kinds) if any(kinds) else (),
            date=str(spec.get("date", "") or ""),
            description=description,
            levers=tuple(levers) if any(levers) else (),
        )
        state["visiting"].discard(name)
        state["done"].add(name)
        return index

    try:
        add(str(root), ["root"] if "root" in data else ["nodes", root], {}, ())
    except RecursionError:
        raise doc.error(
            ["nodes"], "the tree is too deep to read from YAML", "write it as Gambit .efg"
        ) from None
    for name in raw_nodes:
        if name not in state["done"]:
            raise doc.error(
                ["nodes", name],
                f"no move leads to node '{name}' (it is unreachable)",
                "link it from a move or delete it",
                key=True,
            )
    sources = read_sources(doc, data.get("sources"))
    try:
        return Tree(
            tuple(players),
            tuple(nodes),
            title=str(data.get("title", "") or ""),
            description=str(data.get("description", "") or "").strip(),
            sources=sources,
            uncertain=tuple(found),
        )
    except TreeError as exc:
        loc = where.get(exc.node, [])
        if exc.field and exc.field in (doc.get(loc) or {}):
            loc = [*loc, exc.field]
        raise doc.error(loc, exc.message, exc.hint) from None
