"""Sweeps: the analysis at every point of a grid of one or more inputs.

:func:`sweep` varies inputs over ``--vary PATH=LO:HI:N`` grids (all combinations),
holding the others at their values, and gives one row per point: the values, the
equilibrium set (exactly the set ``solve --method all`` gives there, ties re-solved
exactly), each equilibrium's strategies and payoffs, the Nash deal's main outcome and
payoffs, and the bargaining power.

Mixed strategies in a row are computed from the compiled float payoffs by solving the
indifference equations of that equilibrium's supports; the set itself is exact.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.scenario.compiled import CompiledScenario
from negotiation.whatif.engine import (
    BatchAnalysis,
    EquilibriumKey,
    analyse_batch,
    cell_names,
    describe_key,
)

__all__ = ["MAX_POINTS", "Sweep", "Vary", "parse_vary", "sweep"]

#: grid points allowed without ``force``
MAX_POINTS = 10**6


@dataclass(frozen=True)
class Vary:
    """One ``--vary PATH=LO:HI:N``: ``n`` evenly spaced values from ``lo`` to ``hi``."""

    path: str
    lo: float
    hi: float
    n: int

    def values(self) -> np.ndarray:
        return np.linspace(self.lo, self.hi, self.n)


def parse_vary(text: str, *, default_n: int = 11) -> Vary:
    """Read ``PATH=LO:HI[:N]``; one clear error for anything else.

    >>> parse_vary("pressures.China.deflation=0:1:5")
    Vary(path='pressures.China.deflation', lo=0.0, hi=1.0, n=5)
    >>> parse_vary("x=1:0")
    Traceback (most recent call last):
    ...
    negotiation.errors.NegotiationError: --vary x=1:0: LO (1) is above HI (0)
    """
    path, eq, spec = text.partition("=")
    if not eq or not path.strip():
        raise NegotiationError(
            f"--vary {text}: write PATH=LO:HI[:N], e.g. pressures.China.deflation=0:1:11"
        )
    parts = spec.split(":")
    if len(parts) not in (2, 3):
        raise NegotiationError(
            f"--vary {text}: write PATH=LO:HI[:N] (two or three numbers after '=')"
        )
    try:
        lo, hi = float(parts[0]), float(parts[1])
    except ValueError:
        raise NegotiationError(f"--vary {text}: LO and HI must be numbers") from None
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise NegotiationError(f"--vary {text}: LO and HI must be finite")
    if lo > hi:
        raise NegotiationError(f"--vary {text}: LO ({parts[0]}) is above HI ({parts[1]})")
    n = default_n
    if len(parts) == 3:
        try:
            n = int(parts[2])
        except ValueError:
            raise NegotiationError(
                f"--vary {text}: N must be a whole number, got {parts[2]!r}"
            ) from None
        if n <= 0:
            raise NegotiationError(f"--vary {text}: N must be at least 1, got {n}")
    if lo == hi and n > 1:
        n = 1
    return Vary(path.strip(), lo, hi, n)


def range_warnings(compiled: CompiledScenario, varies: Sequence[Vary]) -> list[str]:
    """Warnings for grids that leave an input's declared range."""
    out = []
    for v in varies:
        try:
            item = compiled.input(v.path)
        except KeyError:
            continue
        lo, hi = item.range
        if v.lo < lo or v.hi > hi:
            out.append(
                f"--vary {v.path}: {v.lo:g}..{v.hi:g} leaves the declared range [{lo:g}, {hi:g}]"
            )
    return out


