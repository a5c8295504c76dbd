"""No number is formatted for people outside :mod:`negotiation.numbers` (issue 15 item 1).

Every ``__str__``, ``_repr_html_``, plot label and CLI line goes through
:func:`negotiation.numbers.format_number` (or its group/percent/signed siblings), so the
style is one and ``--exact`` reaches it. This test reads the package's source with
:mod:`tokenize` and fails on an ad-hoc format: an f-string field with a float format
spec (``{x:.3f}``, ``{x:.4g}``, ``{x:.0%}``, ``{x:+.2f}``), a ``round(`` inside an
f-string field, a ``str(Fraction(...))`` or ``format(x, ".3f")`` in code, or a
``"%.3f" %`` template. The few places where such a format is genuinely not a model
number for people are allowed below, each with its reason.
"""

from __future__ import annotations

import io
import re
import tokenize

import pytest

from tests.repo_paths import ROOT

PACKAGE = ROOT / "negotiation"

#: (path, text on the line) -> why it is not a number for people
ALLOWED: dict[tuple[str, str], str] = {
    ("negotiation/solvers/result.py", "return str(Fraction(p))"): (
        "format_probability is the exact p/q text --json carries, not a display format"
    ),
    ("negotiation/solvers/search.py", "deadline.elapsed():.1f"): (
        "a measured wall-clock time in seconds, not a model number"
    ),
    ("negotiation/files/nfg.py", "len(text) / 1e6:.1f"): (
        "a file size in MB in an error message, not a model number"
    ),
    ("negotiation/files/yamldoc.py", "size / 1e6:.1f"): (
        "a file size in MB in an error message, not a model number"
    ),
    ("negotiation/exact.py", 'return f"≈{float(q):.4g}"'): (
        "Game's guard for fractions beyond float range (used when numbers.py cannot take "
        "the value through a float); it feeds error messages"
    ),
}

_FIELD_SPEC = re.compile(r"\{[^{}]*:[^{}:]*\.\d+[fgeE%][^{}]*\}")
_FIELD_ROUND = re.compile(r"\{[^{}]*\bround\(")
_PERCENT_TEMPLATE = re.compile(r"%[-+ 0#]*\d*\.\d+[fge]")
_SPEC_LITERAL = re.compile(r"""^[rb]?(['"])[-+ ]?\d*\.\d+[fgeE%]\1$""")


def _findings(path) -> list[tuple[int, str]]:
    """(line number, line) of every ad-hoc number format in one source file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found: set[int] = set()
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    for k, tok in enumerate(tokens):
        if tok.type == tokenize.STRING:
            prefix = re.match(r"[A-Za-z]*", tok.string).group(0).lower()
            body = tok.string[len(prefix) :]
            if body.startswith(('"""', "'''")):
                continue  # docstrings and their examples are not output
            if "f" in prefix and (_FIELD_SPEC.search(body) or _FIELD_ROUND.search(body)):
                found.add(tok.start[0])
            elif "f" not in prefix and _PERCENT_TEMPLATE.search(body):
                following = tokens[k + 1] if k + 1 < len(tokens) else None
                if following is not None and following.string == "%":
                    found.add(tok.start[0])
            elif _SPEC_LITERAL.match(tok.string) and k >= 2 and tokens[k - 1].string == ",":
                found.add(tok.start[0])  # format(x, ".3f")
        elif (
            tok.type == tokenize.NAME
            and tok.string == "str"
            and [t.string for t in tokens[k + 1 : k + 3]] == ["(", "Fraction"]
        ):
            found.add(tok.start[0])
    return [(n, lines[n - 1].strip()) for n in sorted(found)]


def _allowed(rel: str, line: str) -> bool:
    return any(path == rel and snippet in line for path, snippet in ALLOWED)


def test_no_ad_hoc_number_formatting_outside_numbers():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "negotiation/numbers.py":
            continue
        offenders += [
            f"{rel}:{n}: {line}" for n, line in _findings(path) if not _allowed(rel, line)
        ]
    assert offenders == [], (
        "format numbers for people with negotiation.numbers (format_number, format_numbers, "
        "format_percent, format_signed, format_html); if a format is genuinely not for people, "
        "add it to ALLOWED with the reason:\n" + "\n".join(offenders)
    )


def test_every_allowance_is_still_needed():
    """An allowance whose line is gone is removed, so the list stays small and true."""
    for path, snippet in ALLOWED:
        lines = [line for _, line in _findings(ROOT / path)]
        assert any(snippet in line for line in lines), f"{path}: {snippet!r} no longer occurs"


@pytest.mark.parametrize(
    "source",
    [
        'x = f"{value:.3f}"\n',
        'x = f"{share:.0%} of draws"\n',
        'x = f"gain {g:+.3g}"\n',
        'x = f"{round(v, 2)} years"\n',
        "x = str(Fraction(1, 3))\n",
        'x = format(v, ".4g")\n',
        'x = "%.2f" % v\n',
    ],
)
def test_the_guard_catches_each_kind(tmp_path, source):
    """The guard fails on a deliberately ad-hoc format of each kind it names."""
    path = tmp_path / "broken.py"
    path.write_text(source, encoding="utf-8")
    assert [n for n, _ in _findings(path)] == [1]


def test_the_guard_ignores_docstrings_and_plain_text(tmp_path):
    path = tmp_path / "fine.py"
    path.write_text(
        'def f(x):\n    """>>> f"{x:.3f}" in a docstring is an example."""\n'
        '    return f"{x}" + "100%"\n',
        encoding="utf-8",
    )
    assert _findings(path) == []
