"""Read and write Gambit ``.efg`` extensive-form games, exactly and with labels kept.

The format (Gambit's "EFG 2 R", documented in the Gambit manual, "File formats") lists
the players, then the nodes in depth-first order, one per line::

    EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
    ""
    p "" 1 1 "" { "out" "in" } 0
    t "" 1 "stay out" { 0, 2 }
    p "" 2 1 "respond" { "fight" "accommodate" } 0
    t "" 2 "" { -1, -1 }
    t "" 3 "" { 1, 1 }

``p`` is a decision (node name, player number, information-set number and name, the
actions, an outcome), ``c`` a chance move (its actions each followed by a probability),
``t`` a leaf. An *outcome* is a numbered payoff vector that may sit on any node (the
"outcome form"): a leaf's payoff is the sum of the outcomes met on the path to it, the
"payoff form" this package keeps. Numbers are read as exact rationals (``1/2``, ``0.25``).
Reading never runs code; a malformed file raises one
:class:`~negotiation.errors.PayoffFileError` at its line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import IO, Any

from negotiation.errors import PayoffFileError
from negotiation.files.atomic import atomic_write_text
from negotiation.files.yamldoc import decode_bytes, read_text
from negotiation.tree import CHANCE, Node, Tree, TreeError

__all__ = ["format_efg", "parse_efg", "read_efg", "write_efg"]

_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}])|(,)|([^\s{}",]+))', re.S)
#: most nodes read from one file
MAX_NODES = 1_000_000


class _Tokens:
    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.items: list[tuple[str, str, int]] = []  # (kind, value, offset)
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise self.error_at(pos, "cannot read this", "check the quotes and braces")
            pos = m.end()
            if m.group(1) is not None:
                raw = m.group(1)[1:-1]
                self.items.append(("str", re.sub(r"\\(.)", r"\1", raw), m.start(1)))
            elif m.group(2) is not None:
                self.items.append((m.group(2), m.group(2), m.start(2)))
            elif m.group(4) is not None:
                self.items.append(("word", m.group(4), m.start(4)))
        self.k = 0

    def where(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def error_at(self, offset: int, message: str, hint: str = "") -> PayoffFileError:
        return PayoffFileError(self.path, *self.where(offset), message, hint)

    def error(self, message: str, hint: str = "") -> PayoffFileError:
        offset = self.items[self.k][2] if self.k < len(self.items) else len(self.text)
        if self.k >= len(self.items):
            message += " (the file ends early)"
        return self.error_at(offset, message, hint)

    def peek(self) -> tuple[str, str, int] | None:
        return self.items[self.k] if self.k < len(self.items) else None

    def take(self, kind: str, what: str) -> str:
        item = self.peek()
        if item is None or item[0] != kind:
            raise self.error(f"expected {what}")
        self.k += 1
        return item[1]

    def number(self, what: str) -> Fraction:
        item = self.peek()
        if item is None or item[0] != "word":
            raise self.error(f"expected {what}", "write a number such as 2, -1.5 or 1/3")
        try:
            value = Fraction(item[1])
        except (ValueError, ZeroDivisionError):
            raise self.error(
                f"{what} must be a number, got {item[1]!r}", "write a number such as 2, -1.5 or 1/3"
            ) from None
        self.k += 1
        return value

    def integer(self, what: str) -> int:
        item = self.peek()
        if item is None or item[0] != "word" or not item[1].isdigit():
            raise self.error(f"expected {what} (a whole number)")
        self.k += 1
        return int(item[1])


def read_efg(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Tree:
    """Read a Gambit ``.efg`` file (a path or an open file) as a :class:`~negotiation.tree.Tree`."""
    name, text = read_text(source)
    return parse_efg(text, name)


def parse_efg(text: str | bytes, path: str = "<string>") -> Tree:
    """Parse ``.efg`` text.

    Examples
    --------
    >>> tree = parse_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "respond" { "fight" "accommodate" } 0
    ... t "" 2 "" { -1, -1 }
    ... t "" 3 "" { 1, 1 }
    ... ''')
    >>> print(tree.outline())
    Entrant [Entrant:1]
      out -> 0, 2  (stay out)
      in -> Incumbent [respond]
        fight -> -1, -1
        accommodate -> 1, 1
    >>> parse_efg('EFG 2 R "x" { "A" }\\n""\\nt "" 1 "" { 1, 2 }\\n', "g.efg")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: g.efg:3:6: outcome 1 has 2 payoffs but the game has 1 player — write one payoff per player
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode_bytes(bytes(text), path)
    tok = _Tokens(text, path)
    head = tok.peek()
    if head is None or head[1] != "EFG":
        raise tok.error("not a Gambit extensive-form file", "it must start with 'EFG 2 R'")
    tok.k += 1
    version = tok.take("word", "the format version, 2")
    if version != "2":
        raise tok.error(f"format version {version} is not supported", "save it as EFG 2 R")
    tok.take("word", "'R' (rational numbers)")
    title = tok.take("str", "the title in quotes")
    tok.take("{", "'{' before the player names")
    players: list[str] = []
    while (item := tok.peek()) is not None and item[0] == "str":
        players.append(item[1])
        tok.k += 1
    tok.take("}", "'}' after the player names")
    if not players:
        raise tok.error("the game lists no players", "name at least one player")
    description = ""
    if (item := tok.peek()) is not None and item[0] == "str":
        description = item[1]
        tok.k += 1
    outcomes: dict[int, tuple[str, tuple[Fraction, ...]]] = {}
    infosets: dict[tuple[str, int], tuple[str, tuple[str, ...], tuple[Fraction, ...]]] = {}
    raw: list[dict[str, Any]] = []
    offsets: list[int] = []

    def read_outcome() -> tuple[Fraction, ...] | None:
        start = tok.peek()
        number = tok.integer("an outcome number (0 for none)")
        label = ""
        if (item := tok.peek()) is not None and item[0] == "str":
            label = item[1]
            tok.k += 1
        pays: list[Fraction] = []
        if (item := tok.peek()) is not None and item[0] == "{":
            tok.k += 1
            while (item := tok.peek()) is not None and item[0] != "}":
                if item[0] == ",":
                    tok.k += 1
                    continue
                pays.append(tok.number("a payoff"))
            tok.take("}", "'}' after the payoffs")
            if number == 0:
                raise tok.error_at(
                    start[2] if start else 0,
                    "outcome 0 means none and takes no payoffs",
                    "number the outcome from 1",
                )
            if len(pays) != len(players):
                raise tok.error_at(
                    start[2] if start else 0,
                    f"outcome {number} has {len(pays)} payoffs but the game has {len(players)} "
                    f"player{'s' if len(players) != 1 else ''}",
                    "write one payoff per player",
                )
            if number in outcomes and outcomes[number][1] != tuple(pays):
                raise tok.error_at(
                    start[2] if start else 0,
                    f"outcome {number} is given two different payoff vectors",
                    "number the second one differently",
                )
            outcomes[number] = (label, tuple(pays))
        elif number and number not in outcomes:
            raise tok.error_at(
                start[2] if start else 0,
                f"outcome {number} is used before its payoffs are given",
                "write its payoffs in braces at its first use",
            )
        if number == 0:
            return None
        return outcomes[number][1]

    while (item := tok.peek()) is not None:
        _kind, value, offset = item
        if value not in ("p", "c", "t"):
            raise tok.error(f"expected a node ('p', 'c' or 't'), got {value!r}")
        tok.k += 1
        if len(raw) >= MAX_NODES:
            raise tok.error_at(offset, f"more than {MAX_NODES} nodes")
        name = tok.take("str", "the node's name in quotes")
        entry: dict[str, Any] = {"kind": value, "name": name}
        if value == "t":
            start = tok.peek()
            entry["outcome_label"] = ""
            if start is not None and start[0] == "word":
                number = int(start[1]) if start[1].isdigit() else -1
                pays = read_outcome()
                entry["outcome"] = pays
                entry["outcome_label"] = outcomes.get(number, ("", ()))[0]
            else:
                raise tok.error("expected an outcome number after the leaf's name")
        else:
            if value == "p":
                pnum = tok.integer("the player's number")
                if not 1 <= pnum <= len(players):
                    raise tok.error_at(
                        tok.items[tok.k - 1][2],
                        f"player {pnum} does not exist",
                        f"players are numbered 1 to {len(players)}",
                    )
                owner = players[pnum - 1]
            else:
                owner = CHANCE
            inum = tok.integer("the information set's number")
            iname = ""
            if (item := tok.peek()) is not None and item[0] == "str":
                iname = item[1]
                tok.k += 1
            key = (owner, inum)
            acts: list[str] = []
            probs: list[Fraction] = []
            if (item := tok.peek()) is not None and item[0] == "{":
                tok.k += 1
                while (item := tok.peek()) is not None and item[0] == "str":
                    acts.append(item[1])
                    tok.k += 1
                    if value == "c":
                        probs.append(tok.number("a chance probability"))
                tok.take("}", "'}' after the actions")
                acts = _distinct(acts)
                if not acts:
                    raise tok.error_at(
                        offset, "a decision or chance node needs at least one action"
                    )
                if key in infosets and infosets[key][1] != tuple(acts):
                    raise tok.error_at(
                        offset,
                        f"information set {inum} of {owner} lists different actions here",
                        "nodes of one information set need the same actions",
                    )
                infosets.setdefault(key, (iname, tuple(acts), tuple(probs)))
            elif key in infosets:
                iname, acts_t, probs_t = infosets[key]
                acts, probs = list(acts_t), list(probs_t)
            else:
                raise tok.error(
                    "expected the actions in braces",
                    "list them at the first node of the information set",
                )
            entry.update(
                owner=owner,
                inum=inum,
                iname=iname or infosets[key][0],
                actions=tuple(acts),
                probs=tuple(probs),
            )
            entry["outcome"] = read_outcome()
        raw.append(entry)
        offsets.append(offset)
    if not raw:
        raise tok.error("the game has no nodes", "add at least a root")
    return _assemble(players, raw, offsets, tok, title, description)


def _assemble(
    players: list[str],
    raw: list[dict[str, Any]],
    offsets: list[int],
    tok: _Tokens,
    title: str,
    description: str,
) -> Tree:
    n = len(raw)
    children: list[list[int]] = [[] for _ in range(n)]
    stack: list[int] = []
    for i, entry in enumerate(raw):
        if stack:
            parent = stack[-1]
            children[parent].append(i)
            if len(children[parent]) == len(raw[parent]["actions"]):
                stack.pop()
        elif i:
            raise tok.error_at(
                offsets[i],
                "this node is left over after the tree is complete",
                "remove it, or add an action to a node above",
            )
        if entry["kind"] != "t":
            stack.append(i)
    if stack:
        raise tok.error_at(
            len(tok.text),
            f"node {stack[-1] + 1} lacks children for some actions (the file ends early)",
        )
    # names: keep the file's when unique, else n<k>
    names = [e["name"] for e in raw]
    counts: dict[str, int] = {}
    for nm in names:
        counts[nm] = counts.get(nm, 0) + 1
    node_names: list[str] = []
    taken: set[str] = set()
    for k, nm in enumerate(names):
        candidate = nm if nm and counts[nm] == 1 else f"n{k}"
        while candidate in taken:
            candidate += "'"
        taken.add(candidate)
        node_names.append(candidate)
    # infoset names: the file's when given and unique per (owner, number)
    label_of: dict[tuple[str, int], str] = {}
    used: dict[str, tuple[str, int]] = {}
    for e in raw:
        if e["kind"] != "p":
            continue
        key = (e["owner"], e["inum"])
        if key in label_of:
            continue
        label = e["iname"] or f"{e['owner']}:{e['inum']}"
        if label in used or label in ("", CHANCE):
            label = f"{e['owner']}:{e['inum']}"
        used[label] = key
        label_of[key] = label
    accumulated: list[tuple[Fraction, ...]] = [()] * n
    nodes: list[Node] = []
    for i, e in enumerate(raw):
        own = e["outcome"] or tuple(Fraction(0) for _ in players)
        base = accumulated[i] or tuple(Fraction(0) for _ in players)
        total = tuple(a + b for a, b in zip(base, own, strict=True))
        for c in children[i]:
            accumulated[c] = total
        if e["kind"] == "t":
            nodes.append(Node(node_names[i], payoffs=total, outcome=e.get("outcome_label", "")))
        elif e["kind"] == "c":
            nodes.append(
                Node(node_names[i], CHANCE, e["actions"], tuple(children[i]), "", e["probs"])
            )
        else:
            nodes.append(
                Node(
                    node_names[i],
                    e["owner"],
                    e["actions"],
                    tuple(children[i]),
                    label_of[(e["owner"], e["inum"])],
                )
            )
    try:
        return Tree(tuple(players), tuple(nodes), title=title, description=description)
    except TreeError as exc:
        where = offsets[node_names.index(exc.node)] if exc.node in node_names else 0
        raise tok.error_at(where, exc.message, exc.hint) from None


def _distinct(labels: list[str]) -> list[str]:
    """Labels made distinct (Gambit allows two actions of one node to share a label)."""
    out: list[str] = []
    for label in labels:
        candidate, k = label, 1
        while candidate in out:
            k += 1
            candidate = f"{label} ({k})"
        out.append(candidate)
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: Fraction) -> str:
    value = Fraction(value)
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _preorder(tree: Tree) -> Iterator[int]:
    return tree.subtree(0)


def format_efg(tree: Tree) -> str:
    """The ``.efg`` text of ``tree``: labels kept, payoffs as exact rationals, one outcome per leaf.

    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("A", "B"), ("A", {"L": [1, 0], "R": ("B", {"l": [0, "1/2"], "r": [2, 2]})}))
    >>> print(format_efg(t))
    EFG 2 R "" { "A" "B" }
    ""
    <BLANKLINE>
    p "n0" 1 1 "n0" { "L" "R" } 0
    t "n1" 1 "" { 1, 0 }
    p "n2" 2 1 "n2" { "l" "r" } 0
    t "n3" 2 "" { 0, 1/2 }
    t "n4" 3 "" { 2, 2 }
    <BLANKLINE>
    """
    lines = [
        f"EFG 2 R {_quote(tree.title)} {{ {' '.join(_quote(p) for p in tree.players)} }}",
        _quote(tree.description),
        "",
    ]
    numbers: dict[str, int] = {}
    per_player: dict[str, int] = {}
    chance = 0
    outcome = 0
    for i in _preorder(tree):
        node = tree.nodes[i]
        if node.is_leaf:
            outcome += 1
            pays = ", ".join(_number(v) for v in node.payoffs)
            lines.append(f"t {_quote(node.name)} {outcome} {_quote(node.outcome)} {{ {pays} }}")
        elif node.is_chance:
            chance += 1
            acts = " ".join(
                f"{_quote(a)} {_number(p)}"
                for a, p in zip(node.actions, node.probabilities, strict=True)
            )
            lines.append(f'c {_quote(node.name)} {chance} "" {{ {acts} }} 0')
        else:
            if node.infoset not in numbers:
                per_player[node.player] = per_player.get(node.player, 0) + 1
                numbers[node.infoset] = per_player[node.player]
            pnum = tree.players.index(node.player) + 1
            acts = " ".join(_quote(a) for a in node.actions)
            lines.append(
                f"p {_quote(node.name)} {pnum} {numbers[node.infoset]} {_quote(node.infoset)} {{ {acts} }} 0"
            )
    return "\n".join(lines) + "\n"


def write_efg(tree: Tree, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
    """Write ``tree`` as ``.efg`` atomically; refuses to replace a file unless ``overwrite``."""
    atomic_write_text(path, format_efg(tree), overwrite=overwrite)
