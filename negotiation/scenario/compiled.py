"""A scenario compiled once into vectorised numpy code: payoffs of N variants at once.

:func:`compile_scenario` reads a built :class:`~negotiation.scenario.build.Scenario`
and turns every formula it uses (weights, parameters, formula effects) into a walk
over the *same* checked syntax tree :mod:`negotiation.scenario.formula` parses — no
``eval`` — in which each name is a numpy array of N samples. Evaluating
:meth:`CompiledScenario.payoffs` for N samples then costs a few array operations
instead of N rebuilds of the scenario.

The compiled code follows the builder's rules exactly: a bare name is the player's
pressure, weight (a channel's name) or parameter; ``Player.name`` another player's;
weights and formula effects are rounded to :data:`~negotiation.scenario.model.DECIMALS`
places and parameters to :data:`~negotiation.scenario.model.PARAMETER_DECIMALS` *before*
any other formula uses them; payoffs are ``Σ_c weight · effect``. Two things can make a
float sample differ from its exact rebuild, and both are flagged per sample in
:attr:`Evaluation.unsure` so that callers re-solve those samples exactly: a value within
``1e-7`` of a rounding half-way point (Python's correctly rounded ``round`` and numpy's
``rint(x·10^d)`` may then disagree), and a formula that fails for that sample (division
by zero, a negative ``sqrt``; the exact build refuses those samples with an error).

Two implementations compute :meth:`CompiledScenario.evaluate`: the numpy walk of
:mod:`negotiation.scenario.vectorised` (the reference) and, with numba installed, the
same walk written down once as a flat program and run by one compiled kernel
(:mod:`negotiation.scenario.tape`); they give the same arrays bit for bit, and
:func:`negotiation.jit.wanted` picks one by the number of samples.

Examples
--------
>>> import numpy as np
>>> from pathlib import Path
>>> from negotiation.scenario import read_scenario
>>> scenario = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
>>> compiled = compile_scenario(scenario)
>>> u = compiled.payoffs({"pressures.China.deflation": np.array([0.0, 0.6, 1.0])})
>>> u.shape
(3, 2, 4, 5)
>>> bool(np.allclose(u[1], scenario.game.payoffs))   # 0.6 is the file's own value
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation import jit as switch
from negotiation.errors import OverrideError
from negotiation.game import Game, to_fraction
from negotiation.scenario import tape
from negotiation.scenario.build import Scenario
from negotiation.scenario.formula import Formula, parse_formula
from negotiation.scenario.vectorised import (
    FormulaRun,
    bitwise_same,
    location_of,
    path_of,
)

__all__ = [
    "DISTRIBUTIONS",
    "CompiledScenario",
    "Evaluation",
    "UncertainInput",
    "compile_scenario",
    "uncertain_inputs",
]

#: distributions an uncertain input may declare (uniform by default)
DISTRIBUTIONS = ("uniform", "triangular", "normal")


@dataclass(frozen=True)
class UncertainInput:
    """A number of the scenario with a plausible range: what the what-if engine varies.

    Attributes
    ----------
    path
        Its dotted path in the file (``pressures.China.deflation``), as ``--set`` takes it.
    value
        The file's value.
    range
        ``(lo, hi)``, the declared plausible range.
    distribution
        ``"uniform"`` (default), ``"triangular"`` (peak at ``value``) or ``"normal"``
        (mean ``value``, standard deviation a quarter of the range, truncated to it).
    kind, source
        ``fact`` / ``estimate`` / ``judgement`` and the source key, where the file says.
    """

    path: str
    value: float
    range: tuple[float, float]
    distribution: str = "uniform"
    kind: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": self.value,
            "range": list(self.range),
            "distribution": self.distribution,
            "kind": self.kind,
            "source": self.source,
        }

    def sample(self, u: np.ndarray) -> np.ndarray:
        """Map uniform draws ``u`` in [0, 1) to this input's distribution (inverse CDF)."""
        lo, hi = self.range
        if hi <= lo:
            return np.full_like(u, lo)
        if self.distribution == "triangular":
            c = (min(max(self.value, lo), hi) - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (c * (hi - lo)))
            right = hi - np.sqrt((1 - u) * (hi - lo) * ((1 - c) * (hi - lo)))
            return np.where(u < c, left, right)
        if self.distribution == "normal":
            from scipy.special import ndtr, ndtri

            sd = (hi - lo) / 4
            a, b = ndtr((lo - self.value) / sd), ndtr((hi - self.value) / sd)
            return np.clip(self.value + sd * ndtri(a + u * (b - a)), lo, hi)
        return lo + u * (hi - lo)


