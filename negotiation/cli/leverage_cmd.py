"""``negotiation leverage FILE``: each side's leverage, explained row by row."""

from __future__ import annotations

import argparse

from negotiation.bargaining.leverage import leverage
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load
from negotiation.cli.format import format_leverage
from negotiation.cli.options import add_leverage_options, leverage_arguments


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "leverage",
        help="each side's leverage: disagreement point, patience, bargaining power, threats",
        description="Compute each player's leverage: the payoff if talks fail (the escalation "
        "equilibrium by default), the discount rate and factor, the resulting bargaining "
        "power α_i = r_j/(r_i+r_j), the most persuasive threat and chokepoint dependence. "
        "For a scenario the discount rates and dependence come from its pressures; for a "
        "plain payoff file give --discount-rate (or --discount), else equal patience is "
        "assumed and said so.",
    )
    add_file_argument(parser)
    add_leverage_options(parser)
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = load(args)
    inputs, options = leverage_arguments(args, model.inputs)
    lev = leverage(model.game, inputs, **options)
    data = {**lev.to_dict(), "warnings": list(model.warnings)}
    return emit(args, data, lambda: format_leverage(lev, model.game.title), warnings=model.warnings)
