"""Write payoff files: YAML format v1 (comments kept on rewrite) and Gambit ``.nfg``.

* :func:`game_to_yaml_data` / :func:`format_payoffs`: a game as a YAML tree / text.
* :func:`write_payoffs` writes atomically, picking the format by extension, refusing to
  replace a file unless asked; when it replaces a YAML payoff file it keeps the user's
  comments and the spelling of unchanged values.
* :func:`lost_in_conversion` says what a conversion would drop.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.atomic import atomic_write_text, resolve_target
from negotiation.files.nfg_write import check_reads_back, write_nfg
from negotiation.files.payoff_cells import key_label
from negotiation.files.payoff_file import is_scenario, parse_payoffs
from negotiation.files.payoff_format import FORMAT_VERSION
from negotiation.files.yamldoc import dump_yaml, parse_yaml, read_text
from negotiation.game import Game, format_number, to_fraction

__all__ = ["format_payoffs", "game_to_yaml_data", "lost_in_conversion", "write_payoffs"]


def game_to_yaml_data(
    game: Game,
    escalation: Mapping[str, Sequence[str]] | None = None,
    *,
    common_unit: bool = False,
) -> CommentedMap:
    """The YAML format-v1 tree of a game (cells as flow lists in player order), with each
    player's declared ``escalation`` order (least escalatory first) where given, and
    ``common_unit: true`` when the payoffs share one unit."""
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
        if escalation and escalation.get(name):
            order = CommentedSeq(escalation[name])
            order.fa.set_flow_style()
            player["escalation"] = order
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
    if common_unit:
        data["common_unit"] = True
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


def format_payoffs(
    game: Game,
    escalation: Mapping[str, Sequence[str]] | None = None,
    *,
    common_unit: bool = False,
) -> str:
    """YAML format-v1 text of a game (and its players' ``escalation`` orders, if given).

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
    return dump_yaml(game_to_yaml_data(game, escalation, common_unit=common_unit))


def write_payoffs(
    game: Game,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    nfg_body: str = "payoffs",
    force: bool = False,
    escalation: Mapping[str, Sequence[str]] | None = None,
    common_unit: bool = False,
) -> None:
    """Write a game to ``path``: Gambit ``.nfg`` by extension, YAML format v1 otherwise.

    The write is atomic (a temporary file renamed into place). An existing file is
    replaced only with ``overwrite=True``; if it is a YAML payoff file, its comments and
    the styles of unchanged values are kept. ``nfg_body`` is ``"payoffs"`` (a flat payoff
    list) or ``"outcomes"`` (Gambit's outcome version). ``force=True`` also replaces a
    read-only file. The text is read back before it replaces anything and must give the
    same game (see :func:`~negotiation.files.atomic.atomic_write_text` for the rest).
    ``escalation`` (per player, least escalatory first) is written into YAML as each
    player's ``escalation:``, and ``common_unit`` as ``common_unit: true``; ``.nfg`` has
    no place for either (:func:`lost_in_conversion`).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
    >>> write_payoffs(g, folder / "pd.yaml")
    >>> parse_payoffs((folder / "pd.yaml").read_text(), "pd.yaml") == g
    True
    """
    name = os.fspath(path)
    if name.lower().endswith(".nfg"):
        write_nfg(game, path, overwrite=overwrite, body=nfg_body, force=force)
        return
    text = format_payoffs(game, escalation, common_unit=common_unit)
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
    game: Game,
    output: str | os.PathLike[str],
    *,
    from_scenario: bool = False,
    escalation: Mapping[str, Sequence[str]] | None = None,
    common_unit: bool = False,
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
        if escalation:
            lost.append("the declared escalation order")
        if common_unit:
            lost.append("the common-unit declaration")
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
        if isinstance(old, Mapping) and {key_label(k) for k in old} == set(players):
            cell = CommentedMap()
            for key in old:
                cell[key] = new[players.index(key_label(key))]
            if isinstance(old, CommentedMap) and old.fa.flow_style():
                cell.fa.set_flow_style()
            return cell
        return new
    if isinstance(new, CommentedMap) and isinstance(old, Mapping):
        for key in list(new):
            match = next((k for k in old if key_label(k) == key), None)
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
