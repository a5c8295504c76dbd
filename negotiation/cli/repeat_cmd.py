"""``negotiation repeat FILE``: a round-robin tournament of repeated-game strategies."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from negotiation.cli import args as args_
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load
from negotiation.cli.format import table

if TYPE_CHECKING:
    from negotiation.game import Game
    from negotiation.repeated.tournament import TournamentResult
from negotiation.errors import StrategyError
from negotiation.repeated import STRATEGIES, get_strategy, tournament
from negotiation.repeated.match import StageGame

DEFAULT_POOL = (
    "tit-for-tat",
    "always-escalate",
    "always-conciliate",
    "grim-trigger",
    "win-stay-lose-shift",
    "generous-tit-for-tat",
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "repeat",
        help="play strategies against each other in the repeated game (a tournament)",
        description="Every strategy of the first player meets every strategy of the second "
        "in the repeated game; moves count as escalation levels (the file's order, most "
        "conciliatory first). In a symmetric game the strategies are also ranked, as in "
        "Axelrod's tournaments.",
    )
    add_file_argument(parser, nargs="?")
    parser.add_argument(
        "--strategies",
        type=args_.safe_text("--strategies"),
        default=",".join(DEFAULT_POOL),
        metavar="A,B,...",
        help="comma-separated strategy names, or 'all' (default: %(default)s); "
        "parameters as name(k=5); see --list-strategies",
    )
    parser.add_argument(
        "--opponents",
        type=args_.safe_text("--opponents"),
        default=None,
        metavar="A,B,...",
        help="a different pool for the second player (default: the same as --strategies)",
    )
    parser.add_argument(
        "--turns",
        type=args_.positive_int("--turns", cap=args_.MAX_REPEAT_TURNS),
        default=None,
        metavar="N",
        help="turns per match (default 200; with --prob-end an optional cap)",
    )
    parser.add_argument(
        "--noise",
        type=args_.probability("--noise", smallest=1e-12),
        default=0.0,
        metavar="P",
        help="probability that a move is replaced by another (default 0)",
    )
    ending = parser.add_mutually_exclusive_group()
    ending.add_argument(
        "--prob-end",
        type=args_.probability("--prob-end", smallest=1 / args_.MAX_REPEAT_TURNS),
        default=None,
        metavar="P",
        help="each turn is the last with probability P (mean length 1/P)",
    )
    ending.add_argument(
        "--discount",
        type=args_.discount_factor("--discount"),
        default=None,
        metavar="D",
        help="discount payoffs by D per turn",
    )
    parser.add_argument(
        "--repetitions",
        type=args_.positive_int("--repetitions", cap=10_000),
        default=1,
        metavar="K",
        help="play every match K times (default 1)",
    )
    parser.add_argument(
        "--seed",
        type=args_.nonnegative_int("--seed", cap=2**63 - 1),
        default=None,
        metavar="S",
        help="seed for reproducible noise, random strategies and lengths",
    )
    parser.add_argument(
        "--processes",
        type=args_.positive_int("--processes", cap=64),
        default=1,
        metavar="N",
        help="worker processes (results do not depend on it; default 1)",
    )
    parser.add_argument(
        "--matches",
        action="store_true",
        help="always list every match (default: only when there are at most 40)",
    )
    parser.add_argument(
        "--list-strategies", action="store_true", help="list the strategy library and exit"
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def _names(text: str, game: Game) -> list[str]:
    if text.strip() == "all":
        stage = StageGame.from_game(game)
        usable = []
        for name in STRATEGIES:
            try:
                for k in (0, 1):
                    get_strategy(name).reset(stage.context(k))
            except StrategyError:
                continue
            usable.append(name)
        return usable
    names = _split(text)
    if not names:
        raise StrategyError("--strategies needs at least one name")
    return names


def _split(text: str) -> list[str]:
    """Split on commas outside parentheses: ``a(k=1,calm=2),b`` -> two names."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    parts.append(current.strip())
    return [p for p in parts if p]


def _list_strategies() -> int:
    rows = [["name", "memory", "stochastic", "rule"]]
    for name, cls in STRATEGIES.items():
        depth = "inf" if cls.memory_depth == float("inf") else str(cls.memory_depth)
        rows.append([name, depth, "yes" if cls.stochastic else "no", cls.summary()])
    print(table(rows, indent=""))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list_strategies:
        return _list_strategies()
    if args.file is None:
        raise StrategyError("give a payoff FILE (or --list-strategies)")

    model = load(args)
    # the strategies read escalation from move order: play the file's declared order
    game = model.inputs.in_escalation_order(model.game)
    pool = _names(args.strategies, game)
    opponents = _names(args.opponents, game) if args.opponents else None
    turns = args.turns if args.turns is not None or args.prob_end is not None else 200
    result = tournament(
        game,
        pool,
        opponents,
        turns=turns,
        repetitions=args.repetitions,
        noise=args.noise,
        prob_end=args.prob_end,
        discount=args.discount,
        seed=args.seed,
        processes=args.processes,
        progress=not args.json,
    )
    data = {**result.to_dict(), "game": game.title}
    show_matches = args.matches or len(result.matches) <= 40
    return emit(args, data, lambda: _describe(game, result, show_matches), warnings=model.warnings)


def _describe(game: Game, result: TournamentResult, show_matches: bool = True) -> str:
    s = result.settings
    length = (
        f"{s.turns} turns"
        if s.prob_end is None
        else f"random length (ends with probability {s.prob_end:g} per turn"
        + (f", at most {s.turns} turns)" if s.turns else ")")
    )
    extras = [length, f"{s.repetitions} repetition(s)"]
    if s.noise:
        extras.append(f"noise {s.noise:g}")
    if s.discount is not None:
        extras.append(f"discount {s.discount:g}")
    extras.append(f"seed {result.seed}")
    p1, p2 = result.players
    lines = [
        f"Repeated {game.title or 'game'}: " + ", ".join(extras),
        "",
        f"Mean total score per match ({p1}, {p2}), {p1}'s strategy down the side:",
        table(result.score_rows()),
    ]
    if show_matches:
        lines += ["", "Matches (means over repetitions):", table(result.match_rows())]
    if result.symmetric:
        lines += [
            "",
            "Ranking (median score per turn against the others, self-play excluded):",
            table(result.summary_rows(0)),
        ]
    else:
        for k, player in enumerate(result.players):
            lines += [
                "",
                f"Strategies of {player} (mean over the other side's strategies):",
                table(result.summary_rows(k)),
            ]
    lines += [
        "",
        "Moves are escalation levels: 'escalates' is the share of turns above the "
        "most conciliatory move.",
    ]
    return "\n".join(lines)
