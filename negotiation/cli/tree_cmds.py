"""The tree side of ``show``, ``validate``, ``convert``, ``solve``, ``analyse`` and ``explain``.

Each command loads its FILE with the one loader
(:func:`negotiation.workflows.load.load_model`) and, when the model's kind is
``"tree"`` (``.efg``, or YAML with ``kind: tree``), hands it to the function here: one
library call, print.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from negotiation.cli.common import print_json, warn
from negotiation.cli.explain_format import format_cell
from negotiation.errors import GameError, SolverError
from negotiation.extensive.analysis import analyse_tree, solve_tree
from negotiation.files.atomic import atomic_write_text
from negotiation.files.efg import format_efg
from negotiation.files.tree_file import tree_to_yaml
from negotiation.numbers import format_number
from negotiation.scenario.tree_explain import explain_leaf, leaf_paths
from negotiation.solvers import TREE_METHODS
from negotiation.workflows.load import Model


def _tree_of(model: Model) -> Model:
    warn(model.warnings)
    return model


def show(args: argparse.Namespace, model: Model) -> int:
    tree = _tree_of(model).tree
    if args.json:
        data = tree.to_dict()
        data["description"] = tree.description
        data["sources"] = [s.to_dict() for s in tree.sources]
        print_json(data)
        return 0
    title = tree.title or "(untitled tree)"
    lines = [title, "=" * len(title)]
    if tree.description:
        lines += ["", *textwrap.wrap(tree.description, 88)]
    lines += ["", f"Players: {', '.join(tree.players)} (payoffs in this order)", ""]
    lines.append(tree.outline())
    shared = {h: ns for h, ns in tree.infosets.items() if len(ns) > 1}
    if shared:
        lines += ["", "Information sets (the mover cannot tell these nodes apart):"]
        lines += [f"  {h}: {', '.join(tree.nodes[i].name for i in ns)}" for h, ns in shared.items()]
    if tree.sources:
        lines += ["", "Sources:"] + [f"  - {s.citation}" for s in tree.sources]
    print("\n".join(lines))
    return 0


def validate(path: str, model: Model, quiet: bool) -> None:
    tree = _tree_of(model).tree
    if not quiet:
        title = f" ({tree.title})" if tree.title else ""
        print(f"{path}: ok{title}: game tree, {tree.n_players} players, {len(tree.nodes)} nodes")


def convert(args: argparse.Namespace, model: Model) -> int:
    tree = _tree_of(model).tree
    text = format_efg(tree) if args.output.lower().endswith(".efg") else tree_to_yaml(tree)
    atomic_write_text(args.output, text, overwrite=args.force)
    print(f"wrote {args.output}")
    return 0


def solve(args: argparse.Namespace, model: Model) -> int:
    method = args.method
    if method is not None and method not in TREE_METHODS:
        raise SolverError(
            f"--method {method} is for matrix games; on a tree use {', '.join(TREE_METHODS)}"
        )
    tree = _tree_of(model).tree
    result = solve_tree(tree, method)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result)
    return 0


def analyse(args: argparse.Namespace, model: Model) -> int:
    _tree_of(model)
    game = model.scenario.game if model.scenario is not None else None
    result = analyse_tree(model.tree, game=game)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(model.tree)
    print()
    print(result)
    return 0


def explain(args: argparse.Namespace, model: Model) -> int:
    """``explain TREE [LEAF]``: a leaf's payoffs back to its path's levers, or the list of leaves."""
    if getattr(args, "cell", None) or getattr(args, "pressure", None):
        raise GameError(
            "--cell and --pressure are for scenario files; on a tree name a LEAF "
            "(`negotiation explain FILE` lists them)"
        )
    _tree_of(model)
    tree = model.tree
    if args.leaf is None:
        paths = leaf_paths(tree)
        rows: list[dict[str, Any]] = [
            {
                "leaf": name,
                "path": "/".join(a for _, a in path),
                "payoffs": {
                    p: str(v)
                    for p, v in zip(tree.players, tree.nodes[tree.index[name]].payoffs, strict=True)
                },
            }
            for name, path in paths.items()
        ]
        if args.json:
            print_json({"file": args.file, "leaves": rows})
            return 0
        priced = (
            "built by the scenario from the levers pulled on the way"
            if model.scenario is not None
            else "typed in"
        )
        lines = [f"{tree.title or args.file}: {len(rows)} leaves, payoffs {priced}", ""]
        width = max(len(r["path"]) for r in rows)
        for r in rows:
            pays = ", ".join(
                format_number(tree.nodes[tree.index[r["leaf"]]].payoffs[k])
                for k in range(tree.n_players)
            )
            lines.append(f"  {str(r['path']).ljust(width)}  {pays}   ({r['leaf']})")
        lines += [
            "",
            f"Take one apart: negotiation explain {args.file} LEAF — a leaf's name or its "
            f"moves joined by '/', e.g. {rows[-1]['path']}",
        ]
        print("\n".join(lines))
        return 0
    assert model.tree_model is not None  # a tree model (kind "tree")
    why = explain_leaf(model.tree_model, args.leaf)
    if args.json:
        print_json({"file": args.file, **why.to_dict()})
        return 0
    lines = why.header()
    if why.cell is not None:
        lines += [
            "",
            *format_cell(
                model.tree_model.scenario_at(why.leaf), [why.position[p] for p in tree.players]
            ),
        ]
    print("\n".join(lines))
    return 0
