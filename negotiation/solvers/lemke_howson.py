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
"""

from __future__ import annotations

from fractions import Fraction

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers._exact import integer_scaled
from negotiation.solvers.result import Equilibrium, EquilibriumSet
from negotiation.solvers.verify import BimatrixCheck

__all__ = ["LemkeHowsonPath", "lemke_howson", "lemke_howson_all"]


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
    a: list[list[int]], b: list[list[int]], k: int, max_pivots: int
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
    raise SolverError(
        f"Lemke–Howson from label {k} did not finish within {max_pivots} pivots; "
        "use method 'all' (exact enumeration) instead"
    )


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
        Safety cap; the default ``1000 * (m + n)`` is far beyond any path seen in practice.

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
    a_exact, b_exact = game.matrices(exact=True)
    a = [[int(v) for v in row] for row in integer_scaled(a_exact, positive=True)]
    b = [[int(v) for v in row] for row in integer_scaled(b_exact, positive=True)]
    cap = max_pivots if max_pivots is not None else 1000 * len(labels)
    x, y, pivots = _run(a, b, k, cap)
    check = BimatrixCheck(game)
    if not check.is_equilibrium(x, y):
        raise SolverError(
            "Lemke–Howson: the end point failed the exact equilibrium check and was not "
            "reported; please file a bug with the payoff file"
        )
    eq = Equilibrium(game.players, game.moves, (tuple(x), tuple(y)), check.payoffs(x, y))
    return LemkeHowsonPath(k, eq, pivots)


def lemke_howson_all(game: Game, *, max_pivots: int | None = None) -> EquilibriumSet:
    """Run Lemke–Howson from every label; report which labels reach which equilibrium.

    Returns
    -------
    EquilibriumSet
        Method ``"lemke-howson"``, ``complete=False`` (the paths need not reach every
        equilibrium); ``details["labels"]`` maps each dropped label ``"Player:move"`` to
        the index of the equilibrium reached and ``details["pivots"]`` to the path length.

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
    labels = _labels(game)
    found: list[Equilibrium] = []
    label_map: dict[str, int] = {}
    pivot_map: dict[str, int] = {}
    for k, name in enumerate(labels):
        path = lemke_howson(game, k, max_pivots=max_pivots)
        keys = [e.key() for e in found]
        if path.equilibrium.key() in keys:
            index = keys.index(path.equilibrium.key())
        else:
            found.append(path.equilibrium)
            index = len(found) - 1
        label_map[name] = index
        pivot_map[name] = path.pivots
    return EquilibriumSet(
        game,
        "lemke-howson",
        tuple(found),
        complete=False,
        notes=(
            "Lemke–Howson finds some equilibria, not necessarily all; use method 'all' "
            "for every extreme equilibrium",
        ),
        details={"labels": label_map, "pivots": pivot_map},
    )
