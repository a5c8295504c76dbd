"""Monte Carlo over the declared ranges, with scenario discovery.

:func:`montecarlo` draws every uncertain input from its distribution (seeded, in
blocks: :mod:`negotiation.whatif.sampling`), analyses the draws in chunks with the exact
batch engine (:mod:`negotiation.whatif.engine`), serially or on Dask
(:mod:`negotiation.whatif.execution`), and reports

* how often each **equilibrium set** occurs (the frequencies sum to 1 over the valid
  draws) and, for each, its equilibria exactly as ``solve`` gives them at the first draw
  where it occurs;
* how often each outcome is the **main outcome of the Nash deal**, and quantiles of the
  bargaining power and deal payoffs;
* **scenario discovery**: for each equilibrium set and deal outcome that occurs in
  between 1% and 99% of the draws, a PRIM box of the inputs where it happens, with
  coverage and density (:mod:`negotiation.whatif.prim`).

Quantiles and discovery use the first ``keep`` draws (100,000 by default); counts use all.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from negotiation import jit as jit_switch
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.numbers import format_numbers, format_percent
from negotiation.scenario.compiled import CompiledScenario, UncertainInput
from negotiation.solvers import solve
from negotiation.whatif.engine import (
    EquilibriumKey,
    Tables,
    analyse_batch,
    cell_names,
    describe_key,
)
from negotiation.whatif.execution import DEFAULT_CHUNK, map_chunks
from negotiation.whatif.prim import PrimBox, prim_box, sort_draws
from negotiation.whatif.sampling import draw

__all__ = ["MAX_SAMPLES", "MonteCarlo", "montecarlo"]

#: more draws than this need ``force=True`` (a typo such as 10**10 is not a plan)
MAX_SAMPLES = 10**8
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass
class _Chunk:
    start: int
    counts: dict[EquilibriumKey, int]
    first: dict[EquilibriumKey, int]
    deal_counts: dict[int, int]
    invalid: int
    exact: int
    x: np.ndarray  # (inputs, kept draws)
    keys: list[EquilibriumKey]
    deal: np.ndarray
    power: np.ndarray
    deal_payoffs: np.ndarray


def _run_chunk(
    compiled: CompiledScenario,
    inputs: Sequence[UncertainInput],
    seed: int,
    keep: int,
    jit: bool | None,
    start: int,
    stop: int,
) -> _Chunk:
    """Draws ``start .. stop-1`` summarised: counts, first draws, and the kept draws.

    A task larger than :data:`~negotiation.whatif.execution.DEFAULT_CHUNK` (a Dask task)
    is analysed in pieces of that size, so its arrays stay as small as a serial chunk's;
    every sample's answer is its own, so the pieces change nothing.
    """
    pieces = [
        _run_piece(compiled, inputs, seed, keep, jit, a, min(a + DEFAULT_CHUNK, stop))
        for a in range(start, stop, DEFAULT_CHUNK)
    ]
    return pieces[0] if len(pieces) == 1 else _combine(pieces)


def _combine(parts: Sequence[_Chunk]) -> _Chunk:
    """Consecutive chunks as one (counts added, the earliest first draw of each set)."""
    counts: dict[EquilibriumKey, int] = {}
    first: dict[EquilibriumKey, int] = {}
    deal_counts: dict[int, int] = {}
    for part in parts:
        for k, c in part.counts.items():
            counts[k] = counts.get(k, 0) + c
            first.setdefault(k, part.first[k])
        for m, c in part.deal_counts.items():
            deal_counts[m] = deal_counts.get(m, 0) + c
    return _Chunk(
        parts[0].start,
        counts,
        first,
        deal_counts,
        sum(p.invalid for p in parts),
        sum(p.exact for p in parts),
        np.concatenate([p.x for p in parts], axis=1),
        [k for p in parts for k in p.keys],
        np.concatenate([p.deal for p in parts]),
        np.concatenate([p.power for p in parts]),
        np.concatenate([p.deal_payoffs for p in parts]),
    )


def _run_piece(
    compiled: CompiledScenario,
    inputs: Sequence[UncertainInput],
    seed: int,
    keep: int,
    jit: bool | None,
    start: int,
    stop: int,
) -> _Chunk:
    values = draw(inputs, seed=seed, start=start, stop=stop)
    tables = Tables()
    out = analyse_batch(compiled, values, stop - start, tables=tables, jit=jit)
    sets = out.sets
    valid = out.set_id >= 0
    counts: dict[EquilibriumKey, int] = {}
    first: dict[EquilibriumKey, int] = {}
    ids, where, count = np.unique(out.set_id[valid], return_index=True, return_counts=True)
    positions = np.flatnonzero(valid)
    for i, w, c in zip(ids, where, count, strict=True):
        counts[sets[i]] = int(c)
        first[sets[i]] = start + int(positions[w])
    main, mcount = np.unique(out.deal_main[valid], return_counts=True)
    n_keep = max(0, min(stop, keep) - start)
    x = (  # one row per input: the layout discovery sorts, so it needs no copy
        np.stack([values[i.path][:n_keep] for i in inputs]) if inputs else np.empty((0, n_keep))
    )
    # copies, not views: a view of the first 0 draws would keep the chunk's whole
    # arrays alive, and memory would grow with the number of draws
    return _Chunk(
        start,
        counts,
        first,
        {int(m): int(c) for m, c in zip(main, mcount, strict=True)},
        int((~valid).sum()),
        int(out.exact.sum()),
        x,
        [sets[i] if i >= 0 else None for i in out.set_id[:n_keep]],  # type: ignore[misc]
        out.deal_main[:n_keep].copy(),
        out.power[:n_keep].copy(),
        out.deal_payoffs[:n_keep].copy(),
    )


@dataclass(frozen=True)
class SetFrequency:
    """One equilibrium set: how often it occurs and its equilibria at a draw where it does."""

    key: EquilibriumKey
    count: int
    frequency: float
    label: str
    equilibria: list[dict[str, Any]]
    sample: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "equilibria": self.equilibria,
            "frequency": self.frequency,
            "count": self.count,
            "label": self.label,
            "example_draw": self.sample,
        }


@dataclass(frozen=True)
class Discovery:
    """A PRIM box for one outcome (``what``: ``equilibria`` or ``deal``)."""

    what: str
    outcome: str
    frequency: float
    box: PrimBox

    def sentence(self) -> str:
        """The box in words, naming the inputs it restricts.

        ``"equilibrium hold / suspend in 87% of the draws with licensing → China
        trade_access ≤ ≈ -0.6341 and …; those draws (15% of all) hold 51% of its draws
        (overall 26%)"``
        """
        kind = "equilibrium" if self.what == "equilibria" else "deal"
        pct = partial(format_percent, decimals=0)
        return (
            f"{kind} {self.outcome} in {pct(self.box.density)} of the draws with "
            f"{self.box.describe()}; those draws ({pct(self.box.mass)} of all) hold "
            f"{pct(self.box.coverage)} of its draws (overall {pct(self.frequency)})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "outcome": self.outcome,
            "frequency": self.frequency,
            **self.box.to_dict(),
        }


@dataclass(frozen=True)
class MonteCarlo:
    """The result of :func:`montecarlo`; ``to_dict()`` is the ``montecarlo --json`` shape."""

    samples: int
    seed: int
    game: Game
    inputs: tuple[UncertainInput, ...]
    equilibrium_sets: tuple[SetFrequency, ...]
    deals: tuple[tuple[str, int, float], ...]
    power_quantiles: dict[str, dict[str, float]]
    deal_quantiles: dict[str, dict[str, float]]
    discovery: tuple[Discovery, ...]
    invalid: int
    exact: int
    draws: dict[str, np.ndarray] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "seed": self.seed,
            "inputs": [i.to_dict() for i in self.inputs],
            "equilibrium_sets": [s.to_dict() for s in self.equilibrium_sets],
            "deals": [
                {"outcome": o.split(" / "), "count": c, "frequency": f} for o, c, f in self.deals
            ],
            "bargaining_power": self.power_quantiles,
            "deal_payoffs": self.deal_quantiles,
            "discovery": [d.to_dict() for d in self.discovery],
            "invalid_draws": self.invalid,
            "exact_resolves": self.exact,
        }

    def frame(self) -> Any:
        """The kept draws as a pandas DataFrame: one column per input, then the outcomes."""
        import pandas as pd

        return pd.DataFrame(self.draws)

    def __str__(self) -> str:
        lines = [
            f"Monte Carlo: {self.samples:,} draws of {len(self.inputs)} inputs (seed {self.seed})"
        ]
        lines.append("Equilibrium sets:")
        for s in self.equilibrium_sets:
            lines.append(f"  {format_percent(s.frequency, decimals=2):>7}  {s.label}")
        if self.deals:
            lines.append("Main outcome of the Nash deal:")
            for outcome, _count, freq in self.deals:
                lines.append(f"  {format_percent(freq, decimals=2):>7}  {outcome}")
        if self.power_quantiles:
            lines.append("Bargaining power (5%, median, 95%):")
            for p, q in self.power_quantiles.items():
                lines.append(
                    f"  {p}: " + ", ".join(format_numbers([q["0.05"], q["0.5"], q["0.95"]]))
                )
        if self.discovery:
            lines.append("Where each outcome happens (PRIM):")
            lines += [f"  {d.sentence()}" for d in self.discovery]
        if self.invalid:
            lines.append(f"{self.invalid} draws left out: a formula has no value there")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{format_percent(s.frequency, decimals=2)}</td><td>{html.escape(s.label)}</td></tr>"
            for s in self.equilibrium_sets
        )
        return (
            f"<p>Monte Carlo: {self.samples:,} draws (seed {self.seed})</p>"
            f"<table><thead><tr><th>frequency</th><th>equilibrium set</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            + "".join(f"<p>{html.escape(d.sentence())}</p>" for d in self.discovery)
        )


def montecarlo(
    compiled: CompiledScenario,
    samples: int,
    *,
    seed: int = 0,
    inputs: Sequence[UncertainInput] | None = None,
    chunk: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: bool = False,
    keep: int = 100_000,
    discover: bool = True,
    force: bool = False,
    jit: bool | None = None,
) -> MonteCarlo:
    """Monte Carlo of a compiled scenario over its uncertain inputs (see the module doc).

    Parameters
    ----------
    compiled
        From :func:`negotiation.scenario.compiled.compile_scenario`.
    samples, seed
        Number of draws and the seed (results are identical for any ``chunk``,
        serially or on Dask).
    inputs
        Inputs to vary (default: every uncertain input).
    chunk, scheduler, workers, progress
        Execution; see :func:`negotiation.whatif.execution.map_chunks`.
    keep
        Draws kept for quantiles, discovery and :meth:`MonteCarlo.frame`.
    force
        Allow more than :data:`MAX_SAMPLES` draws.
    jit
        Use the numba kernels (identical results); ``None`` decides once from
        ``samples`` (:func:`negotiation.jit.wanted`), never per chunk.

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> from negotiation.scenario.compiled import compile_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> mc = montecarlo(compile_scenario(s), 2000, seed=1)
    >>> round(sum(e.frequency for e in mc.equilibrium_sets), 12)
    1.0
    """
    check_samples(samples, force=force)
    chosen = tuple(compiled.inputs if inputs is None else inputs)
    use_jit = jit_switch.wanted(samples) if jit is None else bool(jit)
    parts = map_chunks(
        partial(_run_chunk, compiled, chosen, int(seed), int(keep), use_jit),
        samples,
        chunk=chunk,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        description="montecarlo",
    )
    return _merge(compiled, chosen, samples, int(seed), parts, discover)


def check_samples(samples: int, *, force: bool = False) -> None:
    """One clear error for a number of draws that cannot be meant."""
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples <= 0:
        raise NegotiationError(f"--samples must be a positive whole number, got {samples!r}")
    if samples > MAX_SAMPLES and not force:
        raise NegotiationError(
            f"--samples {samples:,} is more than {MAX_SAMPLES:,}; add --force if you mean it"
        )


def _merge(
    compiled: CompiledScenario,
    inputs: tuple[UncertainInput, ...],
    samples: int,
    seed: int,
    parts: list[_Chunk],
    discover: bool,
) -> MonteCarlo:
    game = compiled.scenario.game
    whole = _combine(parts) if len(parts) > 1 else parts[0]
    parts.clear()  # the chunks' own copies of the kept draws go now
    counts, first, deal_counts = whole.counts, whole.first, whole.deal_counts
    valid = sum(counts.values())
    sets = []
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        sample = first[key]
        values = {
            p: float(v[0])
            for p, v in draw(inputs, seed=seed, start=sample, stop=sample + 1).items()
        }
        # the exact game from the compiled decimals (the same game as a rebuild through
        # with_overrides, tests/whatif/test_correctness.py) unless the draw is unsure
        fast = compiled.exact_game(values)
        exact_game = fast[0] if fast is not None else compiled.exact(values).game

        eqs = solve(exact_game, "all" if exact_game.n_players == 2 else "pure")
        sets.append(
            SetFrequency(
                key,
                count,
                count / valid if valid else 0.0,
                describe_key(game, key),
                [e.to_dict() for e in eqs.equilibria],
                sample,
            )
        )
    deals = tuple(
        (" / ".join(cell_names(game, m)), c, c / valid)
        for m, c in sorted(deal_counts.items(), key=lambda kv: -kv[1])
        if m >= 0
    )
    xt = whole.x  # (inputs, kept draws), contiguous
    x = xt.T
    keys = whole.keys
    deal, power, pays = whole.deal, whole.power, whole.deal_payoffs
    players = game.players

    def quantiles(a: np.ndarray) -> dict[str, dict[str, float]]:
        out = {}
        for k, p in enumerate(players):
            col = a[:, k][np.isfinite(a[:, k])] if a.size else np.empty(0)
            if col.size:
                out[p] = {
                    str(q): float(v)
                    for q, v in zip(QUANTILES, np.quantile(col, QUANTILES), strict=True)
                }
        return out

    # each distinct outcome is named once (``keep`` draws hold only a few)
    set_names = {k: describe_key(game, k) for k in set(keys) if k is not None}
    labels = np.array([set_names[k] if k is not None else "invalid" for k in keys], dtype=object)
    cells, cell_index = np.unique(deal, return_inverse=True)
    cell_labels = np.array(
        ["none" if m < 0 else " / ".join(cell_names(game, int(m))) for m in cells], dtype=object
    )
    deal_labels = cell_labels[cell_index.reshape(-1)] if deal.size else np.empty(0, dtype=object)
    found: list[Discovery] = []
    if discover and x.shape[0] >= 50 and x.shape[1]:
        names = [i.path for i in inputs]
        presorted = sort_draws(xt, columns=True)  # once for every outcome, no copy
        for what, lab, table in (
            ("equilibria", labels, [(s.label, s.frequency) for s in sets]),
            ("deal", deal_labels, [(o, f) for o, _c, f in deals]),
        ):
            for outcome, freq in table:
                if 0.01 <= freq <= 0.99:
                    box = prim_box(x, lab == outcome, names, presorted=presorted)
                    found.append(Discovery(what, outcome, freq, box))
    draws: dict[str, np.ndarray] = {i.path: xt[k] for k, i in enumerate(inputs)}
    draws["equilibria"] = labels
    draws["deal"] = deal_labels
    for j, p in enumerate(players):
        draws[f"power.{p}"] = power[:, j] if power.size else np.empty(0)
        draws[f"deal.{p}"] = pays[:, j] if pays.size else np.empty(0)
    return MonteCarlo(
        samples,
        seed,
        game,
        inputs,
        tuple(sets),
        deals,
        quantiles(power),
        quantiles(pays),
        tuple(found),
        whole.invalid,
        whole.exact,
        draws,
    )
