"""``negotiation explain FILE [--cell MOVE MOVE]``: how a scenario's payoffs are built."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from negotiation.cli import args as args_
from negotiation.cli import tree_cmds
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load, split_list
from negotiation.cli.explain_format import (
    format_cell,
    format_pressure,
    format_weights,
)
from negotiation.cli.format import WIDTH
from negotiation.errors import GameError
from negotiation.scenario.explain import pressure_uses

if TYPE_CHECKING:
    from negotiation.scenario.explain import PressureUses


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="how a scenario's payoffs are built: weights from pressures, effects from levers",
        description="Without --cell: each player's weight on each channel and each parameter, "
        "with its formula and the pressures (value, unit, quote) behind it. With --cell: one "
        "cell's payoffs taken apart, channel by channel: effect × weight = contribution, each "
        "effect split into the levers and interactions producing it. The contributions add up "
        "to the payoff exactly.",
    )
    add_file_argument(parser)
    parser.add_argument(
        "leaf",
        nargs="?",
        type=args_.safe_text("LEAF"),
        metavar="LEAF",
        help="game trees: the leaf to take apart, by name or by its moves from the root "
        "joined by '/' (without it, the leaves are listed)",
    )
    parser.add_argument(
        "--cell",
        type=args_.safe_text("--cell"),
        nargs="+",
        metavar="MOVE",
        help="one move per player, in the file's player order (e.g. --cell tariffs defence_ban "
        "or --cell tariffs,defence_ban)",
    )
    parser.add_argument(
        "--pressure",
        type=args_.safe_text("--pressure"),
        metavar="PLAYER.NAME",
        help="where one pressure enters the model: every weight, parameter and issue value "
        "computed from it (e.g. --pressure China.deflation)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = load(args, kinds=("game", "scenario", "tree"))
    if model.kind == "tree":
        return tree_cmds.explain(args, model)
    if args.leaf is not None:
        raise GameError(
            f"LEAF ({args.leaf}) names a leaf of a game tree; for a cell of this file use "
            "--cell MOVE MOVE"
        )
    scenario = model.require_scenario()
    if args.cell is not None and len(args.cell) == 1 and "," in args.cell[0]:
        args.cell = split_list(args.cell[0])
    if args.cell is not None and len(args.cell) != len(scenario.players):
        raise GameError(
            f"--cell takes one move per player ({', '.join(scenario.players)}), "
            f"got {len(args.cell)}"
        )
    head = {"file": scenario.path, "warnings": scenario.warnings}
    if args.pressure:
        uses = pressure_uses(scenario, args.pressure)
        return emit(
            args,
            {**head, **uses.to_dict()},
            lambda: "\n".join(format_uses(uses)),
            warnings=model.warnings,
        )
    if args.cell:
        cell = scenario.explain(args.cell)
        return emit(
            args,
            {**head, **cell.to_dict()},
            lambda: "\n".join(format_cell(scenario, args.cell)),
            warnings=model.warnings,
        )
    data = {
        "pressures": {
            player: {name: p.to_dict() for name, p in named.items()}
            for player, named in scenario.pressures.items()
        },
        **scenario.explain_weights().to_dict(),
    }
    return emit(
        args,
        {**head, **data},
        lambda: "\n".join(format_weights(scenario)),
        warnings=model.warnings,
    )


# ------------------------------------------------------------------------ formatting
def format_uses(uses: PressureUses) -> list[str]:
    lines = [*format_pressure(uses.pressure, ""), ""]
    if not uses.quantities:
        return [*lines, "no weight, parameter or issue value uses it"]
    lines.append(f"used by {len(uses.quantities)} quantities:")
    for q in uses.quantities:
        lines.append(f"  {q.player} {q.name} = {q.value:g}   = {q.formula}")
    lines.append("")
    lines += textwrap.wrap(
        "Change it with --set pressures."
        + uses.pressure.qualified
        + "=VALUE; `negotiation diff FILE --set ...` shows what follows.",
        WIDTH,
    )
    return lines
