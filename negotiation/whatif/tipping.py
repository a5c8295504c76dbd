"""Tipping points: where, along one input's range, the answer flips.

For each uncertain input (the others at their values) :func:`tipping_points`

1. evaluates a fine grid of its range (``grid`` points, 10,001 by default) in one batch,
   reading three things at each point: the equilibrium set, every player's best
   responses, and the Nash deal's main outcome;
2. between each pair of neighbouring points that differ, narrows the change down by
   repeated subdivision (64 points a round, following *every* change a round shows, so
   two flips within one grid step are both found) until the bracket is narrower than
   ``1e-9`` times the range;
3. confirms it on the exact path: the scenario rebuilt exactly just below and just above
   the reported value must differ in that same respect; ``confirmed`` says so.

A change that comes back to the same answer between two neighbouring grid points is
not seen; raise ``grid`` to look closer. A single degenerate value with the same exact answer on
both sides (two moves tie at one point only) is not a tipping point and is left out.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.scenario.compiled import CompiledScenario
from negotiation.whatif import batch
from negotiation.whatif.engine import (
    Tables,
    _exact_deal,
    analyse_batch,
    cell_names,
    describe_key,
    exact_key,
)

__all__ = ["TippingPoint", "TippingPoints", "tipping_points"]

WHATS = ("equilibria", "best_response", "deal")


@dataclass(frozen=True)
class TippingPoint:
    """One flip: at ``value`` of ``input``, ``what`` changes from ``before`` to ``after``."""

    input: str
    value: float
    what: str
    before: Any
    after: Any
    confirmed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "value": self.value,
            "what": self.what,
            "before": self.before,
            "after": self.after,
            "confirmed": self.confirmed,
        }

    def sentence(self) -> str:
        return f"{self.input} = {format_number(self.value)}: {self.what} {_text(self.before)} → {_text(self.after)}"


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class TippingPoints:
    """All flips found; ``to_dict()`` is the ``tipping --json`` shape."""

    tipping_points: tuple[TippingPoint, ...]
    inputs: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": list(self.inputs),
            "tipping_points": [t.to_dict() for t in self.tipping_points],
        }

    def frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame([t.to_dict() for t in self.tipping_points])

    def __str__(self) -> str:
        if not self.tipping_points:
            return f"No tipping point in the ranges of {len(self.inputs)} inputs."
        return "\n".join(
            [f"{len(self.tipping_points)} tipping points:"]
            + [
                f"  {t.sentence()}" + ("" if t.confirmed else " (not confirmed exactly)")
                for t in self.tipping_points
            ]
        )

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def _signatures(
    compiled: CompiledScenario, path: str, xs: np.ndarray, tables: Tables
) -> np.ndarray:
    """``(N, 3)`` ids: equilibrium set, best-response pattern, deal outcome.

    Samples the float batch flags as near a tie are re-solved exactly (as everywhere):
    a float answer there may skip an exact one held only on a narrow band (a rounding
    plateau where a deal sits on its tie), and the flips on both sides of such a band
    would be reported as one.
    """
    out = analyse_batch(compiled, {path: xs}, tables=tables, dominance=False)
    masks, _ = batch.best_responses(out.payoffs)
    bits = np.concatenate([m.reshape(len(xs), -1) for m in masks], axis=1)
    packed = np.packbits(bits, axis=1)
    br = np.array([hash(row.tobytes()) for row in packed], dtype=np.int64)
    return np.stack([out.set_id, br, out.deal_main], axis=1)


def _describe(compiled: CompiledScenario, values: dict[str, float], what: str) -> Any:
    """The exact answer at one point, in words: the equilibrium set, best responses, deal."""
    scenario = compiled.exact(values)
    game = scenario.game
    if what == "equilibria":
        return describe_key(game, exact_key(game))
    if what == "best_response":
        return best_response_text(game)

    main, _, _ = _exact_deal(scenario)
    return None if main < 0 else " / ".join(cell_names(game, main))


def best_response_text(game: Game) -> dict[str, str]:
    """``{"China vs tariffs": "defence_ban", ...}``: each player's best replies, exactly."""
    out = {}
    u = game.exact
    for i, p in enumerate(game.players):
        own = np.moveaxis(u[i], i, 0)
        others = [k for k in range(game.n_players) if k != i]
        for profile in np.ndindex(*own.shape[1:]):
            column = [own[(a, *profile)] for a in range(own.shape[0])]
            best = max(column)
            moves = "+".join(game.moves[i][a] for a, v in enumerate(column) if v == best)
            against = " / ".join(game.moves[k][m] for k, m in zip(others, profile, strict=True))
            out[f"{p} vs {against}"] = moves
    return out


