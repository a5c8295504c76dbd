"""A compiled scenario's evaluation as a flat program (a *tape*) for one numba kernel.

:class:`~negotiation.scenario.vectorised.FormulaRun` walks every formula's safe syntax
tree over numpy arrays: about eight array passes per rounded quantity and a Python call
per tree node, for every chunk of samples. This module walks the *same* trees once,
when a set of varied paths is first evaluated, and writes down what that walk computes
as instructions over numbered registers — load an input, ``+ − × ÷``, unary ``−``,
``min``/``max`` (folded left), ``abs``, ``sqrt``, ``clip``, the builder's rounding,
each payoff row's ``Σ weight · effect`` in effect order — which
:func:`negotiation.scenario.tape_kernel.run` executes sample by sample in compiled code
(instructions outside, a block of samples inside). Nothing is generated as source and
nothing is ``eval``-ed: the program is int and float arrays.

The kernel does the same IEEE operations in the same order as numpy, so its results are
the numpy path's bit for bit, with two exceptions it *detects* and hands back to numpy:
a sample on which a rounding lands within :data:`~negotiation.scenario.vectorised.HALFWAY`
of a half-way point (numpy re-rounds it in Python or flags it unsure), or on which a
rounded value or a payoff is not finite (numpy flags it invalid and rounds 0), is
re-evaluated through :class:`FormulaRun` with just those samples and written over —
rare (about 10⁻⁵ of random draws), and each sample is computed independently; and a
scenario whose evaluated formulas use ``exp``, ``log`` or a power (libm's last bit is
not numpy's) is not compiled at all — :func:`build` returns ``None`` and numpy evaluates
it. (``sqrt`` is correctly rounded everywhere and stays in the kernel.)

Examples
--------
>>> from pathlib import Path
>>> from negotiation.scenario import read_scenario
>>> from negotiation.scenario.compiled import compile_scenario
>>> c = compile_scenario(read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml"))
>>> tape = build(c, ("pressures.China.deflation",))
>>> tape.inputs, tape.payoff_rows, int((tape.code[:, 0] == ROW).sum())
(('pressures.China.deflation',), 40, 38)
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.scenario.formula import Formula, NameRef
from negotiation.scenario.vectorised import plan, resolve

if TYPE_CHECKING:
    from negotiation.scenario.compiled import CompiledScenario, Evaluation

__all__ = ["OPCODES", "Tape", "build", "execute"]

#: the instruction set; an instruction is ``(op, a, b, c, d)`` (unused fields 0)
OPCODES = (
    "LOAD",  # r[a] = input b
    "CONST",  # r[a] = constant b
    "ADD",  # r[a] = r[b] + r[c]
    "SUB",
    "MUL",
    "DIV",  # r[a] = NaN where r[c] == 0, else r[b] / r[c]
    "NEG",  # r[a] = -r[b]
    "MIN",  # numpy's minimum (NaN wins)
    "MAX",
    "ABS",
    "SQRT",  # NaN where r[b] < 0 (or NaN)
    "CLIP",  # r[a] = NaN where r[c] > r[d], else min(max(r[b], r[c]), r[d])
    "ROUND",  # r[a] = round(r[b], decimals) with factor 10^decimals = constant c; flags
    "ROUNDIN",  # r[a] = round(input b, decimals) with factor constant c; flags
    "ROW",  # r[a] = 0.0 + term + term + ..., the c terms from term b on (see Tape.terms)
    "STORE",  # out[a] = r[b]
    "STOREW",  # weights[:, a] = r[b]
)
(
    LOAD,
    CONST,
    ADD,
    SUB,
    MUL,
    DIV,
    NEG,
    MIN,
    MAX,
    ABS,
    SQRT,
    CLIP,
    ROUND,
    ROUNDIN,
    ROW,
    STORE,
    STOREW,
) = range(len(OPCODES))

#: which fields of an instruction are registers read (ROW reads its terms' registers)
_READS = {
    **{op: (2, 3) for op in (ADD, SUB, MUL, DIV, MIN, MAX)},
    **{op: (2,) for op in (NEG, ABS, SQRT, ROUND, STORE, STOREW)},
    CLIP: (2, 3, 4),
}
#: instructions that write register a
_WRITES = set(range(len(OPCODES))) - {STORE, STOREW}
_BINARY = {ast.Add: ADD, ast.Sub: SUB, ast.Mult: MUL, ast.Div: DIV}


class Unsupported(Exception):
    """A formula the kernel cannot promise bit for bit (exp, log, a power)."""


@dataclass(frozen=True)
class Tape:
    """One evaluation program: run it with :func:`negotiation.scenario.tape_kernel.run`.

    Attributes
    ----------
    inputs
        The varied paths, in the order the kernel takes their arrays.
    code
        ``(n_instructions, 5)`` int64 instructions over ``registers`` registers.
    terms
        ``(n_terms, 2)`` int64: the payoff terms the ``ROW`` instructions add, each a
        register (weight · effect) and the constant it is multiplied by (-1: none).
    constants
        float64 constants the instructions name.
    registers
        Registers the program needs (after reuse of dead ones).
    rows
        Rows of the output matrix: the payoff rows ``(n_players · cells)`` first, then
        one per effect and one per parameter.
    payoff_rows, weight_columns
        How many of those rows are payoffs; columns of the ``(N, players · channels)``
        weights output.
    effects
        Output row of each effect entry, in :attr:`CompiledScenario._effects` order.
    parameters
        ``(player, name, row)`` of each parameter.
    players
        The players (each has a, maybe empty, dict of parameters).
    """

    inputs: tuple[str, ...]
    code: np.ndarray
    terms: np.ndarray
    constants: np.ndarray
    registers: int
    rows: int
    payoff_rows: int
    weight_columns: int
    effects: tuple[int, ...]
    parameters: tuple[tuple[str, str, int], ...]
    players: tuple[str, ...]


def build(
    compiled: CompiledScenario, given: Sequence[str], *, payoffs_only: bool = False
) -> Tape | None:
    """The program evaluating ``compiled`` when the paths ``given`` have arrays of values.

    ``payoffs_only`` leaves out the weights, effects and parameters :class:`Evaluation`
    also returns, and every instruction only they need (for
    :meth:`CompiledScenario.payoffs`, which returns the payoffs alone).
    ``None`` when an evaluated formula uses ``exp``, ``log`` or a power (numpy then
    evaluates the scenario; see the module doc).
    """
    try:
        return _Builder(compiled, tuple(given), payoffs_only).tape()
    except Unsupported:
        return None


class _Builder:
    """The :class:`FormulaRun` walk, writing instructions instead of computing arrays."""

    def __init__(
        self, compiled: CompiledScenario, given: tuple[str, ...], payoffs_only: bool = False
    ) -> None:
        self.c = compiled
        self.payoffs_only = payoffs_only
        self.given = {p: k for k, p in enumerate(given)}
        self.code: list[tuple[int, int, int, int, int]] = []
        self.constants: list[float] = []
        self.registers = 0
        self.memo: dict[tuple[str, str], int] = {}  # quantities, as FormulaRun.memo
        self.loaded: dict[Any, int] = {}  # constants and inputs, loaded once
        #: instruction index of each ROW -> its terms (register, times)
        self.rows: dict[int, list[tuple[int, int]]] = {}

    # ------------------------------------------------------------------ emitting
    def emit(self, op: int, b: int = 0, c: int = 0, d: int = 0) -> int:
        """Append an instruction writing a new register; its number."""
        self.registers += 1
        self.code.append((op, self.registers - 1, b, c, d))
        return self.registers - 1

    def constant(self, value: float) -> int:
        self.constants.append(float(value))
        return len(self.constants) - 1

    def load_constant(self, value: float) -> int:
        key = np.float64(value).tobytes()
        if key not in self.loaded:
            self.loaded[key] = self.emit(CONST, self.constant(value))
        return self.loaded[key]

    def load_input(self, path: str) -> int:
        if path not in self.loaded:
            self.loaded[path] = self.emit(LOAD, self.given[path])
        return self.loaded[path]

    # ------------------------------------------------------------------ FormulaRun's walk
    def pressure(self, player: str, name: str) -> int:
        path = f"pressures.{player}.{name}"
        if path in self.given:
            return self.load_input(path)
        return self.load_constant(float(self.c.scenario.pressures[player][name].value))

    def quantity(self, player: str, name: str) -> int:
        key = (player, name)
        if key in self.memo:
            return self.memo[key]
        how, what, decimals = plan(self.c, key, self.given)
        if how == "given":
            result = self.emit(ROUNDIN, self.given[what], self.constant(10.0**decimals))
        elif how == "constant":
            result = self.load_constant(what)
        else:
            raw = self.value(what, what._tree, player)
            result = self.emit(ROUND, raw, self.constant(10.0**decimals))
        self.memo[key] = result
        return result

    def lookup(self, player: str, ref: NameRef) -> int:
        kind, scope, name = resolve(self.c, player, ref)
        return self.pressure(scope, name) if kind == "pressure" else self.quantity(scope, name)

    def value(self, formula: Formula, node: ast.expr | None, player: str) -> int:
        if isinstance(node, ast.Constant):
            return self.load_constant(float(node.value))  # type: ignore[arg-type]
        if isinstance(node, ast.Name):
            return self.lookup(player, NameRef(node.id, 0))
        if isinstance(node, ast.Attribute):
            assert isinstance(node.value, ast.Name)
            return self.lookup(player, NameRef(f"{node.value.id}.{node.attr}", 0))
        if isinstance(node, ast.UnaryOp):
            operand = self.value(formula, node.operand, player)
            return self.emit(NEG, operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            op = _BINARY.get(type(node.op))
            if op is None:
                raise Unsupported("power")
            left = self.value(formula, node.left, player)
            return self.emit(op, left, self.value(formula, node.right, player))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            name = node.func.id
            if name in ("exp", "log"):
                raise Unsupported(name)
            args = [self.value(formula, a, player) for a in node.args]
            if name in ("min", "max"):
                out = args[0]
                for a in args[1:]:
                    out = self.emit(MIN if name == "min" else MAX, out, a)
                return out
            if name == "abs":
                return self.emit(ABS, args[0])
            if name == "sqrt":
                return self.emit(SQRT, args[0])
            return self.emit(CLIP, *args)
        raise ValueError("not a formula node")  # pragma: no cover - checked when parsed

    # ------------------------------------------------------------------ evaluate()'s outputs
    def tape(self) -> Tape:
        c = self.c
        players, channels = c.players, c.scenario.channels
        cells = int(np.prod(c.shape, dtype=np.int64))
        weights = {}
        for i, p in enumerate(players):
            for k, channel in enumerate(channels):
                weights[i, k] = self.quantity(p, f"weights.{channel}")
                if not self.payoffs_only:
                    self.code.append((STOREW, i * len(channels) + k, weights[i, k], 0, 0))
        # each payoff row adds its terms in effect order, as evaluate() does: one ROW
        # instruction per row, after the row's last effect
        by_effect: dict[int, list[tuple[int, float]]] = {}
        last: dict[int, int] = {}
        for (i, cell), entries in c._terms.items():
            for k, times in entries:
                by_effect.setdefault(k, []).append((i * cells + cell, times))
                last[i * cells + cell] = max(last.get(i * cells + cell, k), k)
        rows = len(players) * cells
        sums: dict[int, list[tuple[int, int]]] = {}
        effect_rows = []
        for k, (path, player, i, ch, _mult, value) in enumerate(c._effects):
            if (player, path) in c._formulas:
                effect = self.quantity(player, path)
            elif path in self.given:
                effect = self.load_input(path)
            else:
                effect = self.load_constant(value)
            if not self.payoffs_only:
                self.code.append((STORE, rows, effect, 0, 0))
                effect_rows.append(rows)
                rows += 1
            product = self.emit(MUL, weights[i, ch], effect)
            for row, times in by_effect.get(k, ()):
                sums.setdefault(row, []).append(
                    (product, -1 if times == 1 else self.constant(times))
                )
                if last[row] == k:
                    self.rows[len(self.code)] = sums.pop(row)
                    self.code.append((ROW, self.registers, 0, 0, 0))
                    self.registers += 1
                    self.code.append((STORE, row, self.registers - 1, 0, 0))
        for i, cell in c._zero_cells:
            self.code.append((STORE, i * cells + cell, self.load_constant(0.0), 0, 0))
        parameters = []
        for p in players if not self.payoffs_only else ():
            for name in c.scenario.quantities[p]:
                if name.startswith("parameters."):
                    self.code.append((STORE, rows, self.quantity(p, name), 0, 0))
                    parameters.append((p, name.split(".", 1)[1], rows))
                    rows += 1
        kept, row_terms = (
            _live(self.code, self.rows) if self.payoffs_only else (self.code, self.rows)
        )
        code, terms, registers = _allocate(kept, row_terms)
        return Tape(
            tuple(self.given),
            code,
            terms,
            np.array(self.constants, dtype=np.float64),
            registers,
            rows,
            len(players) * cells,
            0 if self.payoffs_only else len(players) * len(channels),
            tuple(effect_rows),
            tuple(parameters),
            tuple(players),
        )


def _reads(pc: int, ins: tuple[int, ...], rows: dict[int, list[tuple[int, int]]]) -> list[int]:
    """The registers instruction ``pc`` reads (a ROW reads its terms' registers)."""
    if ins[0] == ROW:
        return [reg for reg, _t in rows[pc]]
    return [ins[f] for f in _READS.get(ins[0], ())]


def _live(
    code: list[tuple[int, int, int, int, int]], rows: dict[int, list[tuple[int, int]]]
) -> tuple[list[tuple[int, int, int, int, int]], dict[int, list[tuple[int, int]]]]:
    """The instructions an output needs: every store, and what a kept instruction reads
    (a backward pass); the ROW terms renumbered to the kept instructions."""
    live: set[int] = set()
    keep = [False] * len(code)
    for pc in range(len(code) - 1, -1, -1):
        ins = code[pc]
        if ins[0] in _WRITES and ins[1] not in live:
            continue
        keep[pc] = True
        live.update(_reads(pc, ins, rows))
    kept: list[tuple[int, int, int, int, int]] = []
    kept_rows: dict[int, list[tuple[int, int]]] = {}
    for pc, ins in enumerate(code):
        if keep[pc]:
            if ins[0] == ROW:
                kept_rows[len(kept)] = rows[pc]
            kept.append(ins)
    return kept, kept_rows


def _allocate(
    code: list[tuple[int, int, int, int, int]], rows: dict[int, list[tuple[int, int]]]
) -> tuple[np.ndarray, np.ndarray, int]:
    """Renumber registers so that one whose value is dead is reused (a linear scan);
    the instructions, the ROW terms and the number of registers.

    Every instruction reads each sample before it writes that sample, so the register
    it writes may be one it reads last.
    """

    last: dict[int, int] = {}
    for pc, ins in enumerate(code):
        for reg in _reads(pc, ins, rows):
            last[reg] = pc
    free: list[int] = []
    where: dict[int, int] = {}
    size = 0
    out = np.zeros((len(code), 5), dtype=np.int64)
    terms: list[tuple[int, int]] = []
    for pc, ins in enumerate(code):
        row = list(ins)
        for f in _READS.get(ins[0], ()):
            row[f] = where[ins[f]]
        if ins[0] == ROW:
            row[2], row[3] = len(terms), len(rows[pc])
            terms += [(where[reg], times) for reg, times in rows[pc]]
        dead = [reg for reg in dict.fromkeys(_reads(pc, ins, rows)) if last[reg] == pc]
        if ins[0] != ROW:  # a ROW reads its terms after writing its first
            free += [where.pop(reg) for reg in dead]
        if ins[0] in _WRITES:
            if free:
                where[ins[1]] = free.pop()
            else:
                where[ins[1]] = size
                size += 1
            row[1] = where[ins[1]]
            if ins[1] not in last:  # computed for its flags only
                free.append(where.pop(ins[1]))
        if ins[0] == ROW:
            free += [where.pop(reg) for reg in dead]
        out[pc] = row
    table = np.array(terms, dtype=np.int64).reshape(-1, 2)
    return out, table, size


#: kernel compilations are per number of input columns: pad the tuple to these sizes
def _bucket(k: int) -> int:
    return max(8, 1 << (k - 1).bit_length())


def execute(
    tape: Tape,
    arrays: Mapping[str, np.ndarray],
    size: int,
    shape: tuple[int, ...],
    numpy_evaluate: Callable[[dict[str, np.ndarray], int], Evaluation],
) -> tuple[Any, ...]:
    """Run ``tape`` on ``size`` samples (numba) and re-do its flagged samples by numpy.

    ``arrays`` maps each of ``tape.inputs`` to ``(size,)`` values; ``shape`` is
    ``(n_players, *n_moves)``; ``numpy_evaluate(values, n)`` is the numpy evaluation
    of those samples. Returns the fields of an
    :class:`~negotiation.scenario.compiled.Evaluation`: payoffs, parameters, unsure,
    invalid, weights, effects.
    """
    from negotiation.scenario import tape_kernel

    columns = [_readonly(arrays[p]) for p in tape.inputs]
    columns += [_PAD] * (_bucket(len(columns)) - len(columns))
    out = np.empty((tape.rows, size))
    weights = np.empty((size, tape.weight_columns))
    flags = np.zeros(size, dtype=np.uint8)
    tape_kernel.run(
        tape.code,
        tape.terms,
        tape.constants,
        tuple(columns),
        size,
        tape.registers,
        out,
        weights,
        flags,
        tape.payoff_rows,
    )
    invalid = np.zeros(size, dtype=bool)
    unsure = np.zeros(size, dtype=bool)
    redo = np.flatnonzero(flags)
    if redo.size:  # near a half-way point or not finite: numpy's own answer for these
        again = numpy_evaluate({p: a[redo] for p, a in arrays.items()}, int(redo.size))
        out[: tape.payoff_rows, redo] = again.payoffs.reshape(redo.size, -1).T
        if again.weights is not None and tape.weight_columns:
            weights[redo] = again.weights.reshape(redo.size, -1)
        for row, effect in zip(tape.effects, again.effects if tape.effects else (), strict=True):
            out[row, redo] = effect
        for player, name, row in tape.parameters:
            out[row, redo] = again.parameters[player][name]
        invalid[redo] = again.invalid
        unsure[redo] = again.unsure
    n_players, *moves = shape
    payoffs = np.moveaxis(out[: tape.payoff_rows].reshape(n_players, *moves, size), -1, 0)
    parameters: dict[str, dict[str, np.ndarray]] = {p: {} for p in tape.players}
    for player, name, row in tape.parameters:
        parameters[player][name] = out[row]
    return (
        payoffs,
        parameters,
        unsure,
        invalid,
        weights.reshape(size, n_players, tape.weight_columns // n_players)
        if tape.weight_columns
        else None,
        tuple(out[row] for row in tape.effects),
    )


def _readonly(values: np.ndarray) -> np.ndarray:
    """A C-contiguous float64 read-only view (one kernel signature for every input)."""
    view = np.ascontiguousarray(values, dtype=np.float64).view()
    view.flags.writeable = False
    return view


_PAD = _readonly(np.zeros(1))
