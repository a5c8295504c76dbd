"""The disagreement point: what each side gets if talks fail, by a named rule or given.

Nash (1950; 1953, "Two-person cooperative games", *Econometrica* 21, calls it the
*threat point*): a side that does well when talks break down can demand more. Here talks
failing means, by default, that the two sides settle into the **escalation equilibrium**:
among the game's pure Nash equilibria, the one in which both play their most escalatory
moves (moves are listed most conciliatory first). Other rules: ``"worst"`` (the
equilibrium worst for the two together), ``"security"`` (each side's maxmin value — what
it can guarantee alone; von Neumann 1928), ``"threat"`` (Nash's 1953 optimal threats,
:mod:`negotiation.bargaining.threat_game`), a named profile, or numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.bargaining.threat_game import nash_threat_point
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.solvers.pure import pure_equilibrium_profiles
from negotiation.solvers.security import security_levels

__all__ = ["RULES", "Disagreement", "disagreement_point"]

#: the named rules :func:`disagreement_point` knows
RULES = ("escalation", "worst", "security", "threat")


def _security_payoffs(game: Game) -> tuple[tuple[Fraction, ...], bool]:
    """Each player's maxmin value (:func:`negotiation.solvers.security_levels`), and whether
    every one was certified exactly (else it is the LP's float, read as its decimal)."""
    levels = security_levels(game).levels
    exact = all(lv.mixed_value is not None for lv in levels)
    return (
        tuple(
            lv.mixed_value if lv.mixed_value is not None else to_fraction(lv.mixed_value_float)
            for lv in levels
        ),
        exact,
    )


def _security(game: Game, explanation: str) -> Disagreement:
    payoffs, exact = _security_payoffs(game)
    if not exact:
        explanation += " (from a floating-point LP that could not be certified exactly)"
    return Disagreement("security", payoffs, None, explanation)


# ----------------------------------------------------------------------- disagreement
@dataclass(frozen=True)
class Disagreement:
    """The disagreement point: payoffs if talks fail, and how it was chosen."""

    rule: str
    payoffs: tuple[Fraction, ...]
    profile: tuple[str, ...] | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "profile": None if self.profile is None else list(self.profile),
            "payoffs": [float(x) for x in self.payoffs],
            "explanation": self.explanation,
        }


def disagreement_point(
    game: Game,
    rule: str | Sequence[Any] = "escalation",
    *,
    power: Any = Fraction(1, 2),
    escalation: Sequence[Sequence[int]] | None = None,
    common_unit: bool = False,
) -> Disagreement:
    """The payoffs if talks fail, by a named rule or given by the user.

    Parameters
    ----------
    game
        Any finite game (moves most conciliatory first).
    rule
        ``"escalation"`` (default): the pure Nash equilibrium with the most escalatory
        play — the largest sum of each side's move rank, scaled to ``[0, 1]``; ties go to
        the equilibrium with the lower total (rescaled) payoff. ``"worst"``: the pure
        equilibrium with the lowest total payoff. Unless ``common_unit``, each player's
        payoffs are first rescaled to ``[0, 1]`` by its own lowest and highest payoff
        (relative utilitarianism, Dhillon & Mertens 1999), so the totals are scale-free:
        multiplying one side's payoffs by a positive constant picks the same
        equilibrium. Both fall back to ``"security"`` when
        the game has no pure equilibrium. ``"security"``: each side's maxmin value.
        ``"threat"``: Nash's (1953) optimal threats, chosen knowing they decide the
        deal (two players; see :mod:`negotiation.bargaining.threat_game`). A sequence
        of move names: that profile's payoffs. A sequence of numbers: those payoffs.
    power
        Player 1's bargaining power, used by the ``"threat"`` rule.
    escalation
        Per player, each move's escalation rank (0 = most conciliatory), as
        :meth:`negotiation.inputs.NegotiationInputs.escalation_ranks` gives it from a
        file's ``escalation:`` order; default: the order the moves are listed in.
    common_unit
        Whether all payoffs are in one unit (``NegotiationInputs.common_unit``): then the
        totals of the ``"escalation"`` and ``"worst"`` rules add the payoffs as they are.

    Examples
    --------
    In chicken the two pure equilibria have one side swerving. Both are equally
    escalatory and equally good for the pair but favour different sides, so no rule
    should pick one: the security levels are used instead. Name a profile to choose one:

    >>> chicken = Game.from_matrices([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...                              moves=(("swerve", "straight"), ("swerve", "straight")))
    >>> disagreement_point(chicken).rule, disagreement_point(chicken).payoffs
    ('security', (Fraction(-1, 1), Fraction(-1, 1)))
    >>> disagreement_point(chicken, "security").payoffs
    (Fraction(-1, 1), Fraction(-1, 1))
    >>> disagreement_point(chicken, ["straight", "swerve"]).payoffs
    (Fraction(1, 1), Fraction(-1, 1))
    """
    if isinstance(rule, str):
        if rule not in RULES:
            raise GameError(
                f"unknown disagreement rule {rule!r}; use one of {', '.join(RULES)}, "
                "a profile of move names or one payoff per player"
            )
        if rule == "threat":
            tp = nash_threat_point(game, power)
            return Disagreement(
                "threat",
                tp.disagreement,
                None,
                "each side carries out its optimal threat (Nash 1953): "
                + "; ".join(f"{p} {tp.describe(i)}" for i, p in enumerate(tp.players))
                + ("" if tp.exact else " (from a floating-point LP, not certified exactly)"),
            )
        if rule in ("escalation", "worst"):
            eqs = pure_equilibrium_profiles(game)
            if eqs and _has_single_pick(game, eqs, rule, escalation, common_unit):
                return _pick_equilibrium(game, eqs, rule, escalation, common_unit)
            if eqs:
                return _security(
                    game,
                    f"the {rule} rule does not single out one of the {len(eqs)} pure Nash "
                    "equilibria (they tie and favour different sides), so each side's security "
                    "level (maxmin) is used: what it can guarantee alone if talks fail",
                )
            return _security(
                game,
                f"the game has no pure Nash equilibrium, so the {rule} rule falls back to "
                "each side's security level (maxmin): what it can guarantee alone if talks fail",
            )
        return _security(
            game,
            "each side's security level (maxmin): what it can guarantee alone if talks fail",
        )
    values = list(rule)
    if len(values) != game.n_players:
        raise GameError(
            f"a disagreement point gives one move or payoff per player ({game.n_players})"
        )
    if all(isinstance(v, str) and not _is_number(v) for v in values):
        index = game.profile_index(values)
        payoffs = tuple(game.exact[(i, *index)] for i in range(game.n_players))
        return Disagreement(
            "profile",
            payoffs,
            game.profile_names(index),
            "the payoffs of the outcome you named as the state if talks fail",
        )
    try:
        numbers = tuple(to_fraction(v) for v in values)
    except GameError as exc:
        raise GameError(
            "a disagreement point is a rule name, move names or numbers, one per player"
        ) from exc
    return Disagreement("given", numbers, None, "payoffs you gave as the disagreement point")


