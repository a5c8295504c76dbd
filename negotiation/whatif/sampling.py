"""Seeded draws of the uncertain inputs, identical whatever the chunking.

Samples are generated in fixed blocks of :data:`BLOCK` draws; block ``b`` uses the
generator seeded by ``SeedSequence(seed, spawn_key=(b,))`` — numpy's ``SeedSequence.spawn``
child ``b`` — so sample ``k`` is the same number whether a run is done in one piece,
in chunks of any size, serially or on a Dask cluster (numpy's guidance on parallel
random number generation: https://numpy.org/doc/stable/reference/random/parallel.html).

>>> from negotiation.scenario.compiled import UncertainInput
>>> x = UncertainInput("pressures.A.x", 0.5, (0.0, 1.0))
>>> whole = draw((x,), seed=7, start=0, stop=10_000)["pressures.A.x"]
>>> parts = [draw((x,), seed=7, start=a, stop=a + 3_000)["pressures.A.x"] for a in range(0, 10_000, 3_000)]
>>> bool((whole == np.concatenate(parts)[:10_000]).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation.scenario.compiled import UncertainInput

__all__ = ["BLOCK", "draw", "grid"]

#: draws per seeded block (the unit of reproducibility)
BLOCK = 4096


def draw(
    inputs: Sequence[UncertainInput], *, seed: int, start: int, stop: int
) -> dict[str, np.ndarray]:
    """Samples ``start .. stop-1`` of every input, from its declared distribution."""
    if stop <= start:
        return {i.path: np.empty(0) for i in inputs}
    first, last = start // BLOCK, (stop - 1) // BLOCK
    blocks = []
    for b in range(first, last + 1):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(b,)))
        blocks.append(rng.random((BLOCK, len(inputs))))
    u = np.concatenate(blocks)[start - first * BLOCK : stop - first * BLOCK]
    return {item.path: item.sample(u[:, k]) for k, item in enumerate(inputs)}


def grid(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` evenly spaced values from ``lo`` to ``hi`` (both included)."""
    return np.linspace(lo, hi, n)
