"""A scenario's explanations as text: pressures, weight sources, one cell's payoffs.

Shared by ``negotiation explain`` (a scenario's cells and weights) and the tree side
of the commands (``explain TREE LEAF`` takes a leaf's scenario cell apart).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from negotiation.cli.format import WIDTH
from negotiation.numbers import format_number, format_relation

if TYPE_CHECKING:
    from negotiation.scenario import Pressure, Scenario
    from negotiation.scenario.explain import QuantitySource

__all__ = ["format_cell", "format_pressure", "format_source", "format_weights"]


def _quote(pressure: Pressure) -> str:
    if not pressure.quote:
        return ""
    return f'"{pressure.quote}" [{pressure.source}]'


def format_pressure(pressure: Pressure, indent: str, *, quote: bool = True) -> list[str]:
    """A pressure's value and unit, then (optionally) its quote, wrapped."""
    lines = [f"{indent}{pressure.qualified} = {format_number(pressure.value)}  [{pressure.unit}]"]
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
            lines.append(f"{indent}  {format_relation(item.name, '=', item.value)} ({item.kind})")
    else:
        lines.append(f"{indent}(a number set in the file; its comment gives the reason)")
    if source.pressures and quotes:
        lines.append(f"{indent}  from pressures:")
    elif source.pressures:
        listed = ", ".join(format_relation(p.qualified, "=", p.value) for p in source.pressures)
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
            lines.append(f"  {format_relation(name, '=', source.value)}{unit}")
            lines += format_source(source, "    ", quotes=False)
    issues = [(q, p) for p in scenario.players for q in explanation.issues[p]]
    if issues:
        lines += ["", "issue values (for linkage: what getting its way is worth to each side)"]
        for source, player in issues:
            lines.append(
                f"  {format_relation(source.name.split('.', 1)[1] + ' for ' + player, '=', source.value)}"
            )
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
