"""``negotiation folk FILE --target MOVE,MOVE``: can this truce be self-enforcing?"""

from __future__ import annotations

import argparse
from typing import Any

from negotiation.cli import args as args_
from negotiation.cli.common import (
    add_file_argument,
    add_json_argument,
    print_json,
    read_source,
)
from negotiation.cli.repeat_cmd import table
from negotiation.errors import GameError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "folk",
        help="minmax values and the critical discount factor sustaining an outcome",
        description="For a target outcome of the repeated game (default: both sides' most "
        "conciliatory moves), each side's temptation to deviate, its minmax value, and the "
        "smallest discount factor at which the threat of punishment keeps it in line — "
        "under Nash reversion, minmax punishment and k-period punishments. With a scenario "
        "file (or --discount) it says whether the truce is self-enforcing for each side.",
    )
    add_file_argument(parser)
    parser.add_argument(
        "--target",
        type=args_.label_list("--target"),
        default=None,
        metavar="MOVE,MOVE",
        help="the outcome to sustain, one move per player (default: the most conciliatory moves)",
    )
    parser.add_argument(
        "--discount",
        dest="discounts",
        type=args_.discount_or_player("--discount"),
        action="append",
        default=[],
        metavar="D|PLAYER=D",
        help="discount factor per round for both players, or PLAYER=D "
        "(repeatable); default for a scenario: the δ its pressures imply",
    )
    parser.add_argument(
        "--round-months",
        type=args_.positive_float("--round-months", high=1200),
        default=1.0,
        metavar="N",
        help="months per round when δ comes from a scenario (default 1)",
    )
    parser.add_argument(
        "--periods",
        type=args_.int_list("--periods", cap=1000),
        default="1,2,3,5",
        metavar="K,K,...",
        help="lengths of finite punishments to evaluate (default %(default)s)",
    )
    parser.add_argument(
        "--optimal",
        action="store_true",
        help="also find δ* under optimal (harshest credible) punishments, "
        "from the SPE payoff sets (slower)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def _discounts(args: argparse.Namespace, source: Any, game: Any) -> Any:
    if args.discounts:
        if len(args.discounts) == 1 and "=" not in args.discounts[0]:
            return _number(args.discounts[0])
        out = {}
        for item in args.discounts:
            name, sep, value = item.partition("=")
            if not sep:
                raise GameError(f"--discount expects D or PLAYER=D, got {item!r}")
            out[name.strip()] = _number(value)
        return out
    if source is not game:  # a scenario: δ per round from its pressures
        from fractions import Fraction

        from negotiation.leverage import leverage

        lev = leverage(source, period=Fraction(str(args.round_months)) / 12)
        return dict(zip(game.players, lev.discount_factors, strict=True))
    return None


def _number(text: str) -> float:
    from negotiation.game import to_fraction

    return float(to_fraction(text.strip()))


def run(args: argparse.Namespace) -> int:
    from negotiation.repeated.folk import (
        feasible_region,
        folk_analysis,
        individually_rational_region,
    )

    source = read_source(args.file, args.overrides)
    game = getattr(source, "game", source)
    if game.n_players != 2:
        raise GameError("folk needs a two-player game")
    if args.target:
        target = [m.strip() for m in args.target.split(",")]
    else:
        target = [game.moves[0][0], game.moves[1][0]]
    periods = [int(k) for k in args.periods.split(",") if k.strip()] if args.periods else []
    result = folk_analysis(
        game,
        target,
        discount=_discounts(args, source, game),
        punishment_periods=periods,
        optimal=args.optimal,
    )
    if args.json:
        data = result.to_dict()
        data["feasible_region"] = [[float(x), float(y)] for x, y in feasible_region(game)]
        data["individually_rational_region"] = [
            [float(x), float(y)] for x, y in individually_rational_region(game)
        ]
        print_json(data)
        return 0
    print(_describe(game, result))
    return 0


def _describe(game: Any, result: Any) -> str:
    from negotiation.repeated.folk import _show

    p1, p2 = result.players
    delta = result.critical_discount_factor
    lines = [
        f"Sustaining {p1} {result.target[0]} / {p2} {result.target[1]} "
        f"(payoffs {_show(result.target_payoffs[0])}, {_show(result.target_payoffs[1])})"
        + (f" in {game.title}" if game.title else ""),
        "",
        table(result.rows()),
        "",
        "Critical discount factor (Nash reversion): "
        + (
            f"{_show(delta)}" + (f" ≈ {float(delta):.4f}" if "/" in _show(delta) else "")
            if delta is not None
            else "none — the threat of the stage equilibrium never outweighs the temptation"
        ),
        *(
            [
                "Critical discount factor (optimal penal codes, pure SPE): "
                + (f"{result.optimal:.4f}" if result.optimal is not None else "none below 0.999")
            ]
            if result.optimal_computed
            else []
        ),
        "Individually rational (at least each side's mixed minmax): "
        + ("yes" if result.individually_rational else "no"),
        "Minmax punishment is "
        + (
            "credible (a stage equilibrium is as harsh)"
            if result.minmax_credible
            else "not credible as a grim threat (punishers would need rewards; see "
            "`negotiation spe`)"
        ),
    ]
    if result.self_enforcing is not None:
        lines.append("")
        for c, d in zip(result.nash_reversion, result.discount, strict=True):
            verdict = "self-enforcing" if c.holds_at(d) else "NOT self-enforcing"
            need = _show(c.delta) if c.delta is not None else "unreachable"
            lines.append(f"For {c.player}: δ = {d:.4g} vs needed {need} → {verdict}")
    lines += [
        "",
        "δ* is the smallest per-round discount factor at which no side gains by "
        "deviating once and being punished (Friedman 1971; Fudenberg & Maskin 1986).",
    ]
    return "\n".join(lines)
