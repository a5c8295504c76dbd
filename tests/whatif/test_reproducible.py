"""A seeded run is reproducible bit for bit: chunk sizes, serially, on a local Dask
cluster started for the run (``workers=``) and on a running one (``scheduler=``), and
with the numba kernels on or off."""

from __future__ import annotations

import json

import pytest

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.execution import DEFAULT_CHUNK
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
    # a chunk (or a Dask task) larger than DEFAULT_CHUNK is analysed in pieces
    n = DEFAULT_CHUNK + 5000
    assert _dump(montecarlo(compiled, n, seed=5, chunk=n, discover=False)) == _dump(
        montecarlo(compiled, n, seed=5, chunk=3000, discover=False)
    )
    other = montecarlo(compiled, 6000, seed=6, chunk=6000, discover=False)
    assert (
        other.draws["pressures.China.deflation"] != whole.draws["pressures.China.deflation"]
    ).any()


def test_local_dask_cluster_gives_the_serial_result(compiled):
    pytest.importorskip("distributed")
    serial = montecarlo(compiled, 4000, seed=9, chunk=1000)
    cluster = montecarlo(compiled, 4000, seed=9, chunk=1000, workers=2)
    assert _dump(serial) == _dump(cluster)


def test_jit_on_and_off_give_identical_results(compiled):
    """The kernels (when numba is installed) and numpy give the same run, bit for bit;
    without numba both runs take the numpy path."""
    on = montecarlo(compiled, 5000, seed=8, discover=False, jit=True)
    off = montecarlo(compiled, 5000, seed=8, discover=False, jit=False)
    assert _dump(on) == _dump(off)


def test_running_cluster_gives_the_serial_result(compiled):
    """A cluster already running, reached by its address as --scheduler does, with tasks
    of two sizes (one above DEFAULT_CHUNK, so analysed in pieces on the worker)."""
    distributed = pytest.importorskip("distributed")
    n = DEFAULT_CHUNK + 3000
    serial = montecarlo(compiled, n, seed=4, discover=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        big = montecarlo(compiled, n, seed=4, discover=False, scheduler=address, chunk=n)
        small = montecarlo(compiled, n, seed=4, discover=False, scheduler=address, chunk=7000)
    assert _dump(serial) == _dump(big) == _dump(small)


_WORKER_ENV = """
import os
from negotiation.whatif.execution import _client
with _client(None, 1) as client:
    print(list(client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                                   os.environ.get("OMP_NUM_THREADS"))).values()))
"""


def test_local_workers_start_without_dasks_malloc_trim_threshold():
    """Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc map and
    fault in every large array anew (a worker ran ~1.3× slower per sample); the local
    cluster of ``workers=`` drops it and keeps Dask's thread limits.

    Checked in a fresh process: a Dask cluster started earlier with Dask's defaults
    leaves the variable in its starting process's environment (Dask's nanny sets it
    there, "leaks variables into the nanny process"), and workers inherit that."""
    pytest.importorskip("distributed")
    import os
    import subprocess
    import sys

    import dask

    from negotiation.whatif.execution import worker_environ
    from tests.repo_paths import ROOT

    assert "MALLOC_TRIM_THRESHOLD_" in dask.config.get("distributed.nanny.pre-spawn-environ")
    environ = worker_environ()
    assert "MALLOC_TRIM_THRESHOLD_" not in environ and str(environ["OMP_NUM_THREADS"]) == "1"
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", _WORKER_ENV],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "[(None, '1')]"
