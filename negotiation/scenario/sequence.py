"""Scenario trees: game trees whose leaves are priced by a scenario's channel model.

A tree file with ``scenario: FILE`` sequences the scenario's moves: each move of the tree
may say which scenario move a side now plays (``scenario_move: {US: tariffs}``), and
chance may reveal something about a side (``set: {pressures.China.tariff_stability_need:
0.3}``). A leaf's payoffs are the scenario's payoffs at the position reached — each
side's last scenario move on the path, its status-quo move if it made none — computed by
the same pressures, weights and lever effects as the matrix game, under the ``set``
values met on the way. So ``--set pressures.China.deflation=0.9`` moves the tree as it
moves the matrix, and ``negotiation explain SCENARIO --cell US_MOVE CHINA_MOVE`` takes
any leaf apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from negotiation.errors import PayoffFileError
from negotiation.files.overrides import apply_overrides
from negotiation.files.tree_file import read_tree, tree_from_doc
from negotiation.files.yamldoc import YamlDoc, load_yaml
from negotiation.scenario.build import read_scenario
from negotiation.tree import Tree

__all__ = [
    "ScenarioTree",
    "payoffs_for_position",
    "read_sequence",
    "read_tree_model",
    "sequence_from_doc",
]

#: top-level keys of a tree file: a --set path starting elsewhere goes to the scenario
_TREE_KEYS = {
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


@dataclass(frozen=True, eq=False)
class ScenarioTree:
    """A tree priced by a scenario: the tree, the scenario, and each leaf's position."""

    tree: Tree
    scenario: Any
    leaves: dict[str, tuple[dict[str, str], tuple[tuple[str, Any], ...]]] = field(
        default_factory=dict
    )
    warnings: tuple[str, ...] = ()


def payoffs_for_position(scenario: Any, position: Mapping[str, str]) -> tuple[Fraction, ...]:
    """The scenario's exact payoffs when each player plays ``position[player]``.

    A player missing from ``position`` plays its status-quo move (or, without one, its
    first move, the most conciliatory).

    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> payoffs_for_position(s, {"US": "hold"}) == s.game.payoff(("hold", "licensing"))
    True
    """
    game = scenario.game
    status = scenario.status_quo or tuple(m[0] for m in game.moves)
    profile = []
    for k, player in enumerate(game.players):
        move = position.get(player, status[k])
        if move not in game.moves[k]:
            raise KeyError(
                f"{player} has no scenario move {move!r}; its moves are {', '.join(game.moves[k])}"
            )
        profile.append(move)
    return tuple(game.payoff(profile))


def read_sequence(
    source: str | os.PathLike[str], overrides: Sequence[str] | Mapping[str, Any] = ()
) -> ScenarioTree:
    """Read a scenario tree (``kind: tree`` with ``scenario: FILE``), overrides applied.

    An override whose path starts with a tree-file key (``nodes.type.moves...``) changes
    the tree file; any other (``pressures.China.deflation=0.9``) changes the scenario.
    """
    return sequence_from_doc(load_yaml(source), overrides)


def sequence_from_doc(
    doc: YamlDoc, overrides: Sequence[str] | Mapping[str, Any] = ()
) -> ScenarioTree:
    """:func:`read_sequence` of a document already parsed (the loader's entry point)."""
    texts = _texts(overrides)
    mine = [t for t in texts if t.split("=", 1)[0].strip().split(".", 1)[0] in _TREE_KEYS]
    theirs = [t for t in texts if t not in mine]
    if mine:
        apply_overrides(doc, mine)
    scenario = _scenario(doc, theirs)
    variants: dict[tuple[tuple[str, Any], ...], Any] = {(): scenario}
    leaves: dict[str, tuple[dict[str, str], tuple[tuple[str, Any], ...]]] = {}
    players = tuple(scenario.game.players)

    def price(position: Mapping[str, str], sets: tuple[tuple[str, Any], ...]) -> Sequence[Fraction]:
        key = tuple(sorted((str(k), str(v)) for k, v in sets))
        if key not in variants:
            variants[key] = _scenario(doc, [*theirs, *(f"{k}={v}" for k, v in sets)])
        return payoffs_for_position(variants[key], position)

    tree = tree_from_doc(doc, price)
    if tuple(tree.players) != players:
        raise doc.error(
            ["players"],
            f"the tree's players {', '.join(tree.players)} differ from the scenario's {', '.join(players)}",
            "list the scenario's players in its order",
        )
    for node in tree.nodes:
        if node.is_leaf and node.outcome:
            leaves[node.name] = ({}, ())
    warnings = tuple(getattr(scenario, "warnings", ()) or ())
    return ScenarioTree(tree, scenario, leaves, warnings)


def read_tree_model(
    source: str | os.PathLike[str], overrides: Sequence[str] | Mapping[str, Any] = ()
) -> ScenarioTree:
    """Any tree file — ``.efg``, a plain YAML tree, or a scenario tree — as a :class:`ScenarioTree`.

    ``scenario`` is ``None`` for a tree whose leaves carry their own payoffs.
    """
    name = os.fspath(source)
    if not name.lower().endswith(".efg"):
        doc = load_yaml(source)
        if isinstance(doc.data, Mapping) and "scenario" in doc.data:
            return read_sequence(source, overrides)
    return ScenarioTree(read_tree(source, overrides), None)


def _texts(overrides: Sequence[str] | Mapping[str, Any]) -> list[str]:
    if isinstance(overrides, Mapping):
        return [f"{k}={v}" for k, v in overrides.items()]
    return [str(t) for t in overrides]


def _scenario(doc: YamlDoc, overrides: Sequence[str]) -> Any:
    name = doc.data.get("scenario")
    if not isinstance(name, str) or not name.strip():
        raise doc.error(
            ["scenario"],
            "'scenario' must name a scenario file",
            "write scenario: us_china_rare_earths.yaml",
        )
    base = Path(doc.path).parent if doc.path not in ("<string>", "<stream>") else Path.cwd()
    path = (base / name).resolve()
    if not path.exists():
        raise doc.error(
            ["scenario"],
            f"no scenario file {name!r} next to this tree",
            "give the path relative to the tree file",
        )
    try:
        return read_scenario(path, overrides)
    except PayoffFileError:
        raise
