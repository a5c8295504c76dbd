"""Some equilibria of a game too large to enumerate, found within a time limit.

When the exact enumeration (:func:`~negotiation.solvers.enumerate_equilibria`) would
exceed its size budget (see :mod:`negotiation.solvers.budget`) and the caller gave
``max_seconds``, this search reports what it can find in that time instead of nothing:

1. every pure equilibrium (array operations, exact; cheap at any size);
2. Lemke–Howson from every label in turn (exact pivoting, von Stengel 2002), stopped
   when the clock runs out.

Every equilibrium is verified exactly; the result is always marked ``complete=False``
and its notes say how far the search got.
"""

from __future__ import annotations

from negotiation.game import Game
from negotiation.solvers.budget import Deadline
from negotiation.solvers.lemke_howson import lemke_howson_all
from negotiation.solvers.pure import pure_equilibria
from negotiation.solvers.result import Equilibrium, EquilibriumSet

__all__ = ["timed_search"]


def timed_search(game: Game, deadline: Deadline, why: str) -> EquilibriumSet:
    """Pure equilibria plus Lemke–Howson paths until ``deadline``; ``complete=False``.

    ``why`` says why the exact enumeration was not run (it becomes the first note).

    >>> from negotiation.solvers.budget import Deadline
    >>> bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = timed_search(bos, Deadline(5), "a test")
    >>> len(result), result.complete
    (2, False)
    """
    found: dict[tuple[object, ...], Equilibrium] = {}
    for eq in pure_equilibria(game):
        found.setdefault(eq.key(), eq)
    labels = game.shape[0] + game.shape[1]
    followed = 0
    remaining = (deadline.max_seconds or 0) - deadline.elapsed()
    if remaining > 0:
        paths = lemke_howson_all(game, max_seconds=remaining)
        followed = len(paths.details["labels"])
        for eq in paths:
            found.setdefault(eq.key(), eq)
    equilibria = tuple(sorted(found.values(), key=lambda e: e.strategies, reverse=True))
    notes = (
        why,
        f"INCOMPLETE: in {deadline.elapsed():.1f} s the search found {len(equilibria)} "
        f"equilibri{'um' if len(equilibria) == 1 else 'a'} (every pure one, and Lemke–Howson "
        f"from {followed} of {labels} labels); others may exist",
    )
    return EquilibriumSet(
        game,
        "all",
        equilibria,
        complete=False,
        notes=notes,
        details={"search": "pure + lemke-howson", "labels_followed": followed},
    )
