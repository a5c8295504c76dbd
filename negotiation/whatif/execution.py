"""Where the sample chunks run: in this process (default), or on a Dask cluster.

:func:`map_chunks` calls ``fn(start, stop)`` for consecutive chunks of ``range(n)`` and
returns the results in chunk order. With ``scheduler=ADDRESS`` the chunks run on that
Dask distributed cluster; with ``workers=N`` on a local cluster of N single-threaded
worker processes started for the run. Dask is imported only then. Seeds are per block of
draws (:mod:`negotiation.whatif.sampling`), so results do not depend on where chunks run.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
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
#: seconds to wait for a scheduler before giving up (an unreachable one fails clearly
#: within 10 s, interpreter start-up included)
CONNECT_TIMEOUT = 3


def worker_environ() -> dict[str, Any]:
    """The environment a local cluster's workers start with: Dask's own, less its
    ``MALLOC_TRIM_THRESHOLD_``.

    Dask sets that variable (65,536) so workers hand freed memory back to the system; it
    also fixes glibc's threshold for serving an allocation by a fresh mapping, so every
    array of a chunk is mapped and faulted in anew. The batch allocates and frees
    megabyte arrays every chunk: measured on the 2-core machine, a worker ran about 1.3×
    slower per sample with it than the same code in one process, and two workers reached
    1.0× serial instead of 2.1× (``benchmarks/whatif.py --big --rows 34``). Without it
    glibc adjusts the threshold as in any process; a worker's memory still stays that of
    a chunk (its arrays are reused, not leaked). The thread limits Dask sets are kept.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


def chunks(n: int, size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(n)``."""
    return [(a, min(a + size, n)) for a in range(0, n, size)]


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if scheduler is not None:
        _reachable(scheduler)  # before importing Dask: a bad address fails at once
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the installation
        raise NegotiationError(
            "--scheduler/--workers need Dask: pip install 'negotiation[whatif]'"
        ) from None
    if scheduler is not None:
        _answers(scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except Exception as exc:  # a refused port, a timeout, or not a Dask scheduler
            raise NegotiationError(
                f"cannot reach a Dask scheduler at {scheduler} ({type(exc).__name__}); {_HOW}"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    with dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environ()}):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


_HOW = "start one with 'dask scheduler' and workers with 'dask worker ADDRESS'"
#: address schemes whose HOST:PORT is checked with a plain TCP connection first
_TCP_SCHEMES = ("tcp", "tls", "ws", "wss")


def _reachable(address: str) -> None:
    """One clear error, within :data:`CONNECT_TIMEOUT` seconds, for an address that is
    malformed or where nothing listens (Dask itself would retry until its timeout).

    >>> _reachable("tcp://127.0.0.1:0")
    Traceback (most recent call last):
    ...
    negotiation.errors.NegotiationError: cannot reach a Dask scheduler at tcp://127.0.0.1:0 ...
    """
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address
    if scheme not in _TCP_SCHEMES:
        if scheme in ("inproc", "ucx"):
            return
        raise NegotiationError(
            f"--scheduler {address}: not a Dask address; give tcp://HOST:PORT "
            "(what 'dask scheduler' prints)"
        )
    host, colon, port_text = rest.rstrip("/").rpartition(":")
    if not colon or not port_text.isdigit() or not host:
        raise NegotiationError(f"--scheduler {address}: give HOST:PORT, e.g. tcp://127.0.0.1:8786")
    try:
        socket.create_connection(
            (host.strip("[]"), int(port_text)), timeout=CONNECT_TIMEOUT
        ).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise NegotiationError(
            f"cannot reach a Dask scheduler at {address} ({reason}); {_HOW}"
        ) from None


def _answers(address: str) -> None:
    """Ask the scheduler who it is, within :data:`CONNECT_TIMEOUT` seconds: Dask's client
    waits forever on a port that accepts connections but never replies. Runs in its own
    thread and event loop, so it works under Jupyter's running loop too."""
    from distributed.comm import connect

    async def identity() -> Any:
        comm = await connect(address, timeout=CONNECT_TIMEOUT)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            await comm.close()

    got: dict[str, Any] = {}

    def ask() -> None:
        try:
            got["reply"] = asyncio.run(asyncio.wait_for(identity(), CONNECT_TIMEOUT))
        except BaseException as exc:  # reported below, in the caller's thread
            got["error"] = exc

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT + 2)
    reply = got.get("reply")
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        reason = (
            type(got["error"]).__name__
            if "error" in got
            else f"no Dask scheduler answered within {CONNECT_TIMEOUT} s"
        )
        raise NegotiationError(f"cannot reach a Dask scheduler at {address} ({reason}); {_HOW}")


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
