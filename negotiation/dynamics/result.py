"""The timeline's result: year-by-year dependence, bargaining power and moves, labelled."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from negotiation.numbers import format_number

__all__ = ["Hedge", "PolicySummary", "Timeline"]


def _fmt(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else format_number(x, digits=digits)


def _g(x: float, digits: int = 3) -> str:
    """A diagnostic (an error, a tolerance) for people: a few significant digits."""
    return format_number(x, digits=digits)


def _years(x: float | None, horizon: int) -> str:
    return f"more than {horizon} years" if x is None else f"{format_number(x)} years"


@dataclass(frozen=True)
class PolicySummary:
    """One fixed policy's end point: the importer's dependence, the exporter's power and total."""

    policy: str
    months: float | None
    dependence_end: float
    exporter_power_end: float
    exporter_total: float
    importer_total: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "months": self.months,
            "dependence_end": self.dependence_end,
            "exporter_bargaining_power_end": self.exporter_power_end,
            "exporter_discounted_total": self.exporter_total,
            "importer_discounted_total": self.importer_total,
        }


@dataclass(frozen=True)
class Hedge:
    """What one policy lever changes: the importer's dependence after ``at_year`` years and
    the half-life of the exporter's leverage, with the lever and without it."""

    lever: str
    description: str
    at_year: int
    dependence_with: float
    dependence_without: float
    half_life_with: float | None
    half_life_without: float | None
    stages_with: dict[str, float] = field(default_factory=dict)
    stages_without: dict[str, float] = field(default_factory=dict)

    @property
    def most_changed_stage(self) -> str | None:
        if not self.stages_with:
            return None
        return max(
            self.stages_with, key=lambda s: abs(self.stages_without[s] - self.stages_with[s])
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "lever": self.lever,
            "dependence_by_stage_with": self.stages_with,
            "dependence_by_stage_without": self.stages_without,
            "description": self.description,
            "at_year": self.at_year,
            "dependence_with": self.dependence_with,
            "dependence_without": self.dependence_without,
            "half_life_with": self.half_life_with,
            "half_life_without": self.half_life_without,
        }


