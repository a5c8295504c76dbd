"""Gambit's strategic-game file format (``.nfg``), read exactly (writing: :mod:`~negotiation.files.nfg_write`).

The format (Gambit manual, "The strategic game (.nfg) file format", payoff and outcome
versions) is a stream of whitespace-separated tokens::

    NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
    { { "cooperate" "defect" } { "cooperate" "defect" } }
    "an optional comment"

    3 3  5 0  0 5  1 1

After ``NFG 1 R`` come the title, the players, and the strategies — one labelled list per
player, or just the number of strategies of each player (``{ 2 2 }``). The body is
either a flat list of payoffs (every player's payoff in each cell, cells ordered with the
*first* player's strategy changing fastest) or, in the outcome version, a list of
outcomes ``{ "name" 3, 3 }`` followed by one outcome number per cell (``0`` = all zero).
Numbers may be integers, decimals (``1.5``, ``.5``, ``2e3``) or rationals (``3/2``); they
are kept exactly. Labels are double-quoted, with ``\\"`` for a quote inside (the only
escape Gambit knows).

The tokenizer tracks line and column, so a malformed file gets the same positioned
:class:`~negotiation.errors.PayoffFileError` as a YAML file.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import IO

import numpy as np

from negotiation.errors import (
    NegotiationWarning,
    NumberError,
    PayoffFileError,
    escape_text,
    text_problem,
)
from negotiation.files.limits import MAX_NFG_BYTES, size_problem
from negotiation.files.payoff_format import exact_number
from negotiation.files.yamldoc import decode_bytes, read_text
from negotiation.game import Game

__all__ = ["gambit_order", "parse_nfg", "read_nfg", "tokenize_nfg"]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?")
_DELIMITERS = frozenset('{},"')


@dataclass(frozen=True)
class Token:
    """One lexical token of an .nfg file, with its 1-based position."""

    kind: str  # "number", "text", "symbol", "{", "}", ",", "end"
    text: str
    line: int
    col: int

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the file"
        if self.kind == "text":
            return f'the label "{self.text}"'
        if self.kind in "{},":
            return f"'{self.kind}'"
        shown = self.text if len(self.text) <= 20 else self.text[:17] + "..."
        return f"the number {shown}" if self.kind == "number" else f"'{shown}'"


def tokenize_nfg(text: str, path: str = "<string>") -> list[Token]:
    """Split .nfg text into tokens, each with its line and column.

    >>> [(t.kind, t.text, t.line, t.col) for t in tokenize_nfg('NFG 1 R "a\\\\"b" {3/2,}')]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('symbol', 'NFG', 1, 1), ('number', '1', 1, 5), ('symbol', 'R', 1, 7),
     ('text', 'a"b', 1, 9), ('{', '{', 1, 16), ('number', '3/2', 1, 17),
     (',', ',', 1, 20), ('}', '}', 1, 21), ('end', '', 1, 22)]
    """
    tokens: list[Token] = []
    i, line, line_start = 0, 1, 0
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            if text[i] == "\n":
                line += 1
                line_start = i + 1
            i += 1
        col = i - line_start + 1
        if i >= n:
            tokens.append(Token("end", "", line, col))
            return tokens
        c = text[i]
        if c in "{},":
            tokens.append(Token(c, c, line, col))
            i += 1
        elif c == '"':
            start_line, start_col = line, col
            chars: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise PayoffFileError(
                        path,
                        start_line,
                        start_col,
                        "this label has no closing double quote",
                        'end the label with "',
                    )
                c = text[i]
                if c == "\\" and i + 1 < n and text[i + 1] == '"':
                    chars.append(text[i + 1])
                    i += 2
                    continue
                if c == '"':
                    i += 1
                    break
                if c == "\n":
                    line += 1
                    line_start = i + 1
                chars.append(c)
                i += 1
            tokens.append(Token("text", "".join(chars), start_line, start_col))
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _DELIMITERS:
                j += 1
            word = text[i:j]
            number = _NUMBER.fullmatch(word)
            kind = "number" if number else "symbol"
            if not number and (word[:1].isdigit() or word[:1] in "+-."):
                raise PayoffFileError(
                    path,
                    line,
                    col,
                    f"'{_clip(word)}' is not a number",
                    "write payoffs as integers, decimals or fractions such as 3, -1.5 or 3/2",
                )
            tokens.append(Token(kind, word, line, col))
            i = j


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.tokens = tokenize_nfg(text, path)
        self.pos = 0

    # ---------------------------------------------------------------- token helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def error(self, token: Token, message: str, hint: str = "") -> PayoffFileError:
        return PayoffFileError(self.path, token.line, token.col, message, hint)

    def expect(self, kind: str, what: str, hint: str = "") -> Token:
        token = self.token
        if token.kind != kind:
            raise self.error(token, f"expected {what}, found {token.describe()}", hint)
        return self.advance()

    # ---------------------------------------------------------------------- grammar
    def parse(self) -> Game:
        first = self.token
        if first.kind == "symbol" and first.text == "EFG":
            raise self.error(
                first,
                "this is a Gambit extensive-form (.efg) file, not a strategic game",
                "convert it to strategic form in Gambit and save it as .nfg",
            )
        if first.kind != "symbol" or first.text != "NFG":
            raise self.error(
                first,
                f"a Gambit strategic game starts with 'NFG 1 R', found {first.describe()}",
                "check that this is an .nfg file",
            )
        self.advance()
        version = self.token
        if version.kind != "number" or version.text != "1":
            raise self.error(
                version, f"unsupported NFG version {version.describe()}", "the header is 'NFG 1 R'"
            )
        self.advance()
        kind = self.token
        if kind.kind != "symbol" or kind.text not in ("R", "D"):
            raise self.error(
                kind,
                f"expected R after 'NFG 1', found {kind.describe()}",
                "the header is 'NFG 1 R'",
            )
        self.advance()
        title_token = self.expect("text", "the game's title in double quotes", 'e.g. "My game"')
        title = title_token.text
        self.check_text(title_token, title, "the title", name=False)
        players, player_tokens = self.players()
        moves = self.strategies(players)
        comment = ""
        if self.token.kind == "text":
            self.check_text(self.token, self.token.text, "the comment", name=False)
            comment = self.advance().text
        self.check_labels(players, player_tokens)
        shape = tuple(len(m) for m, _ in moves)
        body = self.token
        if body.kind == "{":
            payoffs = self.outcome_body(players, moves, shape)
        elif body.kind == "number":
            payoffs = self.payoff_body(players, moves, shape)
        else:
            raise self.error(
                body,
                f"expected the payoffs (numbers) or an outcome list ('{{'), found "
                f"{body.describe()}",
                "list every player's payoff in every cell after the strategies",
            )
        end = self.token
        if end.kind != "end":
            cells = int(np.prod(shape))
            raise self.error(
                end,
                f"extra text after the last payoff: {end.describe()}",
                f"the game has {cells} cells × {len(players)} players; remove the extra text",
            )
        return Game(
            players,
            [m for m, _ in moves],
            payoffs,
            title=title,
            description=comment.strip(),
        )

    def players(self) -> tuple[list[str], list[Token]]:
        self.expect("{", "'{' opening the list of players", '{ "Player 1" "Player 2" }')
        names: list[str] = []
        tokens: list[Token] = []
        while self.token.kind == "text":
            tokens.append(self.token)
            names.append(self.advance().text)
        self.expect("}", "a player's name in double quotes or '}'", 'e.g. { "Row" "Column" }')
        if not names:
            raise self.error(
                tokens[0] if tokens else self.tokens[self.pos - 1], "the game has no players"
            )
        return names, tokens

    def strategies(self, players: list[str]) -> list[tuple[tuple[str, ...], list[Token]]]:
        self.expect("{", "'{' opening the strategies", 'e.g. { { "a" "b" } { "c" "d" } }')
        moves: list[tuple[tuple[str, ...], list[Token]]] = []
        if self.token.kind == "{":
            for player in players:
                self.expect(
                    "{",
                    f"'{{' opening the strategies of {player}",
                    f"give one {{ ... }} list of labels per player ({len(players)} in all)",
                )
                labels: list[str] = []
                tokens: list[Token] = []
                while self.token.kind == "text":
                    tokens.append(self.token)
                    labels.append(self.advance().text)
                close = self.expect("}", f"a strategy label of {player} in double quotes or '}}'")
                if not labels:
                    raise self.error(close, f"{player} has no strategies", "list at least one")
                moves.append(self.named(player, labels, tokens))
        else:
            for player in players:
                count = self.expect(
                    "number",
                    f"the number of strategies of {player}",
                    f"give one count per player ({len(players)} in all), e.g. {{ 2 2 }}",
                )
                if not re.fullmatch(r"\+?\d{1,7}", count.text) or int(count.text.lstrip("+")) < 1:
                    raise self.error(
                        count,
                        f"the number of strategies of {player} must be a positive whole "
                        f"number below 10 million, got {_clip(count.text)}",
                    )
                k = int(count.text.lstrip("+"))
                if k > 100_000:
                    raise self.error(count, f"{k} strategies is more than this reader accepts")
                moves.append((tuple(str(s + 1) for s in range(k)), []))
        self.expect(
            "}",
            f"'}}' closing the strategies after {len(players)} player"
            f"{'s' if len(players) != 1 else ''}",
            "give exactly one strategy list per player",
        )
        problem = size_problem(len(players), [len(m) for m, _ in moves])
        if problem is not None:
            raise self.error(self.token, problem, "solve a game this large with Gambit itself")
        return moves

    def named(
        self, player: str, labels: list[str], tokens: list[Token]
    ) -> tuple[tuple[str, ...], list[Token]]:
        names: list[str] = []
        for k, (label, token) in enumerate(zip(labels, tokens, strict=True)):
            names.append(label if label.strip() else str(k + 1))
            self.check_text(token, names[-1], f"a strategy label of {player}")
        names = self.disambiguate(names, tokens, f"strategy labels of {player}")
        return tuple(names), tokens

    def check_labels(self, players: list[str], tokens: list[Token]) -> None:
        for i, (name, token) in enumerate(zip(players, tokens, strict=True)):
            if not name.strip():
                players[i] = f"Player {i + 1}"
            self.check_text(token, players[i], "a player name")
        players[:] = self.disambiguate(players, tokens, "player names")

    def check_text(self, token: Token, text: str, what: str, *, name: bool = True) -> None:
        problem = text_problem(text, name=name)
        if problem is not None:
            raise self.error(token, f"{what} {problem}", "retype the label")

    def disambiguate(self, names: list[str], tokens: list[Token], what: str) -> list[str]:
        """Repeated labels become ``label_1``, ``label_2``… as pygambit reads them, with a warning.

        Gambit itself accepts repeated labels (its own test games have them); pygambit
        16 numbers each repeated label by its occurrence.
        """
        counts = {n: names.count(n) for n in names}
        if all(c == 1 for c in counts.values()):
            return names
        seen: dict[str, int] = {}
        out = []
        for n in names:
            if counts[n] == 1:
                out.append(n)
                continue
            seen[n] = seen.get(n, 0) + 1
            out.append(f"{n}_{seen[n]}")
        for k, n in enumerate(out):
            if n in out[:k]:
                raise self.error(
                    tokens[k] if k < len(tokens) else self.token,
                    f'repeated label "{escape_text(n)}" among the {what}',
                    "give every label its own name",
                )
        repeated = ", ".join(f'"{escape_text(n)}"' for n, c in counts.items() if c > 1)
        warnings.warn(
            NegotiationWarning(
                f"{self.path}: repeated {what} {repeated} renamed "
                f"{', '.join(escape_text(n) for n in out if n not in counts)} (as pygambit does)"
            ),
            stacklevel=2,
        )
        return out

    def number(self, what: str) -> Fraction:
        token = self.token
        if token.kind != "number":
            raise self.error(
                token,
                f"expected {what}, found {token.describe()}",
                "payoffs are numbers such as 3, -1.5 or 3/2",
            )
        self.advance()
        try:
            return exact_number(token.text)
        except NumberError as exc:
            if exc.reason == "divides by zero":
                raise self.error(
                    token,
                    f"the payoff {_clip(token.text)} divides by zero",
                    "use a non-zero denominator",
                ) from None
            raise self.error(token, f"the payoff {_clip(token.text)} {exc.reason}") from None

    def payoff_body(
        self,
        players: list[str],
        moves: list[tuple[tuple[str, ...], list[Token]]],
        shape: tuple[int, ...],
    ) -> np.ndarray:
        array = np.empty((len(players), *shape), dtype=object)
        for index in gambit_order(shape):
            cell = _cell_name([m for m, _ in moves], index)
            for i, player in enumerate(players):
                if self.token.kind == "end":
                    total = int(np.prod(shape)) * len(players)
                    done = sum(1 for v in array.flat if v is not None)
                    raise self.error(
                        self.token,
                        f"the file ends after {done} of {total} payoffs "
                        f"(missing {player}'s payoff in the cell {cell})",
                        "give every player's payoff in every cell",
                    )
                array[(i, *index)] = self.number(f"{player}'s payoff in the cell {cell}")
                if self.token.kind == ",":
                    self.advance()
        return array

    def outcome_body(
        self,
        players: list[str],
        moves: list[tuple[tuple[str, ...], list[Token]]],
        shape: tuple[int, ...],
    ) -> np.ndarray:
        self.expect("{", "'{' opening the list of outcomes")
        outcomes: list[list[Fraction]] = []
        while self.token.kind == "{":
            self.advance()
            self.expect(
                "text",
                f"the name of outcome {len(outcomes) + 1} in double quotes",
                'e.g. { "" 1, 2 }',
            )
            values: list[Fraction] = []
            while self.token.kind in ("number", ","):
                if self.token.kind == ",":
                    self.advance()
                    continue
                values.append(self.number("a payoff"))
            close = self.expect("}", f"a payoff or '}}' closing outcome {len(outcomes) + 1}")
            if len(values) != len(players):
                raise self.error(
                    close,
                    f"outcome {len(outcomes) + 1} has {len(values)} payoff"
                    f"{'s' if len(values) != 1 else ''} but the game has {len(players)} players",
                    "give one payoff per player, in player order",
                )
            outcomes.append(values)
        self.expect("}", "'{' opening an outcome or '}' closing the outcome list")
        array = np.empty((len(players), *shape), dtype=object)
        labels = [m for m, _ in moves]
        for index in gambit_order(shape):
            cell = _cell_name(labels, index)
            token = self.token
            if token.kind == "end":
                raise self.error(
                    token,
                    f"the file ends before the outcome of the cell {cell}",
                    "give one outcome number per cell",
                )
            if token.kind != "number" or not token.text.isdigit() or len(token.text) > 9:
                raise self.error(
                    token,
                    f"expected the outcome number of the cell {cell}, found {token.describe()}",
                    f"outcome numbers are whole numbers from 0 to {len(outcomes)}",
                )
            number = int(token.text)
            if number > len(outcomes):
                raise self.error(
                    token,
                    f"outcome {number} does not exist (the file defines {len(outcomes)})",
                    f"use a number from 1 to {len(outcomes)}, or 0 for all-zero payoffs",
                )
            self.advance()
            values = outcomes[number - 1] if number else [Fraction(0)] * len(players)
            for i in range(len(players)):
                array[(i, *index)] = values[i]
        return array


def gambit_order(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every profile index in Gambit's order (the first player's move varies fastest)."""
    """Cells in Gambit's order: the first player's strategy changes fastest."""
    return [tuple(reversed(p)) for p in product(*(range(k) for k in reversed(shape)))]


