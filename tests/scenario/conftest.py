"""Fixtures for the scenario tests: the default scenario and a small one to break."""

from __future__ import annotations

import pytest

from tests.scenario.scenario_fixtures import DEFAULT, SMALL


@pytest.fixture(scope="session")
def default_scenario():
    from negotiation.scenario import read_scenario

    return read_scenario(DEFAULT)


@pytest.fixture
def small_text() -> str:
    return SMALL
