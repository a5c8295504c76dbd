"""Safe arithmetic for the formulas written in scenario files.

A scenario file computes weights, discount rates and other quantities from named
pressures with small formulas such as ``0.5 + 1.5 * chip_want`` or
``clip(1 - China.deflation ^ 2, 0, 1)``. A payoff file is data, so a formula must never
run code: this module parses it with Python's :mod:`ast` module and walks the tree
itself, accepting only

* numbers (``3``, ``0.25``, ``1e-3``), never ``True``, strings or complex numbers;
* names (``deflation``) and dotted names (``China.deflation``), whose values come from
  a lookup the caller supplies — a dotted name is a *label*, never attribute access;
* ``+ - * /`` and power written ``^`` or ``**``, unary ``+``/``-``, parentheses
  (the Unicode signs ``−``, ``×`` and ``÷`` are accepted as ``-``, ``*`` and ``/``);
* calls to :data:`FUNCTIONS` only: ``min``, ``max``, ``abs``, ``exp``, ``log``,
  ``sqrt`` and ``clip(x, lo, hi)``.

Everything else — attribute chains, subscripts, comparisons, lambdas, comprehensions,
keyword arguments, any other call — is refused with a :class:`~negotiation.errors.PayoffFileError`
that points at the offending column of the file, as are arithmetic failures (division
by zero, ``log`` of a negative number, overflow). Arithmetic is done in floating point;
a result that is not a finite real number is an error, so a formula either gives a
number or a positioned error, nothing else.

Examples
--------
>>> evaluate("0.5 + 1.5 * chip_want", {"chip_want": 0.8})
1.7
>>> evaluate("clip(2 ^ 3, 0, 5)", {})
5.0
>>> evaluate("__import__('os')", {})
Traceback (most recent call last):
...
negotiation.errors.PayoffFileError: <formula>:1:1: only min, max, abs, exp, log, sqrt, clip may be called in a formula, not '__import__' — ...
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from negotiation.errors import PayoffFileError, quote_token

__all__ = [
    "FUNCTIONS",
    "MAX_LENGTH",
    "Formula",
    "NameRef",
    "Site",
    "evaluate",
    "parse_formula",
    "unknown_name_error",
]

#: longest formula accepted (characters); longer text is almost surely a mistake
MAX_LENGTH = 500

#: callable names and their number of arguments (``None``: one or more)
FUNCTIONS: dict[str, int | None] = {
    "min": None,
    "max": None,
    "abs": 1,
    "exp": 1,
    "log": 1,
    "sqrt": 1,
    "clip": 3,
}

_UNICODE_SIGNS = {"−": "-", "×": "*", "÷": "/", "·": "*"}
_OPERATORS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "^",
}
_REFUSED_OPERATORS = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.LShift: "<<",
    ast.RShift: ">>",
}
_ARITHMETIC_HINT = "use numbers, names, + - * / ^, parentheses and min/max/abs/exp/log/sqrt/clip"


@dataclass(frozen=True)
class Site:
    """Where a formula's text starts in a file, so errors can point inside it.

    Parameters
    ----------
    path, line, col
        File name and 1-based position of the formula's first character.
    exact
        ``True`` when character ``k`` of the formula sits at column ``col + k`` of
        ``line`` (a one-line scalar); otherwise errors point at the formula's start.
    """

    path: str = "<formula>"
    line: int = 1
    col: int = 1
    exact: bool = True

    def error(self, offset: int, message: str, hint: str = "") -> PayoffFileError:
        """A :class:`PayoffFileError` at character ``offset`` (0-based) of the formula."""
        col = self.col + max(offset, 0) if self.exact else self.col
        return PayoffFileError(self.path, self.line, col, message, hint)


@dataclass(frozen=True)
class NameRef:
    """A name used in a formula: ``"deflation"`` or ``"China.deflation"``.

    ``offset`` is the 0-based position of its first character in the formula text.
    """

    name: str
    offset: int

    @property
    def scope(self) -> str | None:
        """The part before the dot (a player's name), or ``None`` for a bare name."""
        return self.name.split(".", 1)[0] if "." in self.name else None

    @property
    def local(self) -> str:
        """The part after the dot (or the whole name)."""
        return self.name.split(".", 1)[-1]


#: ``lookup(ref)`` gives the value of a name or raises a PayoffFileError itself
Lookup = Callable[[NameRef], float]


@dataclass(frozen=True)
class Formula:
    """A parsed, checked formula: evaluate it with :meth:`evaluate`.

    Build one with :func:`parse_formula`. ``names`` lists every name it uses, in order
    of appearance, so a caller can resolve dependencies (and find cycles) first.
    """

    text: str
    names: tuple[NameRef, ...]
    site: Site = Site()
    _tree: ast.expr | None = field(default=None, repr=False, compare=False)
    _origin: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _source: str = field(default="", repr=False, compare=False)

    def evaluate(self, lookup: Lookup | Mapping[str, float]) -> float:
        """The formula's value, names resolved by ``lookup`` (a mapping or a function).

        >>> parse_formula("a * (b - 1)").evaluate({"a": 2, "b": 4})
        6.0
        """
        if isinstance(lookup, Mapping):
            lookup = _mapping_lookup(lookup, self.site)
        assert self._tree is not None
        try:
            return _Evaluator(self, lookup).value(self._tree)
        except RecursionError:
            raise self.site.error(0, "formula too deeply nested", "simplify the formula") from None

    def offset(self, node: ast.AST) -> int:
        """Offset in the original text of an ast node of this formula."""
        col = getattr(node, "col_offset", 0) or 0
        if not self._source.isascii():
            col = _char_offset(self._source, col)
        return self._origin[min(col, len(self._origin) - 1)] if self._origin else 0


def parse_formula(text: str, site: Site = Site()) -> Formula:
    """Parse and check a formula; raise a positioned PayoffFileError if it is not allowed.

    Parameters
    ----------
    text
        The formula, e.g. ``"0.5 + 1.5 * chip_want"``.
    site
        Where the text starts in its file (for error positions).

    Examples
    --------
    >>> [ref.name for ref in parse_formula("max(US.dependence, 0.2) * x^2").names]
    ['US.dependence', 'x']
    >>> parse_formula("x.y.z")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: <formula>:1:1: 'x.y.z' has more than one dot — ...
    """
    if not isinstance(text, str):
        raise site.error(0, f"a formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise site.error(
            0, f"formula longer than {MAX_LENGTH} characters", "split it into named quantities"
        )
    if not text.strip():
        raise site.error(0, "empty formula", "write a number or an expression such as 2 * x")
    source, origin = _preprocess(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for "1if"
            tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        offset = origin[min(max((exc.offset or 1) - 1, 0), len(origin) - 1)]
        # drop Python's "(detected at line 1)", keeping "'(' was never closed" whole
        reason = re.sub(r"\s*\(detected at line \d+\)", "", exc.msg or "invalid syntax")
        raise site.error(
            offset, f"cannot read formula {_short(text)}: {reason}", _ARITHMETIC_HINT
        ) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise site.error(0, f"cannot read formula: {exc}", _ARITHMETIC_HINT) from None
    formula = Formula(text, (), site, tree.body, tuple(origin), source)
    try:
        names = tuple(_Checker(formula).check(tree.body))
    except RecursionError:
        raise site.error(0, "formula too deeply nested", "simplify the formula") from None
    return Formula(text, names, site, tree.body, tuple(origin), source)


def evaluate(text: str, names: Mapping[str, float] | Lookup, site: Site = Site()) -> float:
    """Parse and evaluate ``text`` with names taken from a mapping (or a lookup function).

    >>> evaluate("min(China.deflation, 0.5) * 4", {"China.deflation": 0.9})
    2.0
    >>> evaluate("deflaton + 1", {"deflation": 0.6})
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: <formula>:1:1: unknown name 'deflaton' — did you mean 'deflation'?
    """
    return parse_formula(text, site).evaluate(names)


def unknown_name_error(
    site: Site, ref: NameRef, known: Iterable[str], what: str = "name"
) -> PayoffFileError:
    """The error for a name that resolves to nothing, suggesting the nearest known one."""
    known = list(dict.fromkeys(known))  # keep the caller's order: its own scope first
    close = difflib.get_close_matches(ref.name, known, n=3, cutoff=0.6)
    if not close and ref.scope is None:
        close = difflib.get_close_matches(
            ref.name, [k.split(".")[-1] for k in known], n=3, cutoff=0.6
        )
    if close:
        hint = "did you mean " + " or ".join(f"{quote_token(c)}" for c in close) + "?"
    elif known:
        shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        hint = f"known names here: {shown}"
    else:
        hint = "no names are defined here"
    return site.error(ref.offset, f"unknown {what} {quote_token(ref.name)}", hint)


# --------------------------------------------------------------------------- internals
def _preprocess(text: str) -> tuple[str, list[int]]:
    """Text Python's parser accepts, and for each of its characters the original offset.

    ``^`` becomes ``**`` (so it means power, not exclusive-or), Unicode signs become
    ASCII, and line breaks become spaces (a folded YAML scalar is one formula).
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch == "^":
            out.append("**")
            origin += [i, i]
        else:
            out.append(_UNICODE_SIGNS.get(ch, " " if ch in "\r\n\t\f\v" else ch))
            origin.append(i)
    origin.append(len(text))
    return "".join(out), origin


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _char_offset(source: str, byte_offset: int) -> int:
    """ast gives UTF-8 byte offsets; convert to a character offset."""
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


class _Checker:
    """Walks a parsed formula once, refusing anything outside the whitelist."""

    def __init__(self, formula: Formula) -> None:
        self.formula = formula
        self.at = formula.offset

    def fail(self, node: ast.AST, message: str, hint: str = _ARITHMETIC_HINT) -> PayoffFileError:
        return self.formula.site.error(self.at(node), message, hint)

    def check(self, node: ast.expr) -> list[NameRef]:
        names: list[NameRef] = []
        self._visit(node, names)
        return names

    def _visit(self, node: ast.expr, names: list[NameRef]) -> None:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.fail(
                    node, f"{value!r} is not a number", "write a number such as 2 or 0.5"
                )
        elif isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise self.fail(
                    node, f"{quote_token(node.id)} is a function; call it like {node.id}(x)"
                )
            names.append(NameRef(node.id, self.at(node)))
        elif isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name):
                raise self.fail(
                    node,
                    f"{quote_token(self._text(node))} has more than one dot",
                    "a dotted name is Player.quantity, e.g. China.deflation",
                )
            names.append(NameRef(f"{node.value.id}.{node.attr}", self.at(node)))
        elif isinstance(node, ast.BinOp):
            op = type(node.op)
            if op not in _OPERATORS:
                sign = _REFUSED_OPERATORS.get(op, op.__name__)
                raise self.fail(node, f"operator '{sign}' is not allowed in a formula")
            self._visit(node.left, names)
            self._visit(node.right, names)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise self.fail(node, "only unary + and - are allowed in a formula")
            self._visit(node.operand, names)
        elif isinstance(node, ast.Call):
            self._call(node, names)
        else:
            kind = {
                ast.Subscript: "subscripts ([...])",
                ast.Compare: "comparisons",
                ast.BoolOp: "'and'/'or'",
                ast.IfExp: "'if ... else'",
                ast.Lambda: "lambdas",
                ast.ListComp: "comprehensions",
                ast.GeneratorExp: "comprehensions",
                ast.List: "lists",
                ast.Tuple: "tuples (commas outside a call)",
                ast.Dict: "dicts",
                ast.Set: "sets",
                ast.JoinedStr: "strings",
            }.get(type(node), type(node).__name__)
            raise self.fail(node, f"{kind} are not allowed in a formula")

    def _call(self, node: ast.Call, names: list[NameRef]) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else self._text(func)
        allowed = ", ".join(FUNCTIONS)
        if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
            raise self.fail(
                node,
                f"only {allowed} may be called in a formula, not {quote_token(name)}",
                "formulas are arithmetic only",
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, f"{name}() takes plain positional arguments only")
        arity = FUNCTIONS[name]
        if arity is None and not node.args:
            raise self.fail(node, f"{name}() needs at least one argument")
        if arity is not None and len(node.args) != arity:
            usage = "clip(x, lo, hi)" if name == "clip" else f"{name}(x)"
            raise self.fail(
                node,
                f"{name}() takes {arity} argument{'s' * (arity > 1)}, got {len(node.args)}",
                f"write {usage}",
            )
        for arg in node.args:
            self._visit(arg, names)

    def _text(self, node: ast.AST) -> str:
        try:
            return ast.unparse(node)
        except Exception:  # pragma: no cover - unparse of a parsed node
            return "?"


class _Evaluator:
    def __init__(self, formula: Formula, lookup: Lookup) -> None:
        self.formula = formula
        self.lookup = lookup
        self.at = formula.offset

    def fail(self, node: ast.AST, message: str, hint: str = "") -> PayoffFileError:
        return self.formula.site.error(self.at(node), message, hint)

    def finite(self, node: ast.AST, value: float) -> float:
        if isinstance(value, complex) or not math.isfinite(value):
            raise self.fail(
                node,
                f"formula {_short(self.formula.text)} does not give a finite number here",
                "check for overflow or a value out of its function's domain",
            )
        return float(value)

    def value(self, node: ast.expr) -> float:
        if isinstance(node, ast.Constant):
            try:
                assert isinstance(node.value, (int, float))  # checked by _Checker
                return self.finite(node, float(node.value))
            except OverflowError:
                raise self.fail(node, "number too large") from None
        if isinstance(node, (ast.Name, ast.Attribute)):
            if isinstance(node, ast.Name):
                ref = NameRef(node.id, self.at(node))
            else:
                assert isinstance(node.value, ast.Name)
                ref = NameRef(f"{node.value.id}.{node.attr}", self.at(node))
            result = self.lookup(ref)
            if isinstance(result, bool) or not isinstance(result, (int, float)):
                raise self.fail(node, f"{quote_token(ref.name)} is not a number")
            return self.finite(node, float(result))
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(node, "not allowed in a formula", _ARITHMETIC_HINT)  # pragma: no cover

    def binary(self, node: ast.BinOp) -> float:
        left = self.value(node.left)
        right = self.value(node.right)
        op = node.op
        try:
            if isinstance(op, ast.Add):
                result = left + right
            elif isinstance(op, ast.Sub):
                result = left - right
            elif isinstance(op, ast.Mult):
                result = left * right
            elif isinstance(op, ast.Div):
                if right == 0:
                    raise self.fail(node, "division by zero", "check the divisor's value")
                result = left / right
            else:
                result = math.pow(left, right)
        except OverflowError:
            raise self.fail(node, "number too large (overflow)") from None
        except ValueError:
            raise self.fail(
                node,
                f"cannot raise {left:g} to the power {right:g}",
                "a negative number has no real fractional power",
            ) from None
        return self.finite(node, result)

    def call(self, node: ast.Call) -> float:
        assert isinstance(node.func, ast.Name)
        name = node.func.id
        args = [self.value(a) for a in node.args]
        try:
            if name == "min":
                result = min(args)
            elif name == "max":
                result = max(args)
            elif name == "abs":
                result = abs(args[0])
            elif name == "exp":
                result = math.exp(args[0])
            elif name == "log":
                if args[0] <= 0:
                    raise self.fail(node, f"log of {args[0]:g}: needs a positive number")
                result = math.log(args[0])
            elif name == "sqrt":
                if args[0] < 0:
                    raise self.fail(node, f"sqrt of {args[0]:g}: needs a number >= 0")
                result = math.sqrt(args[0])
            else:  # clip
                x, lo, hi = args
                if lo > hi:
                    raise self.fail(node, f"clip(x, lo, hi) with lo = {lo:g} above hi = {hi:g}")
                result = min(max(x, lo), hi)
        except OverflowError:
            raise self.fail(node, f"{name}() overflows here") from None
        return self.finite(node, result)


def _mapping_lookup(names: Mapping[str, float], site: Site) -> Lookup:
    def lookup(ref: NameRef) -> float:
        if ref.name in names:
            return names[ref.name]
        raise unknown_name_error(site, ref, names)

    return lookup
