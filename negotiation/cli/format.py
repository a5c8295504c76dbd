"""Formatting for people shared by the commands: tables, the game, equilibria, leverage.

Only the command line formats here; the library's results carry their own ``__str__``
and ``_repr_html_``. Each command module keeps the formatting only it needs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from negotiation.bargaining.describe import describe_leverage
from negotiation.game import Game
from negotiation.numbers import format_number

if TYPE_CHECKING:  # the analysis packages load only when a command runs
    from negotiation.bargaining import Leverage
    from negotiation.solvers import EquilibriumSet

__all__ = ["WIDTH", "format_equilibria", "format_leverage", "header", "render_game", "table"]

#: line width of wrapped text
WIDTH = 100


def table(rows: list[list[str]], indent: str = "  ") -> str:
    """Left-aligned text columns."""
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    return "\n".join(
        indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in rows
    )


def render_game(
    game: Game, width: int = 88, escalation: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The text ``negotiation show`` prints for a game.

    ``escalation`` is the file's declared escalation order per player (least first);
    without one, moves are listed most conciliatory first.
    """
    escalation = escalation or {}
    lines: list[str] = []
    title = game.title or "(untitled game)"
    lines += [title, "=" * len(title)]
    if game.description:
        lines += ["", *textwrap.wrap(game.description, width)]
    lines += [
        "",
        "Players and moves:" if escalation else "Players and moves (most conciliatory first):",
    ]
    for i, player in enumerate(game.players):
        lines.append(f"  {player}")
        labels = game.moves[i]
        pad = max(len(m) for m in labels)
        for k, move in enumerate(labels):
            text = game.move_descriptions[i][k] if game.move_descriptions else ""
            lines.append(f"    {k + 1}. {move.ljust(pad)}  {text}".rstrip())
        if player in escalation:
            lines.append(f"    escalation, least first: {' → '.join(escalation[player])}")
    lines += [
        "",
        "Payoffs" + (f" ({', '.join(game.players)})" if game.n_players == 2 else "") + ":",
    ]
    lines += ["  " + row for row in str(game).splitlines()]
    if game.sources:
        lines += ["", "Sources:"]
        for n, source in enumerate(game.sources, start=1):
            lines += textwrap.wrap(
                source.citation, width, initial_indent=f"  [{n}] ", subsequent_indent="      "
            )
            if source.quote:
                lines += textwrap.wrap(
                    f"“{source.quote}”", width, initial_indent="      ", subsequent_indent="       "
                )
            if source.supports:
                lines += textwrap.wrap(
                    f"supports: {source.supports}",
                    width,
                    initial_indent="      ",
                    subsequent_indent="        ",
                )
    return "\n".join(lines)


def header(game: Game, what: str) -> str:
    title = game.title or "game"
    return f"{title} — {what}"


def format_equilibria(game: Game, result: EquilibriumSet) -> str:
    n = len(result.equilibria)
    kinds = {
        "all": "extreme Nash equilibri{} (exact, complete)",
        "pure": "pure Nash equilibri{} (exact, complete)",
        "lemke-howson": "Nash equilibri{} found by Lemke–Howson (exact; not necessarily all)",
    }
    if result.method != "lemke-howson" and not result.complete:
        kinds[result.method] = kinds[result.method].replace("complete", "POSSIBLY INCOMPLETE")
    lines = [header(game, f"{n} " + kinds[result.method].format("um" if n == 1 else "a"))]
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


def format_leverage(lev: Leverage, title: str = "") -> str:
    """The leverage table in words: one block per quantity, a column per player."""
    return describe_leverage(lev, title) + "\n" + "See `negotiation bargain` for the deal."
