"""Threats and warnings (Schelling 1960): what each side's moves do to the other, and at what cost.

Schelling (*The Strategy of Conflict*, 1960, ch. 5 "Enforcement, communication and
strategic moves"; *Arms and Influence*, 1966, ch. 2) separates three things that a
single "threat power" number blurs:

* a **warning** is a move that hurts the other side *and is in the mover's own interest*
  (it costs the mover nothing, or gains it something, against the reference): it needs
  no commitment, it only informs;
* a **threat** is a move that hurts the other side *at a cost to the threatener*: it
  persuades only if the other believes it would be carried out;
* a threat is **credible** when carrying it out is a best response once the other side
  defies it: if the other plays its best reply to the threatener's reference move (what
  it would do if unthreatened), the threatened move does at least as well for the
  threatener as any other move.

For each move ``t`` of player ``i`` against a reference lottery over outcomes (by default
the most conciliatory outcome, everyone's first move; or the status quo; or the Nash
deal) we measure the other side's loss ``C_j(t)`` and the mover's own ``C_i(t)`` when
``i`` switches to ``t`` while the other keeps to the reference. To stay free of each
side's units (multiplying one side's payoffs by a constant changes no classification
and no power), each is read as a share of that side's own payoff range,
``max u - min u`` over the game: the **threat power** of a move is ``C_j / range_j``
in ``[0, 1]`` — how much of the most it could ever lose the move takes from the other
side. Nothing adds one side's payoff to the other's.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.game import Game, to_fraction

__all__ = ["Threat", "move_threats", "threats"]


@dataclass(frozen=True)
class Threat:
    """What one move of a player does to the others against a reference deal.

    ``cost_imposed`` is the other side's loss and ``cost_borne`` the player's own (both
    in that side's payoff units; averaged over the others in an N-player game) when it
    switches to ``move`` while the others keep to the reference. ``power`` is
    ``cost_imposed`` as a share of the other side's payoff range (scale-free);
    ``kind`` is ``"warning"`` (``cost_borne <= 0``: in the mover's own interest) or
    ``"threat"`` (costly to the mover); ``credible`` says whether the move is a best
    response once the other side defies it (always true of a warning that is a best
    response, see :func:`move_threats`).
    """

    player: str
    move: str
    cost_imposed: Fraction
    cost_borne: Fraction
    power: Fraction
    kind: str = "threat"
    credible: bool = False
    cost_share: Fraction = Fraction(0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "move": self.move,
            "kind": self.kind,
            "credible": self.credible,
            "cost_imposed": float(self.cost_imposed),
            "cost_borne": float(self.cost_borne),
            "threat_power": float(self.power),
            "cost_share": float(self.cost_share),
        }


def _ranges(game: Game) -> list[Fraction]:
    u = game.exact
    out = []
    for i in range(game.n_players):
        values = [u[(i, *cell)] for cell in _cells(game)]
        out.append(max(values) - min(values))
    return out


def _cells(game: Game) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(n) for n in game.shape)))


def _defiance(
    game: Game,
    i: int,
    ref: Mapping[tuple[int, ...], Fraction],
    ranks: Sequence[Sequence[int]] | None = None,
) -> tuple[int, ...]:
    """The others' defiance of player ``i``: each plays its best reply to the reference.

    Each other player ``j`` picks the move with the highest expected payoff against the
    reference lottery (with its own move replaced), the most escalatory on ties —
    defiance is not compliance; ``i`` and any third parties keep the reference's most
    likely profile.
    """
    u = game.exact
    base = list(max(ref.items(), key=lambda kv: kv[1])[0])
    for j in range(game.n_players):
        if j == i:
            continue

        def value(m: int, j: int = j) -> Fraction:
            return sum(
                (p * u[(j, *idx[:j], m, *idx[j + 1 :])] for idx, p in ref.items()), Fraction(0)
            )

        rank = ranks[j] if ranks is not None else range(game.shape[j])
        base[j] = max(range(game.shape[j]), key=lambda m: (value(m), rank[m]))
    return tuple(base)


def move_threats(
    game: Game,
    reference: Mapping[tuple[int, ...], Any] | None = None,
    *,
    escalation: Sequence[Sequence[int]] | None = None,
) -> dict[str, list[Threat]]:
    """Every move of every player that hurts the others, classified (Schelling 1960).

    Returns ``{player: [Threat, ...]}`` in move order, only moves with a positive
    ``cost_imposed``. See :func:`threats` for the parameters.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> [(t.move, t.kind, t.credible) for t in move_threats(pd)["Row"]]
    [('D', 'warning', True)]
    """
    conciliatory = (
        tuple(0 for _ in game.shape)
        if escalation is None
        else tuple(list(r).index(0) for r in escalation)
    )
    ref = reference or {conciliatory: Fraction(1)}
    ref_f = {tuple(k): to_fraction(p) for k, p in ref.items()}
    u = game.exact
    ranges = _ranges(game)
    out: dict[str, list[Threat]] = {}
    for i, name in enumerate(game.players):
        others = [k for k in range(game.n_players) if k != i]
        defied = _defiance(game, i, ref_f, escalation)
        best_reply = max(u[(i, *defied[:i], m, *defied[i + 1 :])] for m in range(game.shape[i]))
        found: list[Threat] = []
        for t in range(game.shape[i]):
            imposed_share = Fraction(0)
            imposed = Fraction(0)
            borne = Fraction(0)
            for idx, p in ref_f.items():
                dev = (*idx[:i], t, *idx[i + 1 :])
                for j in others:
                    loss = u[(j, *idx)] - u[(j, *dev)]
                    imposed += p * loss / len(others)
                    if ranges[j] > 0:
                        imposed_share += p * loss / ranges[j] / len(others)
                borne += p * (u[(i, *idx)] - u[(i, *dev)])
            if imposed <= 0:
                continue
            credible = u[(i, *defied[:i], t, *defied[i + 1 :])] == best_reply
            found.append(
                Threat(
                    player=name,
                    move=game.moves[i][t],
                    cost_imposed=imposed,
                    cost_borne=borne,
                    power=imposed_share,
                    kind="warning" if borne <= 0 else "threat",
                    credible=credible,
                    cost_share=borne / ranges[i] if ranges[i] > 0 else Fraction(0),
                )
            )
        out[name] = found
    return out


def threats(
    game: Game,
    reference: Mapping[tuple[int, ...], Any] | None = None,
    *,
    escalation: Sequence[Sequence[int]] | None = None,
) -> dict[str, Threat | None]:
    """Each player's most persuasive move against a reference (Schelling 1960).

    Parameters
    ----------
    game
        Any finite game.
    reference
        A lottery ``{profile index tuple: probability}`` describing the deal threatened;
        default: the most conciliatory outcome, everyone's first move (all indices 0)
        or, given ``escalation``, everyone's least escalatory move.
    escalation
        Per player, each move's escalation rank (0 = most conciliatory), from
        :meth:`negotiation.inputs.NegotiationInputs.escalation_ranks`; default: the
        order the moves are listed in. Defiance breaks ties towards escalation.

    Returns
    -------
    dict
        ``{player: Threat or None}`` — the move taking the largest share of the other
        side's payoff range (its ``kind`` and ``credible`` say whether it is a warning
        or a threat and whether it would be carried out); ``None`` when no move hurts
        the others.

    Examples
    --------
    In the prisoner's dilemma (Axelrod 1984), defecting from mutual cooperation costs
    the other side 3 of its range of 5 and gains the defector 2: a warning, not a
    threat (it is in the defector's own interest), and credible.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> t = threats(pd)["Row"]
    >>> t.move, t.kind, t.credible, t.cost_imposed, t.cost_borne, t.power
    ('D', 'warning', True, Fraction(3, 1), Fraction(-2, 1), Fraction(3, 5))
    """
    out: dict[str, Threat | None] = {}
    for i, (name, found) in enumerate(move_threats(game, reference, escalation=escalation).items()):
        # equally persuasive moves: the least escalatory one (display order never decides)
        rank = dict(
            zip(game.moves[i], escalation[i] if escalation else range(game.shape[i]), strict=True)
        )
        out[name] = max(found, key=lambda t: (t.power, t.cost_imposed, -rank[t.move]), default=None)
    return out
