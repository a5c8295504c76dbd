"""Evolution over moves or strategies: replicator dynamics and the Moran process.

Both take a *meta-game*: a payoff matrix saying what a type earns against each other
type. It can be a stage game (types = moves) or a tournament (types = repeated-game
strategies, payoffs = mean score per turn), so one can ask which negotiating postures
spread when sides imitate what works.

* :func:`replicator_dynamics` -- for an asymmetric game, two populations (one per side,
  e.g. US and China postures) evolve by ``dx_i/dt = x_i ((A y)_i - x·A y)`` and
  ``dy_j/dt = y_j ((xᵀB)_j - xᵀB y)`` (Taylor & Jonker 1978; Hofbauer & Sigmund 1998,
  ch. 10); for a symmetric game or tournament, optionally one population.
* :func:`moran_process` -- a finite population of ``N`` individuals of given types; each
  step one individual reproduces with probability proportional to its fitness and its
  offspring replaces a uniformly chosen individual, until one type takes over (Moran
  1958; Nowak et al. 2004). Fitness is ``exp(w π)`` (Traulsen et al. 2008), positive for
  any payoffs, with ``π`` the mean payoff against the *other* individuals.
* :func:`fixation_probability` -- the exact probability that a single mutant takes over
  a resident population in that process, with an optional seeded simulation estimate.

References
----------
Taylor, P. D. & Jonker, L. B. (1978). Evolutionarily stable strategies and game dynamics.
*Mathematical Biosciences* 40, 145-156.
Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*. CUP.
Moran, P. A. P. (1958). Random processes in genetics. *Proc. Cambridge Phil. Soc.* 54, 60-71.
Nowak, M. A., Sasaki, A., Taylor, C. & Fudenberg, D. (2004). Emergence of cooperation and
evolutionary stability in finite populations. *Nature* 428, 646-650.
Traulsen, A., Shoresh, N. & Nowak, M. A. (2008). Analytical results for individual and
group selection of any intensity. *Bulletin of Mathematical Biology* 70, 1410-1424.
"""

from __future__ import annotations

import html
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.errors import GameError, StrategyError
from negotiation.game import Game
from negotiation.numbers import format_html
from negotiation.repeated.tournament import TournamentResult

__all__ = [
    "FixationResult",
    "MoranResult",
    "ReplicatorResult",
    "fixation_probability",
    "meta_game",
    "moran_process",
    "replicator_dynamics",
]


# ==================================================================== meta-games
@dataclass(frozen=True)
class MetaGame:
    """Payoff matrices between types: ``a[i, j]`` for row type i against column type j.

    ``b`` is the column population's payoff; ``symmetric`` when ``b = aᵀ`` and the types
    agree, so that one population makes sense.
    """

    players: tuple[str, str]
    types: tuple[tuple[str, ...], tuple[str, ...]]
    a: np.ndarray = field(repr=False)
    b: np.ndarray = field(repr=False)

    @property
    def symmetric(self) -> bool:
        return self.types[0] == self.types[1] and bool(np.allclose(self.a, self.b.T))

    def single(self) -> tuple[tuple[str, ...], np.ndarray]:
        """Types and payoff matrix of one population playing both roles.

        Symmetric: ``a``. Otherwise, with equal type lists, each individual plays each
        role half the time: ``(a + bᵀ) / 2``.
        """
        if self.types[0] != self.types[1]:
            raise StrategyError(
                "one population needs the same types for both players; give one pool"
            )
        if self.symmetric:
            return self.types[0], self.a
        return self.types[0], (self.a + self.b.T) / 2


def meta_game(source: Game | TournamentResult | MetaGame) -> MetaGame:
    """The type-vs-type payoffs of a stage game or a tournament (mean score per turn).

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> meta_game(pd).a.tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    """
    if isinstance(source, MetaGame):
        return source
    if isinstance(source, TournamentResult):
        return MetaGame(
            source.players,
            source.pools,
            source.score_matrix(0, per_turn=True),
            source.score_matrix(1, per_turn=True),
        )
    if isinstance(source, Game):
        if source.n_players != 2:
            raise GameError("evolutionary dynamics here need a two-player game")
        a, b = source.matrices()
        return MetaGame(
            (source.players[0], source.players[1]),
            (source.moves[0], source.moves[1]),
            np.array(a, dtype=float),
            np.array(b, dtype=float),
        )
    raise GameError(f"expected a Game or a TournamentResult, got {type(source).__name__}")


