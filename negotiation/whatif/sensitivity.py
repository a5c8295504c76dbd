"""Which inputs decide the headline numbers: tornado, Morris and Sobol.

The **headline outputs** of one sample are each side's payoff at the escalation
equilibrium (the disagreement point), each side's Nash-deal payoff and bargaining power,
and, for each outcome that is the deal's main outcome somewhere, the indicator that it
is (whose mean over draws is that outcome's probability).

* ``tornado``: each input at the two ends of its declared range, the others at their
  values; the swing ``|high − low|`` of every output (Howard 1988's tornado diagram).
* ``morris``: elementary effects on a Morris design (Morris 1991; Campolongo, Cariboni
  and Saltelli 2007's ``μ*``), through SALib.
* ``sobol``: first-order and total Sobol indices on a Saltelli design (Saltelli 2002;
  Saltelli et al. 2010), through SALib — not hand-written.

Every sample goes through the exact batch engine, so the outputs are exact answers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.numbers import format_number
from negotiation.scenario.compiled import CompiledScenario, UncertainInput
from negotiation.whatif.engine import analyse_batch, cell_names
from negotiation.whatif.labels import input_labels

__all__ = ["METHODS", "Sensitivity", "headline_outputs", "sensitivity"]

METHODS = ("tornado", "morris", "sobol")


def headline_outputs(
    compiled: CompiledScenario, values: dict[str, np.ndarray], n: int
) -> dict[str, np.ndarray]:
    """``name -> (N,)`` headline outputs of N samples (see the module doc)."""
    out = analyse_batch(compiled, values, n)
    game = compiled.scenario.game
    result: dict[str, np.ndarray] = {}
    for k, p in enumerate(game.players):
        result[f"equilibrium_payoff.{p}"] = out.disagreement[:, k]
        result[f"deal_payoff.{p}"] = out.deal_payoffs[:, k]
        result[f"bargaining_power.{p}"] = out.power[:, k]
    for m in np.unique(out.deal_main):
        if m >= 0:
            name = " / ".join(cell_names(game, m))
            result[f"P(deal {name})"] = (out.deal_main == m).astype(float)
    return result


@dataclass(frozen=True)
class Sensitivity:
    """Rows ``(input, output, measure, value, ...)``; ``to_dict()`` for ``--json``."""

    method: str
    rows: tuple[dict[str, Any], ...]
    samples: int

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "samples": self.samples, "rows": list(self.rows)}

    def frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(list(self.rows))

    def ranking(self, output: str) -> list[tuple[str, float]]:
        """Inputs by importance for one output (swing, μ* or total index)."""
        key = {"tornado": "swing", "morris": "mu_star", "sobol": "ST"}[self.method]
        rows = [r for r in self.rows if r["output"] == output and np.isfinite(r[key])]
        return sorted(((r["input"], float(r[key])) for r in rows), key=lambda t: -t[1])

    def outputs(self) -> list[str]:
        return list(dict.fromkeys(r["output"] for r in self.rows))

    def __str__(self) -> str:
        lines = [f"Sensitivity ({self.method}, {self.samples:,} evaluations)"]
        names = input_labels(r["input"] for r in self.rows)
        for output in self.outputs():
            top = [(i, v) for i, v in self.ranking(output) if v > 0][:3]
            if top:
                lines.append(
                    f"  {output}: " + ", ".join(f"{names[i]} {format_number(v)}" for i, v in top)
                )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def _problem(inputs: tuple[UncertainInput, ...]) -> dict[str, Any]:
    return {
        "num_vars": len(inputs),
        "names": [i.path for i in inputs],
        "bounds": [list(i.range) for i in inputs],
    }


def sensitivity(
    compiled: CompiledScenario,
    method: str = "tornado",
    *,
    samples: int = 1024,
    seed: int = 0,
    inputs: tuple[UncertainInput, ...] | None = None,
) -> Sensitivity:
    """Sensitivity of the headline outputs to the uncertain inputs (see the module doc).

    ``samples`` is SALib's base sample size (Morris: trajectories; Sobol: ``N``, giving
    ``N (2d + 2)`` evaluations). Inputs are varied uniformly over their ranges.

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> from negotiation.scenario.compiled import compile_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> result = sensitivity(compile_scenario(s), "tornado")
    >>> top, swing = result.ranking("bargaining_power.US")[0]
    >>> top in {i.path for i in compile_scenario(s).inputs} and swing > 0
    True
    """
    chosen = tuple(compiled.inputs if inputs is None else inputs)
    if not chosen:
        raise NegotiationError(
            "no uncertain inputs: declare a range on some value, or use sweep --vary"
        )
    if method not in METHODS:
        raise NegotiationError(f"unknown method {method!r}; use {', '.join(METHODS)}")
    if method == "tornado":
        return _tornado(compiled, chosen)
    problem = _problem(chosen)
    if method == "morris":
        from SALib.analyze import morris as analyze
        from SALib.sample import morris as sample

        x = sample.sample(problem, samples, num_levels=4, seed=seed)
    else:
        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample

        x = sample.sample(problem, samples, calc_second_order=False, seed=seed)
    values = {i.path: x[:, k] for k, i in enumerate(chosen)}
    outputs = headline_outputs(compiled, values, x.shape[0])
    rows: list[dict[str, Any]] = []
    for name, y in outputs.items():
        y = np.where(np.isfinite(y), y, np.nanmean(y) if np.isfinite(y).any() else 0.0)
        if method == "morris":
            res = analyze.analyze(problem, x, y, num_levels=4, seed=seed)
            for k, i in enumerate(chosen):
                rows.append(
                    {
                        "input": i.path,
                        "output": name,
                        "mu_star": float(res["mu_star"][k]),
                        "sigma": float(res["sigma"][k]),
                        "mu_star_conf": float(res["mu_star_conf"][k]),
                    }
                )
        else:
            if np.ptp(y) == 0:
                res = {
                    "S1": np.zeros(len(chosen)),
                    "ST": np.zeros(len(chosen)),
                    "S1_conf": np.zeros(len(chosen)),
                    "ST_conf": np.zeros(len(chosen)),
                }
            else:
                res = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
            for k, i in enumerate(chosen):
                rows.append(
                    {
                        "input": i.path,
                        "output": name,
                        "S1": float(res["S1"][k]),
                        "ST": float(res["ST"][k]),
                        "S1_conf": float(res["S1_conf"][k]),
                        "ST_conf": float(res["ST_conf"][k]),
                    }
                )
    return Sensitivity(method, tuple(rows), int(x.shape[0]))


def _tornado(compiled: CompiledScenario, inputs: tuple[UncertainInput, ...]) -> Sensitivity:
    n = len(inputs)
    values = {}
    for k, item in enumerate(inputs):
        col = np.full(2 * n + 1, item.value)
        col[2 * k] = item.range[0]
        col[2 * k + 1] = item.range[1]
        values[item.path] = col
    outputs = headline_outputs(compiled, values, 2 * n + 1)
    rows = []
    for name, y in outputs.items():
        base = float(y[-1])
        for k, item in enumerate(inputs):
            low, high = float(y[2 * k]), float(y[2 * k + 1])
            rows.append(
                {
                    "input": item.path,
                    "output": name,
                    "low_input": item.range[0],
                    "high_input": item.range[1],
                    "base": base,
                    "low": low,
                    "high": high,
                    "swing": abs(high - low),
                }
            )
    return Sensitivity("tornado", tuple(rows), 2 * n + 1)
