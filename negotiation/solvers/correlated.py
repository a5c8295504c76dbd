"""Correlated equilibria by linear programming: welfare-maximising and each player's best.

A correlated equilibrium (Aumann 1974, "Subjectivity and correlation in randomized
strategies", *J. Math. Econ.* 1) is a probability distribution ``p`` over pure profiles
— think of a mediator privately recommending a move to each player — such that no
player gains by disobeying her recommendation:

``Σ_{s: s_i = a} p(s) · (u_i(s) − u_i(a', s_{-i})) >= 0`` for every player ``i`` and
every pair of her moves ``a, a'``.

These constraints are linear, so the set of correlated equilibria is a polytope and the
best one for any linear objective is an LP (Papadimitriou and Roughgarden 2008; Shoham
and Leyton-Brown 2009, *Multiagent Systems*, §4.6). Here: the welfare-maximising
correlated equilibrium (largest sum of payoffs) and, for each player, the one best for
her. Each LP is solved with HiGHS, re-derived exactly and certified by LP duality; the
resulting distribution is checked against every constraint with rational arithmetic.
Works for any number of players.

Bounded: the LP has one variable per pure profile and one sparse constraint per player,
recommended move and alternative (:func:`~negotiation.solvers.budget.correlated_lp_size`);
past :data:`~negotiation.solvers.budget.MAX_LP_NONZEROS` coefficients it is refused. An
optimum whose support has more than
:data:`~negotiation.solvers.budget.MAX_EXACT_LP_UNKNOWNS` profiles is not re-derived
exactly: it is reported in floating point and labelled ``certified=False``
(``"exact": false`` in JSON). With ``max_seconds`` the LPs stop when time runs out and the
result says ``complete=False``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.numbers import exact_text, format_number, format_probabilities
from negotiation.solvers._exact import integer_scaled
from negotiation.solvers._lp import SparseRows, solve_simplex_lp
from negotiation.solvers.budget import (
    MAX_EXACT_LP_UNKNOWNS,
    MAX_LP_NONZEROS,
    Deadline,
    check_max_seconds,
    correlated_lp_size,
)
from negotiation.solvers.scaling import as_json_float, needs_scaling, scaled_game

__all__ = [
    "CorrelatedEquilibrium",
    "CorrelatedResult",
    "correlated_equilibria",
    "correlated_equilibrium",
    "is_correlated_equilibrium",
]


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A distribution over pure profiles that nobody wants to disobey.

    Attributes
    ----------
    objective
        What it maximises: ``"welfare"`` or a player's name.
    distribution
        ``(profile names, probability)`` for every profile with positive probability.
    payoffs
        Each player's expected payoff.
    certified
        True when the LP optimum was certified exactly and the numbers are Fractions;
        otherwise they are HiGHS's floats (``exact=False``), neither verified nor proven
        optimal.
    """

    players: tuple[str, ...]
    objective: str
    distribution: tuple[tuple[tuple[str, ...], Fraction | float], ...]
    payoffs: tuple[Fraction | float, ...]
    certified: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "distribution": [
                {
                    "profile": dict(zip(self.players, prof, strict=True)),
                    "probability": float(p),
                    "probability_exact": str(p) if isinstance(p, Fraction) else None,
                }
                for prof, p in self.distribution
            ],
            "payoffs": {
                p: as_json_float(v) for p, v in zip(self.players, self.payoffs, strict=True)
            },
            "payoffs_exact": {
                p: exact_text(v) if isinstance(v, Fraction) else None
                for p, v in zip(self.players, self.payoffs, strict=True)
            },
            "certified": self.certified,
        }

    def __str__(self) -> str:
        probs = format_probabilities(p for _, p in self.distribution)
        cells = ", ".join(
            f"{t} ({' / '.join(prof)})"
            for (prof, _), t in zip(self.distribution, probs, strict=True)
        )
        pay = ", ".join(
            format_number(v) if isinstance(v, Fraction) else _show(v) for v in self.payoffs
        )
        flag = "" if self.certified else " [NOT CERTIFIED]"
        return f"best for {self.objective}: {cells} -> payoffs {pay}{flag}"


def _show(x: Fraction | float) -> str:
    return format_number(x)


