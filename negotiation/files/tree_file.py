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
stands then (see :mod:`negotiation.scenario.sequence`).

Every mistake is reported at its line and column, ``path:line:col: what — how to fix``:
unknown keys, a node reached twice, a cycle, an unreachable node, a leaf without
payoffs, chance probabilities not summing to 1, an information set across players or
with different moves. Reading never runs code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.yamldoc import Location, YamlDoc, decode_bytes, parse_yaml, read_text
from negotiation.game import Source, to_fraction
from negotiation.tree import CHANCE, MOVE_KINDS, Node, Tree, TreeError

__all__ = [
    "TREE_SCHEMA",
    "LeafPayoffs",
    "UncertainInput",
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
_UNCERTAIN = {"value", "range", "kind", "source", "quote", "reason", "distribution"}


@dataclass(frozen=True)
class UncertainInput:
    """A number of a tree file given with its range and provenance (e.g. a prior)."""

    path: str
    value: Fraction
    range: tuple[Fraction, Fraction] | None
    kind: str
    source: str
    reason: str
    distribution: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": float(self.value),
            "range": [float(v) for v in self.range] if self.range else None,
            "kind": self.kind,
            "source": self.source,
            "reason": self.reason,
            "distribution": self.distribution,
        }


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
    if str(path).lower().endswith(".efg") or text.lstrip().startswith("EFG "):
        from negotiation.errors import OverrideError
        from negotiation.files.efg import parse_efg

        if overrides:
            raise OverrideError(f"{path}: --set works on YAML files only — convert it first")
        return parse_efg(text, path)
    doc = parse_yaml(text, path)
    if overrides:
        from negotiation.files.overrides import apply_overrides

        apply_overrides(doc, overrides)
    return tree_from_doc(doc, leaf_payoffs)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"


def _unknown_keys(doc: YamlDoc, loc: Location, data: Mapping[str, Any], allowed: set[str]) -> None:
    import difflib

    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use one of {', '.join(sorted(allowed))}"
            )
            raise doc.error([*loc, key], f"unknown key '{key}'", hint, key=True)


def _number(doc: YamlDoc, loc: Location, value: Any, what: str) -> Fraction:
    if isinstance(value, bool) or value is None or isinstance(value, (list, Mapping)):
        raise doc.error(
            loc,
            f"{what} must be a number, got {_kind(value)}",
            "write a number such as 2, -1.5 or 1/3",
        )
    try:
        return to_fraction(value)
    except GameError:
        raise doc.error(
            loc, f"{what} must be a number, got {value!r}", "write a number such as 2, -1.5 or 1/3"
        ) from None


def _uncertain(
    doc: YamlDoc, loc: Location, value: Any, what: str, found: list[UncertainInput]
) -> Fraction:
    """A plain number, or ``{value, range, kind, source, reason, ...}`` (recorded in ``found``)."""
    if not isinstance(value, Mapping):
        return _number(doc, loc, value, what)
    _unknown_keys(doc, loc, value, _UNCERTAIN)
    if "value" not in value:
        raise doc.error(
            loc,
            f"{what} is a mapping without 'value'",
            "write {value: 0.5, range: [0.2, 0.8], ...}",
        )
    v = _number(doc, [*loc, "value"], value["value"], what)
    rng = value.get("range")
    bounds: tuple[Fraction, Fraction] | None = None
    if rng is not None:
        if not isinstance(rng, list) or len(rng) != 2:
            raise doc.error(
                [*loc, "range"], "a range is a list of two numbers", "write range: [LOW, HIGH]"
            )
        lo = _number(doc, [*loc, "range", 0], rng[0], "the range's low end")
        hi = _number(doc, [*loc, "range", 1], rng[1], "the range's high end")
        if lo > hi:
            raise doc.error(
                [*loc, "range"], "the range's low end exceeds its high end", "swap them"
            )
        bounds = (lo, hi)
    kind = str(value.get("kind", "judgement"))
    if kind not in ("fact", "estimate", "judgement"):
        raise doc.error(
            [*loc, "kind"], f"kind must be fact, estimate or judgement, got {kind!r}", "pick one"
        )
    found.append(
        UncertainInput(
            ".".join(str(p) for p in loc),
            v,
            bounds,
            kind,
            str(value.get("source", "")),
            str(value.get("reason", "")),
            str(value.get("distribution", "uniform")),
        )
    )
    return v


