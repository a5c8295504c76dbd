"""What a solver will cost, estimated from the game's size before any work is done.

Every solver here is bounded in two ways:

* **A size budget, checked first.** Each method's worst-case work is estimated from the
  shape of the game alone — the number of vertices of the best-response polytopes for the
  exact enumeration, the size of the linear program for correlated equilibria, the
  number of support pairs for support enumeration. Past the budget the solver refuses
  with one line saying why and what to use instead; it never starts work it cannot
  finish in reasonable time and memory.
* **A clock, when asked.** ``max_seconds=`` (``--max-seconds`` on the command line) is
  checked between steps; when it runs out the solver stops and returns what it has found,
  marked ``complete=False``.

The vertex bound is McMullen's upper bound theorem (McMullen 1970, "The maximum numbers
of faces of a convex polytope", *Mathematika* 17): a simple ``d``-polytope with ``k``
facets has at most ``C(k - ⌊(d+1)/2⌋, k - d) + C(k - ⌊(d+2)/2⌋, k - d)`` vertices, and
von Stengel (1999, "New maximal numbers of equilibria in bimatrix games", *Discrete &
Computational Geometry* 21) shows games whose best-response polytopes come close to it.
The row player's polytope of an ``m × n`` game has ``d = m`` and ``k = m + n``.

Memory: Qhull stores about 1.5 KB per vertex it finds (measured on random games from
15×15 to 17×17), so the default budget of :data:`MAX_VERTICES` keeps vertex enumeration
under about 1.5 GB even for a game that reached the bound; random games find 5–15 % of it.

>>> vertex_bound(4, 2)        # a quadrilateral
4
>>> enumeration_cost(30, 30) > MAX_VERTICES
True
"""

from __future__ import annotations

import sys
import time
from math import comb, prod
from typing import Any, Protocol

from negotiation.errors import SolverError

__all__ = [
    "MAX_EXACT_LP_CELLS",
    "MAX_EXACT_LP_UNKNOWNS",
    "MAX_LP_GAME_CELLS",
    "MAX_LP_NONZEROS",
    "MAX_VERTICES",
    "Deadline",
    "ProgressBar",
    "correlated_lp_size",
    "enumeration_cost",
    "progress",
    "vertex_bound",
]

#: the largest McMullen bound on the vertices of either best-response polytope that the
#: exact enumeration accepts (a 16×16 game: about 20 s and 350 MB on one core)
MAX_VERTICES = 1_000_000
#: the largest constraint matrix (non-zero coefficients) a solver hands to HiGHS
MAX_LP_NONZEROS = 500_000
#: the largest game (in pure profiles) that iterated dominance and Stackelberg commitment
#: take on: each solves up to one exact LP per move over all profiles (a 32×32 game)
MAX_LP_GAME_CELLS = 1024
#: the largest payoff matrix (moves × the others' profiles) whose maximin / zero-sum LP
#: is certified exactly by default: the certificate is an exact elimination as large as
#: the matrix (a 100×100 zero-sum game takes about 5 s on one quiet core); past it the
#: methods refuse unless ``max_seconds`` is given, and then report HiGHS's floats
MAX_EXACT_LP_CELLS = 10_000
#: the most unknowns in one exact re-derivation of an LP vertex; larger answers are
#: reported as floats labelled ``exact=False``
MAX_EXACT_LP_UNKNOWNS = 300


