"""Formulas evaluated on arrays: one pass over many samples of a compiled scenario.

A :class:`FormulaRun` evaluates every quantity of a
:class:`~negotiation.scenario.compiled.CompiledScenario` for ``n`` samples at once — each
formula's safe AST (:mod:`negotiation.scenario.formula`) walked once over numpy arrays,
rounded as the builder rounds, memoised — and flags the samples that land within
rounding distance of a tie, so they can be rebuilt exactly.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.scenario.formula import Formula, NameRef
from negotiation.scenario.model import DECIMALS, PARAMETER_DECIMALS

if TYPE_CHECKING:
    from negotiation.scenario.build import Scenario
    from negotiation.scenario.compiled import CompiledScenario

__all__ = [
    "HALFWAY",
    "FormulaRun",
    "bitwise_same",
    "is_constant",
    "location_of",
    "path_of",
    "plan",
    "resolve",
]

#: a rounded value this close to a half-way point is re-done exactly
HALFWAY = 1e-7


def path_of(name: str, player: str) -> str:
    """The ``--set`` path of a player's quantity: ``weights.security`` → ``weights.US.security``."""
    kind, rest = name.split(".", 1)
    return f"{kind}.{player}.{rest}" if kind in ("weights", "parameters") else name


_DECIMALS_OF = {
    "weights": DECIMALS,
    "levers": DECIMALS,
    "parameters": PARAMETER_DECIMALS,
    "issues": PARAMETER_DECIMALS,
}


class FormulaRun:
    """One evaluation: memoised arrays of every quantity, with the per-sample flags."""

    def __init__(self, compiled: CompiledScenario, values: dict[str, np.ndarray], n: int) -> None:
        self.c = compiled
        self.values = values
        self.n = n
        self.memo: dict[tuple[str, str], np.ndarray] = {}
        self.unsure = np.zeros(n, dtype=bool)
        self.invalid = np.zeros(n, dtype=bool)

    def pressure(self, player: str, name: str) -> np.ndarray:
        path = f"pressures.{player}.{name}"
        if path in self.values:
            return self.values[path]
        return np.full(self.n, float(self.c.scenario.pressures[player][name].value))

    def quantity(self, player: str, name: str) -> np.ndarray:
        key = (player, name)
        if key in self.memo:
            return self.memo[key]
        how, what, decimals = plan(self.c, key, self.values)
        if how == "given":
            result = self.round(self.values[what], decimals)
        elif how == "constant":
            result = np.full(self.n, what)
        else:
            raw = _Vector(what, lambda ref: self.lookup(player, ref)).value(what._tree)
            result = self.round(
                np.broadcast_to(raw, (self.n,)).astype(float),
                decimals,
                exact_ops=self.c._meta[key][1],
            )
        self.memo[key] = result
        return result

    def round(self, x: np.ndarray, decimals: int, *, exact_ops: bool = True) -> np.ndarray:
        """``round(x, decimals)`` as the builder does it (Python's correctly rounded one).

        numpy's ``rint(x·10^d)/10^d`` is the same except near a half-way point, where
        those few elements are rounded by Python itself. With ``exact_ops`` false (the
        formula used exp, log, sqrt or a power, whose last bit may differ from libm's)
        a half-way sample is flagged for the exact path instead.
        """
        finite = np.isfinite(x)
        if not finite.all():
            self.invalid |= ~finite
            x = np.where(finite, x, 0.0)
        factor = 10.0**decimals
        scaled = x * factor
        out = np.rint(scaled)
        # |scaled - rint(scaled)| <= 1/2, so a half-way point is where it nears 1/2
        frac = np.subtract(scaled, out, out=scaled)
        near = np.abs(frac, out=frac) > 0.5 - HALFWAY
        np.divide(out, factor, out=out)
        np.add(out, 0.0, out=out)  # -0.0 -> 0.0, as round() gives it
        if near.any():
            if exact_ops:
                for j in np.flatnonzero(near):
                    out[j] = round(float(x[j]), decimals) + 0.0
            else:
                self.unsure |= near
        return out

    def lookup(self, player: str, ref: Any) -> np.ndarray:
        kind, scope, name = resolve(self.c, player, ref)
        return self.pressure(scope, name) if kind == "pressure" else self.quantity(scope, name)


