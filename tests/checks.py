"""The lint, format and type checks as background processes, started once a session.

``tests/test_hygiene.py`` asserts on their results. mypy takes the better part of a
minute on two cores while the tests use one, so ``tests/conftest.py`` starts all three
as soon as collection selects a test of ``test_hygiene.py``, and they run beside the rest
of the suite; a test that finds its check not started (run alone) starts it and waits.
"""

from __future__ import annotations

import subprocess
import sys

from tests.repo_paths import ROOT

TARGETS = ("negotiation", "tests", "benchmarks")
COMMANDS: dict[str, tuple[str, ...]] = {
    "ruff check": (sys.executable, "-m", "ruff", "check", *TARGETS),
    "ruff format": (sys.executable, "-m", "ruff", "format", "--check", *TARGETS),
    "mypy": (sys.executable, "-m", "mypy", "negotiation"),
}
_running: dict[str, subprocess.Popen[str]] = {}


def start(name: str) -> None:
    """Start check ``name`` unless it is running or done."""
    if name not in _running:
        _running[name] = subprocess.Popen(
            COMMANDS[name], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )


def start_all() -> None:
    for name in COMMANDS:
        start(name)


def result(name: str) -> tuple[int, str]:
    """The exit code and output of check ``name`` (started now if it was not)."""
    start(name)
    out, _ = _running[name].communicate()
    return _running[name].returncode, out


def stop_all() -> None:
    """End the checks still running (a session that stopped before their tests)."""
    for process in _running.values():
        if process.poll() is None:
            process.kill()
            process.communicate()
