"""Shared fixtures: the repository root and the shipped payoff files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.repo_paths import PAYOFFS, ROOT


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def payoffs_dir() -> Path:
    return PAYOFFS
