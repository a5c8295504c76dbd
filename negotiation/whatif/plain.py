"""A plain payoff file (typed-in payoffs) as a compiled model, for ``--vary`` alone.

A plain file declares no ranges, so it has no uncertain inputs; but any typed-in payoff
can be varied with ``--vary PATH=LO:HI:N`` (``payoffs.swerve.straight.0``). Each typed
number enters the game linearly, so :func:`compile_game` finds once, for every numeric
path of the file, which payoff entries it moves (by reading the file with that number
raised by one), and then evaluates N samples as ``base + Σ (v − v₀) · Δ``. The exact
game of a sample is the same sum in fractions, and :meth:`CompiledGame.exact` reads the
file again with the overrides, as every command does.

>>> from pathlib import Path
>>> compiled = compile_game(Path(__file__).parents[2] / "payoffs" / "chicken.yaml")
>>> compiled.payoffs({"payoffs.straight.straight.0": [1.0, -10.0]})[:, 0, 1, 1].tolist()
[1.0, -10.0]
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import OverrideError
from negotiation.files import read_payoffs
from negotiation.files.overrides import apply_overrides, dotted_paths
from negotiation.files.yamldoc import load_yaml
from negotiation.game import Game, to_fraction
from negotiation.scenario.compiled import Evaluation, UncertainInput

__all__ = ["CompiledGame", "PlainModel", "compile_game"]


@dataclass(frozen=True)
class PlainModel:
    """What the what-if engine reads of a plain file: the game, and no parameters."""

    game: Game
    parameters: dict[str, dict[str, float]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class CompiledGame:
    """The :class:`~negotiation.scenario.compiled.CompiledScenario` interface for a plain file."""

    scenario: PlainModel
    path: str
    overrides: tuple[str, ...]
    base_values: dict[str, float]
    deltas: dict[str, np.ndarray]
    inputs: tuple[UncertainInput, ...] = ()

    @property
    def players(self) -> tuple[str, ...]:
        return self.scenario.game.players

    @property
    def shape(self) -> tuple[int, ...]:
        return self.scenario.game.shape

    def input(self, path: str) -> UncertainInput:
        raise KeyError(path)

    def variable_paths(self) -> tuple[str, ...]:
        return tuple(self.deltas)

    def default(self, path: str) -> float:
        if path not in self.deltas:
            close = difflib.get_close_matches(path, list(self.deltas), n=3, cutoff=0.5)
            hint = (
                "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
                if close
                else "vary a typed-in payoff, e.g. " + next(iter(self.deltas), "payoffs...")
            )
            raise OverrideError(f"--vary {path}: not a number the payoffs depend on — {hint}")
        return self.base_values[path]

    def payoffs(
        self, values: Mapping[str, Any], n: int | None = None, *, jit: bool | None = None
    ) -> np.ndarray:
        return self.evaluate(values, n, jit=jit).payoffs

    def evaluate(
        self, values: Mapping[str, Any], n: int | None = None, *, jit: bool | None = None
    ) -> Evaluation:
        """As :meth:`CompiledScenario.evaluate`; typed-in payoffs have no formulas, so
        ``jit`` changes nothing here."""
        for path in values:
            self.default(path)
        arrays = {p: np.atleast_1d(np.asarray(v, dtype=float)) for p, v in values.items()}
        size = max([a.shape[0] for a in arrays.values()] + [n or 1])
        u = np.broadcast_to(
            self.scenario.game.payoffs, (size, *self.scenario.game.payoffs.shape)
        ).copy()
        for path, a in arrays.items():
            step = np.broadcast_to(a, (size,)) - self.base_values[path]
            u += step.reshape((size,) + (1,) * (u.ndim - 1)) * self.deltas[path]
        none = np.zeros(size, dtype=bool)
        return Evaluation(u, {}, none, none.copy())

    def exact_game(self, values: Mapping[str, float]) -> tuple[Game, dict[str, Fraction]]:
        base = self.scenario.game
        exact = base.exact.copy()
        for path, v in values.items():
            step = to_fraction(float(v)) - to_fraction(self.base_values[path])
            exact = exact + np.vectorize(lambda d, s=step: Fraction(int(d)) * s, otypes=[object])(
                self.deltas[path]
            )
        return base.with_payoffs(exact), {}

    def exact(self, values: Mapping[str, float]) -> PlainModel:
        overrides = [*self.overrides, *(f"{p}={float(v)!r}" for p, v in values.items())]
        return PlainModel(read_payoffs(self.path, overrides))


def compile_game(path: str | os.PathLike[str], overrides: Sequence[str] = ()) -> CompiledGame:
    """Compile a plain payoff file (YAML or ``.nfg``) for ``--vary`` (see the module doc)."""
    name = os.fspath(path)
    game = read_payoffs(name, list(overrides))
    base_values: dict[str, float] = {}
    deltas: dict[str, np.ndarray] = {}
    if not name.lower().endswith(".nfg"):
        doc = load_yaml(name)
        if overrides:
            apply_overrides(doc, list(overrides))
        for dotted in dotted_paths(doc.data):
            value = _get(doc.data, dotted)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            try:
                bumped = read_payoffs(name, [*overrides, f"{dotted}={float(value) + 1!r}"])
            except Exception:
                continue
            delta = bumped.payoffs - game.payoffs
            if bumped.shape == game.shape and np.any(delta):
                base_values[dotted] = float(value)
                deltas[dotted] = np.rint(delta)
    return CompiledGame(PlainModel(game), name, tuple(overrides), base_values, deltas)


def _get(data: Any, dotted: str) -> Any:
    node = data
    for part in dotted.split("."):
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list):
            node = node[int(part)]
        else:
            return None
    return node
