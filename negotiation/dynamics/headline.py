"""The timeline's headline numbers as a function of the file's inputs, for the what-if engine.

:class:`TimelineOutputs` is a dynamics file seen as a function: its ranged numbers are
the uncertain inputs (each under its ``--set`` path — the scenario's path for a number
read from the scenario), and one evaluation returns the timeline's headline numbers:

* ``half_life_years`` — years until the exporter's leverage halves under a sustained
  restriction (``nan`` when it does not within 50 years);
* ``best_restriction_months`` — the exporter's best restriction length in whole months;
* ``dependence.<importer>.year<k>`` and ``bargaining_power.<player>.year<k>`` for
  ``k`` = 1, 5, 10 on the equilibrium path;
* ``first_move.<player>`` — each side's move in the first year of the Markov perfect
  equilibrium (a label, so the engine counts it rather than averaging it).

It implements the :class:`negotiation.whatif.dynamic_model.OutputModel` protocol, so
``sweep``, ``tipping``, ``sensitivity`` and ``montecarlo`` take dynamics files.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.dynamics.load import TimelineModel
from negotiation.dynamics.mpe import MAX_STATES, play_mpe, solve_mpe
from negotiation.dynamics.simulate import best_restriction_length, half_life
from negotiation.dynamics.stage import bargaining_power
from negotiation.dynamics.timeline import _describe
from negotiation.errors import NegotiationError, OverrideError
from negotiation.scenario.compiled import UncertainInput

__all__ = ["YEARS", "TimelineOutputs", "headline"]

#: the years (from the start) whose dependence and bargaining power are reported
YEARS = (1, 5, 10)


def headline(model: TimelineModel, years: int = 20) -> dict[str, float | str]:
    """The headline numbers of one model (see the module doc).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_timeline_model
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "japan_2010.yaml")
    >>> h = headline(m, years=10)
    >>> sorted(k for k in h if k.startswith("first_move"))
    ['first_move.China', 'first_move.Japan']
    >>> 0 <= h["dependence.Japan.year10"] <= h["dependence.Japan.year1"] <= 1
    True
    """
    if years < max(YEARS):
        raise NegotiationError(f"the headline numbers need at least {max(YEARS)} years")
    tr = model.transition
    mpe = solve_mpe(model, years, max_states=MAX_STATES)
    states, played, _ = play_mpe(model, mpe, tr.initial)
    X = np.array([states[k] for k in YEARS])
    alpha = bargaining_power(model.stage.rates_at(tr.felt(X)))
    dep = tr.dependence(X).max(axis=1)
    hl = half_life(model)
    best, _, _ = best_restriction_length(model, years)
    out: dict[str, float | str] = {
        "half_life_years": float("nan") if hl is None else hl,
        "best_restriction_months": float(best),
    }
    imp = model.spec.importer
    for j, k in enumerate(YEARS):
        out[f"dependence.{imp}.year{k}"] = float(dep[j])
    for i, p in enumerate(model.players):
        for j, k in enumerate(YEARS):
            out[f"bargaining_power.{p}.year{k}"] = float(alpha[j, i])
    for i, p in enumerate(model.players):
        out[f"first_move.{p}"] = _describe(model.action_names[i], played[0][i])
    return out


@dataclass(frozen=True, eq=False)
class TimelineOutputs:
    """A dynamics file as a function of its ranged inputs (the what-if engine's view).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_timeline_model
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> f = TimelineOutputs(m)
    >>> "pressures.US.mine_lead_time" in [i.path for i in f.inputs]
    True
    >>> f.default("pressures.US.mine_lead_time")
    29.0
    """

    model: TimelineModel
    years: int = 20
    #: only these ranged inputs (``--set`` paths); all of them when ``None``
    paths: tuple[str, ...] | None = None

    kind = "dynamics"

    @property
    def path(self) -> str:
        return str(self.model.spec.path)

    @property
    def inputs(self) -> tuple[Any, ...]:
        """The ranged numbers as :class:`~negotiation.scenario.compiled.UncertainInput`
        records; the grid of the dynamic game is a numerical setting, not an input."""
        return tuple(
            UncertainInput(
                x.set_path,
                x.value,
                x.range,  # type: ignore[arg-type]
                x.distribution,
                x.kind,
                x.source,
            )
            for x in self.model.spec.uncertain_inputs()
            if not x.set_path.startswith("grid.")
            and (self.paths is None or x.set_path in self.paths or x.path in self.paths)
        )

    def default(self, path: str) -> float:
        """The file's value at ``path`` (a ranged input, or any number of the file)."""
        for x in self.model.spec.inputs:
            if path in (x.path, x.set_path):
                return float(x.value)
        if path in self.model.spec.scenario_set:
            return float(self.model.spec.scenario_set[path])
        compiled = self.model.compiled
        if compiled is not None and path in compiled.variable_paths():
            return float(compiled.default(path))

        known = [x.set_path for x in self.model.spec.inputs] + [
            x.path for x in self.model.spec.inputs
        ]
        near = difflib.get_close_matches(path, known, n=2, cutoff=0.5)
        hint = (" — did you mean " + " or ".join(f"'{c}'" for c in near) + "?") if near else ""
        raise OverrideError(f"--vary {path}: no such number in {self.path}{hint}")

    def outputs(self, values: Mapping[str, float]) -> dict[str, float | str]:
        """The headline numbers with ``values`` set (``{--set path: value}``)."""
        model = self.model.with_overrides(dict(values)) if values else self.model
        return headline(model, self.years)