def tree_from_doc(doc: YamlDoc, leaf_payoffs: LeafPayoffs | None = None) -> Tree:
    """Validate a parsed tree document and build its :class:`~negotiation.tree.Tree`."""
    data = doc.data
    _unknown_keys(doc, [], data, _TOP)
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
            "read it with negotiation.scenario.sequence.read_sequence (the CLI does)",
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
                _uncertain(doc, [*loc, p], value[p], f"{p}'s payoff", found) for p in players
            )
        if not isinstance(value, list):
            raise doc.error(
                loc,
                f"payoffs must be a list of {len(players)} numbers, got {_kind(value)}",
                f"write [{', '.join(players)}] payoffs",
            )
        if len(value) != len(players):
            raise doc.error(
                loc,
                f"a leaf needs {len(players)} payoffs (one per player), got {len(value)}",
                f"write [{', '.join(players)}] in that order",
            )
        return tuple(
            _uncertain(doc, [*loc, k], v, f"{players[k]}'s payoff", found)
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
                f"node '{name}' must be a mapping, got {_kind(spec)}",
                "give it 'player' and 'moves', or 'payoffs'",
            )
        _unknown_keys(doc, loc, spec, _NODE)
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
                _unknown_keys(doc, mloc, move, _MOVE)
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
                        prob = _uncertain(
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
                    import difflib

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
                    f"a move leads to a node name or payoffs, got {_kind(target)}",
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
    sources = _sources(doc, data.get("sources"))
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


def _sources(doc: YamlDoc, raw: Any) -> tuple[Source, ...]:
    if raw is None:
        return ()
    items = (
        raw.items()
        if isinstance(raw, Mapping)
        else enumerate(raw)
        if isinstance(raw, list)
        else None
    )
    if items is None:
        raise doc.error(
            ["sources"], "'sources' must be a list or mapping of citations", "write - citation: ..."
        )
    out = []
    for key, item in items:
        if isinstance(item, str):
            out.append(Source(item))
        elif isinstance(item, Mapping) and "citation" in item:
            out.append(
                Source(
                    str(item["citation"]),
                    str(item.get("quote", "") or ""),
                    str(item.get("supports", "") or ""),
                )
            )
        else:
            raise doc.error(
                ["sources", key],
                "a source needs a citation",
                "write citation: Author (year), Title",
            )
    return tuple(out)


def tree_to_yaml(tree: Tree) -> str:
    """YAML text of ``tree`` in the tree-file format (labels, exact payoffs, infosets kept).

    >>> t = Tree.build(("A", "B"), ("A", {"L": [1, 0], "R": ("B", {"l": [0, "1/2"], "r": [2, 2]})}))
    >>> print(tree_to_yaml(t))
    version: 1
    kind: tree
    title: ''
    players: [A, B]
    nodes:
      n0:
        player: A
        moves:
          L: [1, 0]
          R: n2
      n2:
        player: B
        moves:
          l: [0, 1/2]
          r: [2, 2]
    <BLANKLINE>
    """
    import json

    def q(text: str) -> str:
        plain = (
            text
            and all(ch.isalnum() or ch in "_-. " for ch in text)
            and not text[0].isdigit()
            and text.strip() == text
        )
        plain = plain and text.lower() not in (
            "true",
            "false",
            "null",
            "yes",
            "no",
            "on",
            "off",
            "rest",
        )
        return text if plain else json.dumps(text, ensure_ascii=False)

    def num(v: Fraction) -> str:
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"

    def pays(node: Node) -> str:
        return "[" + ", ".join(num(v) for v in node.payoffs) + "]"

    lines = ["version: 1", "kind: tree", f"title: {q(tree.title) if tree.title else chr(39) * 2}"]
    if tree.description:
        lines.append(f"description: {json.dumps(tree.description, ensure_ascii=False)}")
    lines.append("players: [" + ", ".join(q(p) for p in tree.players) + "]")
    lines.append("nodes:")
    for i in tree.subtree(0):
        node = tree.nodes[i]
        named_leaf = node.is_leaf and (i == 0 or node.outcome)
        if node.is_leaf and not named_leaf:
            continue
        lines.append(f"  {q(node.name)}:")
        if node.is_leaf:
            lines.append(f"    payoffs: {pays(node)}")
            if node.outcome:
                lines.append(f"    outcome: {q(node.outcome)}")
            continue
        lines.append(f"    player: {q(node.player) if not node.is_chance else 'chance'}")
        if node.infoset and node.infoset != node.name:
            lines.append(f"    infoset: {q(node.infoset)}")
        if node.date:
            lines.append(f"    date: {q(node.date)}")
        lines.append("    moves:")
        for k, (a, c) in enumerate(zip(node.actions, node.children, strict=True)):
            child = tree.nodes[c]
            target = pays(child) if child.is_leaf and not child.outcome else q(child.name)
            extra = []
            if node.is_chance:
                extra.append(f"probability: {num(node.probabilities[k])}")
            if node.kinds and node.kinds[k]:
                extra.append(f"kind: {node.kinds[k]}")
            if extra:
                lines.append(f"      {q(a)}: {{to: {target}, {', '.join(extra)}}}")
            else:
                lines.append(f"      {q(a)}: {target}")
    return "\n".join(lines) + "\n"


#: the published JSON Schema of tree files (``payoffs/tree.schema.json``)
TREE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "negotiation game tree (kind: tree)",
    "type": "object",
    "required": ["kind", "players", "nodes"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "kind": {"const": "tree"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "players": {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}},
                    },
                ]
            },
        },
        "root": {"type": "string"},
        "scenario": {
            "type": "string",
            "description": "scenario file whose channel model builds the leaves",
        },
        "sources": {"type": ["array", "object"]},
        "nodes": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "player": {"type": "string"},
                    "infoset": {"type": "string"},
                    "date": {"type": "string"},
                    "description": {"type": "string"},
                    "outcome": {"type": "string"},
                    "payoffs": {"$ref": "#/$defs/payoffs"},
                    "moves": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {
                            "anyOf": [
                                {"type": "string"},
                                {"$ref": "#/$defs/payoffs"},
                                {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "to": {
                                            "anyOf": [
                                                {"type": "string"},
                                                {"$ref": "#/$defs/payoffs"},
                                            ]
                                        },
                                        "probability": {
                                            "anyOf": [{"const": "rest"}, {"$ref": "#/$defs/number"}]
                                        },
                                        "kind": {"enum": ["irreversible", "reimposable"]},
                                        "description": {"type": "string"},
                                        "scenario_move": {
                                            "anyOf": [{"type": "string"}, {"type": "object"}]
                                        },
                                        "set": {"type": "object"},
                                    },
                                },
                            ]
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "number": {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)(\s*/\s*\d+)?\s*$"},
                {
                    "type": "object",
                    "required": ["value"],
                    "properties": {
                        "value": {"anyOf": [{"type": "number"}, {"type": "string"}]},
                        "range": {"type": "array", "minItems": 2, "maxItems": 2},
                        "kind": {"enum": ["fact", "estimate", "judgement"]},
                        "source": {"type": "string"},
                        "quote": {"type": "string"},
                        "reason": {"type": "string"},
                        "distribution": {"enum": ["uniform", "triangular", "normal"]},
                    },
                    "additionalProperties": False,
                },
            ]
        },
        "payoffs": {
            "anyOf": [
                {"type": "array", "items": {"$ref": "#/$defs/number"}},
                {"type": "object", "additionalProperties": {"$ref": "#/$defs/number"}},
            ]
        },
    },
}
