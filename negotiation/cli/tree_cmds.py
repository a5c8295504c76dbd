"""The tree side of ``show``, ``validate``, ``convert``, ``solve`` and ``analyse``.

Each command (and ``explain``) asks :func:`negotiation.files.tree_file.is_tree_path` whether its FILE is a
game tree (``.efg``, or YAML with ``kind: tree``) and, if so, hands over to the function
here: load (:func:`negotiation.scenario.sequence.read_tree_model`), one library call,
print.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from negotiation.cli.common import print_json

#: the methods ``solve`` accepts on a tree
TREE_METHODS = ("spe", "subgame", "pure", "all", "sequence-form", "pbe")


def _load(path: str, overrides: list[str]) -> Any:
    from negotiation.scenario.sequence import read_tree_model

    model = read_tree_model(path, overrides)
    for warning in model.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return model


def show(args: argparse.Namespace) -> int:
    tree = _load(args.file, args.overrides).tree
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


def validate(path: str, overrides: list[str], quiet: bool) -> None:
    tree = _load(path, overrides).tree
    if not quiet:
        title = f" ({tree.title})" if tree.title else ""
        print(f"{path}: ok{title}: game tree, {tree.n_players} players, {len(tree.nodes)} nodes")


def convert(args: argparse.Namespace) -> int:
    from negotiation.files.atomic import atomic_write_text
    from negotiation.files.efg import format_efg
    from negotiation.files.tree_file import tree_to_yaml

    tree = _load(args.file, args.overrides).tree
    text = format_efg(tree) if args.output.lower().endswith(".efg") else tree_to_yaml(tree)
    atomic_write_text(args.output, text, overwrite=args.force)
    print(f"wrote {args.output}")
    return 0


def solve(args: argparse.Namespace) -> int:
    from negotiation.errors import SolverError
    from negotiation.extensive.analysis import solve_tree

    method = args.method
    if method is not None and method not in TREE_METHODS:
        raise SolverError(
            f"--method {method} is for matrix games; on a tree use {', '.join(TREE_METHODS)}"
        )
    tree = _load(args.file, args.overrides).tree
    result = solve_tree(tree, method)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result)
    return 0


def analyse(args: argparse.Namespace) -> int:
    from negotiation.extensive.analysis import analyse_tree

    model = _load(args.file, args.overrides)
    game = model.scenario.game if model.scenario is not None else None
    result = analyse_tree(model.tree, game=game)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(model.tree)
    print()
    print(result)
    return 0


def explain(args: argparse.Namespace) -> int:
    """``explain TREE [LEAF]``: a leaf's payoffs back to its path's levers, or the list of leaves."""
    from negotiation.cli.explain_cmd import format_cell
    from negotiation.errors import GameError
    from negotiation.numbers import format_number
    from negotiation.scenario.tree_explain import explain_leaf, leaf_paths

    if getattr(args, "cell", None) or getattr(args, "pressure", None):
        raise GameError(
            "--cell and --pressure are for scenario files; on a tree name a LEAF "
            "(`negotiation explain FILE` lists them)"
        )
    model = _load(args.file, args.overrides)
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
    why = explain_leaf(model, args.leaf)
    if args.json:
        print_json({"file": args.file, **why.to_dict()})
        return 0
    lines = why.header()
    if why.cell is not None:
        lines += [
            "",
            *format_cell(model.scenario_at(why.leaf), [why.position[p] for p in tree.players]),
        ]
    print("\n".join(lines))
    return 0