@dataclass(frozen=True)
class Timeline:
    """Leverage over time under one policy, with the comparisons an analyst asks for.

    ``to_dict()`` is what ``negotiation timeline --json`` prints; its keys ``years``,
    ``dependence``, ``bargaining_power`` and ``moves`` are a stable contract.
    """

    title: str
    policy: str
    months: float | None
    importer: str
    exporter: str
    players: tuple[str, ...]
    stages: tuple[str, ...]
    years: tuple[int, ...]
    dependence: dict[str, tuple[float, ...]]
    dependence_by_stage: dict[str, tuple[float, ...]]
    bargaining_power: dict[str, tuple[float, ...]]
    disagreement_payoff: dict[str, tuple[float, ...]]
    moves: dict[str, tuple[str, ...]]
    substitution: tuple[float, ...]
    urgency: tuple[float, ...]
    stockpile: tuple[float, ...]
    leverage: tuple[float, ...]
    half_life: float | None
    half_life_horizon: int
    best_restriction_months: int
    restricting_action: str
    policies: tuple[PolicySummary, ...]
    hedges: tuple[Hedge, ...]
    check: dict[str, Any] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "policy": self.policy,
            "months": self.months,
            "importer": self.importer,
            "exporter": self.exporter,
            "years": list(self.years),
            "dependence": {p: list(v) for p, v in self.dependence.items()},
            "dependence_by_stage": {s: list(v) for s, v in self.dependence_by_stage.items()},
            "bargaining_power": {p: list(v) for p, v in self.bargaining_power.items()},
            "disagreement_payoff": {p: list(v) for p, v in self.disagreement_payoff.items()},
            "moves": {p: list(v) for p, v in self.moves.items()},
            "state": {
                "substitution": list(self.substitution),
                "urgency": list(self.urgency),
                "stockpile_months": list(self.stockpile),
            },
            "exporter_leverage": list(self.leverage),
            "half_life_years": self.half_life,
            "half_life_horizon_years": self.half_life_horizon,
            "best_restriction_months": self.best_restriction_months,
            "restricting_action": self.restricting_action,
            "policies": [p.to_dict() for p in self.policies],
            "hedges": [h.to_dict() for h in self.hedges],
            "check": self.check,
            "notes": list(self.notes),
        }

    def rows(self) -> list[list[str]]:
        head = ["year", f"{self.importer} dependence"]
        head += [f"  {s}" for s in self.stages]
        head += [f"power {p}" for p in self.players]
        head += [f"no-deal {p}" for p in self.players] + [f"move {p}" for p in self.players]
        out = [head]
        for k, year in enumerate(self.years):
            row = [str(year), _fmt(self.dependence[self.importer][k])]
            row += [_fmt(self.dependence_by_stage[s][k]) for s in self.stages]
            row += [_fmt(self.bargaining_power[p][k]) for p in self.players]
            row += [_fmt(self.disagreement_payoff[p][k]) for p in self.players]
            row += [self.moves[p][k] if k < len(self.moves[p]) else "" for p in self.players]
            out.append(row)
        return out

    def __str__(self) -> str:
        what = {
            "equilibrium": "the Markov perfect equilibrium of the dynamic game",
            "none": f"no restriction by {self.exporter}",
            "temporary": f"a {self.months:g}-month restriction by {self.exporter}"
            if self.months
            else "",
            "sustained": f"a sustained restriction by {self.exporter}",
        }[self.policy]
        lines = [
            self.title or "Leverage over time",
            f"Policy: {what}",
            f"(dependence: share of {self.importer}'s need only {self.exporter} can supply, the chain "
            "and each stage; power: bargaining power; no-deal: each side's payoff if talks fail)",
            "",
        ]
        rows = self.rows()
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        for r in rows:
            lines.append(
                "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            )
        lines += [
            "",
            f"• Half-life of {self.exporter}'s leverage under a sustained restriction: "
            f"{_years(self.half_life, self.half_life_horizon)}.",
            f"• {self.exporter}'s best length of a restriction ({self.restricting_action}, then "
            f"back to calm) over {len(self.years) - 1} years: "
            + (
                "none"
                if self.best_restriction_months == 0
                else f"{self.best_restriction_months} months"
                + (
                    " (sustained)"
                    if self.best_restriction_months >= 12 * (len(self.years) - 1)
                    else ""
                )
            )
            + ".",
        ]
        for p in self.policies:
            label = (
                p.policy
                if p.months is None or p.policy != "temporary"
                else f"temporary {p.months:g} months"
            )
            lines.append(
                f"  {label}: {self.importer} dependence at the end {_fmt(p.dependence_end)}, "
                f"{self.exporter}'s power {_fmt(p.exporter_power_end)}, its discounted total {_fmt(p.exporter_total)}"
            )
        if self.hedges:
            lines.append(
                f"• What each hedge changes (dependence after {self.hedges[0].at_year} years of a sustained restriction; half-life):"
            )
            for h in self.hedges:
                stage = h.most_changed_stage
                at = (
                    f" ({stage} {_fmt(h.stages_without[stage])} → {_fmt(h.stages_with[stage])})"
                    if stage is not None
                    else ""
                )
                lines.append(
                    f"  {h.lever}: chain {_fmt(h.dependence_without)} without → {_fmt(h.dependence_with)} with{at}; "
                    f"half-life {_years(h.half_life_without, self.half_life_horizon)} without, "
                    f"{_years(h.half_life_with, self.half_life_horizon)} with"
                )
        if self.check:
            c = self.check
            lines.append(
                f"• Equilibrium check: largest one-period deviation gain {_g(c['max_deviation_gain'])} "
                f"(tolerance {_g(c['tolerance'])}) over {c['grid_states']:,} grid states × {c['periods']} periods"
                + ("" if c["verified"] else " — NOT verified")
                + f"; on the path {_g(c['path_max_gain'])}; stage-game interpolation error "
                f"{_g(c['interpolation_error'], 2)}."
            )
        lines += [f"• {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = self.rows()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
        )
        tail = "".join(
            f"<li>{html.escape(line[2:])}</li>"
            for line in str(self).splitlines()
            if line.startswith("• ")
        )
        return (
            f"<table><caption>{html.escape(self.title)} — {html.escape(self.policy)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><ul>{tail}</ul>"
        )
