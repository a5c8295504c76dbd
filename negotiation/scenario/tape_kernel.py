"""The numba kernel that runs a :class:`~negotiation.scenario.tape.Tape` (imports numba).

Import it only inside functions (it is one of ``HEAVY_MODULES``): numba costs about a
second to import. :func:`run` takes the program's int and float arrays and the input
columns and walks the instructions over blocks of :data:`BLOCK` samples: for each
block, each instruction is one tight loop over the block's samples, on registers that
stay in the core's cache. Each operation is the IEEE operation numpy does, in the same
order (no fast-math, no fused multiply-add), so every value equals numpy's bit for bit;
see :mod:`negotiation.scenario.tape` for the two cases handed back to numpy.

>>> import numpy as np
>>> from negotiation.scenario.tape import CONST, ROUND, STORE
>>> code = np.array([[CONST, 0, 0, 0, 0], [ROUND, 1, 0, 1, 0], [STORE, 0, 1, 0, 0]])
>>> terms, constants = np.zeros((0, 2), np.int64), np.array([0.123456, 1e4])
>>> out, weights, flags = np.empty((1, 3)), np.empty((3, 0)), np.zeros(3, np.uint8)
>>> column = np.zeros(1)
>>> column.flags.writeable = False  # inputs: 8, 16, 32, ... read-only columns
>>> run(code, terms, constants, (column,) * 8, 3, 2, out, weights, flags, 0)
>>> out[0].tolist(), flags.tolist()
([0.1235, 0.1235, 0.1235], [0, 0, 0])
"""

from __future__ import annotations

import numba
import numpy as np

from negotiation.scenario.tape import (
    ABS,
    ADD,
    CLIP,
    CONST,
    DIV,
    LOAD,
    MAX,
    MIN,
    MUL,
    NEG,
    ROUND,
    ROUNDIN,
    ROW,
    SQRT,
    STORE,
    STOREW,
    SUB,
)
from negotiation.scenario.vectorised import HALFWAY

__all__ = ["BLOCK", "run"]

#: samples per block: the registers of one block stay in the core's cache
BLOCK = 512

_LIMIT = 0.5 - HALFWAY


@numba.njit(cache=True, nogil=True, inline="always")
def _times(constants, k):
    return constants[k] if k >= 0 else 1.0


