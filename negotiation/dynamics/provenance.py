"""Where every number of a dynamics file comes from: ``negotiation timeline FILE --explain``.

One row per number the file declares (its dotted path, value, range, kind, source with
its citation, quote, reason), in file order; a number read from the scenario
(``{scenario: PATH}``) names that path, so an analyst sees that the dynamics and the
stage game share it — and that ``--set PATH=V`` moves both.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from negotiation.dynamics.spec import DynamicsSpec, Input
from negotiation.numbers import format_number

__all__ = ["Provenance", "provenance"]


@dataclass(frozen=True)
class Provenance:
    """The provenance table of a dynamics file."""

    file: str
    scenario: str
    inputs: tuple[Input, ...]
    sources: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "scenario": self.scenario,
            "inputs": [
                {**x.to_dict(), "citation": self.sources.get(x.source, "")} for x in self.inputs
            ],
            "sources": dict(self.sources),
        }

    @staticmethod
    def line(x: Input) -> str:
        head = f"{x.path} = {format_number(x.value)}"
        if x.scenario_path:
            head += f" (from the scenario's {x.scenario_path})"
        if x.range is not None:
            head += f", range [{format_number(x.range[0])}, {format_number(x.range[1])}]"
        parts = [head, x.kind]
        if x.source:
            parts.append(f"source: {x.source}")
        if x.quote:
            parts.append(f'"{x.quote}"')
        if x.reason:
            parts.append(x.reason)
        return "; ".join(parts)

    def __str__(self) -> str:
        lines = [f"Where each number of {self.file} comes from (stage game: {self.scenario})"]
        lines += [f"  {self.line(x)}" for x in self.inputs]
        used = {x.source for x in self.inputs if x.source}
        if used:
            lines.append("Sources:")
            lines += [f"  {k}: {v}" for k, v in self.sources.items() if k in used]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def provenance(spec: DynamicsSpec) -> Provenance:
    """The provenance table of a read dynamics file.

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_dynamics
    >>> spec = read_dynamics(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> row = {x.path: x for x in provenance(spec).inputs}["stages.magnets.lead_time"]
    >>> Provenance.line(row).split(";")[0]
    "stages.magnets.lead_time = 4 (from the scenario's pressures.US.magnet_lead_time), range [2, 7]"
    """
    return Provenance(str(spec.path), str(spec.scenario_path), spec.inputs, dict(spec.sources))