def uncertain_inputs(scenario: Scenario) -> tuple[UncertainInput, ...]:
    """Every ranged number of a scenario, in file order.

    Uses ``scenario.uncertain_inputs()`` when the scenario provides it; otherwise finds
    every mapping of the file with a numeric ``value`` and a two-number ``range``
    (pressures today), wherever it sits.

    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> "pressures.China.deflation" in [i.path for i in uncertain_inputs(s)]
    True
    """
    own = getattr(scenario, "uncertain_inputs", None)
    if callable(own):
        records = own()
        return tuple(
            UncertainInput(
                str(r.path),
                float(r.value),
                (float(r.range[0]), float(r.range[1])),
                str(getattr(r, "distribution", "") or "uniform"),
                str(getattr(r, "kind", "") or ""),
                str(getattr(r, "source", "") or ""),
            )
            for r in records
            if getattr(r, "range", None) is not None
        )
    found: list[UncertainInput] = []
    data = scenario.doc.data if scenario.doc is not None else {}
    for path, node in _ranged_nodes(data, ""):
        lo, hi = (float(x) for x in node["range"])
        found.append(
            UncertainInput(
                path,
                float(node["value"]),
                (lo, hi),
                str(node.get("distribution") or "uniform"),
                str(node.get("kind") or ""),
                str(node.get("source") or ""),
            )
        )
    return tuple(found)