def tipping_points(
    compiled: CompiledScenario,
    inputs: Sequence[str] | None = None,
    *,
    grid: int = 10_001,
    progress: Any = None,
) -> TippingPoints:
    """Every flip along each input's declared range (see the module doc).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> from negotiation.scenario.compiled import compile_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> found = tipping_points(compile_scenario(s), ["pressures.China.chip_want"], grid=201)
    >>> all(t.confirmed for t in found.tipping_points)
    True
    """
    paths = list(inputs) if inputs else [i.path for i in compiled.inputs]
    found: list[TippingPoint] = []
    tables = Tables()
    for path in paths:
        compiled.default(path)
        item = next((i for i in compiled.inputs if i.path == path), None)
        lo, hi = item.range if item is not None else _own_range(compiled, path)
        xs = np.linspace(lo, hi, grid)
        sig = _signatures(compiled, path, xs, tables)
        eps = max(1e-9 * (hi - lo), 1e-12)
        brackets = [
            (float(xs[j]), float(xs[j + 1]), sig[j], sig[j + 1])
            for j in np.flatnonzero((sig[1:] != sig[:-1]).any(axis=1))
        ]
        for a, b, sa, sb in _narrow(compiled, path, brackets, eps, tables):
            value = (a + b) / 2
            below, above = {path: max(lo, value - eps)}, {path: min(hi, value + eps)}
            for w, what in enumerate(WHATS):
                if sa[w] == sb[w]:
                    continue
                before = _describe(compiled, below, what)
                after = _describe(compiled, above, what)
                if what == "best_response" and isinstance(before, dict):
                    before, after = _changed(before, after)
                if before == after:
                    continue  # an isolated degenerate point, the same answer on both sides
                found.append(TippingPoint(path, value, what, before, after, True))
        if progress is not None:
            progress.update(1)
    return TippingPoints(tuple(found), tuple(paths))


def _narrow(
    compiled: CompiledScenario,
    path: str,
    brackets: list[tuple[float, float, np.ndarray, np.ndarray]],
    eps: float,
    tables: Tables,
) -> list[tuple[float, float, np.ndarray, np.ndarray]]:
    """Every change inside the brackets, each narrowed to a bracket narrower than ``eps``.

    A bracket is split into 65 parts and *every* pair of neighbouring points that differ
    is narrowed in turn — not only the first — so two flips closer together than the
    grid spacing (A → B → C inside one grid step) are both found.
    """
    done: list[tuple[float, float, np.ndarray, np.ndarray]] = []
    todo = list(reversed(brackets))
    while todo:
        a, b, sa, sb = todo.pop()
        if b - a <= eps:
            done.append((a, b, sa, sb))
            continue
        mid = np.linspace(a, b, 66)[1:-1]
        sm = _signatures(compiled, path, mid, tables)
        points = [a, *(float(x) for x in mid), b]
        sigs = [sa, *sm, sb]
        inner = [
            (points[k], points[k + 1], sigs[k], sigs[k + 1])
            for k in range(len(points) - 1)
            if (sigs[k] != sigs[k + 1]).any()
        ]
        todo.extend(reversed(inner))
    return done


def _changed(
    before: dict[str, str], after: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    keys = [k for k in before if before[k] != after.get(k)]
    return {k: before[k] for k in keys}, {k: after[k] for k in keys}


def _own_range(compiled: CompiledScenario, path: str) -> tuple[float, float]:
    value = compiled.default(path)
    span = abs(value) or 1.0
    return value - span, value + span