@numba.njit(cache=True, nogil=True)
def run(code, terms, constants, inputs, n, registers, out, weights, flags, payoff_rows):
    """Run ``code`` on ``n`` samples, writing ``out`` rows and ``weights`` columns.

    ``terms`` are the ROW instructions' terms, ``inputs`` a tuple of C-contiguous
    float64 arrays (``LOAD`` names one by position); ``out`` is ``(rows, n)``,
    ``weights`` ``(n, columns)``. ``flags[j]`` (``(n,)`` uint8) becomes 1 where sample
    ``j`` must be re-done by numpy: a rounding within ``HALFWAY`` of a half-way point,
    a rounded value that is not finite, or a payoff (one of the first ``payoff_rows``
    rows of ``out``) that is not finite.

    Registers are indexed ``r[a, j]`` (no array views: no reference counting per
    instruction) and ``out``/``inputs`` by unsigned offsets (no negative-index check),
    so that every loop over ``j`` compiles to vector instructions.
    """
    r = np.empty((max(registers, 1), BLOCK))
    bad = np.zeros(BLOCK)
    nan = np.nan
    for start in range(0, n, BLOCK):
        m = min(BLOCK, n - start)
        at = np.uint64(start)
        for j in range(m):
            bad[j] = 0.0
        for pc in range(code.shape[0]):
            op = code[pc, 0]
            a = code[pc, 1]
            b = code[pc, 2]
            c = code[pc, 3]
            if op == ROUND:
                # numpy's rint(x·10^d)/10^d + 0.0; |s - rint(s)| is NaN where x is not
                # finite and above _LIMIT near a half-way point: re-done by numpy
                factor = constants[c]
                for j in range(m):
                    s = r[b, j] * factor
                    q = np.rint(s)
                    r[a, j] = q / factor + 0.0
                    bad[j] += 0.0 if abs(s - q) <= _LIMIT else 1.0
            elif op == ROUNDIN:
                factor = constants[c]
                src = inputs[b]
                for j in range(m):
                    s = src[at + np.uint64(j)] * factor
                    q = np.rint(s)
                    r[a, j] = q / factor + 0.0
                    bad[j] += 0.0 if abs(s - q) <= _LIMIT else 1.0
            elif op == ROW:  # 0.0 + t1 + t2 + ..., in effect order, as numpy adds them
                # a term is r[reg] · times, or · 1.0 (exact) when counted once
                t, stop = b, b + c
                p0, v0 = terms[t, 0], _times(constants, terms[t, 1])
                for j in range(m):
                    r[a, j] = 0.0 + r[p0, j] * v0
                t += 1
                while t + 4 <= stop:
                    p0, v0 = terms[t, 0], _times(constants, terms[t, 1])
                    p1, v1 = terms[t + 1, 0], _times(constants, terms[t + 1, 1])
                    p2, v2 = terms[t + 2, 0], _times(constants, terms[t + 2, 1])
                    p3, v3 = terms[t + 3, 0], _times(constants, terms[t + 3, 1])
                    for j in range(m):
                        u = r[a, j] + r[p0, j] * v0
                        u = u + r[p1, j] * v1
                        u = u + r[p2, j] * v2
                        r[a, j] = u + r[p3, j] * v3
                    t += 4
                while t < stop:
                    p0, v0 = terms[t, 0], _times(constants, terms[t, 1])
                    for j in range(m):
                        r[a, j] = r[a, j] + r[p0, j] * v0
                    t += 1
            elif op == LOAD:
                src = inputs[b]
                for j in range(m):
                    r[a, j] = src[at + np.uint64(j)]
            elif op == STORE:
                for j in range(m):
                    out[a, at + np.uint64(j)] = r[b, j]
            elif op == MUL:
                for j in range(m):
                    r[a, j] = r[b, j] * r[c, j]
            elif op == ADD:
                for j in range(m):
                    r[a, j] = r[b, j] + r[c, j]
            elif op == SUB:
                for j in range(m):
                    r[a, j] = r[b, j] - r[c, j]
            elif op == DIV:
                for j in range(m):
                    den = r[c, j]
                    r[a, j] = nan if den == 0.0 else r[b, j] / (1.0 if den == 0.0 else den)
            elif op == CONST:
                v = constants[b]
                for j in range(m):
                    r[a, j] = v
            elif op == STOREW:
                for j in range(m):
                    weights[at + np.uint64(j), a] = r[b, j]
            elif op == NEG:
                for j in range(m):
                    r[a, j] = -r[b, j]
            elif op == MIN:  # numpy's minimum: a NaN wins
                for j in range(m):
                    u, w = r[b, j], r[c, j]
                    r[a, j] = u if (u < w or u != u) else w
            elif op == MAX:
                for j in range(m):
                    u, w = r[b, j], r[c, j]
                    r[a, j] = u if (u > w or u != u) else w
            elif op == ABS:
                for j in range(m):
                    r[a, j] = abs(r[b, j])
            elif op == SQRT:
                for j in range(m):
                    u = r[b, j]
                    r[a, j] = np.sqrt(abs(u)) if u >= 0.0 else nan
            elif op == CLIP:  # np.minimum(np.maximum(x, lo), hi), NaN where lo > hi
                d = code[pc, 4]
                for j in range(m):
                    u, low, high = r[b, j], r[c, j], r[d, j]
                    t = u if (u > low or u != u) else low
                    t = t if (t < high or t != t) else high
                    r[a, j] = nan if low > high else t
        for k in range(payoff_rows):
            for j in range(m):
                bad[j] += out[k, at + np.uint64(j)] * 0.0  # NaN where not finite
        for j in range(m):
            flags[at + np.uint64(j)] = 0 if bad[j] == 0.0 else 1
