"""Shared fixtures and the hypothesis profiles.

On CI (``CI`` set in the environment) hypothesis draws the same examples on every run
(``derandomize``), so a red build always reproduces; locally it explores new examples
each run, and a failure it finds is added to the tests with ``@example``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.repo_paths import PAYOFFS, ROOT

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def payoffs_dir() -> Path:
    return PAYOFFS


@pytest.fixture(scope="session")
def shipped_report():
    """``report_html`` of a shipped file by name, built once a session.

    ``tests/workflows/test_report.py`` and the browser test read the same pages; the
    scenario's report (with its robustness Monte Carlo) is the slow one.
    """
    from negotiation.workflows.report import report_html

    pages: dict[str, str] = {}

    def page(name: str) -> str:
        if name not in pages:
            pages[name] = report_html(PAYOFFS / name)
        return pages[name]

    return page


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start ruff and mypy beside the tests when a test of ``test_hygiene.py`` will run."""
    if any(item.nodeid.startswith("tests/test_hygiene.py") for item in session.items):
        from tests import checks

        checks.start_all()


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests import checks

    checks.stop_all()
