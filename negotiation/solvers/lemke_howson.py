"""The Lemke–Howson algorithm with exact integer pivoting and lexicographic ratio tests.

Lemke and Howson (1964), "Equilibrium points of bimatrix games", *SIAM J. Appl. Math.*
12; the tableau form and integer pivoting follow von Stengel (2002), "Computing
equilibria for two-person games", *Handbook of Game Theory* vol. 3, ch. 45, §3–§6.

Steps, for a chosen *missing label* ``k`` (a move of either player):

1. Make ``A`` and ``B`` integer and positive (a positive affine map: same equilibria).
   Write the best-response polytopes as tableaux ``Bᵀx + s = 1`` and ``r + Ay = 1``,
   starting from the artificial equilibrium ``x = 0, y = 0``.
2. Let the variable with label ``k`` enter its tableau. The variable leaving (chosen by
   the minimum-ratio test) gives a duplicate label; its *complement* (the variable with
   the same label in the other tableau) enters next. Repeat until the variable with
   label ``k`` leaves: the point is completely labelled, i.e. an equilibrium.
3. Ties in the ratio test (degenerate games) are broken *lexicographically* (by the
   rows of the current basis inverse), which is a symbolic perturbation: no cycling,
   and every path ends (von Stengel 2002, §6).
4. Pivoting is fraction-free: all entries stay integers (determinants), so the end point
   is exact. It is then verified for zero regret.

Unlike nashpy's ``lemke_howson`` (no lexicographic rule, no iteration limit) this can
neither cycle nor hang: after ``max_pivots`` pivots it raises :class:`SolverError`.
Following every label is bounded too: by a work budget (pivots × tableau size, see
:data:`MAX_PIVOT_WORK`) or, when given, by ``max_seconds``; a search stopped early says
how many labels it followed and is marked ``complete=False`` like every Lemke–Howson
result.
"""

from __future__ import annotations

from fractions import Fraction

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers._exact import integer_scaled
from negotiation.solvers.budget import Deadline, check_max_seconds, progress
from negotiation.solvers.result import Equilibrium, EquilibriumSet
from negotiation.solvers.verify import BimatrixCheck

__all__ = ["MAX_PIVOT_WORK", "LemkeHowsonPath", "lemke_howson", "lemke_howson_all"]

#: default bound on the work of all paths together, in tableau cells updated (pivots ×
#: rows × columns): a few seconds for a 60×60 game, deterministic on any machine
MAX_PIVOT_WORK = 15_000_000


class _OutOfTime(Exception):
    """A path stopped by the clock (private: the callers turn it into a result)."""


class _PivotCap(SolverError):
    """A path longer than its pivot cap."""


class LemkeHowsonPath:
    """The end of one Lemke–Howson path: equilibrium, dropped label and pivot count."""

    __slots__ = ("equilibrium", "label", "pivots")

    def __init__(self, label: int, equilibrium: Equilibrium, pivots: int) -> None:
        self.label = label
        self.equilibrium = equilibrium
        self.pivots = pivots

    def __repr__(self) -> str:
        return f"LemkeHowsonPath(label={self.label}, pivots={self.pivots}, {self.equilibrium})"


def _lex_min_row(table: list[list[int]], col: int, lex_cols: range, rhs: int) -> int:
    """Row of the lexicographic minimum ratio test for entering column ``col``."""
    best = -1
    for i, row in enumerate(table):
        if row[col] <= 0:
            continue
        if best < 0:
            best = i
            continue
        other = table[best]
        for t in (rhs, *lex_cols):
            lhs_v, rhs_v = row[t] * other[col], other[t] * row[col]
            if lhs_v != rhs_v:
                if lhs_v < rhs_v:
                    best = i
                break
    if best < 0:
        raise SolverError("Lemke–Howson: unbounded ray (the payoffs could not be made positive)")
    return best


