"""The half-life's distribution over the declared ranges: the what-if engine on the timeline.

Every ranged number of a dynamics file is an uncertain input (its ``--set`` path, value,
range and distribution). :func:`half_life_distribution` draws them with the what-if
engine's seeded sampler (:func:`negotiation.whatif.sampling.draw`, so sample ``k`` is the
same whatever the chunking) and computes :func:`~negotiation.dynamics.simulate.half_life`
for each draw: how long China's leverage lasts, and how sure the model is of it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.dynamics.load import TimelineModel
from negotiation.dynamics.simulate import half_life
from negotiation.errors import NegotiationError
from negotiation.numbers import format_number, format_percent
from negotiation.scenario.compiled import UncertainInput
from negotiation.whatif.sampling import draw

__all__ = ["HalfLifeDistribution", "half_life_distribution"]

#: inputs of the game rather than of the transitions: the half-life does not read them
_NOT_TRANSITIONS = ("actions.", "bargaining.", "scenario_overrides.", "grid.")


@dataclass(frozen=True)
class HalfLifeDistribution:
    """Half-lives (years; ``nan`` where leverage outlasts the horizon) of seeded draws."""

    samples: int
    seed: int
    inputs: tuple[str, ...]
    half_lives: tuple[float, ...]
    horizon_years: int

    @property
    def quantiles(self) -> dict[str, float | None]:
        finite = np.array([h for h in self.half_lives if np.isfinite(h)])
        if finite.size == 0:
            return {"5%": None, "50%": None, "95%": None}
        q = np.quantile(finite, [0.05, 0.5, 0.95])
        return {"5%": float(q[0]), "50%": float(q[1]), "95%": float(q[2])}

    @property
    def beyond_horizon(self) -> float:
        """Share of draws whose leverage does not halve within the horizon."""
        return float(np.mean([not np.isfinite(h) for h in self.half_lives]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "seed": self.seed,
            "inputs": list(self.inputs),
            "half_lives": [None if not np.isfinite(h) else h for h in self.half_lives],
            "quantiles": self.quantiles,
            "beyond_horizon": self.beyond_horizon,
            "horizon_years": self.horizon_years,
        }

    def __str__(self) -> str:
        q = self.quantiles
        body = (
            "no draw halves within the horizon"
            if q["50%"] is None
            else f"median {format_number(q['50%'])} years, 90% of draws between {format_number(q['5%'])} and "
            f"{format_number(q['95%'])}"
        )
        return (
            f"Half-life of the exporter's leverage over {self.samples} draws of "
            f"{len(self.inputs)} ranged inputs (seed {self.seed}): {body}"
            + (
                f"; {format_percent(self.beyond_horizon, decimals=0)} beyond {self.horizon_years} years"
                if self.beyond_horizon
                else ""
            )
            + "."
        )

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>"


def half_life_distribution(
    model: TimelineModel,
    *,
    samples: int = 100,
    seed: int = 0,
    paths: Sequence[str] | None = None,
    horizon_years: int = 50,
) -> HalfLifeDistribution:
    """Draw the ranged transition inputs (or ``paths``) and compute each draw's half-life.

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_timeline_model
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "japan_2010.yaml")
    >>> d = half_life_distribution(m, samples=4, seed=1, paths=["stages.mining.lead_time"])
    >>> d.to_dict()["half_lives"] == half_life_distribution(m, samples=4, seed=1,
    ...     paths=["stages.mining.lead_time"]).to_dict()["half_lives"]
    True
    """
    if not 1 <= samples <= 10_000:
        raise NegotiationError(f"--samples must be between 1 and 10000, got {samples}")
    ranged = [
        x
        for x in model.spec.uncertain_inputs()
        if (paths is None and not x.path.startswith(_NOT_TRANSITIONS))
        or (paths is not None and (x.path in paths or x.set_path in paths))
    ]
    if paths is not None:
        missing = sorted(set(paths) - {x.path for x in ranged} - {x.set_path for x in ranged})
        if missing:
            raise NegotiationError(f"no ranged input at {', '.join(missing)} in {model.spec.path}")
    inputs = tuple(
        UncertainInput(x.set_path, x.value, x.range, x.distribution, x.kind, x.source)  # type: ignore[arg-type]
        for x in ranged
    )
    values = draw(inputs, seed=seed, start=0, stop=samples)
    out = []
    for k in range(samples):
        variant = model.with_overrides({p: float(v[k]) for p, v in values.items()})
        h = half_life(variant, horizon_years=horizon_years)
        out.append(float("nan") if h is None else h)
    return HalfLifeDistribution(
        samples, seed, tuple(x.set_path for x in ranged), tuple(out), horizon_years
    )
