"""Which 2×2 game is this? Each side's ordinal preference type, after Robinson and Goforth.

Robinson and Goforth (2005), *The Topology of the 2×2 Games: A New Periodic Table*
(Routledge), arrange the 144 strict ordinal 2×2 games by their players' preferences:
each player's ranking of the four outcomes (4 best, 1 worst) is one of twelve *types*,
and a game is a pair of types — one per player. Bruns (2015), "Names for games: locating
2 × 2 games", *Games* 6(4), 495–520, names each type after the *symmetric* game in which
both players have it: Prisoner's Dilemma, Chicken, Stag Hunt, Deadlock, Harmony, …
The game of two players of the same type is that symmetric game; when the types differ,
naming each side's type says what the game is (e.g. one side with prisoner's-dilemma
preferences facing one with stag-hunt preferences).

Steps (a game, or the 2×2 core chosen from a larger game):

1. Rank each player's four payoffs, 4 for the best (ties share a rank).
2. Orient the matrix as Bruns does ("left-up"): swap the columns so that the row
   player's best outcome is in the left column, and the rows so that the column player's
   best is in the top row. This fixes which of one player's moves faces which of the
   other's, so both players' rankings can be read in one frame.
3. Read each player's ranking as a 2×2 matrix ``own move × other's move`` and look it up
   among the twelve types (:data:`TYPES`).
4. With ties, every strict ranking consistent with them (and with the orientation) is
   looked up, and so is every orientation the ties allow; every type reached is
   reported: the game is then "with ties" and lies between those types, rather than
   being forced into one of them.

>>> from negotiation.game import Game
>>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Column"))
>>> print(classify_2x2(pd))
Prisoner's Dilemma (both sides have prisoner's-dilemma preferences)
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import permutations

from negotiation.errors import GameError
from negotiation.game import Game

__all__ = ["TYPES", "GameClass", "PreferenceType", "classify_2x2"]

Ranks = tuple[tuple[int, int], tuple[int, int]]

#: The twelve preference types, each a player's strict ordinal payoffs ``own × other``
#: in Bruns's (2015) orientation with the best outcome in the left column (his Figure of
#: the symmetric ordinal games, rewritten from his right-up to the left-up orientation).
#: The first six have their best outcome when both take the first move, the others when
#: the player alone takes the second.
TYPES: dict[Ranks, str] = {
    ((4, 2), (3, 1)): "Concord",
    ((4, 3), (2, 1)): "Harmony",
    ((4, 3), (1, 2)): "Peace",
    ((4, 2), (1, 3)): "Coordination",
    ((4, 1), (2, 3)): "Assurance",
    ((4, 1), (3, 2)): "Stag Hunt",
    ((3, 1), (4, 2)): "Prisoner's Dilemma",
    ((2, 1), (4, 3)): "Deadlock",
    ((1, 2), (4, 3)): "Compromise",
    ((1, 3), (4, 2)): "Hero",
    ((2, 3), (4, 1)): "Battle of the Sexes",
    ((3, 2), (4, 1)): "Chicken",
}

_ADJECTIVE = {
    "Prisoner's Dilemma": "prisoner's-dilemma",
    "Stag Hunt": "stag-hunt",
    "Battle of the Sexes": "battle-of-the-sexes",
}


def _adjective(name: str) -> str:
    return _ADJECTIVE.get(name, name.lower())


@dataclass(frozen=True)
class PreferenceType:
    """One player's ordinal preferences in a 2×2 game and the type they make.

    Attributes
    ----------
    player
        The player's name.
    ranks
        Its ordinal payoffs, 4 best, as ``own move × other's move`` in the oriented frame.
    types
        Every type consistent with the ranking: one when it is strict, possibly several
        with ties.
    strict
        Whether the player ranks the four outcomes without ties.
    """

    player: str
    ranks: Ranks
    types: tuple[str, ...]
    strict: bool

    @property
    def name(self) -> str:
        """``"Stag Hunt"``, or ``"Stag Hunt or Assurance (with ties)"``."""
        text = " or ".join(self.types)
        return text if self.strict else f"{text} (with ties)"

    def to_dict(self) -> dict[str, object]:
        return {
            "player": self.player,
            "type": self.types[0] if len(self.types) == 1 else None,
            "types": list(self.types),
            "strict": self.strict,
            "ranks": [list(r) for r in self.ranks],
        }


@dataclass(frozen=True)
class GameClass:
    """The ordinal class of a 2×2 game: each side's preference type.

    Attributes
    ----------
    moves
        The two moves of each player that were classified.
    row, column
        :class:`PreferenceType` of each player.
    alternatives
        Other readings, when ties leave the orientation open (e.g. a coordination game
        with payoffs 1 and 0 reads as a pair of Coordination or of Hero preferences, as
        Bruns (2015) notes for its "double" ties). The main reading is then the one that
        keeps the file's pairing of moves (first with first: in payoff files the most
        conciliatory moves).
    """

    moves: tuple[tuple[str, str], tuple[str, str]]
    row: PreferenceType
    column: PreferenceType
    alternatives: tuple[tuple[PreferenceType, PreferenceType], ...] = ()

    @property
    def strict(self) -> bool:
        return self.row.strict and self.column.strict

    @property
    def symmetric(self) -> bool:
        """Both sides have the same preference type (the same candidates, with ties)."""
        return self.row.types == self.column.types

    @property
    def name(self) -> str | None:
        """The symmetric game's name when both sides have the same type: ``"Chicken"``,
        or ``"Stag Hunt or Assurance"`` when ties leave two types open."""
        return " or ".join(self.row.types) if self.symmetric else None

    def to_dict(self) -> dict[str, object]:
        return {
            "moves": {
                self.row.player: list(self.moves[0]),
                self.column.player: list(self.moves[1]),
            },
            "name": self.name,
            "symmetric": self.symmetric,
            "strict": self.strict,
            "preferences": {t.player: t.to_dict() for t in (self.row, self.column)},
            "alternatives": [
                {r.player: list(r.types), c.player: list(c.types)} for r, c in self.alternatives
            ],
            "source": "Robinson & Goforth (2005); type names of Bruns (2015)",
        }

    def __str__(self) -> str:
        ties = "" if self.strict else " with ties"
        if self.name is not None:
            kinds = " or ".join(_adjective(t) for t in self.row.types)
            return f"{self.name}{ties} (both sides have {kinds} preferences)"
        return (
            f"an asymmetric 2×2 game{ties}: {self.row.player} has "
            f"{' or '.join(_adjective(t) for t in self.row.types)} preferences, "
            f"{self.column.player} {' or '.join(_adjective(t) for t in self.column.types)} "
            "preferences"
        )

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>"


#: the order in which candidate types are listed: the best known first
_ORDER = (
    "Prisoner's Dilemma",
    "Chicken",
    "Stag Hunt",
    "Battle of the Sexes",
    "Deadlock",
    "Harmony",
    "Coordination",
    "Assurance",
    "Hero",
    "Compromise",
    "Peace",
    "Concord",
)


def _ranks(values: Sequence[Fraction]) -> list[int]:
    """Ordinal ranks, 4 for the best; tied values share the higher rank."""
    return [1 + sum(1 for w in values if w < v) for v in values]


def _orientations(
    u: list[list[Fraction]], v: list[list[Fraction]]
) -> list[tuple[list[list[Fraction]], list[list[Fraction]]]]:
    """Left-up orientations: the row player's best in the left column, the column
    player's best in the top row; both halves as ``own move × other's move``.

    One orientation for a strict game; when a player's best is tied across both columns
    (rows), either way round is left-up, and both are returned.
    """
    best_u = max(max(r) for r in u)
    best_v = max(max(r) for r in v)
    column_swaps = [
        s for s in (False, True) if best_u in ((u[0][1], u[1][1]) if s else (u[0][0], u[1][0]))
    ]
    row_swaps = [s for s in (False, True) if best_v in (v[1] if s else v[0])]
    out = []
    for cs in column_swaps:
        for rs in row_swaps:
            uu = [[r[1], r[0]] for r in u] if cs else [list(r) for r in u]
            vv = [[r[1], r[0]] for r in v] if cs else [list(r) for r in v]
            if rs:
                uu, vv = [uu[1], uu[0]], [vv[1], vv[0]]
            out.append((uu, [[vv[0][0], vv[1][0]], [vv[0][1], vv[1][1]]]))
    return out


def _types(half: list[list[Fraction]]) -> list[str]:
    """Types of every strict refinement of ``half`` whose best stays in the left column."""
    values = [half[0][0], half[0][1], half[1][0], half[1][1]]
    found = []
    for perm in permutations(range(1, 5)):
        if perm[0] != 4 and perm[2] != 4:
            continue
        if all(perm[a] < perm[b] for a in range(4) for b in range(4) if values[a] < values[b]):
            name = TYPES[((perm[0], perm[1]), (perm[2], perm[3]))]
            if name not in found:
                found.append(name)
    return sorted(found, key=_ORDER.index)


def _preference(player: str, half: list[list[Fraction]]) -> PreferenceType:
    flat = [half[0][0], half[0][1], half[1][0], half[1][1]]
    r = _ranks(flat)
    return PreferenceType(
        player, ((r[0], r[1]), (r[2], r[3])), tuple(_types(half)), len(set(flat)) == 4
    )


def classify_2x2(game: Game, moves: Sequence[Sequence[str | int]] | None = None) -> GameClass:
    """Classify a 2×2 game (or a 2×2 core of a larger one) by its ordinal preferences.

    Parameters
    ----------
    game
        A two-player game.
    moves
        Two moves (names or indices) per player when the game is larger than 2×2: the
        core to classify, e.g. each side's most conciliatory and most escalatory move.

    Returns
    -------
    GameClass
        Each side's :class:`PreferenceType` and, when they agree, the symmetric game's
        name (Robinson & Goforth 2005; names of Bruns 2015).

    Examples
    --------
    Chicken as Snyder and Diesing (1977, ch. 2) give it, and a game in which the row
    player has stag-hunt preferences but the column player prisoner's-dilemma ones:

    >>> chicken = Game.from_matrices([[3, 2], [4, 1]], [[3, 4], [2, 1]])
    >>> print(classify_2x2(chicken))
    Chicken (both sides have chicken preferences)
    >>> mixed = Game.from_matrices([[4, 1], [3, 2]], [[3, 4], [1, 2]], players=("US", "China"))
    >>> print(classify_2x2(mixed))
    an asymmetric 2×2 game: US has stag-hunt preferences, China prisoner's-dilemma preferences
    """
    if not isinstance(game, Game) or game.n_players != 2:
        raise GameError("the 2×2 classification needs a two-player game")
    if moves is None:
        if game.shape != (2, 2):
            raise GameError(
                f"this game is {game.shape[0]}×{game.shape[1]}; name two moves per player "
                "to classify its 2×2 core"
            )
        keep = [[0, 1], [0, 1]]
    else:
        if len(moves) != 2 or any(len(m) != 2 for m in moves):
            raise GameError("name exactly two moves for each of the two players")
        keep = [[game.move_index(i, m) for m in ms] for i, ms in enumerate(moves)]
        if any(a == b for a, b in keep):
            raise GameError("the two moves of a player must differ")
    core = game.restrict(keep)
    a, b = core.exact
    u = [[Fraction(a[i, j]) for j in range(2)] for i in range(2)]
    v = [[Fraction(b[i, j]) for j in range(2)] for i in range(2)]
    readings: list[tuple[PreferenceType, PreferenceType]] = []
    for row_half, column_half in _orientations(u, v):
        pair = (_preference(game.players[0], row_half), _preference(game.players[1], column_half))
        if all((p.types, q.types) != (pair[0].types, pair[1].types) for p, q in readings):
            readings.append(pair)
    return GameClass(
        moves=((core.moves[0][0], core.moves[0][1]), (core.moves[1][0], core.moves[1][1])),
        row=readings[0][0],
        column=readings[0][1],
        alternatives=tuple(readings[1:]),
    )
