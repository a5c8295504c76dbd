"""Leverage: what each side can get if talks fail, how much delay hurts it, and its threats.

In bargaining theory a side's leverage has three sources, each computed here and each
shown with its formula by ``negotiation leverage``:

1. **The disagreement point** ``d`` — the payoffs if talks fail (Nash 1950; Nash 1953,
   "Two-person cooperative games", *Econometrica* 21, calls it the *threat point*).
   A side that does well when talks break down can demand more. Here talks failing
   means the two sides settle into the **escalation equilibrium**: among the game's pure
   Nash equilibria, the one in which both play their most escalatory moves (moves are
   listed most conciliatory first). Other rules: ``"worst"`` (the equilibrium worst for
   the two together), ``"security"`` (each side's maxmin value — what it can guarantee
   alone; von Neumann 1928), ``"threat"`` (Nash's 1953 optimal threats: each side
   commits to the threat that moves the deal most its way), a named profile, or numbers.
2. **Patience** — a side that loses more per month of deadlock (a higher discount
   rate ``r_i`` per year) concedes more. With rounds of offers ``Δ`` years apart the
   per-round discount factor is ``δ_i = exp(−r_i Δ)`` and, as offers speed up, the
   alternating-offers outcome becomes the asymmetric Nash solution with bargaining power
   ``α_i = r_j / (r_i + r_j)`` (Binmore, Rubinstein & Wolinsky 1986, *RAND J. Econ.* 17;
   Muthoo 1999, *Bargaining Theory with Applications*, ch. 2–3). In a scenario the rates
   come from the pressures (``parameters.<player>.discount_rate``); for a plain payoff
   file they are given as options, or patience is taken as equal and said so.
3. **Threats** — Schelling (1960, *The Strategy of Conflict*, ch. 2 and 5): a threat
   persuades in proportion to the harm it does the other side and is credible in
   inverse proportion to what it costs the side making it. For each move ``t`` of
   player ``i`` we measure, against a reference (by default the most conciliatory
   outcome, both sides' first moves; or a named outcome such as the actual status quo;
   or the Nash deal), the cost imposed on the other side
   ``C_j(t)`` and the cost borne ``C_i(t)``; the threat power is the best move's share
   of the pain falling on the other side, ``C_j / (C_j + max(C_i, 0))`` in ``[0, 1]``
   (1: a free threat; 1/2: it hurts both equally; 0: no move hurts the other side).

**Chokepoint dependence** — the share of a critical input a side can only get from the
other (Keohane & Nye 1977, *Power and Interdependence*, ch. 1: asymmetric
interdependence as a source of power; Farrell & Newman 2019, "Weaponized
interdependence", *Int. Security* 44) — is a scenario parameter
(``parameters.<player>.dependence``). It is reported, and acts through the scenario's
formulas (on payoffs and on the discount rate), not through a second formula here.

Bargaining power ``α`` depends on patience alone; the disagreement point and the shape
of the feasible deals (where threats and dependence act) decide what that power buys —
see :mod:`negotiation.bargaining`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.numbers import format_number

__all__ = [
    "DEFAULT_PERIOD",
    "DEFAULT_RATE",
    "Disagreement",
    "Leverage",
    "PlayerLeverage",
    "Threat",
    "disagreement_point",
    "leverage",
    "pure_equilibria",
    "security_levels",
    "threats",
]

#: default length of one round of offers, in years (one month)
DEFAULT_PERIOD = Fraction(1, 12)
#: discount rate per year assumed for every player when nothing says otherwise
DEFAULT_RATE = Fraction(1, 10)

RULES = ("escalation", "worst", "security", "threat")


# --------------------------------------------------------------------------- helpers
def pure_equilibria(game: Game) -> list[tuple[int, ...]]:
    """Index tuples of the pure Nash equilibria (delegates to :mod:`negotiation.solvers`).

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pure_equilibria(pd)
    [(1, 1)]
    """
    from negotiation.solvers.pure import pure_equilibrium_profiles

    return pure_equilibrium_profiles(game)


def security_levels(game: Game) -> tuple[Fraction, ...]:
    """Each player's maxmin value: the payoff it can guarantee whatever the others do.

    Mixed strategies allowed, one certified linear program each (von Neumann 1928;
    :func:`negotiation.solvers.security.security_levels`).

    >>> chicken = Game.from_matrices([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    >>> security_levels(chicken)
    (Fraction(-1, 1), Fraction(-1, 1))
    """
    from negotiation.solvers.security import security_levels as solve_security

    levels = solve_security(game).levels
    return tuple(
        lv.mixed_value
        if lv.mixed_value is not None
        else Fraction(lv.mixed_value_float).limit_denominator(10**9)
        for lv in levels
    )


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
    game: Game, rule: str | Sequence[Any] = "escalation", *, power: Any = Fraction(1, 2)
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
        equilibrium with the lowest total payoff, each player's payoffs first rescaled
        to ``[0, 1]`` so no side's units dominate. Both fall back to ``"security"`` when
        the game has no pure equilibrium. ``"security"``: each side's maxmin value.
        ``"threat"``: Nash's (1953) optimal threats, chosen knowing they decide the
        deal (two players; see :mod:`negotiation.bargaining.threat_game`). A sequence
        of move names: that profile's payoffs. A sequence of numbers: those payoffs.
    power
        Player 1's bargaining power, used by the ``"threat"`` rule.

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
            from negotiation.bargaining.threat_game import nash_threat_point

            tp = nash_threat_point(game, power)
            return Disagreement(
                "threat",
                tp.disagreement,
                None,
                "each side carries out its optimal threat (Nash 1953): "
                + "; ".join(f"{p} {tp.describe(i)}" for i, p in enumerate(tp.players)),
            )
        if rule in ("escalation", "worst"):
            eqs = pure_equilibria(game)
            if eqs and _has_single_pick(game, eqs, rule):
                return _pick_equilibrium(game, eqs, rule)
            if eqs:
                return Disagreement(
                    "security",
                    security_levels(game),
                    None,
                    f"the {rule} rule does not single out one of the {len(eqs)} pure Nash "
                    "equilibria (they tie and favour different sides), so each side's security "
                    "level (maxmin) is used: what it can guarantee alone if talks fail",
                )
            sec = security_levels(game)
            return Disagreement(
                "security",
                sec,
                None,
                f"the game has no pure Nash equilibrium, so the {rule} rule falls back to "
                "each side's security level (maxmin): what it can guarantee alone if talks fail",
            )
        return Disagreement(
            "security",
            security_levels(game),
            None,
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


def _has_single_pick(game: Game, eqs: list[tuple[int, ...]], rule: str) -> bool:
    """False when the rule's best equilibria tie but differ in payoffs."""
    keys = _rule_keys(game, rule)
    top = max(keys(idx) for idx in eqs)
    chosen = {
        tuple(game.exact[(i, *idx)] for i in range(game.n_players))
        for idx in eqs
        if keys(idx) == top
    }
    return len(chosen) == 1


def _rule_keys(game: Game, rule: str) -> Any:
    u = game.payoffs
    lo = [float(u[i].min()) for i in range(game.n_players)]
    span = [float(u[i].max()) - lo[i] or 1.0 for i in range(game.n_players)]

    def welfare(idx: tuple[int, ...]) -> float:
        return sum((float(u[(i, *idx)]) - lo[i]) / span[i] for i in range(game.n_players))

    def escalation(idx: tuple[int, ...]) -> float:
        return sum(k / (n - 1) if n > 1 else 0.0 for k, n in zip(idx, game.shape, strict=True))

    if rule == "escalation":
        return lambda idx: (round(escalation(idx), 12), -round(welfare(idx), 12))
    return lambda idx: (-round(welfare(idx), 12), round(escalation(idx), 12))


def _pick_equilibrium(game: Game, eqs: list[tuple[int, ...]], rule: str) -> Disagreement:
    best = max(eqs, key=_rule_keys(game, rule))
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


# ---------------------------------------------------------------------------- threats
@dataclass(frozen=True)
class Threat:
    """A player's most persuasive threat against a reference deal.

    ``cost_imposed`` is the loss to the other side(s) and ``cost_borne`` the player's own
    loss when it switches to ``move`` while the other side keeps to the reference; both
    in payoff units. ``power = cost_imposed / (cost_imposed + max(cost_borne, 0))``.
    """

    player: str
    move: str
    cost_imposed: Fraction
    cost_borne: Fraction
    power: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "move": self.move,
            "cost_imposed": float(self.cost_imposed),
            "cost_borne": float(self.cost_borne),
            "threat_power": float(self.power),
        }


def threats(
    game: Game, reference: Mapping[tuple[int, ...], Any] | None = None
) -> dict[str, Threat | None]:
    """Each player's most persuasive threat (Schelling 1960) against a reference.

    Parameters
    ----------
    game
        Any finite game.
    reference
        A lottery ``{profile index tuple: probability}`` describing the deal threatened;
        default: the most conciliatory outcome, everyone's first move (all indices 0).

    Returns
    -------
    dict
        ``{player: Threat or None}`` — ``None`` when no move of the player hurts the others.

    Examples
    --------
    In the prisoner's dilemma (Axelrod 1984), defecting from mutual cooperation costs
    the other side 3 and gains the defector 2: a free threat, power 1.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> t = threats(pd)["Row"]
    >>> t.move, t.cost_imposed, t.cost_borne, t.power
    ('D', Fraction(3, 1), Fraction(-2, 1), Fraction(1, 1))
    """
    ref = reference or {tuple(0 for _ in game.shape): Fraction(1)}
    ref_f = {tuple(k): to_fraction(p) for k, p in ref.items()}
    u = game.exact
    out: dict[str, Threat | None] = {}
    for i, name in enumerate(game.players):
        others = [k for k in range(game.n_players) if k != i]
        best: Threat | None = None
        for t in range(game.shape[i]):
            imposed = Fraction(0)
            borne = Fraction(0)
            for idx, p in ref_f.items():
                dev = list(idx)
                dev[i] = t
                dev_t = tuple(dev)
                imposed += p * sum((u[(j, *idx)] - u[(j, *dev_t)] for j in others), Fraction(0))
                borne += p * (u[(i, *idx)] - u[(i, *dev_t)])
            if imposed <= 0:
                continue
            power = imposed / (imposed + max(borne, Fraction(0)))
            cand = Threat(name, game.moves[i][t], imposed, borne, power)
            if best is None or (power, imposed) > (best.power, best.cost_imposed):
                best = cand
        out[name] = best
    return out


# --------------------------------------------------------------------------- leverage
@dataclass(frozen=True)
class PlayerLeverage:
    """One player's leverage; see :mod:`negotiation.leverage` for every formula.

    Attributes
    ----------
    player
        Name.
    discount_rate
        ``r_i``: fraction of a deal's value lost per year of deadlock.
    discount_factor
        ``δ_i = exp(−r_i Δ)`` per round of offers.
    bargaining_power
        ``α_i = (1/r_i) / Σ_j (1/r_j)``; for two players ``r_j / (r_i + r_j)``.
    disagreement_payoff
        ``d_i``: payoff if talks fail.
    threat
        The most persuasive threat (or ``None``); ``threat_power`` is its power or 0.
    dependence
        Chokepoint dependence in ``[0, 1]`` (scenario parameter) or ``None``.
    patience_source
        Where ``r_i`` came from, in words.
    rate_inputs
        For a scenario: the formula of ``r_i`` and the pressures it uses.
    """

    player: str
    discount_rate: Fraction
    discount_factor: float
    bargaining_power: Fraction
    disagreement_payoff: Fraction
    threat: Threat | None
    dependence: float | None
    patience_source: str
    rate_inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def threat_power(self) -> Fraction:
        return self.threat.power if self.threat is not None else Fraction(0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "discount_rate": float(self.discount_rate),
            "discount_factor": self.discount_factor,
            "bargaining_power": float(self.bargaining_power),
            "disagreement_payoff": float(self.disagreement_payoff),
            "threat_power": float(self.threat_power),
            "threat": None if self.threat is None else self.threat.to_dict(),
            "dependence": self.dependence,
            "patience_source": self.patience_source,
            "discount_rate_inputs": self.rate_inputs,
        }


@dataclass(frozen=True)
class Leverage:
    """Every player's leverage, with the choices behind it.

    Attributes
    ----------
    players
        Player names, in the game's order.
    per_player
        ``{player: PlayerLeverage}``.
    disagreement
        The disagreement point and the rule that chose it.
    period
        Length of one round of offers ``Δ``, in years.
    threat_reference
        What threats are measured against, in words.
    notes
        Assumptions the user should know about (e.g. equal patience assumed).
    """

    players: tuple[str, ...]
    per_player: dict[str, PlayerLeverage]
    disagreement: Disagreement
    period: Fraction
    threat_reference: str
    notes: tuple[str, ...] = ()

    def __getitem__(self, player: str) -> PlayerLeverage:
        return self.per_player[player]

    @property
    def bargaining_power(self) -> tuple[Fraction, ...]:
        return tuple(self.per_player[p].bargaining_power for p in self.players)

    @property
    def disagreement_payoffs(self) -> tuple[Fraction, ...]:
        return self.disagreement.payoffs

    @property
    def discount_factors(self) -> tuple[float, ...]:
        return tuple(self.per_player[p].discount_factor for p in self.players)

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": {p: self.per_player[p].to_dict() for p in self.players},
            "disagreement": self.disagreement.to_dict(),
            "period_years": float(self.period),
            "threat_reference": self.threat_reference,
            "notes": list(self.notes),
        }

    def rows(self) -> list[dict[str, Any]]:
        """The leverage table: one row per quantity with its unit, meaning and values.

        Used by ``negotiation leverage`` and :meth:`_repr_html_`; values are strings.
        """
        months = float(self.period) * 12
        rows: list[dict[str, Any]] = []

        def add(label: str, unit: str, meaning: str, values: list[str]) -> None:
            rows.append(
                {
                    "label": label,
                    "unit": unit,
                    "meaning": meaning,
                    "values": dict(zip(self.players, values, strict=True)),
                }
            )

        pl = [self.per_player[p] for p in self.players]
        add(
            "disagreement payoff d",
            "payoff units",
            f"what each side gets if talks fail: {self.disagreement.explanation}"
            + (f" ({' / '.join(self.disagreement.profile)})" if self.disagreement.profile else ""),
            [_short(x.disagreement_payoff) for x in pl],
        )
        add(
            "discount rate r",
            "per year",
            "share of a deal's value lost per year of deadlock (higher = less patient)",
            [f"{float(x.discount_rate):.4g}" for x in pl],
        )
        add(
            "discount factor δ",
            f"per round of {months:g} month{'s' if months != 1 else ''}",
            "value kept after one more round of offers, δ = exp(−r Δ) "
            "(Binmore, Rubinstein & Wolinsky 1986)",
            [f"{x.discount_factor:.4f}" for x in pl],
        )
        add(
            "bargaining power α",
            "share, sums to 1",
            "weight in the Nash bargain from relative patience, α_i = r_j / (r_i + r_j) "
            "(BRW 1986): the more patient side has more",
            [f"{float(x.bargaining_power):.4f}" for x in pl],
        )
        add(
            "threat power",
            "0 to 1",
            f"best threat's share of the pain on the other side, C_other / (C_other + C_own), "
            f"measured against {self.threat_reference} (Schelling 1960); 1 = costless threat",
            [
                "0 (no move hurts the other side)"
                if x.threat is None
                else f"{float(x.threat.power):.3f} ({x.threat.move}: costs the other "
                f"{_short(x.threat.cost_imposed)}, "
                + (
                    f"costs itself {_short(x.threat.cost_borne)})"
                    if x.threat.cost_borne >= 0
                    else f"even gains it {_short(-x.threat.cost_borne)})"
                )
                for x in pl
            ],
        )
        add(
            "chokepoint dependence",
            "0 to 1",
            "share of a critical input that only the other side supplies "
            "(Keohane & Nye 1977); acts through the scenario's payoffs and discount rate",
            ["not modelled" if x.dependence is None else f"{x.dependence:.3g}" for x in pl],
        )
        add(
            "where r comes from",
            "",
            "the pressures and formula behind the discount rate",
            [_describe_rate(x) for x in pl],
        )
        return rows

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(p)}</th>" for p in self.players)
        body = "".join(
            f"<tr><th>{esc(r['label'])}</th><td>{esc(r['unit'])}</td>"
            + "".join(f"<td>{esc(r['values'][p])}</td>" for p in self.players)
            + f"<td>{esc(r['meaning'])}</td></tr>"
            for r in self.rows()
        )
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return (
            f"<table><caption>Leverage</caption><thead><tr><th>quantity</th><th>unit</th>"
            f"{head}<th>meaning</th></tr></thead><tbody>{body}</tbody></table>"
            + (f"<ul>{notes}</ul>" if notes else "")
        )


