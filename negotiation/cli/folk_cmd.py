"""``negotiation folk FILE --target MOVE,MOVE``: can this truce be self-enforcing?"""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from negotiation.cli import args as args_
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load, split_list
from negotiation.cli.format import table
from negotiation.errors import GameError, NegotiationError
from negotiation.game import Game, to_fraction
from negotiation.numbers import exact_mode, format_number, format_relation
from negotiation.workflows.truce import truce

if TYPE_CHECKING:
    from negotiation.repeated.folk import FolkAnalysis


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _discounts(items: list[str]) -> float | dict[str, float] | None:
    """``--discount D`` (both players) or ``--discount PLAYER=D`` (repeatable)."""
    if not items:
        return None
    if len(items) == 1 and "=" not in items[0]:
        return _number(items[0])
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise GameError(f"--discount expects D or PLAYER=D, got {item!r}")
        out[name.strip()] = _number(value)
    return out


def _number(text: str) -> float:
    return float(to_fraction(text.strip()))


def run(args: argparse.Namespace) -> int:
    model = load(args)
    periods = [int(k) for k in args.periods.split(",") if k.strip()] if args.periods else []
    target = split_list(args.target) if args.target else None
    if target is not None and len(target) != model.game.n_players:
        example = ",".join(moves[0] for moves in model.game.moves)
        raise NegotiationError(
            f"--target {args.target}: name one move per player, in the order "
            f"{', '.join(model.game.players)} — e.g. --target {example}"
        )
    result = truce(
        model,
        target,
        discount=_discounts(args.discounts),
        period=Fraction(str(args.round_months)) / 12,
        punishment_periods=periods,
        optimal=args.optimal,
    )
    return emit(args, result, lambda: _describe(model.game, result.folk), warnings=model.warnings)


def _show(x: Any) -> str:
    if x is None:
        return "-"
    return format_number(x)


def _describe(game: Game, result: FolkAnalysis) -> str:
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
            _show(delta)
            + (
                f" {format_number(float(delta))}"
                if "/" in _show(delta) and not exact_mode()
                else ""
            )
            if delta is not None
            else "none — the threat of the stage equilibrium never outweighs the temptation"
        ),
        *(
            [
                "Critical discount factor (optimal penal codes, pure SPE): "
                + (_show(result.optimal) if result.optimal is not None else "none below 0.999")
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
    if result.self_enforcing is not None and result.discount is not None:
        lines.append("")
        for c, d in zip(result.nash_reversion, result.discount, strict=True):
            verdict = "self-enforcing" if c.holds_at(d) else "NOT self-enforcing"
            need = _show(c.delta) if c.delta is not None else "unreachable"
            lines.append(
                f"For {c.player}: {format_relation('δ', '=', d)} vs needed {need} → {verdict}"
            )
    lines += [
        "",
        "δ* is the smallest per-round discount factor at which no side gains by "
        "deviating once and being punished (Friedman 1971; Fudenberg & Maskin 1986).",
    ]
    return "\n".join(lines)
