"""Where the sample chunks run: in this process (default), or on a Dask cluster.

:func:`map_chunks` calls ``fn(start, stop)`` for consecutive chunks of ``range(n)`` and
returns the results in chunk order. With ``scheduler=ADDRESS`` the chunks run on that
Dask distributed cluster; with ``workers=N`` on a local cluster of N single-threaded
worker processes started for the run. Dask is imported only then. Seeds are per block of
draws (:mod:`negotiation.whatif.sampling`), so results do not depend on where chunks run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from negotiation.errors import NegotiationError

__all__ = ["DEFAULT_CHUNK", "map_chunks"]

T = TypeVar("T")

#: samples per chunk in this process: the batch arrays of a chunk stay near the CPU
#: caches (measured by benchmarks/whatif.py: 16,384 beats 4,096 and 65,536) and memory
#: is bounded whatever the number of draws (about 20 kB per sample of a 4×5 game at most)
DEFAULT_CHUNK = 16384
#: at least this many samples per task on Dask, so the per-task overhead stays small
DASK_CHUNK = 131072
#: seconds to wait for a scheduler before giving up
CONNECT_TIMEOUT = 5


def chunks(n: int, size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(n)``."""
    return [(a, min(a + size, n)) for a in range(0, n, size)]


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the installation
        raise NegotiationError(
            "--scheduler/--workers need Dask: pip install 'negotiation[whatif]'"
        ) from None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise NegotiationError(
                f"cannot reach a Dask scheduler at {scheduler} ({type(exc).__name__}); "
                "start one with 'dask scheduler' and workers with 'dask worker ADDRESS'"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def map_chunks(
    fn: Callable[[int, int], T],
    n: int,
    *,
    chunk: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: bool = False,
    description: str = "samples",
) -> list[T]:
    """``[fn(start, stop) for each chunk]``, serially or on Dask (see the module doc).

    ``chunk`` defaults to :data:`DEFAULT_CHUNK` in this process and :data:`DASK_CHUNK`
    on a cluster.
    """
    parts = chunks(n, chunk or DEFAULT_CHUNK)
    bar = _bar(n, description, progress)
    try:
        if scheduler is None and not workers:
            out = []
            for a, b in parts:
                out.append(fn(a, b))
                bar.update(b - a)
            return out
        with _client(scheduler, workers) as client:
            from distributed import as_completed

            # the chunk function (and the compiled scenario it carries) goes to every
            # worker once, not with each task
            parts = chunks(n, chunk or DASK_CHUNK)
            shipped = client.scatter(fn, broadcast=True, hash=False)
            futures = [client.submit(_call, shipped, a, b, pure=False) for a, b in parts]
            index = {f.key: k for k, f in enumerate(futures)}
            results: list[Any] = [None] * len(futures)
            for future in as_completed(futures):
                k = index[future.key]
                results[k] = future.result()
                bar.update(parts[k][1] - parts[k][0])
            return results
    finally:
        bar.close()


def _call(fn: Callable[[int, int], T], start: int, stop: int) -> T:
    return fn(start, stop)


def _bar(total: int, description: str, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=description,
        unit="sample",
        unit_scale=True,
        file=sys.stderr,
        leave=False,
        disable=not enabled,
        delay=0.5,
    )
