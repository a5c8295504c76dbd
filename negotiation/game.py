"""The labelled normal-form game at the centre of the package.

A :class:`Game` holds players, their moves (in the file's order: most conciliatory
first, most escalatory last) and payoffs as one array shaped ``(n_players, *n_moves)``,
the layout of QuantEcon's ``NormalFormGame`` and Gambit. Payoffs are kept twice: as an
exact array of :class:`fractions.Fraction` (what the user wrote, decimals included) for
the exact solvers, and as floats for the fast ones. Algorithms live elsewhere and take a
``Game``; this module only holds and shows labelled data.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from itertools import product
from typing import Any

import numpy as np

from negotiation.errors import ArgumentError, GameError, text_problem
from negotiation.exact import MAX_EXPONENT, MAX_NUMBER_CHARS, NUMBER_PATTERN, to_float, to_fraction
from negotiation.numbers import exact_text, format_numbers

__all__ = [
    "MAX_EXPONENT",
    "MAX_NUMBER_CHARS",
    "MAX_PLAYERS",
    "NUMBER_PATTERN",
    "Game",
    "Source",
    "to_float",
    "to_fraction",
]


#: most players a Game holds (payoff arrays have one dimension per player; numpy allows 64)
MAX_PLAYERS = 32


@dataclass(frozen=True)
class Source:
    """A citation behind a number: where it comes from and the words that support it."""

    citation: str
    quote: str = ""
    supports: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"citation": self.citation, "quote": self.quote, "supports": self.supports}


@dataclass(frozen=True, eq=False)
class Game:
    """A finite game in normal form with named players and moves.

    Parameters
    ----------
    players
        Player names, e.g. ``("US", "China")``.
    moves
        For each player, the names of its moves, most conciliatory first.
    payoffs
        Array-like shaped ``(n_players, *n_moves)``: ``payoffs[i][a_1, ..., a_n]`` is
        player ``i``'s payoff when player ``j`` plays move ``a_j``. Numbers may be ints,
        floats, Fractions or strings such as ``"3/2"``; they are kept exactly.
    title, description
        Free text shown by ``negotiation show``.
    move_descriptions
        For each player, one line per move (optional).
    sources
        Citations for the numbers (optional).

    Use the explicit constructors :meth:`from_matrices`, :meth:`zero_sum` and
    :meth:`from_payoff_function` for the common cases.

    Examples
    --------
    The prisoner's dilemma of Axelrod (1984), (R, S, T, P) = (3, 0, 5, 1):

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         players=("Row", "Column"),
    ...                         moves=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> pd.shape
    (2, 2)
    >>> pd.payoff(("defect", "cooperate"))
    (Fraction(5, 1), Fraction(0, 1))
    >>> print(pd)
    Row \\ Column  cooperate  defect
    cooperate     3, 3       0, 5
    defect        5, 0       1, 1
    """

    players: tuple[str, ...]
    moves: tuple[tuple[str, ...], ...]
    exact: np.ndarray = field(repr=False)
    title: str = ""
    description: str = ""
    move_descriptions: tuple[tuple[str, ...], ...] = ()
    sources: tuple[Source, ...] = ()

    def __init__(
        self,
        players: Sequence[str],
        moves: Sequence[Sequence[str]],
        payoffs: Any,
        *,
        title: str = "",
        description: str = "",
        move_descriptions: Sequence[Sequence[str]] = (),
        sources: Sequence[Source] = (),
    ) -> None:
        players_t = tuple(_names(players, "players"))
        moves_t = tuple(
            tuple(_names(ms, f"moves[{i}]")) for i, ms in enumerate(_sequence(moves, "moves"))
        )
        _check_labels(players_t, moves_t)
        shape = (len(players_t), *(len(ms) for ms in moves_t))
        exact = _exact_array(payoffs, shape)
        descriptions = tuple(tuple(str(d) for d in ds) for ds in move_descriptions)
        if descriptions and [len(d) for d in descriptions] != [len(m) for m in moves_t]:
            raise GameError("move_descriptions must give one line per move of each player")
        object.__setattr__(self, "players", players_t)
        object.__setattr__(self, "moves", moves_t)
        object.__setattr__(self, "exact", exact)
        _check_text("the title", str(title))
        _check_text("the description", str(description))
        for ds in descriptions:
            for d in ds:
                _check_text("a move description", d)
        object.__setattr__(self, "title", str(title))
        object.__setattr__(self, "description", str(description))
        object.__setattr__(self, "move_descriptions", descriptions)
        sources_t = tuple(_sequence(sources, "sources"))
        for k, source in enumerate(sources_t):
            if not isinstance(source, Source):
                raise ArgumentError(f"sources[{k}] must be a Source, got {type(source).__name__}")
        object.__setattr__(self, "sources", sources_t)

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_matrices(
        cls,
        row_payoffs: Any,
        column_payoffs: Any,
        *,
        players: Sequence[str] = ("Row", "Column"),
        moves: Sequence[Sequence[str]] | None = None,
        **info: Any,
    ) -> Game:
        """A two-player game from the row player's matrix ``A`` and the column player's ``B``.

        >>> Game.from_matrices([[1, 0]], [[0, 1]]).moves
        (('r1',), ('c1', 'c2'))
        """
        a = _object_array(row_payoffs, "row_payoffs")
        b = _object_array(column_payoffs, "column_payoffs")
        if a.ndim != 2 or a.shape != b.shape:
            raise GameError(
                f"the two payoff matrices must be 2-D and of one shape, got {a.shape} and {b.shape}"
            )
        if moves is None:
            moves = (
                tuple(f"r{i + 1}" for i in range(a.shape[0])),
                tuple(f"c{j + 1}" for j in range(a.shape[1])),
            )
        return cls(players, moves, np.stack([a, b]), **info)

    @classmethod
    def zero_sum(
        cls,
        row_payoffs: Any,
        *,
        players: Sequence[str] = ("Row", "Column"),
        moves: Sequence[Sequence[str]] | None = None,
        **info: Any,
    ) -> Game:
        """A two-player zero-sum game: the column player gets ``-A``.

        >>> Game.zero_sum([[1, -1], [-1, 1]]).payoff((0, 1))
        (Fraction(-1, 1), Fraction(1, 1))
        """
        a = _object_array(row_payoffs, "row_payoffs")
        if a.ndim != 2:
            raise GameError(f"row_payoffs must be a 2-D matrix, got shape {a.shape}")
        a = _exact_array(a, a.shape)
        return cls.from_matrices(a, -a, players=players, moves=moves, **info)

    @classmethod
    def from_payoff_function(
        cls,
        players: Sequence[str],
        moves: Sequence[Sequence[str]],
        payoff: Any,
        **info: Any,
    ) -> Game:
        """Build payoffs by calling ``payoff(profile)`` -> one number per player.

        ``profile`` is a tuple of move names, one per player.

        >>> g = Game.from_payoff_function(["A", "B"], [["x", "y"], ["x", "y"]],
        ...                               lambda p: (1, 1) if p[0] == p[1] else (0, 0))
        >>> g.payoff(("y", "y"))
        (Fraction(1, 1), Fraction(1, 1))
        """
        shape = tuple(len(m) for m in moves)
        array = np.empty((len(players), *shape), dtype=object)
        for index in np.ndindex(*shape):
            values = payoff(tuple(moves[i][k] for i, k in enumerate(index)))
            for i, v in enumerate(values):
                array[(i, *index)] = v
        return cls(players, moves, array, **info)

    # ------------------------------------------------------------------- properties
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of moves of each player."""
        return tuple(len(m) for m in self.moves)

    @cached_property
    def payoffs(self) -> np.ndarray:
        """Float payoffs shaped ``(n_players, *n_moves)`` (read-only)."""
        floats = np.empty(self.exact.shape, dtype=float)
        for index, value in np.ndenumerate(self.exact):
            floats[index] = to_float(value, what="payoff")
        floats.setflags(write=False)
        return floats

    @property
    def is_two_player(self) -> bool:
        return self.n_players == 2

    def matrices(self, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The row and column payoff matrices ``(A, B)`` of a two-player game."""
        self._require_two_players()
        source = self.exact if exact else self.payoffs
        return source[0], source[1]

    @cached_property
    def is_constant_sum(self) -> bool:
        """True when payoffs add up to the same total in every cell."""
        totals = self.exact.sum(axis=0)
        first = totals.flat[0]
        return bool(all(t == first for t in totals.flat))

    # --------------------------------------------------------------------- labels
    def player_index(self, player: str | int) -> int:
        """Index of a player given by name or index (not a bool; no negative indices)."""
        if isinstance(player, (bool, np.bool_)) or not isinstance(player, (str, int, np.integer)):
            raise ArgumentError(f"player must be a name or an index, got {player!r}")
        if isinstance(player, (int, np.integer)):
            if not 0 <= int(player) < self.n_players:
                raise GameError(f"player index {player} out of range 0..{self.n_players - 1}")
            return int(player)
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(
                f"unknown player {player!r}; players are {', '.join(self.players)}"
            ) from None

    def move_index(self, player: str | int, move: str | int) -> int:
        """Index of a move of ``player`` given by name or index."""
        i = self.player_index(player)
        moves = self.moves[i]
        if isinstance(move, (bool, np.bool_)) or not isinstance(move, (str, int, np.integer)):
            raise ArgumentError(f"move must be a name or an index, got {move!r}")
        if isinstance(move, (int, np.integer)):
            if not 0 <= int(move) < len(moves):
                raise GameError(f"move index {move} out of range for {self.players[i]}")
            return int(move)
        try:
            return moves.index(move)
        except ValueError:
            raise GameError(
                f"unknown move {move!r} for {self.players[i]}; moves are {', '.join(moves)}"
            ) from None

    def profile_index(self, profile: Sequence[str | int]) -> tuple[int, ...]:
        """Indices of a pure profile given by move names or indices."""
        if len(profile) != self.n_players:
            raise GameError(f"a profile names one move per player ({self.n_players})")
        return tuple(self.move_index(i, m) for i, m in enumerate(profile))

    def profile_names(self, index: Sequence[int]) -> tuple[str, ...]:
        """Move names of a pure profile given by indices."""
        return tuple(self.moves[i][k] for i, k in enumerate(index))

    def payoff(self, profile: Sequence[str | int]) -> tuple[Fraction, ...]:
        """Exact payoffs of every player at a pure profile."""
        index = self.profile_index(profile)
        return tuple(self.exact[(i, *index)] for i in range(self.n_players))

    def profiles(self) -> Iterator[tuple[int, ...]]:
        """All pure profiles as index tuples, in row-major order."""
        return product(*(range(n) for n in self.shape))

    # ---------------------------------------------------------------- derivations
    def with_payoffs(self, payoffs: Any) -> Game:
        """The same labelled game with other payoffs."""
        return Game(
            self.players,
            self.moves,
            payoffs,
            title=self.title,
            description=self.description,
            move_descriptions=self.move_descriptions,
            sources=self.sources,
        )

    def restrict(self, keep: Sequence[Sequence[int]]) -> Game:
        """The sub-game in which player ``i`` keeps only moves ``keep[i]`` (in order)."""
        rows = _sequence(keep, "keep")
        if len(rows) != self.n_players:
            raise GameError(
                f"keep names moves for {len(rows)} players; the game has {self.n_players}"
            )
        keep = [
            [self.move_index(p, k) for k in _sequence(ks, f"keep[{p}]")]
            for p, ks in enumerate(rows)
        ]
        index = np.ix_(range(self.n_players), *[list(k) for k in keep])
        descriptions = (
            tuple(tuple(d[j] for j in k) for d, k in zip(self.move_descriptions, keep, strict=True))
            if self.move_descriptions
            else ()
        )
        return Game(
            self.players,
            [[self.moves[i][j] for j in k] for i, k in enumerate(keep)],
            self.exact[index],
            title=self.title,
            description=self.description,
            move_descriptions=descriptions,
            sources=self.sources,
        )

    def transpose(self) -> Game:
        """A two-player game with the players' roles swapped."""
        self._require_two_players()
        a, b = self.exact
        return Game.from_matrices(
            b.T,
            a.T,
            players=self.players[::-1],
            moves=self.moves[::-1],
            title=self.title,
            description=self.description,
            move_descriptions=self.move_descriptions[::-1],
            sources=self.sources,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.players == other.players
            and self.moves == other.moves
            and self.exact.shape == other.exact.shape
            and bool(np.all(self.exact == other.exact))
        )

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: players, moves and exact payoffs as strings (JSON-friendly)."""
        return {
            "title": self.title,
            "players": list(self.players),
            "moves": {p: list(m) for p, m in zip(self.players, self.moves, strict=True)},
            "payoffs": [
                {
                    "profile": dict(zip(self.players, self.profile_names(idx), strict=True)),
                    "payoffs": {
                        p: format_number(self.exact[(i, *idx)]) for i, p in enumerate(self.players)
                    },
                }
                for idx in self.profiles()
            ],
        }

    # ---------------------------------------------------------------------- display
    def table(self) -> list[list[str]]:
        """Rows of text for a two-player bimatrix (row labels first, header on top).

        Every payoff is shown in one style (:func:`negotiation.numbers.format_numbers`).
        """
        profiles = list(self.profiles())
        texts = format_numbers(
            self.exact[(i, *idx)] for idx in profiles for i in range(self.n_players)
        )
        text = {
            (i, *idx): texts[k * self.n_players + i]
            for k, idx in enumerate(profiles)
            for i in range(self.n_players)
        }
        if self.n_players != 2:
            header = ["profile", *self.players]
            rows = [
                [" / ".join(self.profile_names(idx))]
                + [text[(i, *idx)] for i in range(self.n_players)]
                for idx in profiles
            ]
            return [header, *rows]
        header = [f"{self.players[0]} \\ {self.players[1]}", *self.moves[1]]
        rows = []
        for r, row_move in enumerate(self.moves[0]):
            cells = [f"{text[(0, r, c)]}, {text[(1, r, c)]}" for c in range(self.shape[1])]
            rows.append([row_move, *cells])
        return [header, *rows]

    def __str__(self) -> str:
        rows = self.table()
        widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        shape = "×".join(str(n) for n in self.shape)
        title = f" {self.title!r}" if self.title else ""
        return f"<Game{title}: {shape}, players {', '.join(self.players)}>"

    def _repr_html_(self) -> str:
        rows = self.table()
        esc = html.escape
        head = "".join(f"<th>{esc(c)}</th>" for c in rows[0])
        body = "".join(
            "<tr><th>"
            + esc(r[0])
            + "</th>"
            + "".join(f"<td>{esc(c)}</td>" for c in r[1:])
            + "</tr>"
            for r in rows[1:]
        )
        caption = f"<caption>{esc(self.title)}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _require_two_players(self) -> None:
        if self.n_players != 2:
            raise GameError(f"this needs a two-player game; this one has {self.n_players} players")


def format_number(value: Any) -> str:
    """Exact text for a payoff: ``3``, ``-1.5``, ``2/3`` (:func:`negotiation.numbers.exact_text`).

    For people, use :func:`negotiation.numbers.format_number`, which rounds long values.

    >>> format_number(Fraction(3, 2)), format_number(Fraction(2, 3)), format_number(4.0)
    ('1.5', '2/3', '4')
    """
    return exact_text(value)


def _check_labels(players: tuple[str, ...], moves: tuple[tuple[str, ...], ...]) -> None:
    if len(players) < 1:
        raise GameError("a game needs at least one player")
    if len(players) > MAX_PLAYERS:
        raise GameError(f"a game has at most {MAX_PLAYERS} players, got {len(players)}")
    if len(set(players)) != len(players):
        raise GameError(f"player names must differ: {', '.join(players)}")
    if any(not p.strip() for p in players):
        raise GameError("player names must not be empty")
    if len(moves) != len(players):
        raise GameError(f"{len(players)} players but move lists for {len(moves)}")
    for p in players:
        _check_text("player name", p, name=True)
    for p, ms in zip(players, moves, strict=True):
        for m in ms:
            _check_text(f"move name of {p!r}", m, name=True)
        if not ms:
            raise GameError(f"player {p!r} has no moves")
        if any(not m.strip() for m in ms):
            raise GameError(f"player {p!r} has an empty move name")
        if len(set(ms)) != len(ms):
            raise GameError(f"player {p!r} has duplicate move names: {', '.join(ms)}")


def _sequence(value: Any, what: str) -> list[Any]:
    """A list from a sequence argument; a string, a mapping or a non-sequence is refused."""
    if isinstance(value, (str, bytes, Mapping)) or value is None:
        shown = type(value).__name__ if value is not None else "None"
        raise ArgumentError(f"{what} must be a sequence (a list or tuple), got {shown}")
    try:
        return list(value)
    except TypeError:
        raise ArgumentError(
            f"{what} must be a sequence (a list or tuple), got {type(value).__name__}"
        ) from None


def _names(value: Any, what: str) -> list[str]:
    names = _sequence(value, what)
    for k, name in enumerate(names):
        if not isinstance(name, str):
            raise ArgumentError(f"{what}[{k}] must be text, got {name!r}")
    return names


def _check_text(what: str, text: str, *, name: bool = False) -> None:
    problem = text_problem(text, name=name)
    if problem is not None:
        shown = text.encode("unicode_escape").decode("ascii")
        raise GameError(f"{what} '{shown[:40]}' {problem}; remove it")


def _object_array(values: Any, what: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, Mapping)):
        raise ArgumentError(f"{what} must be an array of numbers, got {type(values).__name__}")
    try:
        return np.asarray(values, dtype=object)
    except ValueError:  # ragged nesting
        raise GameError(f"{what} must be a rectangular array (every row as long)") from None


def _exact_array(payoffs: Any, shape: tuple[int, ...]) -> np.ndarray:
    array = _object_array(payoffs, "payoffs")
    if array.shape != tuple(shape):
        raise GameError(f"payoffs must be shaped {tuple(shape)}, got {array.shape}")
    exact = np.empty(array.shape, dtype=object)
    for index, value in np.ndenumerate(array):
        exact[index] = to_fraction(value)
    exact.setflags(write=False)
    return exact


def labelled(game: Game, values: Sequence[Any]) -> Mapping[str, Any]:
    """``{player: value}`` for one value per player."""
    return dict(zip(game.players, values, strict=True))
