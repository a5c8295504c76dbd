"""A seeded run is reproducible bit for bit: chunk sizes, serially and on a local Dask cluster."""

from __future__ import annotations

import json

import pytest

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.montecarlo import montecarlo
from tests.repo_paths import PAYOFFS


@pytest.fixture(scope="module")
def compiled():
    return compile_scenario(read_scenario(PAYOFFS / "us_china_rare_earths.yaml"))


def _dump(result):
    return json.dumps(result.to_dict(), sort_keys=True, default=float)


def test_chunk_sizes_give_identical_results(compiled):
    whole = montecarlo(compiled, 6000, seed=5, chunk=6000, discover=False)
    parts = montecarlo(compiled, 6000, seed=5, chunk=1000, discover=False)
    odd = montecarlo(compiled, 6000, seed=5, chunk=2333, discover=False)
    assert _dump(whole) == _dump(parts) == _dump(odd)
    assert (
        whole.draws["pressures.China.deflation"] == odd.draws["pressures.China.deflation"]
    ).all()
    other = montecarlo(compiled, 6000, seed=6, chunk=6000, discover=False)
    assert (
        other.draws["pressures.China.deflation"] != whole.draws["pressures.China.deflation"]
    ).any()


def test_local_dask_cluster_gives_the_serial_result(compiled):
    pytest.importorskip("distributed")
    serial = montecarlo(compiled, 4000, seed=9, chunk=1000)
    cluster = montecarlo(compiled, 4000, seed=9, chunk=1000, workers=2)
    assert _dump(serial) == _dump(cluster)