def _short(value: Any) -> str:
    """Exact text for simple numbers, 4 significant digits marked ≈ for messy ones."""
    return format_number(to_fraction(value))


def _describe_rate(x: PlayerLeverage) -> str:
    if x.rate_inputs.get("formula"):
        used = ", ".join(x.rate_inputs.get("pressures", [])) or "no pressures"
        return f"{x.rate_inputs['formula']} (uses {used})"
    return x.patience_source


def _per_player(
    value: Mapping[str, Any] | Sequence[Any] | None, players: Sequence[str], what: str
) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in players]
        if unknown:
            raise GameError(
                f"unknown player {unknown[0]!r} in {what}; players are {', '.join(players)}"
            )
        missing = [p for p in players if p not in value]
        if missing:
            raise GameError(f"{what} missing for {', '.join(missing)}")
        return [value[p] for p in players]
    items = list(value)
    if len(items) != len(players):
        raise GameError(f"give one {what} per player ({len(players)})")
    return items


def leverage(
    source: Any,
    *,
    disagreement: str | Sequence[Any] = "escalation",
    discount_rates: Mapping[str, Any] | Sequence[Any] | None = None,
    discount_factors: Mapping[str, Any] | Sequence[Any] | None = None,
    period: Any = DEFAULT_PERIOD,
    dependence: Mapping[str, Any] | Sequence[Any] | None = None,
    threat_reference: str | Sequence[str] | None = None,
) -> Leverage:
    """Each player's leverage in a game or scenario.

    Parameters
    ----------
    source
        A :class:`~negotiation.game.Game`, or a scenario (an object with ``game`` and
        ``parameters`` — :class:`negotiation.scenario.Scenario`), whose
        ``parameters[player]["discount_rate"]`` and ``["dependence"]`` are used.
    disagreement
        Rule or value for the disagreement point; see :func:`disagreement_point`.
    discount_rates
        Per-year rates ``r_i`` (override the scenario's); per player, by name or order.
    discount_factors
        Per-round factors ``δ_i`` instead of rates (``r_i = −ln δ_i / Δ``).
    period
        Length ``Δ`` of one round of offers in years (default one month).
    dependence
        Chokepoint dependence per player (overrides the scenario's).
    threat_reference
        ``"conciliatory"`` (both sides' most conciliatory moves), ``"deal"`` (the
        asymmetric Nash deal, a lottery over outcomes; two players only) or a profile
        of move names. By default: the scenario's ``status_quo`` when it declares one,
        else ``"conciliatory"``.

    Returns
    -------
    Leverage

    Examples
    --------
    The prisoner's dilemma with the US losing 10% a year to deadlock and China 5%:
    China, the more patient side, gets bargaining power ``0.10 / (0.10 + 0.05) = 2/3``.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         players=("US", "China"),
    ...                         moves=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> lev = leverage(pd, discount_rates={"US": 0.10, "China": 0.05})
    >>> lev["China"].bargaining_power, lev["China"].disagreement_payoff
    (Fraction(2, 3), Fraction(1, 1))
    >>> round(lev["US"].discount_factor, 4)   # exp(-0.10 / 12)
    0.9917
    """
    game: Game = source.game if hasattr(source, "game") else source
    if not isinstance(game, Game):
        raise GameError("leverage needs a Game or a scenario")
    players = game.players
    params: Mapping[str, Mapping[str, Any]] = getattr(source, "parameters", {}) or {}
    quantities: Mapping[str, Mapping[str, Any]] = getattr(source, "quantities", {}) or {}
    dt = to_fraction(period)
    if dt <= 0:
        raise GameError("the round length (period) must be positive")
    notes: list[str] = []

    rates_given = _per_player(discount_rates, players, "discount rate")
    factors_given = _per_player(discount_factors, players, "discount factor")
    if rates_given is not None and factors_given is not None:
        raise GameError("give discount rates or discount factors, not both")
    rates: list[Fraction] = []
    sources: list[str] = []
    inputs: list[dict[str, Any]] = []
    for k, p in enumerate(players):
        info: dict[str, Any] = {}
        if rates_given is not None:
            r, src = to_fraction(rates_given[k]), "given as an option"
        elif factors_given is not None:
            delta = float(to_fraction(factors_given[k]))
            if not 0 < delta <= 1:
                raise GameError(f"discount factor for {p} must lie in (0, 1], got {delta}")
            r = to_fraction(-math.log(delta) / float(dt))
            src = f"from the given discount factor δ = {delta:g} per round"
        elif "discount_rate" in params.get(p, {}):
            r = to_fraction(params[p]["discount_rate"])
            src = "scenario parameter discount_rate (from the pressures)"
            q = quantities.get(p, {}).get("parameters.discount_rate")
            if q is not None:
                info = {
                    "formula": getattr(q, "formula", ""),
                    "pressures": [f"{a}.{b}" for a, b in getattr(q, "pressures", ())],
                }
        else:
            r, src = DEFAULT_RATE, "equal patience assumed (no discount rate given)"
        if r < 0:
            raise GameError(f"discount rate for {p} must be non-negative, got {float(r)}")
        rates.append(r)
        sources.append(src)
        inputs.append(info)
    if all(s.startswith("equal patience") for s in sources):
        notes.append(
            f"No discount rates given: both sides are assumed equally patient "
            f"(r = {float(DEFAULT_RATE):g} per year), so bargaining power is split evenly. "
            "Pass --discount-rate PLAYER=R (or discount_rates=) to change this."
        )
    elif any(s.startswith("equal patience") for s in sources):
        notes.append(
            f"Some players have no discount rate; they are given r = {float(DEFAULT_RATE):g} "
            "per year."
        )

    from negotiation.bargaining.rubinstein import discount_factor, patience_power

    power = patience_power(rates)
    factors = [discount_factor(r, dt) for r in rates]

    dep_given = _per_player(dependence, players, "dependence")
    deps: list[float | None] = []
    for k, p in enumerate(players):
        if dep_given is not None:
            deps.append(float(dep_given[k]))
        elif "dependence" in params.get(p, {}):
            deps.append(float(params[p]["dependence"]))
        else:
            deps.append(None)

    dis = disagreement_point(game, disagreement, power=power[0])

    if threat_reference is None:
        status_quo = getattr(source, "status_quo", None)
        threat_reference = "conciliatory" if status_quo is None else status_quo
    ref: dict[tuple[int, ...], Fraction] | None
    if threat_reference == "conciliatory":
        ref = None
        ref_text = "the most conciliatory outcome (" + " / ".join(m[0] for m in game.moves) + ")"
    elif threat_reference == "deal":
        if game.n_players != 2:
            raise GameError("threats against the deal are measured in two-player games")
        from negotiation.bargaining.nash import nash_bargaining

        sol = nash_bargaining(game, dis.payoffs, power[0])
        ref = {game.profile_index(prof): prob for prof, prob in sol.lottery.items()}
        ref_text = (
            "the Nash deal ("
            + "; ".join(
                f"{format_number(prob)} × {' / '.join(prof)}" for prof, prob in sol.lottery.items()
            )
            + ")"
        )
    elif not isinstance(threat_reference, str) and len(threat_reference) == game.n_players:
        index = game.profile_index(list(threat_reference))
        ref = {index: Fraction(1)}
        names = " / ".join(game.profile_names(index))
        is_status_quo = tuple(game.profile_names(index)) == getattr(source, "status_quo", None)
        ref_text = f"the status quo ({names})" if is_status_quo else f"the outcome {names}"
    else:
        raise GameError(
            f"unknown threat reference {threat_reference!r}; use 'conciliatory', 'deal' or "
            "one move per player"
        )
    th = threats(game, ref)

    per = {
        p: PlayerLeverage(
            player=p,
            discount_rate=rates[k],
            discount_factor=factors[k],
            bargaining_power=power[k],
            disagreement_payoff=dis.payoffs[k],
            threat=th[p],
            dependence=deps[k],
            patience_source=sources[k],
            rate_inputs=inputs[k],
        )
        for k, p in enumerate(players)
    }
    return Leverage(
        players=players,
        per_player=per,
        disagreement=dis,
        period=dt,
        threat_reference=ref_text,
        notes=tuple(notes),
    )
