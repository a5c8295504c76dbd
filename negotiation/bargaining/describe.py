"""Bargaining results in words: the text ``negotiation bargain`` and ``leverage`` print.

:func:`describe_bargain` and :func:`describe_leverage` are what ``str()`` of a
:class:`~negotiation.bargaining.BargainingAnalysis` and of a
:class:`~negotiation.bargaining.leverage.Leverage` returns, so a ``print()`` in a script
or a notebook shows the same readable text as the command line, never a dataclass dump.
Numbers go through :func:`negotiation.numbers.format_number`.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from negotiation.game import to_fraction
from negotiation.numbers import format_number, format_numbers, format_percent

if TYPE_CHECKING:  # pragma: no cover
    from negotiation.bargaining.analysis import BargainingAnalysis
    from negotiation.bargaining.leverage import Leverage

__all__ = ["WIDTH", "describe_bargain", "describe_leverage"]

#: line width of wrapped text
WIDTH = 100


def _num(value: Any) -> str:
    """Exact text for simple numbers, 4 significant digits marked ≈ for messy ones."""
    return format_number(to_fraction(value))


def _pair(values: Any, players: tuple[str, ...]) -> str:
    """``US 0.526, China 0.474``: one value per player, in one style."""
    texts = format_numbers([to_fraction(v) for v in values])
    return ", ".join(f"{p} {t}" for p, t in zip(players, texts, strict=True))


def _pct(x: Any, decimals: int = 1) -> str:
    return format_percent(to_fraction(x), decimals=decimals)


def _outcome(profile: tuple[str, ...], players: tuple[str, ...]) -> str:
    return " / ".join(f"{p} {m}" for p, m in zip(players, profile, strict=True))


def _lottery(lottery: dict[tuple[str, ...], Any], players: tuple[str, ...]) -> str:
    if not lottery:
        return "a point on the frontier"
    if len(lottery) == 1:
        return f"the outcome {_outcome(next(iter(lottery)), players)}"
    parts = [f"{_num(q)} of the time {_outcome(prof, players)}" for prof, q in lottery.items()]
    return "a lottery or phased mix: " + "; ".join(parts)


def describe_bargain(result: BargainingAnalysis, title: str = "") -> str:
    """Human-readable report of a :class:`~negotiation.bargaining.BargainingAnalysis`."""
    p = result.players
    lev = result.leverage
    nash, rub = result.nash, result.rubinstein
    out: list[str] = []

    def para(text: str, indent: str = "") -> None:
        out.extend(textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent))

    heading = "Bargaining" + (f" — {title}" if title else "")
    out += [heading, "=" * len(heading), ""]
    d = nash.disagreement
    para(
        f"If talks fail: {_pair(d, p)} ({lev.disagreement.explanation}"
        + (f": {' / '.join(lev.disagreement.profile)}" if lev.disagreement.profile else "")
        + ")."
    )
    para(
        "Bargaining power from patience (α_i = r_j / (r_i + r_j)): "
        + _pair(lev.bargaining_power, p)
        + "."
    )
    front = result.feasible.frontier
    para(
        "Feasible deals: any lottery over the game's outcomes; the Pareto frontier runs "
        + " → ".join(f"({_num(a)}, {_num(b)})" for a, b in front)
        + f" in ({p[0]}, {p[1]}) payoffs."
    )
    out.append("")

    out.append("Asymmetric Nash bargaining (Nash 1950; Roth 1979)")
    para(f"Deal: {_pair(nash.payoffs, p)} — {_lottery(nash.lottery, p)}.", "  ")
    if nash.degenerate:
        para(
            "No deal makes both sides better off than failed talks: there is no surplus to "
            "share (try --disagreement security).",
            "  ",
        )
    else:
        para(
            "Each side's gain as a share of the most it could gain in any deal that leaves "
            "the other no worse than failed talks (scale-free): "
            + ", ".join(f"{name} {_pct(s)}" for name, s in zip(p, nash.share, strict=True))
            + ".",
            "  ",
        )
        if abs(float(nash.share[0]) - float(nash.power[0])) > 0.01:
            para(
                "The shares differ from the bargaining powers because the frontier between "
                "the two sides' best deals is not one straight segment: near the deal, the "
                "rate at which one side's gain buys the other's changes, and the solution "
                "weighs that.",
                "  ",
            )
    out.append("")

    first = p[rub.first_proposer]
    out.append(f"Rubinstein alternating offers (Rubinstein 1982; {first} proposes first)")
    para(
        "Discount factors per round: " + _pair(rub.discount_factors, p) + ".",
        "  ",
    )
    para(f"Deal (first offer, accepted at once): {_pair(rub.payoffs, p)}.", "  ")
    surplus = (
        "No surplus to share"
        if rub.degenerate
        else "Share of each side's largest possible gain: "
        + ", ".join(f"{name} {_pct(s)}" for name, s in zip(p, rub.share, strict=True))
    )
    para(
        surplus + " (over a fixed pie the textbook split (1−δ_j)/(1−δ_iδ_j) would give "
        f"{first} {_pct(rub.unit_pie_share[rub.first_proposer])}). As offers speed up the "
        "deal tends to the Nash deal above (Binmore, Rubinstein & Wolinsky 1986).",
        "  ",
    )
    out.append("")

    link = result.linkage
    if link is not None:
        out.append("Issue linkage: one package versus issue by issue")
        width = max(len(o.issue) for o in link.issues)
        out.append(
            "  " + "issue".ljust(width) + f"  value to {p[0]} / {p[1]}   "
            f"{p[0]} gets its way: separately  in package"
        )
        # the value columns are one table: one style for all of them
        values = format_numbers([to_fraction(v) for o in link.issues for v in o.values[:2]])
        for k, o in enumerate(link.issues):
            out.append(
                "  "
                + o.issue.ljust(width)
                + f"  {values[2 * k]:>8} / {values[2 * k + 1]:<8}"
                + f"  {_pct(o.separate, 0):>20}  {_pct(o.package, 0):>10}"
            )
        para(f"Issue by issue: {_pair(link.separate, p)}.", "  ")
        para(f"As a package:   {_pair(link.package, p)}.", "  ")
        g = link.gain_from_linking
        if link.winners and not link.losers:
            verdict = f"linking helps {' and '.join(link.winners)}"
        elif link.winners:
            verdict = f"linking helps {', '.join(link.winners)} and costs {', '.join(link.losers)}"
        elif link.losers:
            verdict = f"linking costs {', '.join(link.losers)}"
        else:
            verdict = "linking changes nothing (the sides rank the issues alike)"
        para(
            f"Gain from linking: {_pair(g, p)} — {verdict}. In the package each side "
            "concedes the issues it values least relative to the other (logrolling).",
            "  ",
        )
        out.append("")

    ws = result.win_sets
    if ws is not None:
        out.append("Win-sets (Putnam 1988): deals each side's ratifiers accept")
        for i, name in enumerate(p):
            para(
                f"{name} ratifies deals giving it at least {_num(ws.floors[i])} "
                f"(its best possible is {_num(ws.best[i])}).",
                "  ",
            )
        if ws.constrained is None:
            para("The win-sets do not overlap: no deal can be ratified on both sides.", "  ")
        else:
            para(f"Deal within the win-sets: {_pair(ws.constrained.payoffs, p)}.", "  ")
            if ws.binding:
                para(
                    f"The floor of {', '.join(ws.binding)} binds and moves the deal its way by "
                    f"{_pair(ws.shift, p)} — Schelling's tied hand.",
                    "  ",
                )
            else:
                para("No floor binds: the win-sets leave the Nash deal unchanged.", "  ")
        out.append("")
    return "\n".join(out).rstrip()


def describe_leverage(lev: Leverage, title: str = "") -> str:
    """The leverage table in words: one block per quantity, a column per player."""
    players = lev.players
    lines = []
    heading = "Leverage" + (f" — {title}" if title else "")
    lines += [heading, "=" * len(heading), ""]
    for row in lev.rows():
        unit = f" [{row['unit']}]" if row["unit"] else ""
        lines.append(f"{row['label']}{unit}")
        lines += textwrap.wrap(row["meaning"], WIDTH, initial_indent="  ", subsequent_indent="  ")
        width = max(len(p) for p in players)
        for p in players:
            lines += textwrap.wrap(
                row["values"][p],
                WIDTH,
                initial_indent=f"    {p.ljust(width)}  ",
                subsequent_indent=" " * (width + 6),
            )
        lines.append("")
    if lev.notes:
        lines.append("Notes")
        for note in lev.notes:
            lines += textwrap.wrap(note, WIDTH, initial_indent="  - ", subsequent_indent="    ")
        lines.append("")
    alpha = lev.bargaining_power
    strongest = max(range(len(players)), key=lambda k: alpha[k])
    if len(set(alpha)) > 1:
        lines += textwrap.wrap(
            f"In short: {players[strongest]} is the more patient side and holds "
            f"{_pct(alpha[strongest], 0)} of the bargaining power; what that buys depends "
            "on the disagreement point and the deals available.",
            WIDTH,
        )
    else:
        lines += textwrap.wrap(
            "In short: the sides are equally patient, so bargaining power is split evenly; "
            "what each gets depends on the disagreement point.",
            WIDTH,
        )
    return "\n".join(lines)