def _is_number(text: str) -> bool:
    try:
        to_fraction(text)
    except GameError:
        return False
    return True


def _has_single_pick(
    game: Game,
    eqs: list[tuple[int, ...]],
    rule: str,
    escalation: Sequence[Sequence[int]] | None = None,
    common_unit: bool = False,
) -> bool:
    """False when the rule's best equilibria tie but differ in payoffs."""
    keys = _rule_keys(game, rule, escalation, common_unit)
    top = max(keys(idx) for idx in eqs)
    chosen = {
        tuple(game.exact[(i, *idx)] for i in range(game.n_players))
        for idx in eqs
        if keys(idx) == top
    }
    return len(chosen) == 1


def _rule_keys(
    game: Game,
    rule: str,
    escalation: Sequence[Sequence[int]] | None = None,
    common_unit: bool = False,
) -> Callable[[tuple[int, ...]], tuple[float, float]]:
    u = game.payoffs
    if common_unit:  # one unit for all: the payoffs add as they are
        lo = [0.0] * game.n_players
        span = [1.0] * game.n_players
    else:  # each side's payoffs on [0, 1] first: scale-free
        lo = [float(u[i].min()) for i in range(game.n_players)]
        span = [float(u[i].max()) - lo[i] or 1.0 for i in range(game.n_players)]

    def welfare(idx: tuple[int, ...]) -> float:
        return sum((float(u[(i, *idx)]) - lo[i]) / span[i] for i in range(game.n_players))

    ranks = escalation if escalation is not None else [range(n) for n in game.shape]

    def escalation_of(idx: tuple[int, ...]) -> float:
        return sum(
            ranks[i][k] / (n - 1) if n > 1 else 0.0
            for i, (k, n) in enumerate(zip(idx, game.shape, strict=True))
        )

    if rule == "escalation":
        return lambda idx: (round(escalation_of(idx), 12), -round(welfare(idx), 12))
    return lambda idx: (-round(welfare(idx), 12), round(escalation_of(idx), 12))


def _pick_equilibrium(
    game: Game,
    eqs: list[tuple[int, ...]],
    rule: str,
    escalation: Sequence[Sequence[int]] | None = None,
    common_unit: bool = False,
) -> Disagreement:
    keys = _rule_keys(game, rule, escalation, common_unit)
    ranks = escalation if escalation is not None else [range(n) for n in game.shape]
    # equal keys and payoffs: the least escalatory profile in escalation order, so the
    # order the moves are listed in never decides
    best = max(eqs, key=lambda idx: (keys(idx), tuple(-ranks[i][k] for i, k in enumerate(idx))))
    n = f"{len(eqs)} pure Nash equilibri{'um' if len(eqs) == 1 else 'a'}"
    if rule == "escalation":
        text = (
            f"both sides settle into the escalation equilibrium: of the {n}, the one with "
            "the most escalatory moves"
        )
    else:
        text = f"the sides end in the worst of the {n} for the two together"
    payoffs = tuple(game.exact[(i, *best)] for i in range(game.n_players))
    return Disagreement(rule, payoffs, game.profile_names(best), text)