def vertex_bound(facets: int, dimension: int) -> int:
    """McMullen's upper bound on the number of vertices of a ``dimension``-polytope.

    >>> vertex_bound(30, 15)   # the best-response polytope of a 15×15 game
    341088
    """
    k, d = facets, dimension
    if d <= 0 or k <= d:
        return 1
    return comb(k - (d + 1) // 2, k - d) + comb(k - (d + 2) // 2, k - d)


def enumeration_cost(m: int, n: int) -> int:
    """Upper bound on the vertices of the larger best-response polytope of an m×n game.

    >>> enumeration_cost(2, 2), enumeration_cost(16, 16)
    (4, 980628)
    """
    return max(vertex_bound(m + n, m), vertex_bound(m + n, n))


def correlated_lp_size(shape: tuple[int, ...]) -> tuple[int, int, int]:
    """``(variables, constraints, non-zeros)`` of the correlated-equilibrium LP.

    One variable per pure profile; one incentive constraint per player, recommended move
    and alternative, each touching the profiles where that move is recommended.

    >>> correlated_lp_size((10, 10, 10))
    (1000, 270, 27000)
    """
    profiles = prod(shape)
    rows = sum(m * (m - 1) for m in shape)
    nonzeros = sum(m * (m - 1) * (profiles // m) for m in shape if m)
    return profiles, rows, nonzeros


class Deadline:
    """A clock started at construction; ``expired()`` once ``max_seconds`` have passed.

    ``Deadline(None)`` never expires. Negative, NaN or infinite limits are refused by the
    solvers before they get here.

    >>> Deadline(None).expired(), Deadline(0).expired()
    (False, True)
    """

    __slots__ = ("max_seconds", "start")

    def __init__(self, max_seconds: float | None) -> None:
        self.max_seconds = max_seconds
        self.start = time.monotonic()

    def expired(self) -> bool:
        return self.max_seconds is not None and self.elapsed() >= self.max_seconds

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def check_lp_game_size(game_shape: tuple[int, ...], what: str) -> None:
    """Refuse, in one line, a game past :data:`MAX_LP_GAME_CELLS` for an LP-per-move method.

    >>> check_lp_game_size((40, 40), "iterated dominance")
    Traceback (most recent call last):
    ...
    negotiation.errors.SolverError: iterated dominance solves up to one exact LP per move over all 1,600 profiles of this 40×40 game, past the budget of 1,024 profiles; use a smaller game (or --method pure)
    """
    cells = prod(game_shape)
    if cells > MAX_LP_GAME_CELLS:
        shape = "×".join(str(m) for m in game_shape)
        raise SolverError(
            f"{what} solves up to one exact LP per move over all {cells:,} profiles of this "
            f"{shape} game, past the budget of {MAX_LP_GAME_CELLS:,} profiles; use a smaller "
            "game (or --method pure)"
        )


def check_exact_lp_size(shape: tuple[int, int], what: str, max_seconds: float | None) -> bool:
    """Whether an LP over a ``shape`` payoff matrix gets its exact certificate.

    Within :data:`MAX_EXACT_LP_CELLS`: yes. Past it: refuse in one line, or, when
    ``max_seconds`` is given, answer with HiGHS's floats (``False``: not certified, the
    result marked incomplete).

    >>> check_exact_lp_size((120, 120), "the zero-sum LP", None)
    Traceback (most recent call last):
    ...
    negotiation.errors.SolverError: the zero-sum LP of this 120×120 payoff matrix has 14,400 coefficients, past the budget of 10,000 for an exact certificate; use --max-seconds S (HiGHS's floating-point answer, marked incomplete) or a smaller game
    >>> check_exact_lp_size((120, 120), "the zero-sum LP", 5.0)
    False
    """
    cells = shape[0] * shape[1]
    if cells <= MAX_EXACT_LP_CELLS:
        return True
    if max_seconds is None:
        raise SolverError(
            f"{what} of this {shape[0]}×{shape[1]} payoff matrix has {cells:,} coefficients, "
            f"past the budget of {MAX_EXACT_LP_CELLS:,} for an exact certificate; use "
            "--max-seconds S (HiGHS's floating-point answer, marked incomplete) or a "
            "smaller game"
        )
    return False


def check_max_seconds(max_seconds: Any) -> float | None:
    """Validate a ``max_seconds=`` option: ``None`` or a finite number ``> 0``.

    >>> check_max_seconds(2), check_max_seconds(None)
    (2.0, None)
    """
    if max_seconds is None:
        return None
    if isinstance(max_seconds, bool) or not isinstance(max_seconds, int | float):
        raise SolverError(f"max_seconds must be a number of seconds, got {max_seconds!r}")
    value = float(max_seconds)
    if not 0 < value < 1e9:
        raise SolverError(f"max_seconds must be a positive, finite number, got {max_seconds!r}")
    return value


class ProgressBar(Protocol):
    """What the solvers need of a progress bar (tqdm's interface)."""

    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


class _Quiet:
    """The progress bar of a job too small, or a stream not a terminal: does nothing."""

    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def progress(total: int, description: str, unit: str = "step") -> ProgressBar:
    """A tqdm bar on standard error, shown only on a terminal and after two seconds.

    Silent when standard error is not a TTY (pipes, CI logs and ``--json`` output stay
    clean) and for jobs of fewer than 100 steps (tqdm is then not even imported).
    """
    if total < 100 or not sys.stderr.isatty():
        return _Quiet()
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=unit, file=sys.stderr, delay=2.0, leave=False)
