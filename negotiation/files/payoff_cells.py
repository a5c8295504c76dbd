"""Build a :class:`~negotiation.game.Game` from a validated payoff document (format v1).

:func:`game_from_doc` validates the document's shape (pydantic, through
:mod:`negotiation.files.schema`), then reads what the schema cannot check without the
players: each player's moves, the nested ``payoffs`` cells keyed by moves in player
order, and every payoff as an exact number. Every problem is one
:class:`~negotiation.errors.PayoffFileError` at the line and column of the offending
node, with a hint (``did you mean …``).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np

from negotiation.errors import GameError, NumberError, text_problem
from negotiation.files.limits import size_problem
from negotiation.files.payoff_format import RATIONAL_PATTERN, exact_number
from negotiation.files.yamldoc import Location, YamlDoc
from negotiation.game import Game, Source, to_fraction

__all__ = ["common_unit_from_doc", "escalation_from_doc", "game_from_doc"]

_RATIONAL = re.compile(RATIONAL_PATTERN)


def game_from_doc(doc: YamlDoc) -> Game:
    """Validate an explicit payoff document (format v1) and build its :class:`Game`."""
    from negotiation.files.schema import validate_document

    if isinstance(doc.data, Mapping) and doc.data.get("kind") == "tree":
        raise doc.error(
            ["kind"],
            "this is a game tree, not a payoff matrix",
            "show, validate, convert, solve and analyse read trees; for the matrix commands "
            "use its strategic form (negotiation.extensive.strategic.reduced_strategic_form)",
        )
    model = validate_document(doc)
    players = [p.name for p in model.players]
    problem = size_problem(len(players), [_count_moves(p.moves) for p in model.players])
    if problem is not None:
        raise doc.error(["players"], problem, "write a game this large as Gambit .nfg")
    _check_player_names(doc, players)
    moves: list[tuple[str, ...]] = []
    descriptions: list[tuple[str, ...]] = []
    for i, player in enumerate(model.players):
        names, lines = _read_moves(doc, i, player.name)
        moves.append(names)
        descriptions.append(lines)
    payoffs = _read_cells(doc, players, moves)
    _read_escalation(doc, players, moves)  # checked with every load, read by the loader
    sources = [Source(s.citation, s.quote, s.supports) for s in model.sources]
    try:
        return Game(
            players,
            moves,
            payoffs,
            title=model.title,
            description=model.description.strip(),
            move_descriptions=descriptions,
            sources=sources,
        )
    except GameError as exc:  # pragma: no cover - every case is checked above with a position
        raise doc.error([], str(exc)) from None


def escalation_from_doc(doc: YamlDoc, game: Game) -> dict[str, tuple[str, ...]]:
    """The optional per-player ``escalation:`` orders of a payoff file (least → most).

    A player's ``escalation`` lists each of its moves once, least escalatory first; it
    is what leverage reads as "conciliatory" and "escalatory", so the ``moves`` can be
    listed in whatever order shows the matrix best. Without it a player escalates in
    the order its moves are listed.

    >>> from negotiation.files import parse_document
    >>> doc = parse_document('''
    ... version: 1
    ... title: t
    ... players:
    ...   - {name: A, moves: [x, y], escalation: [y, x]}
    ...   - {name: B, moves: [x, y]}
    ... payoffs: {x: {x: [1, 1], y: [0, 0]}, y: {x: [0, 0], y: [2, 2]}}
    ... ''')
    >>> escalation_from_doc(doc, game_from_doc(doc))
    {'A': ('y', 'x')}
    """
    return _read_escalation(doc, list(game.players), [tuple(m) for m in game.moves])


def common_unit_from_doc(doc: YamlDoc) -> bool:
    """Whether a (validated) payoff file declares ``common_unit: true``: every player's
    payoffs in one unit, so the tool may add and compare them across players.

    >>> from negotiation.files import parse_document
    >>> doc = parse_document('''
    ... version: 1
    ... title: t
    ... common_unit: true
    ... players: [{name: A, moves: [x]}]
    ... payoffs: {x: [1]}
    ... ''')
    >>> common_unit_from_doc(doc)
    True
    """
    data = doc.data
    return isinstance(data, Mapping) and data.get("common_unit") is True


def _read_escalation(
    doc: YamlDoc, players: list[str], moves: list[tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for i, player in enumerate(players):
        loc: list[str | int] = ["players", i, "escalation"]
        raw = doc.get(loc) if isinstance(doc.get(["players", i]), Mapping) else None
        if raw is None:
            continue
        hint = f"list {player}'s moves from least to most escalatory: [{', '.join(moves[i])}]"
        if not isinstance(raw, list):
            raise doc.error(loc, f"the escalation order of {player} must be a list", hint)
        seen: dict[str, int] = {}
        for k, item in enumerate(raw):
            name = (
                str(item) if isinstance(item, (str, int)) and not isinstance(item, bool) else None
            )
            if name is None or name not in moves[i]:
                raise doc.error(
                    [*loc, k],
                    f"{item!r} in the escalation order of {player} is not one of its moves",
                    hint,
                )
            if name in seen:
                raise doc.error(
                    [*loc, k],
                    f"'{name}' appears twice in the escalation order of {player} "
                    f"(first as item {seen[name] + 1})",
                    hint,
                )
            seen[name] = k
        missing = [m for m in moves[i] if m not in seen]
        if missing:
            raise doc.error(
                loc,
                f"the escalation order of {player} leaves out {', '.join(missing)}",
                hint,
            )
        out[player] = tuple(str(m) for m in raw)
    return out


def _count_moves(moves: Any) -> int:
    return len(moves) if isinstance(moves, (Mapping, list)) else 1


def _check_player_names(doc: YamlDoc, players: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(players):
        if not name.strip():
            raise doc.error(["players", i, "name"], "the player's name is empty", "name the player")
        problem = text_problem(name, name=True)
        if problem is not None:
            raise doc.error(
                ["players", i, "name"], f"the player's name {problem}", "retype the name"
            )
        if name in seen:
            first = doc.position(["players", seen[name], "name"])[0]
            raise doc.error(
                ["players", i, "name"],
                f"duplicate player name '{name}' (first at line {first})",
                "give every player its own name",
            )
        seen[name] = i


def _read_moves(doc: YamlDoc, i: int, player: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    loc: list[str | int] = ["players", i, "moves"]
    raw = doc.get(loc)
    names: list[str] = []
    lines: list[str] = []
    if isinstance(raw, Mapping):
        for key, description in raw.items():
            key_loc = [*loc, key]
            names.append(_move_name(doc, key_loc, key, player, key=True))
            if description is None:
                description = ""
            if not isinstance(description, str):
                raise doc.error(
                    key_loc,
                    f"the description of move '{key}' must be text, got {description!r}",
                    "write a one-line description in quotes",
                )
            text = description.strip()
            if "\n" in text:
                raise doc.error(
                    key_loc,
                    f"the description of move '{key}' runs over several lines",
                    "keep move descriptions to one line; longer text belongs in 'description'",
                )
            lines.append(text)
    elif isinstance(raw, list):
        first_line: dict[str, int] = {}
        for k, item in enumerate(raw):
            name = _move_name(doc, [*loc, k], item, player)
            if name in first_line:
                raise doc.error(
                    [*loc, k],
                    f"duplicate move '{name}' for {player} (first at line {first_line[name]})",
                    "give every move its own label",
                )
            first_line[name] = doc.position([*loc, k])[0]
            names.append(name)
            lines.append("")
    else:
        raise doc.error(
            loc,
            f"the moves of {player} must be a mapping from move label to description, "
            f"got {_kind(raw)}",
            "write e.g. 'moves: {cooperate: stay silent, defect: confess}'",
        )
    if not names:
        raise doc.error(loc, f"{player} has no moves", "list at least one move")
    return tuple(names), tuple(lines)


def _move_name(doc: YamlDoc, loc: Location, value: Any, player: str, *, key: bool = False) -> str:
    if isinstance(value, bool) or value is None or not isinstance(value, (str, int)):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise doc.error(loc, f"a move of {player} has an empty name", "name the move", key=key)
        raise doc.error(
            loc,
            f"move labels must be text, got {value!r}",
            "put the label in quotes",
            key=key,
        )
    name = str(value)
    if not name.strip():
        raise doc.error(loc, f"a move of {player} has an empty name", "name the move", key=key)
    problem = text_problem(name, name=True)
    if problem is not None:
        raise doc.error(loc, f"a move name of {player} {problem}", "retype the name", key=key)
    return name


def _read_cells(doc: YamlDoc, players: list[str], moves: list[tuple[str, ...]]) -> np.ndarray:
    n = len(players)
    shape = tuple(len(m) for m in moves)
    array = np.empty((n, *shape), dtype=object)
    root = doc.get(["payoffs"])
    _check_level(doc, ["payoffs"], root, 0, players, moves)
    for index in product(*(range(k) for k in shape)):
        labels = [moves[i][k] for i, k in enumerate(index)]
        loc: list[str | int] = ["payoffs"]
        node = root
        for label in labels:
            key = _raw_key(node, label)
            loc.append(key)
            node = node[key]
        values = _read_cell(doc, loc, node, players, labels)
        for i, value in enumerate(values):
            array[(i, *index)] = value
    return array


def key_label(key: Any) -> Any:
    return str(key) if isinstance(key, int) and not isinstance(key, bool) else key


def _raw_key(node: Mapping[Any, Any], label: str) -> Any:
    """The key as written in the file (``1`` for a move labelled "1")."""
    for key in node:
        if key_label(key) == label:
            return key
    raise KeyError(label)  # pragma: no cover - _check_level made sure it is there


def _check_level(
    doc: YamlDoc,
    loc: list[str | int],
    node: Any,
    depth: int,
    players: list[str],
    moves: list[tuple[str, ...]],
) -> None:
    """Check that ``node`` maps exactly player ``depth``'s moves, then recurse."""
    player = players[depth]
    expected = moves[depth]
    layout = " -> ".join(f"{p}'s move" for p in players) + " -> [" + ", ".join(players) + "]"
    if not isinstance(node, Mapping):
        place = "'payoffs'" if depth == 0 else f"'{'.'.join(str(p) for p in loc)}'"
        raise doc.error(
            loc,
            f"{place} must be a mapping keyed by {player}'s moves, got {_kind(node)}",
            f"nest the cells one level per player: {layout}",
        )
    keys = [key_label(k) for k in node]
    for raw_key, key in zip(node, keys, strict=True):
        if key not in expected:
            close = difflib.get_close_matches(str(key), expected, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise doc.error(
                [*loc, raw_key],
                f"'{key}' is not a move of {player}",
                f"{hint}{player}'s moves are: {', '.join(expected)}",
                key=True,
            )
    for move in expected:
        if move not in keys:
            where = "'payoffs'" if depth == 0 else f"'{'.'.join(str(p) for p in loc)}'"
            raise doc.error(
                loc,
                f"missing payoffs for {player}'s move '{move}' under {where}",
                f"add '{move}:' with its cells ({layout})",
                key=True,  # at the key that lacks the entry, e.g. the 'defect:' line
            )
    if depth + 1 < len(players):
        for raw_key in node:
            _check_level(doc, [*loc, raw_key], node[raw_key], depth + 1, players, moves)


def _read_cell(
    doc: YamlDoc, loc: list[str | int], cell: Any, players: list[str], labels: list[str]
) -> list[Fraction]:
    n = len(players)
    profile = "(" + ", ".join(labels) + ")"
    order = ", ".join(players)
    if isinstance(cell, list):
        if len(cell) != n:
            raise doc.error(
                loc,
                f"the cell {profile} has {len(cell)} payoff{'s' if len(cell) != 1 else ''} "
                f"but the game has {n} player{'s' if n != 1 else ''} ({order})",
                f"write one payoff per player, in the order {order}",
            )
        return [_number(doc, [*loc, i], v) for i, v in enumerate(cell)]
    if isinstance(cell, Mapping):
        cell = {key_label(key): value for key, value in cell.items()}
        for key in cell:
            if key not in players:
                close = difflib.get_close_matches(str(key), players, n=1, cutoff=0.5)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise doc.error(
                    [*loc, key],
                    f"'{key}' is not a player (in the cell {profile})",
                    f"{hint}the players are: {order}",
                    key=True,
                )
        for player in players:
            if player not in cell:
                raise doc.error(
                    loc,
                    f"the cell {profile} has no payoff for {player}",
                    f"add '{player}: <number>' or write the cell as a list [{order}]",
                )
        return [_number(doc, [*loc, p], cell[p]) for p in players]
    raise doc.error(
        loc,
        f"the cell {profile} must list one payoff per player, got {_kind(cell)}",
        f"write the cell as a list in player order, e.g. [{', '.join('0' for _ in players)}]",
    )


def _number(doc: YamlDoc, loc: Location, value: Any) -> Fraction:
    """A payoff as an exact Fraction, or a positioned error saying why it is not one."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise doc.error(
            loc,
            f"payoff must be a number, got {_kind(value)}",
            "write a number such as 3, -1.5 or 3/2",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise doc.error(
            loc,
            f"payoff must be a finite number, got {_yaml_float(value)}",
            "use a large finite number instead",
        )
    if isinstance(value, str):
        if not _RATIONAL.match(value):
            raise doc.error(
                loc,
                f"payoff must be a number, got the text {_clip(value)!r}",
                "write a number such as 3, -1.5 or 3/2",
            )
        try:
            return exact_number(value)
        except NumberError as exc:
            if exc.reason == "divides by zero":
                raise doc.error(
                    loc, f"payoff {_clip(value)!r} divides by zero", "fix the denominator"
                ) from None
            raise doc.error(
                loc, f"payoff {_clip(value)!r} {exc.reason}", "write a plainer number"
            ) from None
    if isinstance(value, (int, float)):
        return to_fraction(value)
    raise doc.error(  # pragma: no cover - YAML yields no other scalar types
        loc, f"payoff must be a number, got {value!r}", "write a number such as 3, -1.5 or 3/2"
    )


def _clip(text: str) -> str:
    return text if len(text) <= 24 else text[:21] + "..."


def _yaml_float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    return ".inf" if value > 0 else "-.inf"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a long text"
    return f"the number {value!r}" if isinstance(value, (int, float)) else repr(value)
