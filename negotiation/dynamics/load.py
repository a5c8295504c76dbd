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
from negotiation.errors import NegotiationError, PayoffFileError
from negotiation.scenario import read_scenario

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
        )

    def with_overrides(self, overrides: Sequence[str] | Mapping[str, Any]) -> TimelineModel:
        """A variant with ``--set``-style overrides of the dynamics file."""
        spec = self.spec.with_overrides(overrides)
        touches_stage = any(
            str(k).startswith("scenario_overrides") or ".scenario_input" in str(k)
            for k in (
                overrides.keys()
                if isinstance(overrides, Mapping)
                else [o.split("=")[0] for o in overrides]
            )
        )
        if touches_stage:
            return timeline_model(spec)
        return TimelineModel(
            spec,
            Transition.from_spec(spec),
            self.stage,
            self.importer_index,
            self.exporter_index,
            self.action_moves,
            self.action_names,
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


def timeline_model(spec: DynamicsSpec) -> TimelineModel:
    """Build the stage game of a read :class:`DynamicsSpec` (``3^S + 2`` scenario builds)."""
    doc = spec.doc
    fixed = {path: x.value for path, x in spec.scenario_overrides.items()}
    try:
        base = read_scenario(spec.scenario_path, fixed)
    except PayoffFileError:
        raise
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

    def build(z: Sequence[float]) -> Any:
        return base.with_overrides(
            {s.scenario_input: float(v) for s, v in zip(spec.stages, z, strict=True)}
        )

    def numbers(sc: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rates = np.array(
            [float(sc.parameters.get(p, {}).get("discount_rate", 0.05)) for p in players]
        )
        dep = np.array([float(sc.parameters.get(p, {}).get("dependence", np.nan)) for p in players])
        return np.asarray(sc.game.payoffs, dtype=float), rates, dep

    try:
        built = [numbers(build(z)) for z in corners]
    except Exception as exc:  # a stage input the scenario does not have
        if isinstance(exc, NegotiationError) and doc is not None:
            raise doc.error(
                ["stages"],
                f"the scenario rejects a stage input: {exc}",
                "check each stage's scenario_input path",
            ) from None
        raise
    stage = StageModel(
        players=players,
        moves=base.game.moves,
        corners=corners,
        payoffs=np.stack([b[0] for b in built]),
        rates=np.stack([b[1] for b in built]),
        dependence=np.stack([b[2] for b in built]),
    )
    transition = Transition.from_spec(spec)
    checks = [np.full(n, 0.3), np.full(n, 0.75), transition.felt(transition.initial[None, :])[0]]
    err = 0.0
    for z in checks:
        pay, rates, _ = numbers(build(z))
        err = max(
            err,
            float(np.max(np.abs(stage.payoffs_at(z[None, :])[0] - pay))),
            float(np.max(np.abs(stage.rates_at(z[None, :])[0] - rates))),
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
    )
