"""Shared fixtures: the repository root and the shipped payoff files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAYOFFS = ROOT / "payoffs"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def payoffs_dir() -> Path:
    return PAYOFFS
