"""Shared models for the dynamics tests (each built once per session)."""

from __future__ import annotations

import pytest

from negotiation.dynamics import TimelineModel, read_timeline_model
from tests.repo_paths import PAYOFFS

US = PAYOFFS / "us_china_dynamics.yaml"
JAPAN = PAYOFFS / "japan_2010.yaml"


@pytest.fixture(scope="session")
def us_model() -> TimelineModel:
    return read_timeline_model(US)


@pytest.fixture(scope="session")
def japan_model() -> TimelineModel:
    return read_timeline_model(JAPAN)