def _cell_name(moves: list[tuple[str, ...]], index: tuple[int, ...]) -> str:
    return "(" + ", ".join(moves[i][k] for i, k in enumerate(index)) + ")"


def _clip(word: str) -> str:
    return word if len(word) <= 20 else word[:17] + "..."


def parse_nfg(text: str | bytes, path: str = "<string>") -> Game:
    """Parse the text of a Gambit .nfg file into a :class:`~negotiation.game.Game`.

    Examples
    --------
    The outcome version, from the Gambit manual's sample (Selten 1975, Figure 2):

    >>> game = parse_nfg('''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    ... { "Player 1" "Player 2" } { { "1" "2" "3" } { "1" "2" } }
    ... { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
    ... 1 2 3 4 5 6''')
    >>> print(game)
    Player 1 \\ Player 2  1     2
    1                    1, 1  1, 1
    2                    0, 2  0, 3
    3                    0, 2  2, 0
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode_bytes(bytes(text), path)
    if len(text) > MAX_NFG_BYTES:
        raise PayoffFileError(
            path,
            0,
            0,
            f"the file is {len(text) / 1e6:.1f} MB; this reader takes files of at most "
            f"{MAX_NFG_BYTES / 1e6:g} MB",
            "solve a game this large with Gambit itself",
        )
    return _Parser(text, path).parse()


def read_nfg(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Game:
    """Read a Gambit .nfg file (a path or an open file)."""
    name, text = read_text(source)
    return parse_nfg(text, name)
