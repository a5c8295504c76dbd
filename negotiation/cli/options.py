"""Option groups shared by several commands, turned into library arguments.

``leverage`` and ``bargain`` take the same leverage options; :func:`leverage_arguments`
folds the values given into the model's :class:`~negotiation.inputs.NegotiationInputs`
(each marked "given as an option") and returns the remaining keyword arguments of
:func:`negotiation.bargaining.leverage.leverage`.
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from negotiation.cli import args as args_
from negotiation.cli.common import parse_assignments, split_list
from negotiation.errors import GameError
from negotiation.game import to_fraction
from negotiation.inputs import NegotiationInputs

__all__ = ["add_leverage_options", "leverage_arguments"]


def add_leverage_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``leverage`` and ``bargain``."""
    parser.add_argument(
        "--disagreement",
        type=args_.label_list("--disagreement"),
        metavar="RULE|MOVES|PAYOFFS",
        default="escalation",
        help="payoffs if talks fail: 'escalation' (default: the pure equilibrium with the most "
        "escalatory moves), 'worst' (the pure equilibrium worst for both together), "
        "'security' (each side's maxmin), 'threat' (Nash's 1953 optimal threats), "
        "a profile 'MOVE1,MOVE2' or payoffs 'D1,D2'",
    )
    parser.add_argument(
        "--discount-rate",
        dest="discount_rates",
        type=args_.player_value(
            "--discount-rate",
            low=Fraction(0),
            high=Fraction(1000),
            open_low=True,
            what="a rate per year",
        ),
        action="append",
        default=[],
        metavar="PLAYER=R",
        help="discount rate per year for a player (repeatable); overrides the scenario's",
    )
    parser.add_argument(
        "--discount",
        dest="discount_factors",
        type=args_.player_value(
            "--discount",
            low=Fraction(0),
            high=Fraction(1),
            open_low=True,
            open_high=True,
            what="a discount factor",
        ),
        action="append",
        default=[],
        metavar="PLAYER=DELTA",
        help="discount factor per round of offers for a player (repeatable), instead of a rate",
    )
    parser.add_argument(
        "--round-months",
        type=args_.positive_float("--round-months", high=1200),
        default=1.0,
        metavar="N",
        help="months between rounds of offers, Δ (default 1)",
    )
    parser.add_argument(
        "--threats-against",
        type=args_.label_list("--threats-against"),
        default=None,
        metavar="conciliatory|deal|MOVES",
        help="measure threats against the most conciliatory outcome, the Nash deal ('deal'), "
        "or a named outcome 'MOVE1,MOVE2' (default: the scenario's status_quo if it declares "
        "one, else the most conciliatory outcome)",
    )


def leverage_arguments(
    args: argparse.Namespace, inputs: NegotiationInputs
) -> tuple[NegotiationInputs, dict[str, Any]]:
    """The inputs with ``--discount-rate`` values, and the other leverage keywords."""
    players = inputs.players
    rates = _complete(parse_assignments(args.discount_rates, "--discount-rate"), players)
    factors = _complete(parse_assignments(args.discount_factors, "--discount"), players)
    if args.round_months <= 0:
        raise GameError("--round-months must be positive")
    if rates is not None and factors is not None:
        raise GameError("give discount rates or discount factors, not both")
    if rates is not None:
        inputs = inputs.with_values(discount_rates=rates)
    dis: Any = args.disagreement
    if "," in dis:
        dis = split_list(dis)
    reference = args.threats_against
    return inputs, {
        "disagreement": dis,
        "discount_factors": factors,
        "period": to_fraction(args.round_months) / 12 if args.round_months else Fraction(1, 12),
        "threat_reference": (
            split_list(reference) if reference is not None and "," in reference else reference
        ),
    }


def _complete(values: dict[str, str] | None, players: tuple[str, ...]) -> dict[str, str] | None:
    if values is None:
        return None
    unknown = [k for k in values if k not in players]
    if unknown:
        raise GameError(f"unknown player {unknown[0]!r}; players are {', '.join(players)}")
    missing = [p for p in players if p not in values]
    if missing:
        raise GameError(f"give a value for every player; missing {', '.join(missing)}")
    return values
