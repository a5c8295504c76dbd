"""``negotiation validate FILE...``: check payoff files; one line per file, exit 1 if any is bad."""

from __future__ import annotations

import argparse
import sys

from negotiation.cli import tree_cmds
from negotiation.cli.common import add_file_argument, load, warn
from negotiation.dynamics import timeline_model
from negotiation.errors import NegotiationError, PayoffFileError
from negotiation.files.atomic import leftover_warnings


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check payoff files and report the first problem in each, with line:col",
        description="Check each payoff or scenario file (YAML or Gambit .nfg). A good file "
        "prints 'ok'; a bad one prints 'path:line:col: what is wrong — how to fix it' on "
        "stderr. The exit code is 1 if any file is bad.",
    )
    add_file_argument(parser, nargs="+")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the problems")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.file:
        try:
            model = load(args, path, kinds=("game", "scenario", "tree", "dynamics"))
            if model.kind == "tree":
                tree_cmds.validate(path, model, args.quiet)
                continue
            if model.dynamics is not None:  # a dynamics file of `negotiation timeline`
                dyn = timeline_model(model.dynamics)  # its stage game too
                if not args.quiet:
                    stages = ", ".join(dyn.transition.stages)
                    print(
                        f"{path}: ok ({dyn.spec.title}): dynamics of {dyn.spec.importer}'s "
                        f"dependence on {dyn.spec.exporter} over {stages}"
                    )
                continue
            game = model.game
        except PayoffFileError as exc:
            bad += 1
            print(str(exc), file=sys.stderr)
            continue
        except NegotiationError as exc:
            bad += 1
            print(f"{path}: {exc}", file=sys.stderr)
            continue
        warn(leftover_warnings(path))
        # a value outside its declared range loads (the model extrapolates) but is most
        # often a slip, such as a percentage typed where a 0-1 fraction goes: say so here too
        warn(f"{path}: {warning}" for warning in model.warnings)
        if not args.quiet:
            shape = "×".join(str(n) for n in game.shape)
            title = f" ({game.title})" if game.title else ""
            print(f"{path}: ok{title}: {game.n_players} players, {shape} moves")
    return 1 if bad else 0
