"""Lint, format and type checks run with the test suite, so CI enforces them.

The three commands run in the background from the end of collection (``tests/checks.py``),
beside the other tests; each test here waits for its command and asserts on it.
"""

from __future__ import annotations

from tests import checks


def test_ruff_lint_is_clean() -> None:
    code, out = checks.result("ruff check")
    assert code == 0, out


def test_ruff_format_is_clean() -> None:
    code, out = checks.result("ruff format")
    assert code == 0, out


def test_mypy_is_clean() -> None:
    code, out = checks.result("mypy")
    assert code == 0, out
