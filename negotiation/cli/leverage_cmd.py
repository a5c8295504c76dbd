"""``negotiation leverage FILE``: each side's leverage, explained row by row."""

from __future__ import annotations

import argparse
import textwrap
from fractions import Fraction
from typing import Any

from negotiation.cli import args as args_
from negotiation.cli.common import (
    add_file_argument,
    add_json_argument,
    emit,
    read_source,
)
from negotiation.errors import GameError, OverrideError

WIDTH = 100


def add_parser(subparsers: Any) -> None:
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


def parse_assignments(items: list[str], option: str) -> dict[str, str] | None:
    """``["US=0.1", "China=0.05"]`` -> ``{"US": "0.1", "China": "0.05"}``."""
    if not items:
        return None
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise OverrideError(f"{option} expects PLAYER=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


def leverage_options(args: argparse.Namespace, players: tuple[str, ...]) -> dict[str, Any]:
    """Keyword arguments for :func:`negotiation.leverage.leverage` from the options."""
    from fractions import Fraction

    from negotiation.game import to_fraction

    rates = _complete(parse_assignments(args.discount_rates, "--discount-rate"), players)
    factors = _complete(parse_assignments(args.discount_factors, "--discount"), players)
    if args.round_months <= 0:
        raise GameError("--round-months must be positive")
    dis: Any = args.disagreement
    if "," in dis:
        dis = [part.strip() for part in dis.split(",")]
    return {
        "disagreement": dis,
        "discount_rates": rates,
        "discount_factors": factors,
        "period": to_fraction(args.round_months) / 12 if args.round_months else Fraction(1, 12),
        "threat_reference": (
            [part.strip() for part in args.threats_against.split(",")]
            if args.threats_against is not None and "," in args.threats_against
            else args.threats_against
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


def format_leverage(lev: Any, title: str = "") -> str:
    """The leverage table in words: one block per quantity, a column per player."""
    players = lev.players
    lines = []
    heading = "Leverage" + (f" — {title}" if title else "")
    lines += [heading, "=" * len(heading), ""]
    for row in lev.rows():
        unit = f" [{row['unit']}]" if row["unit"] else ""
        lines.append(f"{row['label']}{unit}")
        lines += textwrap.wrap(row["meaning"], WIDTH, initial_indent="  ", subsequent_indent="  ")
        width = max(len(p) for p in players)
        for p in players:
            lines += textwrap.wrap(
                row["values"][p],
                WIDTH,
                initial_indent=f"    {p.ljust(width)}  ",
                subsequent_indent=" " * (width + 6),
            )
        lines.append("")
    if lev.notes:
        lines.append("Notes")
        for note in lev.notes:
            lines += textwrap.wrap(note, WIDTH, initial_indent="  - ", subsequent_indent="    ")
        lines.append("")
    alpha = lev.bargaining_power
    strongest = max(range(len(players)), key=lambda k: alpha[k])
    if len(set(alpha)) > 1:
        lines += textwrap.wrap(
            f"In short: {players[strongest]} is the more patient side and holds "
            f"{float(alpha[strongest]):.0%} of the bargaining power; what that buys depends "
            "on the disagreement point and the deals available — see `negotiation bargain`.",
            WIDTH,
        )
    else:
        lines += textwrap.wrap(
            "In short: the sides are equally patient, so bargaining power is split evenly; "
            "what each gets depends on the disagreement point — see `negotiation bargain`.",
            WIDTH,
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from negotiation.leverage import leverage

    source = read_source(args.file, args.overrides)
    game = getattr(source, "game", source)
    lev = leverage(source, **leverage_options(args, game.players))
    return emit(args, source, lev, format_leverage(lev, game.title))
