"""``negotiation sweep FILE --vary PATH=LO:HI:N``: the analysis at every point of a grid."""

from __future__ import annotations

import argparse
import sys

from negotiation.cli.dynamics_whatif import dispatch
from negotiation.cli.whatif_args import add_common, emit_result, load_compiled
from negotiation.errors import NegotiationError
from negotiation.plot.whatif import save_figure, sweep_map
from negotiation.whatif.sweep import parse_vary, range_warnings, sweep


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="what-if over a grid: equilibria, deal and leverage at each point",
        description="Vary one or more inputs over a grid (all combinations), the others at "
        "their values; one row per point with the equilibrium set (exact), the Nash deal and "
        "the bargaining power.",
    )
    add_common(parser)
    parser.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="PATH=LO:HI[:N]",
        help="an input and its grid, e.g. pressures.China.deflation=0:1:21 (repeatable)",
    )
    parser.add_argument(
        "--plot", metavar="OUT.png", help="draw outcome bands (1 input) or a map (2)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (code := dispatch(args, "sweep")) is not None:  # a dynamics file: the timeline's outputs
        return code

    varies = [parse_vary(text) for text in args.vary]
    compiled = load_compiled(args)
    if not varies:
        raise NegotiationError("sweep needs at least one --vary PATH=LO:HI:N")
    for v in varies:
        compiled.default(v.path)
    for warning in range_warnings(compiled, varies):
        print(f"warning: {warning}", file=sys.stderr)
    result = sweep(compiled, varies, force=args.force)
    if args.plot:
        frame = result.frame()
        what = "equilibria" if frame["equilibria"].nunique() > 1 else "deal"
        save_figure(sweep_map(result, what=what), args.plot, force=args.force)
    return emit_result(args, result, result.frame)