@dataclass(frozen=True)
class Sweep:
    """Rows of a sweep; ``to_dict()`` is the ``sweep --json`` shape."""

    game: Game
    inputs: tuple[str, ...]
    grid: dict[str, np.ndarray]
    result: BatchAnalysis
    shape: tuple[int, ...]

    def keys(self) -> list[EquilibriumKey | None]:
        r = self.result
        return [r.sets[i] if i >= 0 else None for i in r.set_id]

    def points(self) -> list[dict[str, Any]]:
        game, r = self.game, self.result
        out = []
        for j, key in enumerate(self.keys()):
            point: dict[str, Any] = {"values": {p: float(self.grid[p][j]) for p in self.inputs}}
            if key is None:
                point.update({"equilibria": None, "valid": False})
                out.append(point)
                continue
            point["equilibria"] = equilibria_of(game, r.payoffs[j], key)
            point["equilibrium_set"] = describe_key(game, key)
            main = int(r.deal_main[j])
            point["deal"] = (
                None
                if main < 0
                else {
                    "outcome": list(cell_names(game, main)),
                    "payoffs": dict(zip(game.players, map(float, r.deal_payoffs[j]), strict=True)),
                }
            )
            point["leverage"] = {
                "bargaining_power": dict(zip(game.players, map(float, r.power[j]), strict=True))
            }
            point["exact_resolve"] = bool(r.exact[j])
            out.append(point)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": list(self.inputs), "points": self.points()}

    def frame(self) -> Any:
        """A tidy pandas DataFrame: one row per point."""
        import pandas as pd

        r, game = self.result, self.game
        data: dict[str, Any] = {p: self.grid[p] for p in self.inputs}
        data["equilibria"] = [
            describe_key(game, k) if k is not None else "invalid" for k in self.keys()
        ]
        data["deal"] = ["none" if m < 0 else " / ".join(cell_names(game, m)) for m in r.deal_main]
        for k, p in enumerate(game.players):
            data[f"power.{p}"] = r.power[:, k]
            data[f"deal.{p}"] = r.deal_payoffs[:, k]
        return pd.DataFrame(data)

    def __str__(self) -> str:
        lines = [f"Sweep over {', '.join(self.inputs)}: {len(self.result.set_id)} points"]
        frame_rows = zip(*(self.grid[p] for p in self.inputs), strict=True)
        last = None
        for j, values in enumerate(frame_rows):
            key = self.result.set_id[j]
            main = self.result.deal_main[j]
            label = describe_key(self.game, self.result.sets[key]) if key >= 0 else "invalid"
            deal = "none" if main < 0 else " / ".join(cell_names(self.game, main))
            text = f"{label}; deal {deal}"
            if text != last or j == len(self.result.set_id) - 1:
                vals = ", ".join(
                    f"{p.rsplit('.', 1)[-1]}={format_number(v)}"
                    for p, v in zip(self.inputs, values, strict=True)
                )
                lines.append(f"  {vals}: {text}")
                last = text
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def equilibria_of(game: Game, u: np.ndarray, key: EquilibriumKey) -> list[dict[str, Any]]:
    """Each equilibrium of ``key`` with strategies and payoffs solved from payoffs ``u``."""
    out = []
    for supports in key:
        strategies = _strategies(u, supports)
        pay = _expected(u, strategies)
        out.append(
            {
                "strategies": {
                    p: {m: float(x) for m, x in zip(game.moves[i], strategies[i], strict=True)}
                    for i, p in enumerate(game.players)
                },
                "payoffs": {p: float(pay[i]) for i, p in enumerate(game.players)},
            }
        )
    return out


def _strategies(u: np.ndarray, supports: tuple[tuple[int, ...], ...]) -> list[np.ndarray]:
    shape = u.shape[1:]
    out = [np.zeros(n) for n in shape]
    if all(len(s) == 1 for s in supports):
        for i, s in enumerate(supports):
            out[i][s[0]] = 1.0
        return out
    rows, cols = (list(s) for s in supports)  # mixed: two players
    for player, (own, other, matrix) in enumerate(((cols, rows, u[0]), (rows, cols, u[1].T))):
        # the mix on ``own`` makes the other player indifferent over its support ``other``
        block = matrix[np.ix_(other, own)]
        k = len(own)
        mat = np.zeros((k + 1, k + 1))
        mat[:k, :k] = block
        mat[:k, k] = -1
        mat[k, :k] = 1
        rhs = np.zeros(k + 1)
        rhs[k] = 1
        try:
            z = np.linalg.solve(mat, rhs)
        except np.linalg.LinAlgError:
            z = np.linalg.lstsq(mat, rhs, rcond=None)[0]
        target = 1 - player
        out[target][own] = z[:k]
    return out


def _expected(u: np.ndarray, strategies: list[np.ndarray]) -> np.ndarray:
    out = u
    for s in reversed(strategies):
        out = out @ s
    return np.asarray(out)


def sweep(compiled: CompiledScenario, varies: Sequence[Vary], *, force: bool = False) -> Sweep:
    """The analysis at every point of the grid of ``varies`` (see the module doc).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> from negotiation.scenario.compiled import compile_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> result = sweep(compile_scenario(s), [parse_vary("pressures.China.chip_want=0:1:3")])
    >>> len(result.to_dict()["points"])
    3
    """
    if not varies:
        raise NegotiationError("sweep needs at least one --vary PATH=LO:HI:N")
    for v in varies:
        compiled.default(v.path)  # one clear error for a path the payoffs do not use
    paths = [v.path for v in varies]
    if len(set(paths)) != len(paths):
        raise NegotiationError("each --vary path may be given once")
    total = int(np.prod([v.n for v in varies]))
    if total > MAX_POINTS and not force:
        raise NegotiationError(
            f"the grid has {total:,} points (more than {MAX_POINTS:,}); add --force if you mean it"
        )
    axes = [v.values() for v in varies]
    grid = {
        p: np.array(col, dtype=float)
        for p, col in zip(paths, zip(*itertools.product(*axes), strict=True), strict=True)
    }
    result = analyse_batch(compiled, grid, total)
    return Sweep(compiled.scenario.game, tuple(paths), grid, result, tuple(v.n for v in varies))
