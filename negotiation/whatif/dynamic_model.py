"""The what-if engine on models seen as functions: named inputs in, headline outputs out.

The matrix path (:mod:`~negotiation.whatif.engine`) analyses payoff tensors in batches.
Some models are not a payoff tensor but a computation on one — a dynamics file solves a
dynamic game per evaluation (:mod:`negotiation.dynamics.headline`). Such a model meets
the :class:`OutputModel` protocol: ``inputs`` (its ranged numbers as
:class:`~negotiation.scenario.compiled.UncertainInput`), ``default(path)`` and
``outputs(values) -> {name: number or label}``. The four what-if commands dispatch here by
model kind:

* :func:`sweep_outputs` — every point of ``--vary PATH=LO:HI:N`` grids (all combinations);
* :func:`tipping_outputs` — where along each input's range a *label* output (a first
  move) or a whole-number one (a best restriction length) changes: a first pass over a
  grid, then bisection to :data:`TIPPING_TOLERANCE` of the range, both sides confirmed;
* :func:`sensitivity_outputs` — tornado, or Morris / Sobol indices through SALib (the
  same designs as :func:`negotiation.whatif.sensitivity.sensitivity`); a label output
  becomes the indicator of each of its values;
* :func:`montecarlo_outputs` — seeded draws (:func:`negotiation.whatif.sampling.draw`, so
  draw ``k`` is the same whatever the chunking), run in chunks by
  :func:`negotiation.whatif.execution.map_chunks` (serially, or on Dask): the frequency of
  each label, quantiles of each number (``nan`` — e.g. a half-life beyond the horizon —
  counted apart).

Each evaluation is a whole model run, so the number of evaluations is bounded
(:data:`MAX_EVALUATIONS` without ``force``) and said before any work.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.numbers import format_number, format_percent
from negotiation.scenario.compiled import UncertainInput
from negotiation.whatif.execution import map_chunks
from negotiation.whatif.sampling import draw
from negotiation.whatif.sensitivity import METHODS, Sensitivity, _problem
from negotiation.whatif.sweep import Vary

__all__ = [
    "MAX_EVALUATIONS",
    "OutputDistribution",
    "OutputModel",
    "OutputTable",
    "OutputTipping",
    "montecarlo_outputs",
    "sensitivity_outputs",
    "sweep_outputs",
    "tipping_outputs",
]

#: model evaluations allowed without ``force`` (each solves a model; about a second each)
MAX_EVALUATIONS = 2_000
#: tipping points are located to this share of the input's range
TIPPING_TOLERANCE = 1e-3

Value = float | str


class OutputModel(Protocol):
    """What the engine needs of a model it treats as a function."""

    kind: str

    @property
    def path(self) -> str: ...

    @property
    def inputs(self) -> tuple[UncertainInput, ...]: ...

    def default(self, path: str) -> float: ...

    def outputs(self, values: Mapping[str, float]) -> dict[str, Value]: ...


def _bound(n: int, what: str, force: bool) -> None:
    if n > MAX_EVALUATIONS and not force:
        raise NegotiationError(
            f"{what} needs {n:,} model runs (each solves the model), more than "
            f"{MAX_EVALUATIONS:,}; use fewer points or samples, or add --force"
        )


def _evaluate(
    model: OutputModel, points: Sequence[Mapping[str, float]], progress: bool
) -> list[dict[str, Value]]:
    """The outputs at each point, with the what-if progress bar (one tick a model run)."""

    def run(start: int, stop: int) -> list[dict[str, Value]]:
        return [model.outputs(points[k]) for k in range(start, stop)]

    parts = map_chunks(run, len(points), chunk=1, progress=progress, description="model runs")
    return [y for part in parts for y in part]


def _is_label(v: Value) -> bool:
    return isinstance(v, str)


def _fmt(v: Value) -> str:
    if isinstance(v, str):
        return v
    return "n/a" if not np.isfinite(v) else format_number(v)


def _clean(v: Value) -> Value | None:
    return None if isinstance(v, float) and not np.isfinite(v) else v


# ----------------------------------------------------------------------------- sweep
@dataclass(frozen=True)
class OutputTable:
    """One row per grid point: the inputs set and every headline output."""

    file: str
    inputs: tuple[str, ...]
    rows: tuple[tuple[dict[str, float], dict[str, Value]], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": "outputs",
            "inputs": list(self.inputs),
            "rows": [
                {"inputs": dict(x), "outputs": {k: _clean(v) for k, v in y.items()}}
                for x, y in self.rows
            ],
        }

    def frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame([{**x, **y} for x, y in self.rows])

    def __str__(self) -> str:
        lines = [f"Sweep of {', '.join(self.inputs)} over {len(self.rows)} points ({self.file})"]
        for x, y in self.rows:
            left = ", ".join(f"{k.rsplit('.', 1)[-1]}={format_number(v)}" for k, v in x.items())
            right = "; ".join(f"{k} {_fmt(v)}" for k, v in y.items())
            lines.append(f"  {left}: {right}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def sweep_outputs(
    model: OutputModel, varies: Sequence[Vary], *, force: bool = False, progress: bool = False
) -> OutputTable:
    """The headline outputs at every point of the grids (all combinations).

    Examples
    --------
    >>> class Line:                     # a toy model: y = 2x, and its sign as a label
    ...     kind, path = "toy", "toy"
    ...     inputs = (UncertainInput("x", 0.0, (-1.0, 1.0)),)
    ...     def default(self, path): return 0.0
    ...     def outputs(self, values):
    ...         x = values.get("x", 0.0)
    ...         return {"y": 2 * x, "sign": "+" if x > 0 else "-"}
    >>> t = sweep_outputs(Line(), [Vary("x", -1, 1, 3)])
    >>> [row[1]["y"] for row in t.rows]
    [-2.0, 0.0, 2.0]
    """
    if not varies:
        raise NegotiationError("sweep needs at least one --vary PATH=LO:HI:N")
    for v in varies:
        model.default(v.path)
    points = list(itertools.product(*(v.values() for v in varies)))
    _bound(len(points), "this sweep", force)
    xs = [{v.path: float(p) for v, p in zip(varies, point, strict=True)} for point in points]
    rows = tuple(zip(xs, _evaluate(model, xs, progress), strict=True))
    return OutputTable(model.path, tuple(v.path for v in varies), rows)


# --------------------------------------------------------------------------- tipping
@dataclass(frozen=True)
class OutputTipping:
    """Where a label or whole-number output changes along each input's range."""

    file: str
    grid: int
    tolerance: float
    inputs: tuple[str, ...]
    points: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": "outputs",
            "grid": self.grid,
            "tolerance": self.tolerance,
            "inputs": list(self.inputs),
            "tipping_points": list(self.points),
        }

    def frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(list(self.points))

    def __str__(self) -> str:
        head = (
            f"Tipping points of {len(self.inputs)} inputs ({self.grid} first-pass points each, "
            f"located to {self.tolerance:g} of each range)"
        )
        if not self.points:
            return head + ": no label or whole-number output changes within the ranges."
        lines = [head + ":"]
        for p in self.points:
            lines.append(
                f"  {p['input']} at {format_number(p['at'])}: {p['output']} "
                f"{_fmt(p['below'])} → {_fmt(p['above'])}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def _discrete(outputs: Mapping[str, Value]) -> dict[str, Value]:
    """The outputs that can *tip*: labels and whole numbers."""
    return {
        k: v
        for k, v in outputs.items()
        if _is_label(v) or (np.isfinite(v) and float(v).is_integer() and k.endswith("months"))
    }


def _tipping_of(model: OutputModel, item: UncertainInput, grid: int) -> list[dict[str, Any]]:
    """The tipping points along one input's range: a grid, then bisection of each change."""
    found: list[dict[str, Any]] = []
    lo, hi = item.range
    xs = np.linspace(lo, hi, grid)
    ys = [_discrete(model.outputs({item.path: float(x)})) for x in xs]
    for a, b, ya, yb in zip(xs[:-1], xs[1:], ys[:-1], ys[1:], strict=True):
        for name in ya:
            if name not in yb or ya[name] == yb[name]:
                continue
            left, right, below = float(a), float(b), ya[name]
            above = yb[name]
            while right - left > TIPPING_TOLERANCE * (hi - lo):
                mid = (left + right) / 2
                ym = _discrete(model.outputs({item.path: mid})).get(name)
                if ym == below:
                    left = mid
                else:
                    right, above = mid, ("n/a" if ym is None else ym)
            found.append(
                {
                    "input": item.path,
                    "output": name,
                    "at": (left + right) / 2,
                    "bracket": [left, right],
                    "below": below,
                    "above": above,
                }
            )
    return found


def tipping_outputs(
    model: OutputModel,
    paths: Sequence[str] | None = None,
    *,
    grid: int = 9,
    force: bool = False,
    progress: bool = False,
) -> OutputTipping:
    """Every value along each input's range where a label or whole-number output changes.

    Examples
    --------
    >>> class Step:
    ...     kind, path = "toy", "toy"
    ...     inputs = (UncertainInput("x", 0.5, (0.0, 1.0)),)
    ...     def default(self, path): return 0.5
    ...     def outputs(self, values):
    ...         return {"move": "hold" if values.get("x", 0.5) < 0.3 else "ban"}
    >>> t = tipping_outputs(Step(), grid=5)
    >>> [(p["output"], round(p["at"], 2), p["below"], p["above"]) for p in t.points]
    [('move', 0.3, 'hold', 'ban')]
    """
    if grid < 2:
        raise NegotiationError("--grid must be at least 2 for tipping points")
    chosen = [i for i in model.inputs if paths is None or i.path in paths]
    if paths is not None:
        for p in paths:
            if p not in {i.path for i in chosen}:
                model.default(p)  # a clear error for an unknown path
                raise NegotiationError(f"--input {p}: it has no declared range in {model.path}")
    steps = int(np.ceil(np.log2(1 / TIPPING_TOLERANCE)))
    _bound(len(chosen) * (grid + 2 * steps), "these tipping points (at most)", force)

    def along(start: int, stop: int) -> list[dict[str, Any]]:
        return [p for item in chosen[start:stop] for p in _tipping_of(model, item, grid)]

    parts = map_chunks(along, len(chosen), chunk=1, progress=progress, description="inputs")
    found = [p for part in parts for p in part]
    return OutputTipping(
        model.path, grid, TIPPING_TOLERANCE, tuple(i.path for i in chosen), tuple(found)
    )


# ----------------------------------------------------------------------- sensitivity
def _numeric(rows: list[dict[str, Value]]) -> dict[str, np.ndarray]:
    """Numbers as they are; each label becomes the indicator of each of its values."""
    out: dict[str, np.ndarray] = {}
    for name in rows[0]:
        col = [r[name] for r in rows]
        if any(_is_label(v) for v in col):
            for value in dict.fromkeys(col):
                out[f"P({name} = {value})"] = np.array([float(v == value) for v in col])
        else:
            out[name] = np.array([float(v) for v in col])
    return out


def sensitivity_outputs(
    model: OutputModel,
    method: str = "tornado",
    *,
    samples: int = 16,
    seed: int = 0,
    force: bool = False,
    progress: bool = False,
) -> Sensitivity:
    """Tornado, Morris or Sobol sensitivity of the headline outputs (see the module doc).

    Examples
    --------
    >>> class Plane:
    ...     kind, path = "toy", "toy"
    ...     inputs = (UncertainInput("a", 0.0, (0.0, 1.0)), UncertainInput("b", 0.0, (0.0, 1.0)))
    ...     def default(self, path): return 0.0
    ...     def outputs(self, v): return {"y": 3 * v.get("a", 0.0) + v.get("b", 0.0)}
    >>> sensitivity_outputs(Plane()).ranking("y")
    [('a', 3.0), ('b', 1.0)]
    """
    chosen = tuple(model.inputs)
    if not chosen:
        raise NegotiationError(f"{model.path}: no number has a declared range")
    if method not in METHODS:
        raise NegotiationError(f"unknown method {method!r}; use {', '.join(METHODS)}")
    n = len(chosen)
    if method == "tornado":
        _bound(2 * n + 1, "this tornado", force)
        points: list[dict[str, float]] = []
        for item in chosen:
            points += [{item.path: item.range[0]}, {item.path: item.range[1]}]
        results = _numeric(_evaluate(model, [*points, {}], progress))
        rows = []
        for name, y in results.items():
            for k, item in enumerate(chosen):
                low, high = float(y[2 * k]), float(y[2 * k + 1])
                rows.append(
                    {
                        "input": item.path,
                        "output": name,
                        "low_input": item.range[0],
                        "high_input": item.range[1],
                        "base": float(y[-1]),
                        "low": low,
                        "high": high,
                        "swing": abs(high - low) if np.isfinite(high - low) else float("nan"),
                    }
                )
        return Sensitivity("tornado", tuple(rows), 2 * n + 1)
    problem = _problem(chosen)
    if method == "morris":
        from SALib.analyze import morris as analyze
        from SALib.sample import morris as sample

        _bound(samples * (n + 1), "this Morris design", force)
        x = sample.sample(problem, samples, num_levels=4, seed=seed)
    else:
        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample

        _bound(samples * (n + 2), "this Sobol design", force)
        x = sample.sample(problem, samples, calc_second_order=False, seed=seed)
    design = [{i.path: float(r[k]) for k, i in enumerate(chosen)} for r in x]
    outs = _numeric(_evaluate(model, design, progress))
    rows = []
    keys: tuple[str, ...]
    for name, y in outs.items():
        y = np.where(np.isfinite(y), y, np.nanmean(y) if np.isfinite(y).any() else 0.0)
        if method == "morris":
            res = analyze.analyze(problem, x, y, num_levels=4, seed=seed)
            keys = ("mu_star", "sigma", "mu_star_conf")
        elif np.ptp(y) == 0:
            res = {k: np.zeros(n) for k in ("S1", "ST", "S1_conf", "ST_conf")}
            keys = ("S1", "ST", "S1_conf", "ST_conf")
        else:
            res = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
            keys = ("S1", "ST", "S1_conf", "ST_conf")
        for k, item in enumerate(chosen):
            rows.append({"input": item.path, "output": name, **{m: float(res[m][k]) for m in keys}})
    return Sensitivity(method, tuple(rows), int(x.shape[0]))


# ------------------------------------------------------------------------ montecarlo
@dataclass(frozen=True)
class OutputDistribution:
    """Seeded draws of the ranged inputs: how often each label, quantiles of each number."""

    file: str
    samples: int
    seed: int
    inputs: tuple[str, ...]
    draws: tuple[dict[str, float], ...]
    results: tuple[dict[str, Value], ...]

    @property
    def frequencies(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for name in self.results[0]:
            col = [r[name] for r in self.results]
            if any(_is_label(v) for v in col):
                values, counts = np.unique(
                    np.array(col, dtype=object).astype(str), return_counts=True
                )
                order = np.argsort(-counts, kind="stable")
                out[name] = {str(values[k]): float(counts[k] / len(col)) for k in order}
        return out

    @property
    def quantiles(self) -> dict[str, dict[str, float | None]]:
        out: dict[str, dict[str, float | None]] = {}
        for name in self.results[0]:
            col = [r[name] for r in self.results]
            if any(_is_label(v) for v in col):
                continue
            y = np.array(col, dtype=float)
            fin = y[np.isfinite(y)]
            q = np.quantile(fin, [0.05, 0.5, 0.95]) if fin.size else [None] * 3
            out[name] = {
                "5%": None if q[0] is None else float(q[0]),
                "50%": None if q[1] is None else float(q[1]),
                "95%": None if q[2] is None else float(q[2]),
                "mean": float(fin.mean()) if fin.size else None,
                "missing": float(1 - fin.size / y.size),
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": "outputs",
            "samples": self.samples,
            "seed": self.seed,
            "inputs": list(self.inputs),
            "frequencies": self.frequencies,
            "quantiles": self.quantiles,
        }

    def frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(
            [
                {"sample": k, **x, **y}
                for k, (x, y) in enumerate(zip(self.draws, self.results, strict=True))
            ]
        )

    def __str__(self) -> str:
        lines = [
            f"Monte Carlo: {self.samples:,} draws of {len(self.inputs)} ranged inputs "
            f"(seed {self.seed}), {self.file}"
        ]
        for name, freq in self.frequencies.items():
            lines.append(
                f"  {name}: "
                + ", ".join(f"{v} {format_percent(p, decimals=0)}" for v, p in freq.items())
            )
        for name, q in self.quantiles.items():
            if q["50%"] is None:
                lines.append(f"  {name}: no finite value in any draw")
                continue
            tail = (
                f"; n/a in {format_percent(q['missing'], decimals=0)} of draws"
                if q["missing"]
                else ""
            )
            lines.append(
                f"  {name}: median {format_number(q['50%'])}, 90% between "
                f"{format_number(q['5%'])} and {format_number(q['95%'])}{tail}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def _chunk_runner(model: OutputModel, inputs: tuple[UncertainInput, ...], seed: int) -> Any:
    def run(start: int, stop: int) -> list[tuple[dict[str, float], dict[str, Value]]]:
        values = draw(inputs, seed=seed, start=start, stop=stop)
        out = []
        for k in range(stop - start):
            x = {p: float(v[k]) for p, v in values.items()}
            out.append((x, model.outputs(x)))
        return out

    return run


def montecarlo_outputs(
    model: OutputModel,
    samples: int,
    *,
    seed: int = 0,
    chunk: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: bool = False,
    force: bool = False,
) -> OutputDistribution:
    """Seeded draws of every ranged input; the headline outputs of each (see the module doc).

    Examples
    --------
    >>> class Coin:
    ...     kind, path = "toy", "toy"
    ...     inputs = (UncertainInput("p", 0.5, (0.0, 1.0)),)
    ...     def default(self, path): return 0.5
    ...     def outputs(self, v): return {"side": "heads" if v["p"] < 0.5 else "tails", "p": v["p"]}
    >>> a = montecarlo_outputs(Coin(), 200, seed=3)
    >>> a.to_dict() == montecarlo_outputs(Coin(), 200, seed=3, chunk=7).to_dict()
    True
    >>> 0.35 < a.frequencies["side"]["heads"] < 0.65
    True
    """
    inputs = tuple(model.inputs)
    if not inputs:
        raise NegotiationError(
            f"{model.path}: no number has a declared range, so there is nothing to draw"
        )
    if samples < 1:
        raise NegotiationError(f"--samples must be at least 1, got {samples}")
    _bound(samples, f"--samples {samples:,}", force)
    parts = map_chunks(
        _chunk_runner(model, inputs, seed),
        samples,
        chunk=chunk or 16,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        description="model runs",
    )
    rows = [r for part in parts for r in part]
    return OutputDistribution(
        model.path,
        samples,
        seed,
        tuple(i.path for i in inputs),
        tuple(x for x, _ in rows),
        tuple(y for _, y in rows),
    )
