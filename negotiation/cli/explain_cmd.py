"""``negotiation explain FILE [--cell MOVE MOVE]``: how a scenario's payoffs are built."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from negotiation.cli import args as args_
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load, split_list
from negotiation.cli.format import WIDTH
from negotiation.errors import GameError
from negotiation.numbers import format_number
from negotiation.scenario.explain import pressure_uses

if TYPE_CHECKING:
    from negotiation.scenario import Pressure, Scenario
    from negotiation.scenario.explain import PressureUses, QuantitySource


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
    model = load(args)
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
def _quote(pressure: Pressure) -> str:
    if not pressure.quote:
        return ""
    return f'"{pressure.quote}" [{pressure.source}]'


def format_pressure(pressure: Pressure, indent: str, *, quote: bool = True) -> list[str]:
    """A pressure's value and unit, then (optionally) its quote, wrapped."""
    lines = [f"{indent}{pressure.qualified} = {pressure.value:g}  [{pressure.unit}]"]
    if quote and pressure.quote:
        lines += textwrap.wrap(
            _quote(pressure),
            WIDTH,
            initial_indent=indent + "    ",
            subsequent_indent=indent + "     ",
        )
    return lines


def format_source(source: QuantitySource, indent: str, *, quotes: bool = True) -> list[str]:
    """Lines telling where a weight or parameter comes from (formula, inputs, pressures)."""
    lines = []
    if source.inputs:
        lines.append(f"{indent}= {source.formula}")
        derived = [i for i in source.inputs if i.kind != "pressure"]
        for item in derived:
            lines.append(f"{indent}  {item.name} = {item.value:g} ({item.kind})")
    else:
        lines.append(f"{indent}(a number set in the file; its comment gives the reason)")
    if source.pressures and quotes:
        lines.append(f"{indent}  from pressures:")
    elif source.pressures:
        listed = ", ".join(f"{p.qualified} = {p.value:g}" for p in source.pressures)
        lines += textwrap.wrap(
            f"from pressures: {listed}",
            WIDTH,
            initial_indent=indent + "  ",
            subsequent_indent=indent + "    ",
        )
    if quotes:
        for pressure in source.pressures:
            lines += format_pressure(pressure, indent + "    ")
    return lines


def format_weights(scenario: Scenario) -> list[str]:
    explanation = scenario.explain_weights()
    title = scenario.game.title or scenario.path
    lines = [
        f"{title}: where the weights come from",
        *textwrap.wrap(
            "payoff = sum over channels of weight × effect; a weight is what one point on a "
            "channel is worth to the player. Add --cell MOVE MOVE to take a payoff apart.",
            WIDTH,
        ),
    ]
    for player in scenario.players:
        lines += ["", f"{player}: pressures"]
        for pressure in scenario.pressures[player].values():
            lines += format_pressure(pressure, "  ")
        lines += ["", f"{player}: weights"]
        for source in explanation.weights[player]:
            channel = source.name.split(".", 1)[1]
            lines.append(f"  {channel} = {format_number(source.value)}")
            lines += format_source(source, "    ", quotes=False)
        lines += ["", f"{player}: parameters"]
        for source in explanation.parameters[player]:
            name = source.name.split(".", 1)[1]
            unit = " per year" if name == "discount_rate" else ""
            lines.append(f"  {name} = {source.value:g}{unit}")
            lines += format_source(source, "    ", quotes=False)
    issues = [(q, p) for p in scenario.players for q in explanation.issues[p]]
    if issues:
        lines += ["", "issue values (for linkage: what getting its way is worth to each side)"]
        for source, player in issues:
            lines.append(f"  {source.name.split('.', 1)[1]} for {player} = {source.value:g}")
            lines.append(f"    = {source.formula}")
    return lines


def format_cell(scenario: Scenario, cell: list[str]) -> list[str]:
    explanation = scenario.explain(cell)
    profile = ", ".join(f"{b.player} plays {b.move}" for b in explanation.players)
    lines = [f"Cell: {profile}", "payoff = sum over channels of effect × weight"]
    for breakdown in explanation.players:
        lines += ["", f"{breakdown.player}: payoff {format_number(breakdown.payoff)}"]
        rows = [("channel", "effect", "weight", "contribution", "effect from")]
        for term in breakdown.terms:
            parts = "; ".join(f"{p.label} {format_number(p.value)}" for p in term.parts)
            rows.append(
                (
                    term.channel,
                    format_number(term.effect),
                    format_number(term.weight),
                    format_number(term.contribution),
                    parts or "no lever touches it",
                )
            )
        rows.append(("total", "", "", format_number(breakdown.total), ""))
        widths = [max(len(r[k]) for r in rows) for k in range(4)]
        for k, row in enumerate(rows):
            text = "  ".join(
                [
                    row[0].ljust(widths[0]),
                    row[1].rjust(widths[1]) + (" ×" if 0 < k < len(rows) - 1 else "  "),
                    row[2].rjust(widths[2]) + (" =" if 0 < k < len(rows) - 1 else "  "),
                    row[3].rjust(widths[3]),
                    row[4],
                ]
            )
            lines.append("  " + text.rstrip())
        lines.append("  weights from:")
        for term in breakdown.terms:
            if term.effect == 0:
                continue
            lines.append(f"    {term.channel} {format_number(term.weight)}")
            lines += format_source(term.weight_source, "      ")
    return lines


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
