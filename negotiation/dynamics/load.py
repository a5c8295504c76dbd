"""Joining a dynamics file to its scenario: the one place the dynamics read a scenario.

:func:`read_timeline_model` reads the dynamics file, builds the scenario it names at the
corners of the dependence cube (see :mod:`negotiation.dynamics.stage`) and returns a
:class:`TimelineModel`, everything the simulations and the dynamic game need.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.dynamics.spec import DynamicsSpec, read_dynamics
from negotiation.dynamics.stage import StageModel
from negotiation.dynamics.state import Transition
from negotiation.errors import PayoffFileError
from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario

__all__ = ["TimelineModel", "read_timeline_model", "timeline_model"]


@dataclass(frozen=True, eq=False)
class TimelineModel:
    """A dynamics file with its stage game: what :func:`negotiation.dynamics.timeline` takes."""

    spec: DynamicsSpec
    transition: Transition
    stage: StageModel
    importer_index: int
    exporter_index: int
    #: scenario move index of each action, per player of the scenario game
    action_moves: tuple[tuple[int, ...], ...]
    #: action names per scenario player
    action_names: tuple[tuple[str, ...], ...]
    #: the compiled scenario the stage game was evaluated on (reused by variants)
    compiled: Any = None

    @property
    def players(self) -> tuple[str, ...]:
        return self.stage.players

    @property
    def warnings(self) -> tuple[str, ...]:
        """Inputs set outside their declared range (the model extrapolates)."""
        return self.spec.warnings

    def without(self, levers: Sequence[str]) -> TimelineModel:
        """The same model with the named policy levers switched off."""
        return TimelineModel(
            self.spec,
            Transition.from_spec(self.spec, without=tuple(levers)),
            self.stage,
            self.importer_index,
            self.exporter_index,
            self.action_moves,
            self.action_names,
            self.compiled,
        )

    def with_overrides(self, overrides: Sequence[str] | Mapping[str, Any]) -> TimelineModel:
        """A variant with ``--set``-style overrides of the dynamics file."""
        spec = self.spec.with_overrides(overrides)
        touches_stage = spec.scenario_set != self.spec.scenario_set or any(
            str(k).startswith("scenario_overrides") or ".scenario_input" in str(k)
            for k in (
                overrides.keys()
                if isinstance(overrides, Mapping)
                else [o.split("=")[0] for o in overrides]
            )
        )
        if touches_stage:
            return timeline_model(spec, self.compiled)
        return TimelineModel(
            spec,
            Transition.from_spec(spec),
            self.stage,
            self.importer_index,
            self.exporter_index,
            self.action_moves,
            self.action_names,
            self.compiled,
        )


def read_timeline_model(
    path: str | os.PathLike[str], overrides: Sequence[str] | Mapping[str, Any] = ()
) -> TimelineModel:
    """Read a dynamics file and its scenario.

    Examples
    --------
    >>> from pathlib import Path
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> m.players, m.stage.check_error < 1e-3
    (('US', 'China'), True)
    """
    return timeline_model(read_dynamics(path, overrides))


def timeline_model(spec: DynamicsSpec, compiled: Any = None) -> TimelineModel:
    """Build the stage game of a read :class:`DynamicsSpec`.

    The scenario is compiled once (:func:`negotiation.scenario.compiled.compile_scenario`)
    and evaluated at the ``3^S`` corners of the dependence cube in one vectorised call,
    with the file's ``scenario_overrides`` and any ``--set`` of a scenario path passed
    as values; ``compiled`` reuses an earlier compilation of the same scenario file (what
    :meth:`TimelineModel.with_overrides` does). Where the compiled path cannot take a
    value (a path it does not vary), the scenario is rebuilt with it instead.
    """
    doc = spec.doc
    fixed = {**spec.scenario_set, **{p: x.value for p, x in spec.scenario_overrides.items()}}
    if compiled is None:
        compiled = compile_scenario(read_scenario(spec.scenario_path))
    if any(p not in compiled.variable_paths() for p in fixed):
        compiled = compile_scenario(read_scenario(spec.scenario_path, fixed))
        fixed = {}
    base = compiled.scenario
    players = base.game.players
    for role, name in (("importer", spec.importer), ("exporter", spec.exporter)):
        if name not in players:
            loc = [role]
            raise (
                doc.error(
                    loc,
                    f"{role} '{name}' is not a player of the scenario",
                    "one of: " + ", ".join(players),
                )
                if doc
                else PayoffFileError(spec.path, 0, 0, f"{role} {name} unknown")
            )
    n = len(spec.stages)
    corners = StageModel.corner_points(n)
    for s in spec.stages:
        if s.scenario_input not in compiled.variable_paths():
            message = f"the scenario has no input '{s.scenario_input}'"
            if doc is None:
                raise PayoffFileError(spec.path, 0, 0, message)
            raise doc.error(
                ["stages", s.name, "scenario_input"],
                message,
                "name a pressure of the scenario, e.g. pressures.US.magnet_share",
            )

    def numbers(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        values = {**fixed, **{s.scenario_input: z[:, k] for k, s in enumerate(spec.stages)}}
        ev = compiled.evaluate(values, len(z))
        if ev.invalid.any():
            bad = z[int(np.flatnonzero(ev.invalid)[0])]
            raise PayoffFileError(
                spec.path,
                0,
                0,
                f"the scenario has no finite payoffs at stage dependences {bad.tolist()}",
            )
        size = len(z)
        rates = np.stack(
            [ev.parameters.get(p, {}).get("discount_rate", np.full(size, 0.05)) for p in players],
            axis=1,
        )
        dep = np.stack(
            [ev.parameters.get(p, {}).get("dependence", np.full(size, np.nan)) for p in players],
            axis=1,
        )
        return np.asarray(ev.payoffs, dtype=float), rates.astype(float), dep.astype(float)

    pays, rates, deps = numbers(corners)
    stage = StageModel(
        players=players,
        moves=base.game.moves,
        corners=corners,
        payoffs=pays,
        rates=rates,
        dependence=deps,
    )
    transition = Transition.from_spec(spec)
    checks = np.stack(
        [np.full(n, 0.3), np.full(n, 0.75), transition.felt(transition.initial[None, :])[0]]
    )
    pay_c, rates_c, _ = numbers(checks)
    err = max(
        float(np.max(np.abs(stage.payoffs_at(checks) - pay_c))),
        float(np.max(np.abs(stage.rates_at(checks) - rates_c))),
    )
    stage = StageModel(
        stage.players, stage.moves, corners, stage.payoffs, stage.rates, stage.dependence, err
    )
    action_moves: list[tuple[int, ...]] = []
    action_names: list[tuple[str, ...]] = []
    for k, p in enumerate(players):
        if p not in spec.actions:
            action_moves.append((0,))
            action_names.append((base.game.moves[k][0],))
            continue
        idx = []
        for a in spec.actions[p]:
            if a.move not in base.game.moves[k]:
                loc = ["actions", p, a.name, "move"]
                raise (
                    doc.error(
                        loc,
                        f"'{a.move}' is not a move of {p} in the scenario",
                        "one of: " + ", ".join(base.game.moves[k]),
                    )
                    if doc
                    else PayoffFileError(spec.path, 0, 0, f"unknown move {a.move}")
                )
            idx.append(base.game.moves[k].index(a.move))
        action_moves.append(tuple(idx))
        action_names.append(tuple(a.name for a in spec.actions[p]))
    return TimelineModel(
        spec=spec,
        transition=transition,
        stage=stage,
        importer_index=players.index(spec.importer),
        exporter_index=players.index(spec.exporter),
        action_moves=tuple(action_moves),
        action_names=tuple(action_names),
        compiled=compiled,
    )