def _ranged_nodes(node: Any, prefix: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        rng = node.get("range")
        if (
            _is_number(node.get("value"))
            and isinstance(rng, Sequence)
            and not isinstance(rng, str)
            and len(rng) == 2
            and all(_is_number(x) for x in rng)
        ):
            yield prefix.rstrip("."), node
            return
        for key, value in node.items():
            yield from _ranged_nodes(value, f"{prefix}{key}.")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Evaluation:
    """Everything one batch of N samples gives, as arrays (first axis: the sample).

    Attributes
    ----------
    payoffs
        ``(N, n_players, *n_moves)`` floats.
    parameters
        ``player -> name -> (N,)`` (``discount_rate``, ``dependence``, helpers).
    unsure
        ``(N,)`` bool: samples the float path cannot promise to match exactly (a value on
        a rounding half-way point, or a formula that fails there); re-solve them exactly.
    invalid
        ``(N,)`` bool: samples where a formula has no finite value (the exact build
        refuses them with a positioned error).
    """

    payoffs: np.ndarray
    parameters: dict[str, dict[str, np.ndarray]]
    unsure: np.ndarray
    invalid: np.ndarray
    weights: np.ndarray | None = None
    effects: tuple[np.ndarray, ...] = ()


@dataclass(frozen=True, eq=False)
class CompiledScenario:
    """A scenario's payoffs as a vectorised function of its inputs; see :func:`compile_scenario`.

    Attributes
    ----------
    scenario
        The scenario compiled (its values are the defaults of every input).
    inputs
        The uncertain inputs (:func:`uncertain_inputs`).
    """

    scenario: Scenario
    inputs: tuple[UncertainInput, ...]
    _effects: tuple[tuple[str, str, int, int, np.ndarray, float], ...] = field(repr=False)
    _formulas: dict[tuple[str, str], tuple[str, Formula | None, float]] = field(repr=False)
    _paths: dict[str, tuple[str, str]] = field(repr=False)
    _constants: dict[str, Fraction] = field(repr=False, default_factory=dict)
    #: (player, flat cell) -> (effect index, times counted) adding to it, in effect order
    _terms: dict[tuple[int, int], tuple[tuple[int, float], ...]] = field(
        repr=False, default_factory=dict
    )
    _zero_cells: tuple[tuple[int, int], ...] = field(repr=False, default=())
    #: (player, quantity) -> its path and whether numpy computes its formula bit for bit
    _meta: dict[tuple[str, str], tuple[str, bool]] = field(repr=False, default_factory=dict)
    #: exact answers of re-solved samples, by their rounded decimals (see whatif.engine)
    _cache: dict[Any, Any] = field(repr=False, default_factory=dict, compare=False)
    #: kernel programs (:mod:`negotiation.scenario.tape`), by the varied paths
    _programs: dict[Any, Any] = field(repr=False, default_factory=dict, compare=False)

    @property
    def players(self) -> tuple[str, ...]:
        return self.scenario.game.players

    @property
    def shape(self) -> tuple[int, ...]:
        return self.scenario.game.shape

    def input(self, path: str) -> UncertainInput:
        """The uncertain input at ``path`` (``KeyError`` if it has no range)."""
        for item in self.inputs:
            if item.path == path:
                return item
        raise KeyError(path)

    def variable_paths(self) -> tuple[str, ...]:
        """Every path the payoffs can be varied along: pressures, weights, parameters, effects."""
        return tuple(self._paths)

    def default(self, path: str) -> float:
        """The file's value at a variable path."""
        check_path(self, path)
        kind, key = self._paths[path]
        if kind == "pressure":
            player, name = key.split(".", 1)
            return float(self.scenario.pressures[player][name].value)
        if kind == "effect":
            for p, _c, _i, _ch, _m, value in self._effects:
                if p == path:
                    return value
        player, name = key.split(".", 1)
        return float(self.scenario.quantities[player][name].value)

    def payoffs(
        self, values: Mapping[str, Any], n: int | None = None, *, jit: bool | None = None
    ) -> np.ndarray:
        """Payoff tensors ``(N, n_players, *n_moves)`` for samples of the inputs.

        ``values`` maps paths to arrays of N samples (or scalars); unnamed inputs keep
        their values. ``n`` gives N when every value is a scalar. ``jit`` as in
        :meth:`evaluate`.
        """
        arrays, size = self._arrays(values, n)
        fields = self._kernel(arrays, size, jit, payoffs_only=True)
        return fields[0] if fields is not None else self._numpy(arrays, size).payoffs

    def evaluate(
        self, values: Mapping[str, Any], n: int | None = None, *, jit: bool | None = None
    ) -> Evaluation:
        """Payoffs, parameters and the per-sample flags of :class:`Evaluation`.

        ``jit``: ``True`` runs the compiled kernel of :mod:`negotiation.scenario.tape`
        when numba is installed (:func:`negotiation.jit.available`), ``False`` numpy,
        ``None`` (default) lets :func:`negotiation.jit.wanted` decide by N. Both give
        the same arrays bit for bit; a scenario whose formulas use ``exp``, ``log`` or
        a power is always evaluated by numpy.
        """
        arrays, size = self._arrays(values, n)
        fields = self._kernel(arrays, size, jit)
        return Evaluation(*fields) if fields is not None else self._numpy(arrays, size)

    def _arrays(
        self, values: Mapping[str, Any], n: int | None
    ) -> tuple[dict[str, np.ndarray], int]:
        """The checked ``(N,)`` arrays of ``values`` and N."""
        for path in values:
            check_path(self, path)
        arrays = {p: np.atleast_1d(np.asarray(v, dtype=float)) for p, v in values.items()}
        size = max([a.shape[0] for a in arrays.values()] + [n or 1])
        return {p: np.broadcast_to(a, (size,)) for p, a in arrays.items()}, size

    def _kernel(
        self,
        arrays: dict[str, np.ndarray],
        size: int,
        jit: bool | None,
        *,
        payoffs_only: bool = False,
    ) -> tuple[Any, ...] | None:
        """:class:`Evaluation`'s fields from the compiled kernel, or ``None`` for numpy
        (``jit`` off, numba missing, or formulas the kernel leaves to numpy)."""
        if not (switch.wanted(size) if jit is None else (jit and switch.available())):
            return None
        key = ("tape", tuple(arrays), payoffs_only)
        if key not in self._programs:
            self._programs[key] = tape.build(self, tuple(arrays), payoffs_only=payoffs_only)
        program = self._programs[key]
        if program is None:
            return None
        shape = (len(self.players), *self.shape)
        return tape.execute(program, arrays, size, shape, self._numpy)

    def _numpy(self, arrays: dict[str, np.ndarray], size: int) -> Evaluation:
        """:meth:`evaluate` by numpy: the reference (:class:`FormulaRun`)."""
        run = FormulaRun(self, arrays, size)
        with np.errstate(all="ignore"):
            players = self.players
            channels = self.scenario.channels
            weights = np.stack(
                [
                    np.stack([run.quantity(p, f"weights.{c}") for c in channels], axis=-1)
                    for p in players
                ],
                axis=1,
            )  # (N, n_players, n_channels)
            effect_values = []
            products = []
            for path, player, i, c, _mult, value in self._effects:
                if (player, path) in self._formulas:  # a formula or {value, range}: rounded
                    effect = run.quantity(player, path)
                elif path in arrays:  # a plain number: used as written
                    effect = np.ascontiguousarray(arrays[path])
                else:
                    effect = np.full(size, value)
                effect_values.append(effect)
                products.append(weights[:, i, c] * effect)
            # structure of arrays: one contiguous (N,) row per (player, cell); each row sums
            # its terms in effect order, as Σ_c weight · effect adds them, so a sample's
            # payoffs never depend on N or on the other samples
            flat = np.empty((len(players), _cells(self.shape), size))
            for (i, cell), terms in self._terms.items():
                row = flat[i, cell]
                row[:] = 0.0
                for k, times in terms:
                    np.add(row, products[k] if times == 1 else products[k] * times, out=row)
            for i, cell in self._zero_cells:
                flat[i, cell] = 0.0
            u = np.moveaxis(flat.reshape(len(players), *self.shape, size), -1, 0)
            parameters = {
                p: {
                    name.split(".", 1)[1]: run.quantity(p, name)
                    for name in self.scenario.quantities[p]
                    if name.startswith("parameters.")
                }
                for p in players
            }
        invalid = run.invalid | ~np.isfinite(u).reshape(size, -1).all(axis=1)
        return Evaluation(
            u, parameters, run.unsure | invalid, invalid, weights, tuple(effect_values)
        )

    def exact_game(self, values: Mapping[str, float]) -> tuple[Game, dict[str, Fraction]] | None:
        """One sample's exact game and discount rates, from the compiled values.

        The builder's payoff is ``Σ_c w · e`` in fractions of the *rounded* decimals; the
        compiled float weights and effects are those very decimals (see the module doc),
        so their fractions give the same game as :meth:`exact` without rebuilding the
        scenario — in milliseconds instead of a rebuild. ``None`` when the sample is
        flagged unsure (then use :meth:`exact`).
        """
        ev = self.evaluate({p: [v] for p, v in values.items()}, 1)
        return self.exact_game_at(ev, 0, values)

    def exact_game_at(
        self, ev: Evaluation, j: int, varied: Iterable[str] = ()
    ) -> tuple[Game, dict[str, Fraction]] | None:
        """Sample ``j`` of an evaluation as an exact game (see :meth:`exact_game`), without
        evaluating it again; ``varied`` names the paths that were given values."""
        if ev.unsure[j] or ev.weights is None:
            return None
        varied = set(varied)
        base = self.scenario.game
        payoffs = np.empty((len(self.players), *self.shape), dtype=object)
        payoffs.fill(Fraction(0))
        for (path, _player, i, c, mult, _v), effect in zip(self._effects, ev.effects, strict=True):
            w = to_fraction(float(ev.weights[j, i, c]))
            e = (
                self._constants.get(path)
                if path not in varied and (_player, path) not in self._formulas
                else None
            )
            e = e if e is not None else to_fraction(float(effect[j]))
            for cell in zip(*np.nonzero(mult), strict=True):
                payoffs[(i, *cell)] += w * e * int(mult[cell])
        game = Game(
            base.players,
            base.moves,
            payoffs,
            title=base.title,
            description=base.description,
            move_descriptions=base.move_descriptions,
            sources=base.sources,
        )
        rates = {
            p: to_fraction(float(ev.parameters[p]["discount_rate"][j]))
            for p in self.players
            if "discount_rate" in ev.parameters.get(p, {})
        }
        return game, rates

    def exact(self, values: Mapping[str, float]) -> Scenario:
        """One sample rebuilt exactly (Fractions) through :meth:`Scenario.with_overrides`."""
        for path in values:
            check_path(self, path)
        if not values:
            return self.scenario
        return self.scenario.with_overrides({p: float(v) for p, v in values.items()})


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Compile a scenario's formulas once into vectorised evaluation (see the module doc).

    Parameters
    ----------
    scenario
        A built scenario (:func:`negotiation.scenario.read_scenario`).

    Returns
    -------
    CompiledScenario
    """
    players = scenario.game.players
    channels = scenario.channels
    formulas: dict[tuple[str, str], tuple[str, Formula | None, float]] = {}
    paths: dict[str, tuple[str, str]] = {}
    for player, named in scenario.pressures.items():
        for name in named:
            paths[f"pressures.{player}.{name}"] = ("pressure", f"{player}.{name}")
    for player, quantities in scenario.quantities.items():
        for name, q in quantities.items():
            kind = name.split(".", 1)[0]
            formula: Formula | None
            try:
                formula = parse_formula(q.formula)
            except Exception:
                formula = None
            formulas[(player, name)] = (
                kind if kind != "interactions" else "levers",
                formula,
                float(q.value),
            )
            path = ".".join(str(x) for x in q.location) if q.location else path_of(name, player)
            paths[path] = ("quantity", f"{player}.{name}")
    effects, constants = _effect_entries(scenario, players, channels)
    for path, *_ in effects:
        paths.setdefault(path, ("effect", path))
    terms: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for k, (_path, _player, i, _c, mult, _value) in enumerate(effects):
        flat_mult = mult.reshape(-1)
        for cell in np.flatnonzero(flat_mult):
            terms.setdefault((i, int(cell)), []).append((k, float(flat_mult[cell])))
    zero = tuple(
        (i, cell)
        for i in range(len(players))
        for cell in range(_cells(scenario.game.shape))
        if (i, cell) not in terms
    )
    meta = {
        key: (
            location_of(scenario, *key),
            formula is None or bitwise_same(formula),
        )
        for key, (_kind, formula, _v) in formulas.items()
    }
    return CompiledScenario(
        scenario,
        uncertain_inputs(scenario),
        tuple(effects),
        formulas,
        paths,
        constants,
        {key: tuple(v) for key, v in terms.items()},
        zero,
        meta,
    )


def _cells(shape: tuple[int, ...]) -> int:
    return int(np.prod(shape, dtype=np.int64))


def _effect_entries(
    scenario: Scenario, players: tuple[str, ...], channels: tuple[str, ...]
) -> tuple[list[tuple[str, str, int, int, np.ndarray, float]], dict[str, Fraction]]:
    """``(path, player, player index, channel index, multiplicity per cell, value)``,
    and each effect's exact value."""
    shape = scenario.game.shape
    entries: dict[tuple[str, str, int, int], list[Any]] = {}
    constants: dict[str, Fraction] = {}
    player_index = {p: k for k, p in enumerate(players)}
    channel_index = {c: k for k, c in enumerate(channels)}

    def add(path: str, player: str, channel: str, value: Any, cell: tuple[int, ...]) -> None:
        key = (path, player, player_index[player], channel_index[channel])
        if key not in entries:
            entries[key] = [np.zeros(shape), float(value)]
            constants[path] = Fraction(value)
        entries[key][0][cell] += 1

    for cell in np.ndindex(*shape):
        moves = [scenario.moves[p][k] for p, k in zip(players, cell, strict=True)]
        pulled = {m.player: set(m.levers) for m in moves}
        played = {m.player: m.name for m in moves}
        for move in moves:
            for name in move.levers:
                lever = scenario.levers[move.player][name]
                for p, named in lever.effects.items():
                    for c, v in named.items():
                        add(f"levers.{move.player}.{name}.effects.{p}.{c}", p, c, v, cell)
        for inter in scenario.interactions:
            if all(
                (t in pulled[p]) if t in scenario.levers[p] else (t == played[p])
                for p, t in inter.when.items()
            ):
                for p, named in inter.effects.items():
                    for c, v in named.items():
                        add(f"interactions.{inter.name}.effects.{p}.{c}", p, c, v, cell)
    return [(k[0], k[1], k[2], k[3], v[0], v[1]) for k, v in entries.items()], constants


def check_path(compiled: CompiledScenario, path: str) -> None:
    """Raise an :class:`~negotiation.errors.OverrideError` naming the nearest valid paths."""
    if path in compiled._paths:
        return
    known = list(compiled._paths)
    close = difflib.get_close_matches(path, known, n=3, cutoff=0.5)
    hint = (
        "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        if close
        else "vary a pressure, weight, parameter or lever effect, e.g. " + known[0]
    )
    raise OverrideError(f"--vary {path}: not a number the payoffs depend on — {hint}")
