"""``negotiation tipping FILE``: where along each input's range the answer flips."""

from __future__ import annotations

import argparse

from negotiation.cli.dynamics_whatif import dispatch
from negotiation.cli.whatif_args import add_common, emit_result, load_compiled, positive_int
from negotiation.whatif.tipping import tipping_points


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tipping",
        help="tipping points: where an equilibrium, a best response or the deal flips",
        description="For each uncertain input (others at their values), every value of its "
        "range where the equilibrium set, a best response or the deal's main outcome changes, "
        "located to 1e-9 of the range and confirmed on the exact path on both sides.",
    )
    add_common(parser)
    parser.add_argument(
        "--input", action="append", default=[], metavar="PATH", help="only this input (repeatable)"
    )
    parser.add_argument(
        "--grid",
        type=positive_int("--grid"),
        default=10_001,
        help="first-pass grid points per input",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (code := dispatch(args, "tipping")) is not None:  # a dynamics file: the timeline's outputs
        return code

    compiled = load_compiled(args)
    for path in args.input:
        compiled.default(path)
    result = tipping_points(compiled, args.input or None, grid=args.grid)
    return emit_result(args, result, result.frame)
