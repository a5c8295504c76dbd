"""``negotiation diff A.yaml [B.yaml] [--set ...]``: what changed between two versions."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from negotiation.cli.common import add_file_argument, add_json_argument, emit
from negotiation.errors import NegotiationError
from negotiation.workflows.compare import diff_scenarios
from negotiation.workflows.load import load_model

if TYPE_CHECKING:
    from negotiation.workflows.compare import ScenarioDiff

#: payoff changes listed in text output before "… and N more"
SHOWN_PAYOFFS = 20


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="what changed between two versions of a scenario: inputs, payoffs, equilibria, "
        "leverage, bargaining",
        description="Compare two versions of a scenario (or payoff file): the inputs that "
        "differ, the weights and parameters they move, the payoffs, the equilibria, leverage "
        "and the bargaining outcome. With one FILE and --set, compare the file with its "
        "what-if variant (e.g. negotiation diff FILE --set pressures.China.deflation=0.9); "
        "with two files, --set applies to the second.",
    )
    add_file_argument(parser)
    parser.add_argument("other", nargs="?", metavar="B.yaml", help="the second version")
    parser.add_argument(
        "--no-analyses",
        dest="analyses",
        action="store_false",
        help="compare inputs and payoffs only (skip equilibria, leverage, bargaining)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.other is None and not args.overrides:
        raise NegotiationError(
            "diff needs a second file, or --set PATH=VALUE to compare FILE with a variant"
        )
    before = load_model(args.file)
    second = args.other if args.other is not None else args.file
    after = load_model(second, args.overrides)
    label_b = second
    if args.overrides:
        label_b = f"{second} with " + " ".join(f"--set {o}" for o in args.overrides)
    result = diff_scenarios(before, after, labels=(args.file, label_b), analyses=args.analyses)
    return emit(args, result, lambda: "\n".join(format_diff(result)), warnings=result.warnings)


def format_diff(result: ScenarioDiff) -> list[str]:
    return result.lines(SHOWN_PAYOFFS, more=" (--json lists them all)")