# ============================================================ replicator dynamics
@dataclass(frozen=True)
class ReplicatorResult:
    """Population shares over time.

    Attributes
    ----------
    players
        Population names (one entry when ``single_population``).
    types
        Type labels of each population.
    times
        Sample times, shape ``(T,)``.
    shares
        One array per population, shape ``(T, n_types)``; rows sum to 1.
    """

    players: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    times: np.ndarray = field(repr=False)
    shares: tuple[np.ndarray, ...] = field(repr=False)

    @property
    def single_population(self) -> bool:
        return len(self.shares) == 1

    def final(self) -> dict[str, dict[str, float]]:
        """Shares at the last time, ``{population: {type: share}}``."""
        return {
            p: {t: float(s) for t, s in zip(types, shares[-1], strict=True)}
            for p, types, shares in zip(self.players, self.types, self.shares, strict=True)
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "types": [list(t) for t in self.types],
            "times": self.times.tolist(),
            "shares": [s.tolist() for s in self.shares],
            "final": self.final(),
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(p)}</th><td>{esc(t)}</td><td>{format_html(s)}</td></tr>"
            for p, shares in self.final().items()
            for t, s in shares.items()
        )
        return (
            f"<table><caption>Replicator dynamics: shares at t = {self.times[-1]:g}</caption>"
            f"<tr><th>population</th><th>type</th><th>share</th></tr>{rows}</table>"
        )


def _interior(n: int, given: Sequence[float] | None, rng: np.random.Generator | None) -> np.ndarray:
    if given is not None:
        x = np.asarray(given, dtype=float)
        if x.shape != (n,) or np.any(x < 0) or x.sum() <= 0:
            raise GameError(f"initial shares must be {n} non-negative numbers, not all zero")
        return x / x.sum()
    if rng is not None:
        return rng.dirichlet(np.ones(n))
    return np.full(n, 1.0 / n)


def replicator_dynamics(
    source: Game | TournamentResult | MetaGame,
    *,
    x0: Sequence[float] | None = None,
    y0: Sequence[float] | None = None,
    t_max: float = 50.0,
    n_points: int = 201,
    single_population: bool = False,
    seed: int | None = None,
) -> ReplicatorResult:
    """Integrate the (two-population) replicator dynamics.

    Parameters
    ----------
    source
        A two-player game (types = moves) or a tournament (types = strategies).
    x0, y0
        Initial shares of the first and second population (default: uniform, or a
        uniformly random interior point when ``seed`` is given).
    t_max, n_points
        Time horizon and number of samples.
    single_population
        One population playing both roles (symmetric games and single-pool tournaments).
    seed
        Seed for the random initial point.

    Examples
    --------
    In the prisoner's dilemma defection takes over both populations:

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> result = replicator_dynamics(pd, t_max=30)
    >>> {p: round(s["D"], 4) for p, s in result.final().items()}
    {'Row': 1.0, 'Column': 1.0}
    """
    from scipy.integrate import solve_ivp

    game = meta_game(source)
    if t_max <= 0 or n_points < 2:
        raise GameError("t_max must be positive and n_points at least 2")
    rng = np.random.default_rng(seed) if seed is not None else None
    times = np.linspace(0.0, float(t_max), int(n_points))
    if single_population:
        types, m = game.single()
        x = _interior(len(types), x0, rng)

        def one(_t: float, z: np.ndarray) -> np.ndarray:
            fitness = m @ z
            return z * (fitness - z @ fitness)

        sol = solve_ivp(one, (0.0, float(t_max)), x, t_eval=times, rtol=1e-9, atol=1e-12)
        shares = _normalised(sol.y.T)
        return ReplicatorResult(("population",), (types,), sol.t, (shares,))
    a, b = game.a, game.b
    n1, n2 = a.shape
    x = _interior(n1, x0, rng)
    y = _interior(n2, y0, rng)

    def two(_t: float, z: np.ndarray) -> np.ndarray:
        p, q = z[:n1], z[n1:]
        fp = a @ q
        fq = p @ b
        return np.concatenate([p * (fp - p @ fp), q * (fq - fq @ q)])

    sol = solve_ivp(
        two, (0.0, float(t_max)), np.concatenate([x, y]), t_eval=times, rtol=1e-9, atol=1e-12
    )
    return ReplicatorResult(
        game.players,
        game.types,
        sol.t,
        (_normalised(sol.y[:n1].T), _normalised(sol.y[n1:].T)),
    )


