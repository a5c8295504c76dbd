"""``negotiation solve FILE``: equilibria and related solution concepts, readable or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from negotiation.cli import args as args_
from negotiation.cli import tree_cmds
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load
from negotiation.cli.format import format_equilibria, header
from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers import REGISTRY, solve, stackelberg


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "solve",
        help="equilibria and other solution concepts: " + ", ".join(REGISTRY),
        description="Solve a game. 'all' (default for two players) lists every extreme "
        "Nash equilibrium exactly, with the convex components they form; 'pure' (default "
        "for more players) the pure equilibria. Every equilibrium printed has been checked "
        "exactly for zero regret.",
    )
    add_file_argument(parser)
    parser.add_argument(
        "--method",
        "-m",
        default=None,
        choices=tuple(REGISTRY),
        help="solution method (default: all for two players, pure otherwise; on a game "
        "tree: spe for perfect information, subgame otherwise): "
        + "; ".join(f"{m.name} ({'/'.join(m.games)}): {m.description}" for m in REGISTRY.values()),
    )
    parser.add_argument(
        "--leader",
        type=args_.safe_text("--leader"),
        metavar="PLAYER",
        help="stackelberg: the leader (default: each player in turn)",
    )
    parser.add_argument(
        "--weak",
        action="store_true",
        help="dominance: eliminate weakly dominated moves (order-dependent!) instead of strictly",
    )
    parser.add_argument(
        "--max-seconds",
        type=args_.positive_float("--max-seconds", high=86_400),
        default=None,
        metavar="S",
        help="all, lemke-howson, correlated, zero-sum, maximin: stop after about S seconds and "
        "print what was found, marked incomplete (also lets 'all', 'zero-sum' and 'maximin' "
        "take games past their size budget)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = load(args, kinds=("game", "scenario", "tree"))
    if model.kind == "tree":
        return tree_cmds.solve(args, model)
    if args.method is not None and "matrix" not in REGISTRY[args.method].games:
        raise SolverError(f"--method {args.method} needs a game tree (kind: tree, or .efg)")
    game = model.game
    method = args.method or ("all" if game.n_players == 2 else "pure")
    if args.leader is not None and method != "stackelberg":
        raise SolverError("--leader applies only to --method stackelberg")
    if args.weak and method != "dominance":
        raise SolverError("--weak applies only to --method dominance")
    if method == "stackelberg":
        if game.n_players != 2:
            raise SolverError("Stackelberg commitment needs a two-player game")
        leaders = [args.leader] if args.leader is not None else list(game.players)
        results = [stackelberg(game, leader) for leader in leaders]
        data = {
            "game": game.title,
            "players": list(game.players),
            "moves": {p: list(m) for p, m in zip(game.players, game.moves, strict=True)},
            "method": "stackelberg",
            "commitments": [r.to_dict() for r in results],
        }
        text = "\n".join([header(game, "Stackelberg commitment"), *(str(r) for r in results)])
        return emit(args, data, text, warnings=model.warnings)
    options: dict[str, Any] = {"kind": "weak"} if method == "dominance" and args.weak else {}
    if args.max_seconds is not None:
        if method not in ("all", "lemke-howson", "correlated", "zero-sum", "maximin"):
            raise SolverError(
                "--max-seconds applies only to --method all, lemke-howson, correlated, "
                "zero-sum, maximin"
            )
        options["max_seconds"] = args.max_seconds
    if method == "correlated" and model.inputs.common_unit:
        options["common_unit"] = True  # welfare adds the payoffs only in one unit
    result = solve(game, method, **options)
    return emit(
        args, result, lambda: _text(game, method, result, args.weak), warnings=model.warnings
    )


TITLES = {
    "zero-sum": "zero-sum value and optimal strategies (LP, certified exactly)",
    "dominance": "iterated elimination of {} dominated moves",
    "correlated": "correlated equilibria (LP, certified exactly)",
    "maximin": "security levels (what each player can guarantee)",
    "pareto": "Pareto-optimal pure outcomes",
    "br-graph": "pure best-response graph",
}


def _text(game: Game, method: str, result: Any, weak: bool) -> str:
    if method in ("all", "pure", "lemke-howson"):
        return format_equilibria(game, result)
    title = TITLES[method].format("weakly" if weak else "strictly")
    lines = [header(game, title), str(result)]
    lines += [f"note: {note}" for note in getattr(result, "notes", ())]
    return "\n".join(lines)
