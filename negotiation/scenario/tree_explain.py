"""Take a tree's leaf apart: its payoffs back to the levers pulled on its path and the pressures.

In a scenario tree (``scenario: FILE``) a leaf's payoffs are the scenario's payoffs where
the sides stand at the end of its path — each side's last scenario move — under the
inputs chance revealed on the way (a type's ``set:`` values). :func:`explain_leaf` gives
that position, those inputs with their provenance, and the scenario's own cell
explanation (:func:`negotiation.scenario.explain.explain_cell`): one term per channel,
``weight × effect = contribution``, each effect split into the levers and interactions
producing it, adding up to the leaf's payoffs **exactly**. In a plain tree the payoffs are
typed in, and the explanation says so, with the leaf's source if the file gives one.

A leaf is named by its node name (``dec_r_tariffs.climb_down``) or by its moves from the
root joined by ``/`` (``retaliatory/threaten/hold/carry_out/climb_down``):
:func:`find_leaf`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.errors import GameError
from negotiation.numbers import format_number
from negotiation.scenario.explain import CellExplanation
from negotiation.scenario.sequence import LeafPosition, ScenarioTree
from negotiation.tree import CHANCE, Tree

__all__ = ["LeafExplanation", "explain_leaf", "find_leaf", "leaf_paths"]


def leaf_paths(tree: Tree) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each leaf's name -> its moves from the root, ``(mover, action)`` pairs, in tree order."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    paths: dict[int, tuple[tuple[str, str], ...]] = {0: ()}
    for i, node in enumerate(tree.nodes):
        if node.is_leaf:
            out[node.name] = paths[i]
            continue
        who = CHANCE if node.is_chance else node.player
        for action, child in zip(node.actions, node.children, strict=True):
            paths[child] = (*paths[i], (who, action))
    return out


def find_leaf(tree: Tree, text: str) -> str:
    """The leaf named ``text``: a node name, or the moves from the root joined by ``/``.

    Separators ``/``, ``,``, ``→`` and ``>`` all work; a wrong name gets a one-line error
    listing how to name one.

    >>> t = Tree.build(("A", "B"), ("A", {"L": [1, 0], "R": ("B", {"l": [0, 1], "r": [2, 2]})}))
    >>> find_leaf(t, "R/r"), find_leaf(t, "n1")
    ('n4', 'n1')
    """
    paths = leaf_paths(tree)
    if text in paths:
        return text
    wanted = tuple(p for p in re.split(r"\s*(?:/|,|→|->|>)\s*", text.strip()) if p)
    for name, path in paths.items():
        if tuple(a for _, a in path) == wanted:
            return name
    example = next(iter(paths))
    raise GameError(
        f"no leaf {text!r} in this tree — name a leaf ({example}) or its moves from the root "
        f"joined by '/' ({'/'.join(a for _, a in paths[example])}); "
        "`negotiation explain FILE` lists them"
    )


@dataclass(frozen=True)
class LeafExplanation:
    """Why one leaf of a tree pays what it does.

    Attributes
    ----------
    leaf
        The leaf's name.
    players, payoffs
        The tree's players and the leaf's exact payoffs.
    path
        The moves from the root, ``(mover, action)``.
    position
        Scenario trees: each side's scenario move at the leaf (``{}`` for a plain tree).
    revealed
        Scenario trees: the inputs chance set on the way (``path``, value, and the ranged
        input with its provenance when the file gives one).
    cell
        Scenario trees: the scenario's explanation of that cell under those inputs.
    typed_in
        Plain trees: the provenance of the typed-in payoffs (empty when the file gives none).
    """

    leaf: str
    players: tuple[str, ...]
    payoffs: tuple[Fraction, ...]
    path: tuple[tuple[str, str], ...]
    position: dict[str, str]
    revealed: tuple[dict[str, Any], ...] = ()
    cell: CellExplanation | None = None
    typed_in: tuple[str, ...] = ()

    @property
    def is_scenario(self) -> bool:
        return self.cell is not None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "leaf": self.leaf,
            "players": list(self.players),
            "payoffs": {p: str(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "path": [{"mover": who, "move": a} for who, a in self.path],
            "priced_by": "scenario" if self.cell is not None else "typed in",
        }
        if self.cell is not None:
            data["position"] = dict(self.position)
            data["revealed"] = [dict(r) for r in self.revealed]
            data["cell"] = self.cell.to_dict()
        else:
            data["sources"] = list(self.typed_in)
        return data

    def header(self) -> list[str]:
        """The lines before the cell's channel table: leaf, path, position, what chance set."""
        pays = ", ".join(
            f"{p} {format_number(v)}" for p, v in zip(self.players, self.payoffs, strict=True)
        )
        moves = " → ".join(f"{who}: {a}" for who, a in self.path)
        lines = [f"Leaf {self.leaf}: {pays}", f"  path: {moves}"]
        if self.cell is None:
            lines.append(
                "  its payoffs are typed in (the tree has no scenario to build them from)"
                + (f"; source: {'; '.join(self.typed_in)}" if self.typed_in else "")
            )
            return lines
        lines.append(
            "  where the sides stand at the end (each side's last scenario move on the path): "
            + ", ".join(f"{p} {m}" for p, m in self.position.items())
        )
        if self.revealed:
            lines.append("  what chance revealed on the way (applied to the scenario):")
            for r in self.revealed:
                extra = ""
                if r.get("range"):
                    extra = f"; range {r['range'][0]} to {r['range'][1]}, {r['kind']}"
                    if r.get("reason"):
                        extra += f": {r['reason']}"
                lines.append(f"    {r['path']} = {r['value']}{extra}")
        return lines

    def __str__(self) -> str:
        lines = self.header()
        if self.cell is not None:
            lines += ["", str(self.cell)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "<br>".join(html.escape(line) for line in self.header())
        return f"<p>{head}</p>" + (self.cell._repr_html_() if self.cell is not None else "")


def explain_leaf(model: ScenarioTree, leaf: str) -> LeafExplanation:
    """Explain the payoffs of ``leaf`` (a name or a path, see :func:`find_leaf`).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario.sequence import read_tree_model
    >>> payoffs = Path(__file__).parents[2] / "payoffs"
    >>> model = read_tree_model(payoffs / "us_china_sequence.yaml")
    >>> why = explain_leaf(model, "retaliatory/threaten/hold/carry_out/climb_down")
    >>> why.position
    {'US': 'tariffs_software', 'China': 'suspend'}
    >>> all(why.cell[p].total == v for p, v in zip(why.players, why.payoffs))
    True
    >>> plain = read_tree_model(payoffs / "trees" / "entry_deterrence.yaml")
    >>> explain_leaf(plain, "in/fight").cell is None
    True
    """
    tree = model.tree
    name = find_leaf(tree, leaf)
    node = tree.nodes[tree.index[name]]
    path = leaf_paths(tree)[name]
    where: LeafPosition | None = model.leaves.get(name)
    if model.scenario is None or where is None:
        return LeafExplanation(
            name, tree.players, node.payoffs, path, {}, typed_in=_typed_sources(tree, name)
        )
    scenario = model.scenario_at(name)
    game = scenario.game
    status = scenario.status_quo or tuple(m[0] for m in game.moves)
    position = {p: where.position.get(p, status[k]) for k, p in enumerate(game.players)}
    cell = scenario.explain([position[p] for p in game.players])
    inputs = {u.path: u for u in tree.uncertain}
    revealed = []
    for key, value, at in where.sets:
        item: dict[str, Any] = {"path": key, "value": str(value), "from": at}
        u = inputs.get(at)
        if u is not None:
            item.update(u.to_dict())
            item.update(path=key, value=str(value), **{"from": at})
            if u.range is not None:
                item["range"] = [str(u.range[0]), str(u.range[1])]
        revealed.append(item)
    for player, breakdown in zip(tree.players, cell.players, strict=True):
        if breakdown.total != node.payoffs[tree.player_index(player)]:  # pragma: no cover
            raise GameError(f"leaf {name}: {player}'s payoff does not match its cell's terms")
    return LeafExplanation(name, tree.players, node.payoffs, path, position, tuple(revealed), cell)


def _typed_sources(tree: Tree, leaf: str) -> tuple[str, ...]:
    """Provenance a plain tree file gives a leaf's payoffs (ranged inputs), else its sources."""
    parent, _, action = leaf.rpartition(".")
    prefixes = (f"nodes.{parent}.moves.{action}.", f"nodes.{leaf}.payoffs.")
    found = []
    for u in tree.uncertain:
        if u.path.startswith(prefixes):
            bits = [u.kind, u.source, u.reason]
            found.append(f"{u.path}: " + ", ".join(b for b in bits if b))
    if not found:
        found = [s.citation for s in tree.sources if getattr(s, "citation", "")]
    return tuple(found)