@dataclass(frozen=True)
class CorrelatedResult:
    """The welfare-maximising correlated equilibrium and each player's best one.

    ``complete`` is False when ``max_seconds`` ran out before every player's LP was
    solved: ``best_for`` then lists only those solved.
    """

    game: Game
    welfare: CorrelatedEquilibrium
    best_for: tuple[CorrelatedEquilibrium, ...]
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "correlated",
            "welfare_maximising": self.welfare.to_dict(),
            "best_for_player": {ce.objective: ce.to_dict() for ce in self.best_for},
            "exact": self.welfare.certified and all(c.certified for c in self.best_for),
            "complete": self.complete,
        }

    def __str__(self) -> str:
        lines = [str(c) for c in (self.welfare, *self.best_for)]
        if not self.complete:
            lines.append(
                f"INCOMPLETE: time ran out after {len(self.best_for)} of "
                f"{len(self.game.players)} players' LPs"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def _incentive_rows(game: Game) -> SparseRows:
    """One integer row per (player, recommended move, alternative): gain from disobeying.

    Row ``(i, a, a')`` has, for each profile ``s`` with ``s_i = a``, the coefficient
    ``u_i(a', s_-i) - u_i(s)`` (player ``i``'s payoffs scaled to integers, which changes
    no inequality); zero coefficients are left out.
    """
    size = int(np.prod(game.shape))
    index = np.arange(size).reshape(game.shape)
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for i in range(game.n_players):
        u = np.moveaxis(integer_scaled(game.exact[i]), i, 0).reshape(game.shape[i], -1)
        if u.size and max(abs(int(v)) for v in u.flat) < 2**61:
            u = u.astype(np.int64)  # differences stay below 2**62: exact in int64
        where = np.moveaxis(index, i, 0).reshape(game.shape[i], -1)
        for a in range(game.shape[i]):
            gains = u - u[a]  # row alt: u_i(alt, s_-i) - u_i(a, s_-i)
            for alt in range(game.shape[i]):
                if alt == a:
                    continue
                keep = np.flatnonzero(gains[alt] != 0)
                cols.append(where[a][keep])
                vals.append(gains[alt][keep])
    return SparseRows(size, tuple(cols), tuple(vals))


def _check_size(game: Game) -> None:
    variables, _constraints, nonzeros = correlated_lp_size(game.shape)
    if nonzeros > MAX_LP_NONZEROS:
        shape = "×".join(str(m) for m in game.shape)
        raise SolverError(
            f"the correlated-equilibrium LP of this {shape} game has {variables:,} variables "
            f"and up to {nonzeros:,} coefficients, past the budget of {MAX_LP_NONZEROS:,}; "
            "use a smaller game (e.g. remove dominated moves with --method dominance)"
        )


def is_correlated_equilibrium(game: Game, probabilities: Any) -> bool:
    """Exact check of a distribution over profiles (array shaped like the game).

    >>> chicken = Game.from_matrices([[0, 7], [2, 6]], [[0, 2], [7, 6]])
    >>> third = Fraction(1, 3)
    >>> is_correlated_equilibrium(chicken, [[0, third], [third, third]])
    True
    """
    return _obeyed(_incentive_rows(game), probabilities)


def _obeyed(rows: SparseRows, probabilities: Any) -> bool:
    p = [Fraction(v) for v in np.asarray(probabilities, dtype=object).ravel()]
    if any(v < 0 for v in p) or sum(p) != 1:
        return False
    return all(v <= 0 for v in rows.times(p))


def correlated_equilibrium(
    game: Game, objective: str | int = "welfare", *, common_unit: bool = False
) -> CorrelatedEquilibrium:
    """The correlated equilibrium maximising welfare (default) or one player's payoff.

    *Welfare* adds the players' expected payoffs. Unless ``common_unit`` (all payoffs in
    one unit, ``NegotiationInputs.common_unit``), each player's payoffs are first
    rescaled to ``[0, 1]`` by its own lowest and highest payoff (relative
    utilitarianism, Dhillon & Mertens 1999, *Econometrica* 67(3)), so the choice is
    scale-free: multiplying one side's payoffs by a positive constant picks the same
    equilibrium.

    Examples
    --------
    Chicken with payoffs (Dare, Chicken) as in Aumann (1974) and the Wikipedia
    article "Correlated equilibrium": the welfare-maximising correlated equilibrium
    recommends (Chicken, Chicken) half the time and each asymmetric outcome a quarter,
    giving 21/4 each — more than any Nash equilibrium's total.

    >>> chicken = Game.from_matrices([[0, 7], [2, 6]], [[0, 2], [7, 6]],
    ...                              moves=(("Dare", "Chicken"), ("Dare", "Chicken")))
    >>> print(correlated_equilibrium(chicken))
    best for welfare: 1/4 (Dare / Chicken), 1/4 (Chicken / Dare), 1/2 (Chicken / Chicken) -> payoffs 5.25, 5.25
    """
    _check_size(game)
    return _solve(game, objective, _incentive_rows(game), common_unit)


def welfare_weights(game: Game, common_unit: bool = False) -> np.ndarray:
    """Each cell's welfare: the payoffs' sum, each player's rescaled to ``[0, 1]`` first
    unless ``common_unit`` (exact, object array shaped like one player's payoffs).

    >>> g = Game.from_matrices([[0, 10]], [[1, 0]])
    >>> [str(w) for w in welfare_weights(g).ravel()], [str(w) for w in welfare_weights(g, True).ravel()]
    (['1', '1'], ['1', '10'])
    """
    if common_unit:
        return game.exact.sum(axis=0)
    total = np.zeros(game.shape, dtype=object)
    total[...] = Fraction(0)
    for i in range(game.n_players):
        lo, hi = min(game.exact[i].ravel()), max(game.exact[i].ravel())
        total = total + (game.exact[i] - lo) / ((hi - lo) or 1)
    return total


def _solve(
    game: Game, objective: str | int, rows: SparseRows, common_unit: bool = False
) -> CorrelatedEquilibrium:
    if objective == "welfare":
        c = integer_scaled(welfare_weights(game, common_unit)).ravel()
        name = "welfare"
    else:
        i = game.player_index(objective)
        c = integer_scaled(game.exact[i]).ravel()
        name = game.players[i]
    exact, floats = solve_simplex_lp([int(v) for v in c], rows, max_exact=MAX_EXACT_LP_UNKNOWNS)
    profiles = list(game.profiles())
    probs: list[Fraction | float]
    if exact is not None and _obeyed(rows, exact):
        probs = [*exact]
        payoffs: tuple[Fraction | float, ...] = tuple(
            sum(
                (game.exact[(i, *prof)] * p for prof, p in zip(profiles, probs, strict=True) if p),
                Fraction(0),
            )
            for i in range(game.n_players)
        )
        certified = True
    else:  # HiGHS's floats, labelled as such: never rounded into fake fractions
        kept = [float(v) if v > 1e-12 else 0.0 for v in floats]
        total = sum(kept)
        probs = [v / total for v in kept]
        flat = game.payoffs.reshape(game.n_players, -1)
        payoffs = tuple(float(flat[i] @ np.array(probs)) for i in range(game.n_players))
        certified = False
    dist = tuple(
        (game.profile_names(prof), p) for prof, p in zip(profiles, probs, strict=True) if p
    )
    return CorrelatedEquilibrium(game.players, name, dist, payoffs, certified)


def correlated_equilibria(
    game: Game, *, max_seconds: float | None = None, common_unit: bool = False
) -> CorrelatedResult:
    """Welfare-maximising correlated equilibrium and the best one for each player.

    ``max_seconds``: stop between LPs when it has passed (``complete=False``).
    ``common_unit``: welfare adds the payoffs as they are (one unit for all) instead of
    each player's rescaled to ``[0, 1]`` (see :func:`correlated_equilibrium`).

    In the prisoner's dilemma (Axelrod 1984) the only correlated equilibrium is mutual
    defection, since defecting is dominant whatever is recommended:

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> print(correlated_equilibria(pd))
    best for welfare: 1 (D / D) -> payoffs 1, 1
    best for Row: 1 (D / D) -> payoffs 1, 1
    best for Column: 1 (D / D) -> payoffs 1, 1
    """
    seconds = check_max_seconds(max_seconds)
    deadline = Deadline(seconds)
    _check_size(game)
    if needs_scaling(game):  # the LP is rescaled row by row; refuse what no scaling holds
        scaled_game(game, "correlated")
    rows = _incentive_rows(game)
    welfare = _solve(game, "welfare", rows, common_unit)
    best_for: list[CorrelatedEquilibrium] = []
    for i in range(game.n_players):
        if deadline.expired():
            return CorrelatedResult(game, welfare, tuple(best_for), complete=False)
        best_for.append(_solve(game, i, rows))
    return CorrelatedResult(game, welfare, tuple(best_for))
