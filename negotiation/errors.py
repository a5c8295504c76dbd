"""The one exception family of ``negotiation``.

Every error the package raises on purpose is a :class:`NegotiationError`, so a caller
(the CLI, a notebook) can catch one type and show its message. Errors about a file
carry the position of the offending text so the message reads like a compiler's::

    payoffs/game.yaml:12:7: payoff must be a number, got 'high' — write a number such as 3 or -1.5
"""

from __future__ import annotations

from dataclasses import dataclass


class NegotiationError(Exception):
    """Base class of every error raised on purpose by ``negotiation``."""


@dataclass
class PayoffFileError(NegotiationError):
    """A payoff or scenario file that cannot be read, with where and why.

    Parameters
    ----------
    path
        The file's path as the user gave it (or ``"<string>"``).
    line, col
        1-based position of the offending text; ``0`` when the error concerns the
        file as a whole (missing, empty, binary).
    message
        What is wrong.
    hint
        How to fix it (optional).

    Examples
    --------
    >>> str(PayoffFileError("g.yaml", 3, 5, "unknown key 'playrs'", "did you mean 'players'?"))
    "g.yaml:3:5: unknown key 'playrs' — did you mean 'players'?"

    An error about the file as a whole has no position to show (never a fake ``0:0``):

    >>> str(PayoffFileError("gone.yaml", 0, 0, "no such file"))
    'gone.yaml: no such file'
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line > 0 else self.path
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class GameError(NegotiationError, ValueError):
    """A game built in code is inconsistent (shapes, labels)."""


class OverrideError(NegotiationError, KeyError):
    """A ``--set PATH=VALUE`` override names no setting or has a bad value."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class SolverError(NegotiationError, RuntimeError):
    """A solver cannot give an answer it can vouch for (e.g. LP trouble)."""


class StrategyError(NegotiationError, ValueError):
    """An unknown or misused repeated-game strategy."""
