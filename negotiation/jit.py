"""Whether the compiled (numba) kernels run a batch, or numpy does.

The what-if engine has two implementations of its hot loops: numpy over arrays of
samples (always there) and numba kernels (extra ``whatif``) that do the same arithmetic
sample by sample in one compiled pass. The two give **identical** results, bit for bit
(tests compare them), so the choice is about speed only:

* importing numba costs about a second and a kernel's first compilation a few (cached
  on disk afterwards), so small batches — ``analyse``'s 10⁴-draw robustness paragraph,
  a 200-point sweep — stay on numpy;
* a run of at least :data:`MIN_SAMPLES` samples uses the kernels when numba is installed.

``NEGOTIATION_JIT=0`` turns the kernels off and ``NEGOTIATION_JIT=1`` forces them on
(when installed) whatever the size, for tests and benchmarks.

>>> wanted(10, env={"NEGOTIATION_JIT": "0"})
False
>>> wanted(10) == (available() and False)
True
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping

__all__ = ["MIN_SAMPLES", "available", "wanted"]

#: the smallest run for which the kernels pay for numba's import and first compilation
MIN_SAMPLES = 200_000


def available(env: Mapping[str, str] | None = None) -> bool:
    """True when numba is installed and ``NEGOTIATION_JIT`` is not ``0``."""
    env = os.environ if env is None else env
    if env.get("NEGOTIATION_JIT", "").strip() == "0":
        return False
    return importlib.util.find_spec("numba") is not None


def wanted(n: int, env: Mapping[str, str] | None = None) -> bool:
    """Whether a run of ``n`` samples should use the kernels (see the module doc)."""
    env = os.environ if env is None else env
    if not available(env):
        return False
    if env.get("NEGOTIATION_JIT", "").strip() == "1":
        return True
    return n >= MIN_SAMPLES
