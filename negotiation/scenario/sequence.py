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
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.overrides import apply_overrides
from negotiation.files.tree_file import TREE_SCHEMA, UncertainInput, read_tree, tree_from_doc
from negotiation.files.yamldoc import YamlDoc, load_yaml
from negotiation.game import to_fraction
from negotiation.scenario.build import read_scenario
from negotiation.tree import CHANCE, Tree

__all__ = [
    "LeafPosition",
    "ScenarioTree",
    "leaf_positions",
    "payoffs_for_position",
    "read_sequence",
    "read_tree_model",
    "sequence_from_doc",
]

#: top-level keys of a tree file (the published schema's): a --set path starting
#: elsewhere goes to the scenario
_TREE_KEYS = frozenset(TREE_SCHEMA["properties"])


@dataclass(frozen=True)
class LeafPosition:
    """Where the sides stand at one leaf of a scenario tree, and what chance revealed on the way.

    ``position`` is each side's scenario move (its last one on the path, else its
    status-quo move); ``sets`` are the scenario inputs chance changed on the path, in order,
    each with the tree-file path that holds it; ``path`` is the moves from the root.
    """

    leaf: str
    path: tuple[tuple[str, str], ...]
    position: dict[str, str]
    sets: tuple[tuple[str, Any, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "leaf": self.leaf,
            "path": [{"mover": who, "move": move} for who, move in self.path],
            "position": dict(self.position),
            "sets": [{"path": k, "value": str(v), "from": where} for k, v, where in self.sets],
        }


@dataclass(frozen=True, eq=False)
class ScenarioTree:
    """A tree priced by a scenario: the tree, the scenario, and each leaf's position.

    ``leaves`` maps each scenario-priced leaf to its :class:`LeafPosition`;
    :meth:`scenario_at` gives the scenario a leaf was priced with (the base scenario with
    chance's ``set`` values applied). ``scenario`` is ``None`` for a plain tree.
    """

    tree: Tree
    scenario: Any
    leaves: dict[str, LeafPosition] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    variants: dict[tuple[tuple[str, str], ...], Any] = field(default_factory=dict)

    def scenario_at(self, leaf: str) -> Any:
        """The scenario (with what chance revealed on the way applied) that priced ``leaf``."""
        return self.variants.get(_key(self.leaves[leaf].sets), self.scenario)


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
    variants: dict[tuple[tuple[str, str], ...], Any] = {(): scenario}
    players = tuple(scenario.game.players)

    def price(position: Mapping[str, str], sets: tuple[tuple[str, Any], ...]) -> Sequence[Fraction]:
        key = _key(sets)
        if key not in variants:
            variants[key] = _scenario(doc, [*theirs, *(f"{k}={v}" for k, v in key)])
        return payoffs_for_position(variants[key], position)

    tree = tree_from_doc(doc, price)
    if tuple(tree.players) != players:
        raise doc.error(
            ["players"],
            f"the tree's players {', '.join(tree.players)} differ from the scenario's {', '.join(players)}",
            "list the scenario's players in its order",
        )
    revealed = tuple(_set_inputs(doc))
    if revealed:
        tree = replace(tree, uncertain=(*tree.uncertain, *revealed))
    warnings = tuple(getattr(scenario, "warnings", ()) or ())
    return ScenarioTree(tree, scenario, leaf_positions(tree, doc), warnings, variants)


def leaf_positions(tree: Tree, doc: YamlDoc) -> dict[str, LeafPosition]:
    """Each scenario-priced leaf's path, position (the levers pulled) and chance's ``set`` values.

    The position follows each move's ``scenario_move`` (kept on the tree as
    :attr:`~negotiation.tree.Node.levers`); the ``set`` values are read from the document
    at the moves of the path, in order.
    """
    raw = doc.data.get("nodes") or {}
    out: dict[str, LeafPosition] = {}
    stack: list[tuple[int, tuple[tuple[str, str], ...], dict[str, str], tuple[Any, ...]]] = [
        (0, (), {}, ())
    ]
    while stack:
        i, path, position, sets = stack.pop()
        node = tree.nodes[i]
        if node.is_leaf:
            if node.outcome:
                out[node.name] = LeafPosition(node.name, path, position, sets)
            continue
        for k, (action, child) in enumerate(zip(node.actions, node.children, strict=True)):
            pos = {**position, **(node.levers[k] if node.levers else {})}
            move = (raw.get(node.name) or {}).get("moves", {}).get(action)
            extra: tuple[Any, ...] = ()
            if isinstance(move, Mapping) and isinstance(move.get("set"), Mapping):
                where = f"nodes.{node.name}.moves.{action}.set"
                extra = tuple(
                    (str(k2), _set_value(v), f"{where}.{k2}") for k2, v in move["set"].items()
                )
            who = CHANCE if node.is_chance else node.player
            stack.append((child, (*path, (who, action)), pos, (*sets, *extra)))
    return out


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


def _set_value(value: Any) -> Any:
    """A ``set`` value: a plain scalar, or the ``value`` of a ranged input."""
    return value.get("value") if isinstance(value, Mapping) else value


def _key(sets: Sequence[tuple[Any, ...]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(s[0]), str(_set_value(s[1]))) for s in sets))


def _set_inputs(doc: YamlDoc) -> list[UncertainInput]:
    """The ranged inputs written under chance's ``set`` (a type's payoff differences)."""
    found = []
    for name, spec in (doc.data.get("nodes") or {}).items():
        moves = spec.get("moves") if isinstance(spec, Mapping) else None
        for action, move in (moves or {}).items() if isinstance(moves, Mapping) else ():
            sets = move.get("set") if isinstance(move, Mapping) else None
            for key, value in (sets or {}).items() if isinstance(sets, Mapping) else ():
                if not isinstance(value, Mapping):
                    continue
                loc = ["nodes", name, "moves", action, "set", key]
                try:
                    v = to_fraction(value.get("value"))
                    rng = value.get("range")
                    bounds = (to_fraction(rng[0]), to_fraction(rng[1])) if rng else None
                except (GameError, TypeError, IndexError, KeyError):
                    raise doc.error(
                        loc,
                        f"{key} must be a number or {{value, range, kind, source, reason}}",
                        "write {value: 0.3, range: [0.1, 0.5], kind: judgement, reason: ...}",
                    ) from None
                found.append(
                    UncertainInput(
                        ".".join(str(p) for p in loc),
                        v,
                        bounds,
                        str(value.get("kind", "judgement")),
                        str(value.get("source", "")),
                        str(value.get("reason", "") or "").strip(),
                        str(value.get("distribution", "uniform")),
                    )
                )
    return found


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