def resolve(compiled: CompiledScenario, player: str, ref: Any) -> tuple[str, str, str]:
    """What a name in ``player``'s formula means, as the builder resolves it:
    ``("pressure", scope, name)`` or ``("quantity", scope, "weights.x" / "parameters.x")``."""
    scope, local = (ref.scope, ref.local) if ref.scope is not None else (player, ref.name)
    s = compiled.scenario
    if local in s.pressures.get(scope, {}):
        return "pressure", scope, local
    if local in s.channels and (scope, f"weights.{local}") in compiled._formulas:
        return "quantity", scope, f"weights.{local}"
    if (scope, f"parameters.{local}") in compiled._formulas:
        return "quantity", scope, f"parameters.{local}"
    raise KeyError(ref.name)  # pragma: no cover - the exact build checked every name


def plan(
    compiled: CompiledScenario, key: tuple[str, str], given: Mapping[str, Any]
) -> tuple[str, Any, int]:
    """How a quantity is computed when the paths of ``given`` have values:
    ``("given", path, decimals)`` (that value, rounded), ``("constant", value, 0)`` (the
    file's number, unrounded) or ``("formula", formula, decimals)`` (walked, rounded)."""
    kind, formula, value = compiled._formulas[key]
    path = compiled._meta[key][0]
    if path in given:
        return "given", path, _DECIMALS_OF[kind]
    if formula is None or (not formula.names and is_constant(formula)):
        return "constant", value, 0
    return "formula", formula, _DECIMALS_OF[kind]


def location_of(scenario: Scenario, player: str, name: str) -> str:
    q = scenario.quantities[player][name]
    return ".".join(str(x) for x in q.location) if q.location else path_of(name, player)


def bitwise_same(formula: Formula) -> bool:
    """True when numpy computes the formula bit for bit as Python does (+ - * / min max
    abs clip only; exp, log, sqrt and powers may differ from libm in the last bit)."""
    for node in ast.walk(formula._tree) if formula._tree is not None else ():
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return False
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("exp", "log", "sqrt"):
            return False
    return True


def is_constant(formula: Formula) -> bool:
    try:
        float(formula.text)
    except ValueError:
        return False
    return True


class _Vector:
    """The formula walk of :mod:`negotiation.scenario.formula`, on arrays of samples."""

    def __init__(self, formula: Formula, lookup: Callable[[Any], np.ndarray]) -> None:
        self.formula = formula
        self.lookup = lookup

    def value(self, node: ast.expr | None) -> Any:
        if isinstance(node, ast.Constant):
            return float(node.value)  # type: ignore[arg-type]
        if isinstance(node, ast.Name):
            return self.lookup(NameRef(node.id, 0))
        if isinstance(node, ast.Attribute):
            assert isinstance(node.value, ast.Name)
            return self.lookup(NameRef(f"{node.value.id}.{node.attr}", 0))
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left), self.value(node.right)
            op = node.op
            if isinstance(op, ast.Add):
                return left + right
            if isinstance(op, ast.Sub):
                return left - right
            if isinstance(op, ast.Mult):
                return left * right
            if isinstance(op, ast.Div):
                return np.where(
                    np.asarray(right) == 0, np.nan, left / np.where(right == 0, 1, right)
                )
            return np.power(np.asarray(left, dtype=float), right)
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            name = node.func.id
            args = [self.value(a) for a in node.args]
            if name == "min":
                return _fold(np.minimum, args)
            if name == "max":
                return _fold(np.maximum, args)
            if name == "abs":
                return np.abs(args[0])
            if name == "exp":
                return np.exp(args[0])
            if name == "log":
                return np.where(np.asarray(args[0]) > 0, np.log(np.abs(args[0]) + 0.0), np.nan)
            if name == "sqrt":
                return np.where(np.asarray(args[0]) >= 0, np.sqrt(np.abs(args[0])), np.nan)
            x, lo, hi = args
            return np.where(np.asarray(lo) > hi, np.nan, np.minimum(np.maximum(x, lo), hi))
        raise ValueError("not a formula node")  # pragma: no cover - checked when parsed


def _fold(fn: Callable[[Any, Any], Any], args: list[Any]) -> Any:
    out = args[0]
    for a in args[1:]:
        out = fn(out, a)
    return out
