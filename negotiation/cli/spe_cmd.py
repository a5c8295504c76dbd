"""``negotiation spe FILE --discount D``: the subgame-perfect equilibrium payoff set."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from negotiation.cli import args as args_
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load
from negotiation.cli.format import table
from negotiation.numbers import format_number, format_relation
from negotiation.repeated.spe import spe_payoff_set

if TYPE_CHECKING:
    from negotiation.game import Game
    from negotiation.repeated.spe import SPEPayoffSet


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "spe",
        help="payoffs of all subgame-perfect equilibria of the repeated game",
        description="The set of average payoffs of subgame-perfect equilibria of the "
        "repeated game with perfect monitoring and public randomisation (Abreu-Pearce-"
        "Stacchetti iteration, as in Abreu & Sannikov 2014). A polygon, a segment, a "
        "point, or empty when no pure-strategy SPE exists; convergence is reported.",
    )
    add_file_argument(parser)
    parser.add_argument(
        "--discount",
        type=args_.discount_factor("--discount"),
        required=True,
        metavar="D",
        help="common discount factor, 0 < D < 1",
    )
    parser.add_argument(
        "--tol",
        type=args_.positive_float("--tol", high=1),
        default=1e-9,
        metavar="T",
        help="accuracy relative to the payoff range (default %(default)g)",
    )
    parser.add_argument(
        "--max-iter",
        type=args_.positive_int("--max-iter", cap=1_000_000),
        default=None,
        metavar="N",
        help="iteration budget (default grows with 1/(1 - D))",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) instead of reporting an unconverged approximation",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = load(args)
    result = spe_payoff_set(
        model.game, args.discount, tol=args.tol, max_iter=args.max_iter, strict=args.strict
    )
    warnings = list(model.warnings)
    if not result.converged:
        warnings.append(
            f"not converged after {result.iterations} iterations (estimated error "
            f"{format_number(result.error_estimate, digits=3)}); the set shown is an outer approximation — "
            "raise --max-iter"
        )
    return emit(args, result, lambda: _describe(model.game, result), warnings=warnings)


def _describe(game: Game, result: SPEPayoffSet) -> str:
    p1, p2 = result.players
    head = (
        f"Subgame-perfect equilibrium payoffs at {format_relation('δ', '=', result.discount)}"
        + (f" — {game.title}" if game.title else "")
    )
    if result.is_empty:
        body = ["No pure-strategy subgame-perfect equilibrium exists: the set is empty."]
    else:
        shape = {
            "point": "a single point",
            "segment": "a segment",
            "polygon": f"a polygon with {len(result.vertices)} vertices",
        }[result.kind]
        rows = [[p1, p2]] + [[format_number(x), format_number(y)] for x, y in result.vertices]
        worst = result.worst()
        body = [f"The set is {shape} (average payoffs per round):", table(rows)]
        if worst is not None:
            body += [
                "",
                f"Harshest credible punishment: {p1} {format_number(worst[0])}, "
                f"{p2} {format_number(worst[1])}",
            ]
    status = (
        f"converged in {result.iterations} iteration{'' if result.iterations == 1 else 's'} (estimated error {format_number(result.error_estimate, digits=2)})"
        if result.converged
        else f"NOT converged after {result.iterations} iterations — outer approximation only"
    )
    return "\n".join([head, "", *body, "", status])
