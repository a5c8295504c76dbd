"""Read, parse and write payoff files: YAML format v1 and Gambit ``.nfg``.

The verbs follow networkx's ``read_*`` / ``parse_*`` / ``write_*``:

* :func:`read_payoffs` takes a path or an open file, picks the format by extension
  (``.nfg`` is Gambit's, anything else is YAML), applies ``--set`` overrides and returns a
  :class:`~negotiation.game.Game`. A YAML *scenario* (a file with ``channels`` or
  ``pressures``) is refused here: :func:`negotiation.workflows.load.load_model` builds it.
* :func:`read_document` / :func:`parse_document` tell ``.nfg`` from YAML once and return
  the parsed document (or the ``.nfg`` game), for the loader.
* :func:`parse_payoffs` does the same for text already in memory.
* :func:`write_payoffs` writes a game atomically, refusing to replace a file unless asked;
  when it replaces a YAML payoff file it keeps the user's comments.

Every malformed file raises one :class:`~negotiation.errors.PayoffFileError` whose
message reads ``path:line:col: what is wrong — how to fix it``. Reading never runs code.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import IO, Any

import numpy as np
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from negotiation.errors import (
    GameError,
    NumberError,
    OverrideError,
    PayoffFileError,
    text_problem,
)
from negotiation.files.atomic import atomic_write_text, resolve_target
from negotiation.files.limits import size_problem
from negotiation.files.numbers import NUMBER_PATTERN, parse_number
from negotiation.files.yamldoc import (
    Location,
    YamlDoc,
    decode_bytes,
    dump_yaml,
    parse_yaml,
    read_text,
)
from negotiation.game import Game, Source, format_number, to_fraction

__all__ = [
    "escalation_from_doc",
    "format_payoffs",
    "game_from_doc",
    "game_to_yaml_data",
    "is_scenario",
    "lost_in_conversion",
    "parse_payoffs",
    "read_payoffs",
    "write_payoffs",
]

Overrides = Sequence[str] | Mapping[str, Any]

#: the format version written (pydantic, used to validate, loads only when reading YAML)
FORMAT_VERSION = 1
#: payoffs written as text: integers, decimals and fractions such as "3/2" or "-0.25"
RATIONAL_PATTERN = NUMBER_PATTERN
_RATIONAL = re.compile(RATIONAL_PATTERN)


# ------------------------------------------------------------------------------ reading
def read_payoffs(
    source: str | os.PathLike[str] | IO[str] | IO[bytes], overrides: Overrides = ()
) -> Game:
    """Read a plain payoff file (YAML format v1 or Gambit ``.nfg``) as a :class:`Game`.

    A scenario file (one that declares ``pressures`` or ``channels``) is refused with a
    pointer to :func:`negotiation.read_payoffs` / :func:`negotiation.workflows.load_model`,
    which build it: this package never imports :mod:`negotiation.scenario`.

    Parameters
    ----------
    source
        A path or an open file. Files named ``*.nfg`` are read as Gambit strategic games;
        anything else as YAML.
    overrides
        What-if changes applied before validation, ``["payoffs.defect.defect.0=2"]`` or
        ``{"payoffs.defect.defect.0": 2}`` (see :func:`negotiation.files.apply_overrides`).

    Returns
    -------
    Game
        Players and moves as labelled in the file, payoffs kept exactly.

    Raises
    ------
    PayoffFileError
        With the file's path, the line and column of the problem, and a hint.

    Examples
    --------
    >>> import io
    >>> text = '''
    ... version: 1
    ... title: Matching pennies
    ... players:
    ...   - name: Even
    ...     moves: {heads: show heads, tails: show tails}
    ...   - name: Odd
    ...     moves: {heads: show heads, tails: show tails}
    ... payoffs:
    ...   heads: {heads: [1, -1], tails: [-1, 1]}
    ...   tails: {heads: [-1, 1], tails: [1, -1]}
    ... '''
    >>> game = read_payoffs(io.StringIO(text))
    >>> print(game)
    Even \\ Odd  heads  tails
    heads       1, -1  -1, 1
    tails       -1, 1  1, -1
    """
    name, text = read_text(source)
    return parse_payoffs(text, name, overrides)


def parse_payoffs(text: str | bytes, path: str = "<string>", overrides: Overrides = ()) -> Game:
    """Parse payoff-file text (or bytes); ``path`` names it in messages and picks the format.

    >>> parse_payoffs("version: 1\\ntitle: x\\nplayers: []\\npayoffs: {}\\n", "g.yaml")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: g.yaml:3:10: 'players' lists nothing — a game needs at least one player
    """
    document = parse_document(text, path, overrides)
    if isinstance(document, Game):
        return document
    if is_scenario(document):
        raise PayoffFileError(
            path,
            1,
            1,
            "this is a scenario file (it declares pressures or channels), not a plain payoff file",
            "read it with negotiation.read_scenario, negotiation.read_payoffs or "
            "negotiation.workflows.load_model",
        )
    return game_from_doc(document)


def read_document(
    source: str | os.PathLike[str] | IO[str] | IO[bytes], overrides: Overrides = ()
) -> YamlDoc | Game:
    """A YAML file's parsed document (overrides applied), or a Gambit ``.nfg`` file's game.

    The one place the format is told apart (by the name ``*.nfg``, else by an ``NFG``
    first line for names that are not ``*.yaml``/``*.yml``); the loader of
    :mod:`negotiation.workflows.load` builds a scenario or a game from the result.

    >>> import io
    >>> read_document(io.StringIO("version: 1\\nplayers: []\\n")).data["players"]
    []
    """
    name, text = read_text(source)
    return parse_document(text, name, overrides)


def parse_document(
    text: str | bytes, path: str = "<string>", overrides: Overrides = ()
) -> YamlDoc | Game:
    """:func:`read_document` on text already read (``path`` names it and picks the format)."""
    if isinstance(text, (bytes, bytearray)):
        text = decode_bytes(bytes(text), path)
    if _looks_like_nfg(path, text):
        from negotiation.files.nfg import parse_nfg

        if overrides:
            raise OverrideError(
                f"{path}: --set works on YAML files only — convert it first, e.g. "
                f"negotiation convert {path} game.yaml"
            )
        return parse_nfg(text, path)
    doc = parse_yaml(text, path)
    if overrides:
        from negotiation.files.overrides import apply_overrides

        apply_overrides(doc, overrides)
    return doc


def is_scenario(doc: YamlDoc) -> bool:
    """True for a scenario file (a top-level ``channels`` or ``pressures`` key)."""
    return isinstance(doc.data, Mapping) and ("channels" in doc.data or "pressures" in doc.data)


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


def _label(key: Any) -> Any:
    return str(key) if isinstance(key, int) and not isinstance(key, bool) else key


def _raw_key(node: Mapping[Any, Any], label: str) -> Any:
    """The key as written in the file (``1`` for a move labelled "1")."""
    for key in node:
        if _label(key) == label:
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
    keys = [_label(k) for k in node]
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
        cell = {_label(key): value for key, value in cell.items()}
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


def exact_number(text: str) -> Fraction:
    """The exact value of a number written as text: ``"3/2"``, ``"-0.25"``, ``"1e3"``.

    Refuses absurd sizes (over 1000 characters, exponents beyond ±1000) with
    :class:`~negotiation.errors.NumberError` (a ``ValueError``) whose ``reason`` says
    why, so a malicious file cannot make the reader compute ``10**999999999``. The one
    number reader is :func:`negotiation.files.numbers.parse_number`.

    >>> exact_number("3/2"), exact_number(" -1.25e1 "), exact_number(".5/2")
    (Fraction(3, 2), Fraction(-25, 2), Fraction(1, 4))
    """
    return parse_number(text, what="number")


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


def _looks_like_nfg(path: str, text: str) -> bool:
    if str(path).lower().endswith(".nfg"):
        return True
    if str(path).lower().endswith((".yaml", ".yml")):
        return False
    return text.lstrip().startswith("NFG")


# ------------------------------------------------------------------------------ writing
def game_to_yaml_data(game: Game) -> CommentedMap:
    """The YAML format-v1 tree of a game (cells as flow lists in player order)."""
    data = CommentedMap()
    data["version"] = FORMAT_VERSION
    data["title"] = game.title
    if game.description:
        text = game.description
        data["description"] = LiteralScalarString(text + "\n") if "\n" in text else text
    players = CommentedSeq()
    for i, name in enumerate(game.players):
        player = CommentedMap()
        player["name"] = name
        moves = CommentedMap()
        lines = game.move_descriptions[i] if game.move_descriptions else ()
        for k, move in enumerate(game.moves[i]):
            moves[move] = " ".join(lines[k].split()) if lines else ""  # one line each
        player["moves"] = moves
        players.append(player)
    data["players"] = players
    data["payoffs"] = _cells_tree(game, ())
    layout = " -> ".join(f"{p}'s move" for p in game.players)
    data.yaml_set_comment_before_after_key(
        "payoffs", before=f"{layout} -> [{', '.join(game.players)}]"
    )
    sources = CommentedSeq()
    for s in game.sources:
        entry = CommentedMap()
        entry["citation"] = s.citation
        if s.quote:
            entry["quote"] = s.quote
        if s.supports:
            entry["supports"] = s.supports
        sources.append(entry)
    data["sources"] = sources
    return data


def _cells_tree(game: Game, prefix: tuple[int, ...]) -> Any:
    depth = len(prefix)
    if depth == game.n_players:
        cell = CommentedSeq(_yaml_number(game.exact[(i, *prefix)]) for i in range(depth))
        cell.fa.set_flow_style()
        return cell
    node = CommentedMap()
    for k, move in enumerate(game.moves[depth]):
        node[move] = _cells_tree(game, (*prefix, k))
    if depth == game.n_players - 1:
        node.fa.set_block_style()
    return node


def _yaml_number(value: Fraction) -> int | float | str:
    text = format_number(value)
    if value.denominator == 1:
        return int(value.numerator)
    if "/" in text:
        return text
    number = float(text)
    return number if to_fraction(number) == value else f"{value.numerator}/{value.denominator}"


def format_payoffs(game: Game) -> str:
    """YAML format-v1 text of a game.

    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
    >>> print(format_payoffs(g))  # doctest: +ELLIPSIS
    version: 1
    title: PD
    players:
      - name: Row
        moves:
          r1: ''
          r2: ''
    ...
    # Row's move -> Column's move -> [Row, Column]
    payoffs:
      r1:
        c1: [3, 3]
        c2: [0, 5]
    ...
    """
    return dump_yaml(game_to_yaml_data(game))


def write_payoffs(
    game: Game,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    nfg_body: str = "payoffs",
    force: bool = False,
) -> None:
    """Write a game to ``path``: Gambit ``.nfg`` by extension, YAML format v1 otherwise.

    The write is atomic (a temporary file renamed into place). An existing file is
    replaced only with ``overwrite=True``; if it is a YAML payoff file, its comments and
    the styles of unchanged values are kept. ``nfg_body`` is ``"payoffs"`` (a flat payoff
    list) or ``"outcomes"`` (Gambit's outcome version). ``force=True`` also replaces a
    read-only file. The text is read back before it replaces anything and must give the
    same game (see :func:`~negotiation.files.atomic.atomic_write_text` for the rest).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
    >>> write_payoffs(g, folder / "pd.yaml")
    >>> read_payoffs(folder / "pd.yaml") == g
    True
    """
    name = os.fspath(path)
    if name.lower().endswith(".nfg"):
        from negotiation.files.nfg import write_nfg

        write_nfg(game, path, overwrite=overwrite, body=nfg_body, force=force)
        return
    from negotiation.files.nfg import check_reads_back

    text = format_payoffs(game)
    target = resolve_target(path)
    if overwrite and target.is_file():
        text = _rewrite_keeping_comments(os.fspath(target), game) or text
    atomic_write_text(
        path,
        text,
        overwrite=overwrite,
        force=force,
        validate=lambda written: check_reads_back(parse_payoffs(written, name), game, path),
    )


def lost_in_conversion(
    game: Game, output: str | os.PathLike[str], *, from_scenario: bool = False
) -> list[str]:
    """What writing ``game`` to ``output`` would drop, in words (empty: nothing).

    >>> g = Game.from_matrices([[1]], [[1]], move_descriptions=[["go"], ["stay"]])
    >>> lost_in_conversion(g, "g.nfg")
    ['the move descriptions']
    >>> lost_in_conversion(g, "g.yaml", from_scenario=True)  # doctest: +ELLIPSIS
    ["the scenario's pressures, channels, levers and formulas ..."]
    """
    lost = []
    if from_scenario:
        lost.append(
            "the scenario's pressures, channels, levers and formulas (only the payoffs "
            "they compute are written)"
        )
    if os.fspath(output).lower().endswith(".nfg"):
        if any(d for ds in game.move_descriptions for d in ds):
            lost.append("the move descriptions")
        if game.sources:
            lost.append(f"the {len(game.sources)} source(s)")
    return lost


def _rewrite_keeping_comments(name: str, game: Game) -> str | None:
    """New YAML text for ``game`` merged into the file at ``name``, comments kept."""
    try:
        _, old_text = read_text(name)
        doc = parse_yaml(old_text, name)
    except PayoffFileError:
        return None
    if is_scenario(doc):
        return None
    new = game_to_yaml_data(game)
    old_payoffs = doc.data.get("payoffs")
    if isinstance(old_payoffs, Mapping):
        new["payoffs"] = _keep_cell_style(old_payoffs, new["payoffs"], game.players)
    merged = _merge(doc.data, new)
    return dump_yaml(merged)


def _keep_cell_style(old: Any, new: Any, players: tuple[str, ...]) -> Any:
    """Cells the user wrote as ``{player: payoff}`` mappings stay mappings."""
    if isinstance(new, list):
        if isinstance(old, Mapping) and {_label(k) for k in old} == set(players):
            cell = CommentedMap()
            for key in old:
                cell[key] = new[players.index(_label(key))]
            if isinstance(old, CommentedMap) and old.fa.flow_style():
                cell.fa.set_flow_style()
            return cell
        return new
    if isinstance(new, CommentedMap) and isinstance(old, Mapping):
        for key in list(new):
            match = next((k for k in old if _label(k) == key), None)
            if match is not None:
                new[key] = _keep_cell_style(old[match], new[key], players)
    return new


def _merge(old: Any, new: Any) -> Any:
    """Put ``new``'s values into ``old`` in place where the shapes agree (keeps comments)."""
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        common_old = [k for k in old if k in new]
        common_new = [k for k in new if k in old]
        if common_old != common_new:
            return new  # order changed (e.g. moves reordered): take the new layout
        for key in list(old):
            if key not in new:
                del old[key]
        for position, (key, value) in enumerate(new.items()):
            if key in old:
                old[key] = _merge(old[key], value)
            else:
                old.insert(position, key, value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for k, value in enumerate(new):
            if k < len(old):
                old[k] = _merge(old[k], value)
            else:
                old.append(value)
        del old[len(new) :]
        return old
    if isinstance(old, (Mapping, list)):
        return new
    if _same_scalar(old, new):
        return old  # keep the user's spelling (quotes, 1.50, …)
    return new


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(new, (Mapping, list)) or isinstance(old, bool) or isinstance(new, bool):
        return False
    if isinstance(old, str) and isinstance(new, str):
        return str(old).strip() == str(new).strip()  # keeps folded/literal block styles
    try:
        return to_fraction(old) == to_fraction(new)
    except (GameError, TypeError, ValueError):
        return False
