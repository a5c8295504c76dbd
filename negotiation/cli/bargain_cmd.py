"""``negotiation bargain FILE``: the Nash deal, the Rubinstein deal, issue linkage, win-sets."""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.bargaining import bargain
from negotiation.bargaining.describe import describe_bargain
from negotiation.cli import args as args_
from negotiation.cli.common import (
    add_file_argument,
    add_json_argument,
    emit,
    load,
    parse_assignments,
)
from negotiation.cli.options import add_leverage_options, leverage_arguments
from negotiation.errors import GameError

if TYPE_CHECKING:
    from negotiation.bargaining import BargainingAnalysis


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "bargain",
        help="bargaining outcome: asymmetric Nash deal, Rubinstein offers, issue linkage",
        description="Bargain over the feasible deals (lotteries over the game's outcomes): "
        "the asymmetric Nash solution with the disagreement point and bargaining power from "
        "`negotiation leverage`, the Rubinstein alternating-offers deal, and — for a "
        "scenario with issues — one package versus issue by issue. Give --floor or "
        "--ratification to add Putnam's win-sets.",
    )
    add_file_argument(parser)
    add_leverage_options(parser)
    parser.add_argument(
        "--first-proposer",
        type=args_.safe_text("--first-proposer"),
        metavar="PLAYER",
        default=None,
        help="who makes the first offer in alternating offers (default: the first player)",
    )
    parser.add_argument(
        "--floor",
        dest="floors",
        type=args_.player_value("--floor"),
        action="append",
        default=[],
        metavar="PLAYER=PAYOFF",
        help="win-set: the lowest payoff PLAYER's domestic ratifiers accept (repeatable)",
    )
    parser.add_argument(
        "--ratification",
        dest="thresholds",
        type=args_.player_value(
            "--ratification", low=Fraction(0), high=Fraction(1), what="a share"
        ),
        action="append",
        default=[],
        metavar="PLAYER=THETA",
        help="win-set as a share θ in [0, 1] of PLAYER's best possible gain that its "
        "ratifiers demand (repeatable)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def format_bargain(result: BargainingAnalysis, title: str = "") -> str:
    """Human-readable report of a :class:`~negotiation.bargaining.BargainingAnalysis`."""
    return describe_bargain(result, title)


def run(args: argparse.Namespace) -> int:
    model = load(args)
    floors = parse_assignments(args.floors, "--floor")
    thresholds = parse_assignments(args.thresholds, "--ratification")
    if floors is not None and thresholds is not None:
        raise GameError("give --floor or --ratification, not both")
    inputs, options = leverage_arguments(args, model.inputs)
    if floors is not None or thresholds is not None:
        inputs = inputs.with_values(floors=floors, ratification=thresholds)
    result = bargain(
        model.game,
        inputs,
        first_proposer=args.first_proposer if args.first_proposer is not None else 0,
        **options,
    )
    data = {**result.to_dict(), "warnings": list(model.warnings)}
    return emit(
        args, data, lambda: format_bargain(result, model.game.title), warnings=model.warnings
    )
