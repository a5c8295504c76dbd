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
see :mod:`negotiation.bargaining`. The disagreement point is computed by
:mod:`negotiation.bargaining.disagreement` and the threats by
:mod:`negotiation.bargaining.threats`; this module joins them with patience.

The inputs beyond the game — discount rates and dependence with where they came from,
the status quo — arrive as one :class:`~negotiation.inputs.NegotiationInputs`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.bargaining.describe import describe_leverage
from negotiation.bargaining.disagreement import Disagreement, disagreement_point
from negotiation.bargaining.nash import nash_bargaining
from negotiation.bargaining.rubinstein import discount_factor, patience_power
from negotiation.bargaining.threats import Threat, move_threats, threats
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.inputs import GIVEN, NegotiationInputs
from negotiation.numbers import format_number, format_numbers
from negotiation.solvers.scaling import require_float_range

__all__ = [
    "DEFAULT_PERIOD",
    "DEFAULT_RATE",
    "Leverage",
    "PlayerLeverage",
    "leverage",
]

#: default length of one round of offers, in years (one month)
DEFAULT_PERIOD = Fraction(1, 12)
#: discount rate per year assumed for every player when nothing says otherwise
DEFAULT_RATE = Fraction(1, 10)


# --------------------------------------------------------------------------- leverage
@dataclass(frozen=True)
class PlayerLeverage:
    """One player's leverage; see :mod:`negotiation.bargaining.leverage` for every formula.

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
        The most persuasive move against the reference (or ``None``);
        ``threat_power`` is its power or 0.
    moves
        Every move that hurts the other side, each a warning or a threat and credible or
        not (Schelling 1960; :func:`negotiation.bargaining.threats.move_threats`).
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
    moves: tuple[Threat, ...] = ()

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
            "warnings": [t.to_dict() for t in self.moves if t.kind == "warning"],
            "threats": [t.to_dict() for t in self.moves if t.kind == "threat"],
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
            _group([x.discount_rate for x in pl]),
        )
        add(
            "discount factor δ",
            f"per round of {months:g} month{'s' if months != 1 else ''}",
            "value kept after one more round of offers, δ = exp(−r Δ) "
            "(Binmore, Rubinstein & Wolinsky 1986)",
            _group([x.discount_factor for x in pl]),
        )
        add(
            "bargaining power α",
            "share, sums to 1",
            "weight in the Nash bargain from relative patience, α_i = r_j / (r_i + r_j) "
            "(BRW 1986): the more patient side has more",
            _group([x.bargaining_power for x in pl]),
        )
        add(
            "threat power",
            "0 to 1",
            f"share of the other side's payoff range its most persuasive move takes away, "
            f"measured against {self.threat_reference}; a warning is in the mover's own "
            f"interest, a threat costs it, credible = a best response once defied "
            f"(Schelling 1960)",
            [
                "0 (no move hurts the other side)"
                if x.threat is None
                else f"{_short(x.threat.power)} ({x.threat.move}, a "
                + ("credible " if x.threat.credible else "non-credible ")
                + f"{x.threat.kind}: costs the other {_short(x.threat.cost_imposed)}, "
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
            ["not modelled" if x.dependence is None else _short(x.dependence) for x in pl],
        )
        add(
            "where r comes from",
            "",
            "the pressures and formula behind the discount rate",
            [_describe_rate(x) for x in pl],
        )
        return rows

    def __str__(self) -> str:
        """The same text as ``negotiation leverage``."""
        return describe_leverage(self)

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


def _group(values: Sequence[Any]) -> list[str]:
    """One row of the table (a value per player) in one style."""
    return format_numbers([to_fraction(v) for v in values])


def _describe_rate(x: PlayerLeverage) -> str:
    if x.rate_inputs.get("formula"):
        used = ", ".join(x.rate_inputs.get("pressures", [])) or "no pressures"
        return f"{x.rate_inputs['formula']} (uses {used})"
    return x.patience_source


def leverage(
    game: Game,
    inputs: NegotiationInputs | None = None,
    *,
    disagreement: str | Sequence[Any] = "escalation",
    discount_factors: Mapping[str, Any] | Sequence[Any] | None = None,
    period: Any = DEFAULT_PERIOD,
    threat_reference: str | Sequence[str] | None = None,
) -> Leverage:
    """Each player's leverage in a game, given what is known beyond the game.

    Parameters
    ----------
    game
        Any finite game (moves most conciliatory first).
    inputs
        The discount rates and dependence (with their provenance) and the status quo;
        default :meth:`NegotiationInputs.defaults` (equal patience, said so).
    disagreement
        Rule or value for the disagreement point; see
        :func:`~negotiation.bargaining.disagreement.disagreement_point`.
    discount_factors
        Per-round factors ``δ_i`` instead of the inputs' rates (``r_i = −ln δ_i / Δ``);
        per player, by name or order.
    period
        Length ``Δ`` of one round of offers in years (default one month).
    threat_reference
        ``"conciliatory"`` (both sides' most conciliatory moves), ``"deal"`` (the
        asymmetric Nash deal, a lottery over outcomes; two players only) or a profile
        of move names. By default: the inputs' ``status_quo`` when there is one, else
        ``"conciliatory"``.

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
    >>> inputs = NegotiationInputs.defaults(pd).with_values(
    ...     discount_rates={"US": 0.10, "China": 0.05})
    >>> lev = leverage(pd, inputs)
    >>> lev["China"].bargaining_power, lev["China"].disagreement_payoff
    (Fraction(2, 3), Fraction(1, 1))
    >>> round(lev["US"].discount_factor, 4)   # exp(-0.10 / 12)
    0.9917
    """
    if not isinstance(game, Game):
        raise GameError("leverage needs a Game (load a scenario with negotiation.workflows)")
    require_float_range(game, "leverage")
    players = game.players
    if inputs is None:
        inputs = NegotiationInputs.defaults(game)
    elif inputs.players != players:
        raise GameError(
            f"the inputs are for players {', '.join(inputs.players)}, the game has "
            f"{', '.join(players)}"
        )
    dt = to_fraction(period)
    if dt <= 0:
        raise GameError("the round length (period) must be positive")
    notes: list[str] = []

    factors_given = _per_player(discount_factors, players, "discount factor")
    if factors_given is not None and any(r.source == GIVEN for r in inputs.discount_rates.values()):
        raise GameError("give discount rates or discount factors, not both")
    rates: list[Fraction] = []
    sources: list[str] = []
    rate_inputs: list[dict[str, Any]] = []
    for k, p in enumerate(players):
        info: dict[str, Any] = {}
        stated = inputs.discount_rates.get(p)
        if factors_given is not None:
            delta = float(to_fraction(factors_given[k]))
            if not 0 < delta <= 1:
                raise GameError(f"discount factor for {p} must lie in (0, 1], got {delta}")
            r = to_fraction(-math.log(delta) / float(dt))
            src = f"from the given discount factor δ = {delta:g} per round"
        elif stated is not None:
            r, src = to_fraction(stated.value), stated.source
            if stated.source != GIVEN and stated.formula:
                info = {"formula": stated.formula, "pressures": list(stated.pressures)}
        else:
            r, src = DEFAULT_RATE, "equal patience assumed (no discount rate given)"
        if r < 0:
            raise GameError(f"discount rate for {p} must be non-negative, got {float(r)}")
        rates.append(r)
        sources.append(src)
        rate_inputs.append(info)
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

    power = patience_power(rates)
    factors = [discount_factor(r, dt) for r in rates]
    deps: list[float | None] = [
        float(inputs.dependence[p].value) if p in inputs.dependence else None for p in players
    ]
    ranks = inputs.escalation_ranks(game)  # the file's escalation order, else move order
    dis = disagreement_point(
        game, disagreement, power=power[0], escalation=ranks, common_unit=inputs.common_unit
    )
    ref, ref_text = _threat_reference(game, inputs, threat_reference, dis, power[0])
    th = threats(game, ref, escalation=ranks)
    classified = move_threats(game, ref, escalation=ranks)

    per = {
        p: PlayerLeverage(
            player=p,
            discount_rate=rates[k],
            discount_factor=factors[k],
            bargaining_power=power[k],
            disagreement_payoff=dis.payoffs[k],
            threat=th[p],
            moves=tuple(classified[p]),
            dependence=deps[k],
            patience_source=sources[k],
            rate_inputs=rate_inputs[k],
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


def _threat_reference(
    game: Game,
    inputs: NegotiationInputs,
    reference: str | Sequence[str] | None,
    dis: Disagreement,
    power: Fraction,
) -> tuple[dict[tuple[int, ...], Fraction] | None, str]:
    """The lottery threats are measured against, and its description in words."""
    if reference is None:
        reference = "conciliatory" if inputs.status_quo is None else inputs.status_quo
    if reference == "conciliatory":
        index = inputs.most_conciliatory(game)
        return {index: Fraction(1)}, (
            "the most conciliatory outcome (" + " / ".join(game.profile_names(index)) + ")"
        )
    if reference == "deal":
        if game.n_players != 2:
            raise GameError("threats against the deal are measured in two-player games")
        sol = nash_bargaining(game, dis.payoffs, power)
        lottery = {game.profile_index(prof): prob for prof, prob in sol.lottery.items()}
        return lottery, (
            "the Nash deal ("
            + "; ".join(
                f"{format_number(prob)} × {' / '.join(prof)}" for prof, prob in sol.lottery.items()
            )
            + ")"
        )
    if not isinstance(reference, str) and len(reference) == game.n_players:
        index = game.profile_index(list(reference))
        names = " / ".join(game.profile_names(index))
        if tuple(game.profile_names(index)) == inputs.status_quo:
            return {index: Fraction(1)}, f"the status quo ({names})"
        return {index: Fraction(1)}, f"the outcome {names}"
    raise GameError(
        f"unknown threat reference {reference!r}; use 'conciliatory', 'deal' or one move per player"
    )


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