def _pivot(table: list[list[int]], row: int, col: int, det: int) -> int:
    top = table[row]
    p = top[col]
    for i, r in enumerate(table):
        if i == row:
            continue
        f = r[col]
        table[i] = [(p * v - f * w) // det for v, w in zip(r, top, strict=True)]
    return p


def _run(
    a: list[list[int]],
    b: list[list[int]],
    k: int,
    max_pivots: int,
    deadline: Deadline | None = None,
) -> tuple[list[Fraction], list[Fraction], int]:
    m, n = len(a), len(a[0])
    size = m + n
    # column index == label: P has x_0..x_{m-1} (labels 0..m-1), s_0..s_{n-1} (m..m+n-1)
    p_table = [
        [b[i][j] for i in range(m)] + [1 if c == j else 0 for c in range(n)] + [1] for j in range(n)
    ]
    # Q has r_0..r_{m-1} (labels 0..m-1), y_0..y_{n-1} (labels m..m+n-1)
    q_table = [[1 if c == i else 0 for c in range(m)] + list(a[i]) + [1] for i in range(m)]
    tables = [p_table, q_table]
    bases = [list(range(m, size)), list(range(m))]
    dets = [1, 1]
    lex = [range(m, size), range(m)]  # the initial (slack) basis columns of each tableau
    side = 0 if k < m else 1
    entering = k
    for pivots in range(1, max_pivots + 1):
        if deadline is not None and pivots % 16 == 0 and deadline.expired():
            raise _OutOfTime
        table = tables[side]
        row = _lex_min_row(table, entering, lex[side], size)
        leaving = bases[side][row]
        dets[side] = _pivot(table, row, entering, dets[side])
        bases[side][row] = entering
        if leaving == k:
            x = [Fraction(0)] * m
            y = [Fraction(0)] * n
            for r, label in enumerate(bases[0]):
                if label < m:
                    x[label] = Fraction(p_table[r][size], dets[0])
            for r, label in enumerate(bases[1]):
                if label >= m:
                    y[label - m] = Fraction(q_table[r][size], dets[1])
            sx, sy = sum(x), sum(y)
            return [v / sx for v in x], [v / sy for v in y], pivots
        entering = leaving
        side = 1 - side
    raise _PivotCap(
        f"Lemke–Howson from label {k} did not finish within {max_pivots} pivots; "
        "give a larger max_pivots, or use method 'all' (exact enumeration) on a smaller game"
    )


def _pivot_cost(game: Game) -> int:
    m, n = game.shape
    return (m + n) * max(m, n)


def _default_cap(game: Game, n_labels: int) -> int:
    return max(1, min(1000 * n_labels, MAX_PIVOT_WORK // _pivot_cost(game)))


def _labels(game: Game) -> list[str]:
    return [f"{game.players[0]}:{mv}" for mv in game.moves[0]] + [
        f"{game.players[1]}:{mv}" for mv in game.moves[1]
    ]


def lemke_howson(
    game: Game, label: int | str = 0, *, max_pivots: int | None = None
) -> LemkeHowsonPath:
    """Follow the Lemke–Howson path that drops one label; return the equilibrium reached.

    Parameters
    ----------
    game
        A two-player game.
    label
        The move whose label is dropped: an index ``0..m+n-1`` (row moves first, then
        column moves) or a name ``"Player:move"``.
    max_pivots
        Safety cap; the default is ``1000 * (m + n)`` (far beyond any path seen in
        practice) or the work budget :data:`MAX_PIVOT_WORK`, whichever is smaller.

    Examples
    --------
    >>> bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> print(lemke_howson(bos, 0).equilibrium)
    Row: r1; Column: c1 -> payoffs 2, 1
    """
    game._require_two_players()
    labels = _labels(game)
    if isinstance(label, str):
        if label not in labels:
            raise SolverError(f"unknown label {label!r}; labels are {', '.join(labels)}")
        k = labels.index(label)
    else:
        k = int(label)
        if not 0 <= k < len(labels):
            raise SolverError(f"label must be between 0 and {len(labels) - 1}")
    a, b = _integer_matrices(game)
    cap = _check_pivots(max_pivots) if max_pivots is not None else _default_cap(game, len(labels))
    return _path(game, a, b, k, cap, None)


def _check_pivots(max_pivots: object) -> int:
    if isinstance(max_pivots, bool) or not isinstance(max_pivots, int) or max_pivots < 1:
        raise SolverError(f"max_pivots must be a positive whole number, got {max_pivots!r}")
    return max_pivots


def _integer_matrices(game: Game) -> tuple[list[list[int]], list[list[int]]]:
    a_exact, b_exact = game.matrices(exact=True)
    a = [[int(v) for v in row] for row in integer_scaled(a_exact, positive=True)]
    b = [[int(v) for v in row] for row in integer_scaled(b_exact, positive=True)]
    return a, b


def _path(
    game: Game,
    a: list[list[int]],
    b: list[list[int]],
    k: int,
    cap: int,
    deadline: Deadline | None,
) -> LemkeHowsonPath:
    x, y, pivots = _run(a, b, k, cap, deadline)
    check = BimatrixCheck(game)
    if not check.is_equilibrium(x, y):
        raise SolverError(
            "Lemke–Howson: the end point failed the exact equilibrium check and was not "
            "reported; please file a bug with the payoff file"
        )
    eq = Equilibrium(game.players, game.moves, (tuple(x), tuple(y)), check.payoffs(x, y))
    return LemkeHowsonPath(k, eq, pivots)


def lemke_howson_all(
    game: Game, *, max_pivots: int | None = None, max_seconds: float | None = None
) -> EquilibriumSet:
    """Run Lemke–Howson from every label; report which labels reach which equilibrium.

    Parameters
    ----------
    game
        A two-player game.
    max_pivots
        Cap on each path (an error when one path needs more). By default the paths share
        the work budget :data:`MAX_PIVOT_WORK` instead and the search stops, with a note,
        when it is spent.
    max_seconds
        Stop following labels after this many seconds (instead of the work budget).

    Returns
    -------
    EquilibriumSet
        Method ``"lemke-howson"``, ``complete=False`` (the paths need not reach every
        equilibrium); ``details["labels"]`` maps each dropped label ``"Player:move"`` to
        the index of the equilibrium reached and ``details["pivots"]`` to the path length
        (labels not followed before a budget ran out are absent).

    Examples
    --------
    Battle of the sexes: the four labels reach only the two pure equilibria; the mixed
    one is never the end of a path from the artificial equilibrium (von Stengel 2002,
    *Handbook of Game Theory* vol. 3 ch. 45, §3, the "index" argument).

    >>> bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = lemke_howson_all(bos)
    >>> len(result.equilibria), result.details["labels"]
    (2, {'Row:r1': 0, 'Row:r2': 1, 'Column:c1': 0, 'Column:c2': 1})
    """
    game._require_two_players()
    seconds = check_max_seconds(max_seconds)
    labels = _labels(game)
    a, b = _integer_matrices(game)
    deadline = Deadline(seconds) if seconds is not None else None
    fixed_cap = _check_pivots(max_pivots) if max_pivots is not None else None
    work_left = MAX_PIVOT_WORK // _pivot_cost(game) if fixed_cap is None and seconds is None else 0
    found: list[Equilibrium] = []
    label_map: dict[str, int] = {}
    pivot_map: dict[str, int] = {}
    stopped = ""
    bar = progress(len(labels), "Lemke–Howson", unit="label")
    try:
        for k, name in enumerate(labels):
            if fixed_cap is not None:
                cap = fixed_cap
            elif deadline is not None:
                cap = 1000 * len(labels)
            else:
                cap = min(1000 * len(labels), work_left)
            try:
                if deadline is not None and deadline.expired():
                    raise _OutOfTime
                path = _path(game, a, b, k, cap, deadline)
            except _OutOfTime:
                stopped = f"stopped after {seconds:g} s"
                break
            except _PivotCap:
                if fixed_cap is not None or deadline is not None:
                    raise
                stopped = "stopped when its work budget ran out"
                break
            work_left -= path.pivots
            keys = [e.key() for e in found]
            if path.equilibrium.key() in keys:
                index = keys.index(path.equilibrium.key())
            else:
                found.append(path.equilibrium)
                index = len(found) - 1
            label_map[name] = index
            pivot_map[name] = path.pivots
            bar.update(1)
    finally:
        bar.close()
    notes = [
        "Lemke–Howson finds some equilibria, not necessarily all; use method 'all' "
        "for every extreme equilibrium",
    ]
    if stopped:
        notes.append(
            f"INCOMPLETE: the search {stopped}, having followed {len(label_map)} of "
            f"{len(labels)} labels; give a larger max_seconds (--max-seconds) to follow more"
        )
    return EquilibriumSet(
        game,
        "lemke-howson",
        tuple(found),
        complete=False,
        notes=tuple(notes),
        details={"labels": label_map, "pivots": pivot_map},
    )
