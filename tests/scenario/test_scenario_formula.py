"""The safe formula evaluator: what it computes, what it refuses, where it points."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import PayoffFileError
from negotiation.scenario.formula import Site, evaluate, parse_formula

NAMES = {"x": 1.5, "y": -2.0, "deflation": 0.6, "China.deflation": 0.6}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hand arithmetic: each line is checkable by eye
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("2 ^ 3", 8.0),  # ^ is power, not Python's exclusive-or (which would give 1)
        ("2 ** 3", 8.0),
        ("2 ^ 3 ^ 2", 512.0),  # power is right-associative: 2^(3^2)
        ("-2 ^ 2", -4.0),  # unary minus binds looser than power, as in mathematics
        ("7 / 2", 3.5),
        ("x * 2 + y", 1.0),
        ("min(x, y, 0)", -2.0),
        ("max(x, y)", 1.5),
        ("abs(y)", 2.0),
        ("sqrt(16)", 4.0),
        ("exp(0)", 1.0),
        ("log(1)", 0.0),
        ("clip(5, 0, 1)", 1.0),
        ("clip(-5, 0, 1)", 0.0),
        ("China.deflation * 10", 6.0),
        ("3 − 1", 2.0),  # Unicode minus
        ("3 × 2 ÷ 4", 1.5),  # Unicode times and divide
        ("1e-3 * 1000", 1.0),
        ("0.5 +\n 0.25", 0.75),  # a folded YAML scalar keeps its line break
    ],
)
def test_evaluates(text: str, expected: float) -> None:
    assert evaluate(text, NAMES) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "__import__('os').system('true')",
            "only min, max, abs, exp, log, sqrt, clip may be called",
        ),
        ("open('x')", "only min, max"),
        ("x.real", "unknown name 'x.real'"),  # a dotted name is a label, never attribute access
        ("x.y.z", "more than one dot"),
        ("(1).real", "more than one dot"),
        ("[1, 2][0]", "subscripts"),
        ("x[0]", "subscripts"),
        ("lambda: 1", "lambdas"),
        ("[i for i in (1, 2)]", "comprehensions"),
        ("1 if x else 2", "'if ... else'"),
        ("x < 1", "comparisons"),
        ("x and 1", "'and'/'or'"),
        ("'text'", "is not a number"),
        ("True", "is not a number"),
        ("1j", "is not a number"),
        ("7 % 2", "operator '%'"),
        ("7 // 2", "operator '//'"),
        ("~1", "only unary + and -"),
        ("min(x=1)", "plain positional arguments"),
        ("max(*x)", "plain positional arguments"),
        ("clip(1, 2)", "clip() takes 3 arguments"),
        ("min()", "at least one argument"),
        ("exp", "is a function"),
        ("1 +", "cannot read formula"),
        ("", "empty formula"),
        ("x = 1", "cannot read formula"),
        ("1 / 0", "division by zero"),
        ("log(0)", "log of 0"),
        ("sqrt(y)", "sqrt of -2"),
        ("(-8) ^ (1 / 3)", "cannot raise -8"),
        ("10 ^ 400", "overflow"),
        ("exp(1000)", "overflows"),
        ("1e308 * 10", "not give a finite number"),
        ("clip(x, 1, 0)", "lo = 1 above hi = 0"),
        ("1" * 600, "longer than"),
        ("(" * 300 + "1" + ")" * 300, "longer than"),
    ],
)
def test_refuses(text: str, message: str) -> None:
    with pytest.raises(PayoffFileError) as info:
        evaluate(text, NAMES)
    assert message in str(info.value)


def test_unknown_name_points_at_the_name_and_suggests() -> None:
    # the formula starts at column 10 of line 3; 'deflaton' is its 5th character (offset 4)
    with pytest.raises(PayoffFileError) as info:
        evaluate("1 + deflaton * 2", {"deflation": 0.6, "x": 1}, Site("s.yaml", 3, 10))
    error = info.value
    assert (error.path, error.line, error.col) == ("s.yaml", 3, 14)
    assert error.message == "unknown name 'deflaton'"
    assert error.hint == "did you mean 'deflation'?"


def test_positions_survive_the_power_rewrite_and_unicode() -> None:
    # '^' becomes two characters internally; the reported column must still be the file's
    with pytest.raises(PayoffFileError) as info:
        evaluate("x ^ 2 ^ 2 + nope", NAMES, Site("s.yaml", 1, 1))
    assert info.value.col == 13
    with pytest.raises(PayoffFileError) as info:
        evaluate("é × nope", {"é": 1.0}, Site("s.yaml", 1, 1))
    assert info.value.col == 5


def test_inexact_site_points_at_the_formula_start() -> None:
    with pytest.raises(PayoffFileError) as info:
        evaluate("1 + nope", NAMES, Site("s.yaml", 4, 7, exact=False))
    assert (info.value.line, info.value.col) == (4, 7)


def test_names_are_listed_in_order() -> None:
    formula = parse_formula("China.deflation + 2 * x - min(y, x)")
    assert [(r.name, r.offset) for r in formula.names] == [
        ("China.deflation", 0),
        ("x", 22),
        ("y", 30),
        ("x", 33),
    ]
    assert formula.names[0].scope == "China" and formula.names[0].local == "deflation"


def test_lookup_function_is_called_per_name() -> None:
    seen: list[str] = []

    def lookup(ref):  # type: ignore[no-untyped-def]
        seen.append(ref.name)
        return 2.0

    assert parse_formula("a * b.c").evaluate(lookup) == 4.0
    assert seen == ["a", "b.c"]


# ----------------------------------------------------------------------- properties
_TOKENS = [
    *"0123456789.+-*/^() ,",
    "x",
    "y",
    "China.deflation",
    "deflation",
    "min(",
    "max(",
    "clip(",
    "log(",
    "exp(",
    "sqrt(",
    "abs(",
    "**",
    "1e308",
    "[",
    "]",
    "'",
    '"',
    "lambda",
    ":",
    "if",
    "else",
    "==",
    "__import__",
    "os",
    ".",
    "_",
    "%",
    "@",
    "|",
    "&",
    "~",
    "\n",
    "\t",
    "\x00",
    "é",
    "×",
    "−",
    ";",
    "=",
    "{",
    "}",
    "not",
    "await",
    "yield",
    "f'",
    "\\",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join) | st.text(max_size=60))
def test_random_text_gives_a_number_or_a_positioned_error(text: str) -> None:
    """Nothing but a finite float or a PayoffFileError ever comes out (no other exception)."""
    try:
        value = evaluate(text, NAMES, Site("f.yaml", 2, 5))
    except PayoffFileError as error:
        assert error.path == "f.yaml" and error.line == 2 and error.col >= 5
    else:
        assert isinstance(value, float) and math.isfinite(value)


def _expressions(depth: int = 3) -> st.SearchStrategy[tuple[str, Fraction]]:
    """Random + - * expressions over small integers, with their exact value."""
    leaf = st.integers(-9, 9).map(lambda n: (f"({n})", Fraction(n)))
    if depth == 0:
        return leaf
    sub = _expressions(depth - 1)

    def combine(a: tuple[str, Fraction], op: str, b: tuple[str, Fraction]) -> tuple[str, Fraction]:
        value = {"+": a[1] + b[1], "-": a[1] - b[1], "*": a[1] * b[1]}[op]
        return f"({a[0]} {op} {b[0]})", value

    return leaf | st.builds(combine, sub, st.sampled_from("+-*"), sub)


@settings(max_examples=200, deadline=None)
@given(_expressions())
def test_integer_arithmetic_matches_exact_fractions(case: tuple[str, Fraction]) -> None:
    """The evaluator agrees with exact rational arithmetic done independently here."""
    text, expected = case
    assert evaluate(text, {}) == float(expected)
