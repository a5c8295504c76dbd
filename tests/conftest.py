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