def _normalised(shares: np.ndarray) -> np.ndarray:
    shares = np.clip(shares, 0.0, None)
    return shares / shares.sum(axis=1, keepdims=True)


# ================================================================ Moran process
@dataclass(frozen=True)
class MoranResult:
    """One run of the Moran process.

    Attributes
    ----------
    types
        Type labels.
    counts
        Number of individuals of each type after each step, shape ``(steps + 1, n)``.
    fixated
        The type that took over, or ``None`` if ``max_steps`` ran out first.
    seed
        The seed of the run.
    """

    types: tuple[str, ...]
    counts: np.ndarray = field(repr=False)
    fixated: str | None
    seed: int | None

    @property
    def steps(self) -> int:
        return int(self.counts.shape[0] - 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "types": list(self.types),
            "fixated": self.fixated,
            "steps": self.steps,
            "seed": self.seed,
            "counts": self.counts.tolist(),
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        final = self.counts[-1]
        rows = "".join(
            f"<tr><td>{esc(t)}</td><td>{int(c)}</td></tr>"
            for t, c in zip(self.types, final, strict=True)
        )
        caption = f"Moran process: {self.fixated or 'no fixation'} after {self.steps} steps"
        return f"<table><caption>{esc(caption)}</caption>{rows}</table>"


def _single_matrix(
    source: Game | TournamentResult | MetaGame,
) -> tuple[tuple[str, ...], np.ndarray]:
    return meta_game(source).single()


def _initial_counts(
    types: tuple[str, ...], initial: Mapping[str, int] | Sequence[int]
) -> list[int]:
    if isinstance(initial, Mapping):
        unknown = [k for k in initial if k not in types]
        if unknown:
            raise StrategyError(f"unknown type {unknown[0]!r}; types are {', '.join(types)}")
        counts = [int(initial.get(t, 0)) for t in types]
    else:
        counts = [int(c) for c in initial]
        if len(counts) != len(types):
            raise StrategyError(f"give {len(types)} counts, one per type")
    if any(c < 0 for c in counts) or sum(counts) < 2:
        raise StrategyError("a Moran population needs non-negative counts totalling at least 2")
    return counts


def moran_process(
    source: Game | TournamentResult | MetaGame,
    initial: Mapping[str, int] | Sequence[int],
    *,
    selection: float = 1.0,
    max_steps: int = 100_000,
    seed: int | None = None,
) -> MoranResult:
    """Run a birth-death Moran process until one type takes over.

    Parameters
    ----------
    source
        A symmetric game, a tournament with one pool, or a :class:`MetaGame`.
    initial
        Number of individuals of each type, ``{type: count}`` or a list in type order.
    selection
        Intensity of selection ``w`` in fitness ``exp(w π)`` (0 = neutral drift).
    max_steps
        Stop after this many steps even without fixation.
    seed
        Makes the run reproducible.

    Examples
    --------
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> run = moran_process(pd, {"C": 5, "D": 5}, seed=1)
    >>> run.fixated, int(run.counts[-1].sum())
    ('D', 10)
    """
    types, m = _single_matrix(source)
    counts = _initial_counts(types, initial)
    rng = random.Random(seed)
    history = [list(counts)]
    n_total = sum(counts)
    k = len(types)
    fixated = _fixated(types, counts)
    steps = 0
    while fixated is None and steps < max_steps:
        steps += 1
        # mean payoff of each type against the others (self excluded)
        payoff = [
            (sum(m[i][j] * counts[j] for j in range(k)) - m[i][i]) / (n_total - 1) for i in range(k)
        ]
        weights = [counts[i] * math.exp(selection * payoff[i]) for i in range(k)]
        born = _pick(weights, rng)
        died = _pick(counts, rng)
        counts[born] += 1
        counts[died] -= 1
        history.append(list(counts))
        fixated = _fixated(types, counts)
    return MoranResult(types, np.array(history, dtype=np.int64), fixated, seed)


def _pick(weights: Sequence[float], rng: random.Random) -> int:
    total = sum(weights)
    u = rng.random() * total
    acc = 0.0
    last = 0
    for i, w in enumerate(weights):
        if w <= 0:
            continue
        last = i
        acc += w
        if u < acc:
            return i
    return last


def _fixated(types: tuple[str, ...], counts: Sequence[int]) -> str | None:
    alive = [t for t, c in zip(types, counts, strict=True) if c]
    return alive[0] if len(alive) == 1 else None


@dataclass(frozen=True)
class FixationResult:
    """Fixation probability of one mutant in a resident population of size ``N``."""

    mutant: str
    resident: str
    population: int
    selection: float
    exact: float
    simulated: float | None = None
    trials: int = 0

    @property
    def neutral(self) -> float:
        """The neutral benchmark ``1/N``: a mutant doing better than this is favoured."""
        return 1.0 / self.population

    def to_dict(self) -> dict[str, Any]:
        return {
            "mutant": self.mutant,
            "resident": self.resident,
            "population": self.population,
            "selection": self.selection,
            "exact": self.exact,
            "neutral": self.neutral,
            "simulated": self.simulated,
            "trials": self.trials,
        }


def fixation_probability(
    source: Game | TournamentResult | MetaGame,
    mutant: str,
    resident: str,
    population: int,
    *,
    selection: float = 1.0,
    trials: int = 0,
    seed: int | None = None,
) -> FixationResult:
    """Probability that one ``mutant`` takes over ``population - 1`` residents.

    Exact: ``ρ = 1 / (1 + Σ_{k=1}^{N-1} Π_{j=1}^{k} f_R(j) / f_M(j))`` with ``j``
    mutants present (Nowak et al. 2004, eq. 1; Nowak 2006, *Evolutionary Dynamics*,
    §6.2). With ``trials > 0`` it is also estimated by simulation (seeded).

    Examples
    --------
    Neutral drift (``selection = 0``): ``1/N``.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> fixation_probability(pd, "D", "C", 10, selection=0).exact
    0.1
    """
    types, m = _single_matrix(source)
    if mutant not in types or resident not in types or mutant == resident:
        raise StrategyError(
            f"mutant and resident must be two different types of {', '.join(types)}"
        )
    if population < 2:
        raise StrategyError("the population needs at least 2 individuals")
    i, r = types.index(mutant), types.index(resident)
    n = population
    total = 1.0
    product = 1.0
    for j in range(1, n):
        pay_m = ((j - 1) * m[i][i] + (n - j) * m[i][r]) / (n - 1)
        pay_r = (j * m[r][i] + (n - j - 1) * m[r][r]) / (n - 1)
        product *= math.exp(selection * (pay_r - pay_m))
        total += product
    exact = 1.0 / total
    simulated = None
    if trials > 0:
        sub = MetaGame(
            ("population", "population"),
            ((mutant, resident),) * 2,
            np.array([[m[i][i], m[i][r]], [m[r][i], m[r][r]]]),
            np.array([[m[i][i], m[r][i]], [m[i][r], m[r][r]]]),
        )
        seeds = np.random.SeedSequence(seed).generate_state(trials, dtype=np.uint32)
        wins = 0
        for s in seeds:
            run = moran_process(sub, [1, n - 1], selection=selection, seed=int(s))
            wins += run.fixated == mutant
        simulated = wins / trials
    return FixationResult(mutant, resident, n, selection, exact, simulated, trials)
