"""A dynamics file at a glance: what ``negotiation show`` prints for a model over time.

A dynamics file (``dynamics: 1``, read by :func:`negotiation.dynamics.read_dynamics`)
has no payoff table of its own: its payoffs come, year by year, from the scenario it
names. :func:`summarise_dynamics` lists what it declares instead — the state (the
importer's dependence, pipeline and lead time at each stage of the supply chain, the
urgency and stockpile), the moves each side can make and the scenario move each plays,
the policy levers and the horizon ``negotiation timeline`` runs over.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Any

from negotiation.dynamics.spec import DynamicsSpec, Input
from negotiation.numbers import format_number

__all__ = ["DynamicsSummary", "StageSummary", "summarise_dynamics"]

#: the horizon ``negotiation timeline`` runs over unless ``--years`` says otherwise (the
#: default of :func:`negotiation.dynamics.timeline`; tests/workflows/test_summary.py checks)
DEFAULT_YEARS = 20


@dataclass(frozen=True)
class StageSummary:
    """One stage of the supply chain at the start: dependence, pipeline, lead time (years)."""

    name: str
    dependence: float
    pipeline: float
    lead_time: float
    scenario_input: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "dependence": self.dependence,
            "pipeline": self.pipeline,
            "lead_time": self.lead_time,
            "scenario_input": self.scenario_input,
        }


@dataclass(frozen=True)
class DynamicsSummary:
    """What a dynamics file declares, labelled (``show --json`` prints :meth:`to_dict`)."""

    path: str
    title: str
    scenario: str
    importer: str
    exporter: str
    start_year: int
    years: int
    stages: tuple[StageSummary, ...]
    state: tuple[tuple[str, float], ...]
    moves: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    levers: tuple[tuple[str, bool, str], ...]
    uncertain: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "dynamics",
            "path": self.path,
            "title": self.title,
            "scenario": self.scenario,
            "importer": self.importer,
            "exporter": self.exporter,
            "start_year": self.start_year,
            "horizon": {"years": self.years, "from": self.start_year},
            "stages": [s.to_dict() for s in self.stages],
            "state": dict(self.state),
            "moves": {p: dict(m) for p, m in self.moves},
            "levers": [{"name": n, "active": a, "description": d} for n, a, d in self.levers],
            "uncertain_inputs": self.uncertain,
        }

    def __str__(self) -> str:
        title = self.title or "(untitled dynamics)"
        lines = [title, "=" * len(title), ""]
        lines.append(
            f"A model over time: {self.importer}'s dependence on {self.exporter}, "
            f"from {self.start_year}; each year's payoffs come from the scenario "
            f"{self.scenario}."
        )
        lines += ["", "State at the start, per stage of the supply chain:"]
        width = max(len(s.name) for s in self.stages) if self.stages else 0
        for s in self.stages:
            lines.append(
                f"  {s.name:<{width}}  dependence {format_number(s.dependence)}, pipeline "
                f"{format_number(s.pipeline)}, lead time {format_number(s.lead_time)} years"
            )
        if self.state:
            lines.append(
                "  and " + ", ".join(f"{name} {format_number(v)}" for name, v in self.state)
            )
        lines += ["", "Stages: " + ", ".join(s.name for s in self.stages)]
        lines += ["", "Moves (action: the scenario move it plays):"]
        for player, moves in self.moves:
            lines.append(f"  {player}: " + ", ".join(f"{a}: {m}" for a, m in moves))
        if self.levers:
            lines += ["", "Policy levers:"]
            lines += [
                f"  {name} ({'on' if active else 'off'}){': ' + text if text else ''}"
                for name, active, text in self.levers
            ]
        lines += [
            "",
            f"Horizon: {self.years} years from {self.start_year} (`negotiation timeline "
            f"--years N` changes it); {self.uncertain} inputs carry a range.",
            f"Run it with `negotiation timeline {self.path}`.",
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(s.name)}</th><td>{format_number(s.dependence)}</td>"
            f"<td>{format_number(s.pipeline)}</td><td>{format_number(s.lead_time)}</td></tr>"
            for s in self.stages
        )
        return (
            f"<p><b>{html.escape(self.title)}</b>: {html.escape(self.importer)}'s dependence "
            f"on {html.escape(self.exporter)} from {self.start_year}, {self.years} years</p>"
            "<table><thead><tr><th>stage</th><th>dependence</th><th>pipeline</th>"
            f"<th>lead time (years)</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def summarise_dynamics(spec: DynamicsSpec, years: int = DEFAULT_YEARS) -> DynamicsSummary:
    """The summary of a read dynamics file (no stage game is built: it is instant).

    >>> from negotiation.data import shipped
    >>> from negotiation.dynamics import read_dynamics
    >>> s = summarise_dynamics(read_dynamics(shipped("us_china_dynamics.yaml")))
    >>> [st.name for st in s.stages], s.stages[0].dependence, s.years
    (['mining', 'processing', 'magnets'], 0.7, 20)
    """
    state = [
        *(
            (f"{group}.{key}", x.value)
            for group, named in (("urgency", spec.urgency), ("stockpile", spec.stockpile))
            for key, x in named.items()
            if key.startswith("initial")
        ),
    ]
    return DynamicsSummary(
        path=spec.path,
        title=spec.title,
        scenario=os.path.basename(spec.scenario_path),
        importer=spec.importer,
        exporter=spec.exporter,
        start_year=spec.start_year,
        years=years,
        stages=tuple(
            StageSummary(
                s.name,
                _value(s.dependence),
                _value(s.pipeline),
                _value(s.lead_time),
                s.scenario_input,
            )
            for s in spec.stages
        ),
        state=tuple(state),
        moves=tuple(
            (player, tuple((a.name, a.move) for a in actions))
            for player, actions in spec.actions.items()
        ),
        levers=tuple((lv.name, lv.active, " ".join(lv.description.split())) for lv in spec.levers),
        uncertain=len(spec.uncertain_inputs()),
    )


def _value(x: Input) -> float:
    return float(x.value)
