"""``negotiation solve FILE``: equilibria and related solution concepts, readable or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from negotiation.cli import args as args_
from negotiation.cli.common import add_file_argument, add_json_argument, print_json
from negotiation.errors import SolverError
from negotiation.game import Game, format_number


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "solve",
        help="equilibria: all exact mixed equilibria, pure, Lemke-Howson, zero-sum, "
        "dominance, correlated, Stackelberg, maximin",
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
        choices=(
            "all",
            "pure",
            "lemke-howson",
            "zero-sum",
            "dominance",
            "correlated",
            "stackelberg",
            "maximin",
            "pareto",
            "br-graph",
        ),
        help="solution method (default: all for two players, pure otherwise)",
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
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from negotiation.files import read_payoffs
    from negotiation.solvers import solve, stackelberg

    game = read_payoffs(args.file, overrides=args.overrides)
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
        if args.json:
            print_json(
                {
                    "game": game.title,
                    "players": list(game.players),
                    "moves": {p: list(m) for p, m in zip(game.players, game.moves, strict=True)},
                    "method": "stackelberg",
                    "commitments": [r.to_dict() for r in results],
                }
            )
        else:
            print(_header(game, "Stackelberg commitment"))
            print("\n".join(str(r) for r in results))
        return 0
    options: dict[str, Any] = {"kind": "weak"} if method == "dominance" and args.weak else {}
    result = solve(game, method, **options)
    if args.json:
        print_json(result.to_dict())
        return 0
    if method in ("all", "pure", "lemke-howson"):
        print(format_equilibria(game, result))
    else:
        titles = {
            "zero-sum": "zero-sum value and optimal strategies (LP, certified exactly)",
            "dominance": f"iterated elimination of {'weakly' if args.weak else 'strictly'} dominated moves",
            "correlated": "correlated equilibria (LP, certified exactly)",
            "maximin": "security levels (what each player can guarantee)",
            "pareto": "Pareto-optimal pure outcomes",
            "br-graph": "pure best-response graph",
        }
        print(_header(game, titles[method]))
        print(result)
        for note in getattr(result, "notes", ()):
            print(f"note: {note}")
    return 0


def _header(game: Game, what: str) -> str:
    title = game.title or "game"
    return f"{title} — {what}"


def format_equilibria(game: Game, result: Any) -> str:
    n = len(result.equilibria)
    kinds = {
        "all": "extreme Nash equilibri{} (exact, complete)",
        "pure": "pure Nash equilibri{} (exact, complete)",
        "lemke-howson": "Nash equilibri{} found by Lemke–Howson (exact; not necessarily all)",
    }
    if result.method != "lemke-howson" and not result.complete:
        kinds[result.method] = kinds[result.method].replace("complete", "POSSIBLY INCOMPLETE")
    lines = [_header(game, f"{n} " + kinds[result.method].format("um" if n == 1 else "a"))]
    rows = [["#", *game.players, "payoffs"]]
    for k, eq in enumerate(result.equilibria, start=1):
        rows.append(
            [
                str(k),
                *(eq.describe(i) for i in range(game.n_players)),
                ", ".join(format_number(v) for v in eq.payoffs),
            ]
        )
    if n:
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        for r in rows:
            lines.append(
                "  " + "   ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            )
    if result.method == "lemke-howson":
        lines.append("labels dropped -> equilibrium reached:")
        for label, index in result.details["labels"].items():
            pivots = result.details["pivots"][label]
            lines.append(f"     {label} -> {index + 1}  ({pivots} pivots)")
    if result.components:
        if all(c.is_singleton for c in result.components):
            lines.append("every equilibrium is isolated (each is its own component)")
        else:
            lines.append("components (maximal convex sets of equilibria):")
            for k, comp in enumerate(result.components, start=1):
                members = ", ".join(str(e + 1) for e in comp.equilibria)
                lines.append(
                    f"  {chr(64 + k) if k <= 26 else k}. {comp.describe(game)}   [extreme equilibria {members}]"
                )
            if len(result.connected) < len(result.components):
                groups = "; ".join(
                    "+".join(chr(65 + c) if c < 26 else str(c + 1) for c in group)
                    for group in result.connected
                )
                lines.append(f"  connected: {groups}")
    for note in result.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)
