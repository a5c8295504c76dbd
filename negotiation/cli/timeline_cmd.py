"""``negotiation timeline FILE``: leverage over time — dependence, bargaining power, moves."""

from __future__ import annotations

import argparse
from typing import Any

from negotiation.cli.common import add_file_argument, add_json_argument, emit, load
from negotiation.dynamics import timeline, timeline_model
from negotiation.dynamics.provenance import provenance
from negotiation.dynamics.uncertainty import half_life_distribution
from negotiation.errors import NegotiationError


def _whole(low: int, high: int, flag: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{flag} must be between {low} and {high}, got {value}"
            )
        return value

    return parse


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "timeline",
        help="leverage over time: dependence, bargaining power and moves year by year",
        description="Run the dynamics file's supply-chain state forward: the importer's "
        "dependence per stage, each side's bargaining power and disagreement payoff, the "
        "moves; the half-life of the exporter's leverage under a sustained restriction, its "
        "best restriction length, none/temporary/sustained side by side and what each "
        "policy lever changes. The default policy is the Markov perfect equilibrium of the "
        "dynamic game, solved on the file's state grid and checked for one-period deviations.",
    )
    add_file_argument(parser)
    parser.add_argument(
        "--years",
        type=_whole(1, 100, "--years"),
        default=20,
        metavar="N",
        help="horizon in years (default 20)",
    )
    parser.add_argument(
        "--policy",
        choices=("equilibrium", "none", "temporary", "sustained"),
        default="equilibrium",
        help="the equilibrium of the dynamic game (default), or a fixed restriction policy",
    )
    parser.add_argument(
        "--months",
        type=_whole(1, 1200, "--months"),
        default=None,
        metavar="K",
        help="length of the temporary restriction in months (with --policy temporary; default 6 "
        "in the side-by-side comparison)",
    )
    parser.add_argument(
        "--samples",
        type=_whole(1, 10_000, "--samples"),
        default=None,
        metavar="N",
        help="also draw the file's ranged transition inputs N times (seeded) and report the "
        "distribution of the half-life of the exporter's leverage",
    )
    parser.add_argument(
        "--seed",
        type=_whole(0, 2**32 - 1, "--seed"),
        default=0,
        metavar="S",
        help="seed of the draws (default 0)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="show where every number of the transitions comes from (value, range, kind, "
        "source, quote, reason; a number read from the scenario names its path) instead",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.months is not None and args.policy != "temporary":
        raise NegotiationError("--months goes with --policy temporary")
    if args.policy == "temporary" and args.months is None:
        raise NegotiationError("--policy temporary needs --months K (the restriction's length)")
    spec = load(args, kinds=("dynamics",)).dynamics  # the one loader; other kinds: one line
    assert spec is not None
    if args.explain:
        table = provenance(spec)
        return emit(args, table, lambda: str(table), warnings=spec.warnings)
    model = timeline_model(spec)
    result = timeline(model, years=args.years, policy=args.policy, months=args.months or 6)
    if args.samples is None:
        return emit(args, result, lambda: str(result), warnings=model.warnings)

    spread = half_life_distribution(model, samples=args.samples, seed=args.seed)
    data = {**result.to_dict(), "half_life_distribution": spread.to_dict()}
    return emit(args, data, lambda: f"{result}\n• {spread}", warnings=model.warnings)
