"""Write Gambit ``.nfg`` files: the flat payoff version or the outcome version.

:func:`format_nfg` gives the text Gambit reads, :func:`write_nfg` writes it atomically
and reads it back first (:func:`check_reads_back`) so a file that would not give the
same game never replaces anything. Reading is :mod:`negotiation.files.nfg`.
"""

from __future__ import annotations

import os

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.atomic import atomic_write_text
from negotiation.files.nfg import gambit_order, parse_nfg
from negotiation.game import Game, format_number

__all__ = ["check_reads_back", "format_nfg", "write_nfg"]


def format_nfg(game: Game, *, body: str = "payoffs") -> str:
    """The .nfg text of a game: ``body="payoffs"`` (flat list) or ``"outcomes"``.

    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD",
    ...                        moves=(("C", "D"), ("C", "D")))
    >>> print(format_nfg(g))
    NFG 1 R "PD" { "Row" "Column" }
    { { "C" "D" }
      { "C" "D" }
    }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>
    """
    if body not in ("payoffs", "outcomes"):
        raise ValueError(f"body must be 'payoffs' or 'outcomes', got {body!r}")
    players = " ".join(_quote(p) for p in game.players)
    lines = [f"NFG 1 R {_quote(game.title)} {{ {players} }}"]
    strategy_lines = ["{ " + " ".join(_quote(m) for m in moves) + " }" for moves in game.moves]
    lines.append("{ " + "\n  ".join(strategy_lines))
    lines.append("}")
    lines.append(_quote(game.description))
    lines.append("")
    order = gambit_order(game.shape)
    if body == "payoffs":
        for index in order:
            lines.append(
                " ".join(format_number(game.exact[(i, *index)]) for i in range(game.n_players))
            )
    else:
        lines.append("{")
        for index in order:
            values = ", ".join(
                format_number(game.exact[(i, *index)]) for i in range(game.n_players)
            )
            name = _quote(" ".join(game.profile_names(index)))
            lines.append(f"{{ {name} {values} }}")
        lines.append("}")
        lines.append(" ".join(str(k + 1) for k in range(len(order))))
    return "\n".join(lines) + "\n"


def _quote(label: str) -> str:
    # Gambit's reader treats only \" as an escape; other backslashes are kept as written,
    # so a label ending in a backslash (or holding one before a quote) cannot be written
    if label.endswith("\\") or "\x00" in label:
        shown = label.encode("unicode_escape").decode("ascii")[:40]
        raise GameError(
            f"the label '{shown}' cannot be written to .nfg and read back "
            "(a backslash at its end, or a NUL); rename it first"
        )
    return '"' + label.replace('"', '\\"') + '"'


def write_nfg(
    game: Game,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    body: str = "payoffs",
    force: bool = False,
) -> None:
    """Write a game as a Gambit .nfg file, atomically (see :func:`format_nfg`).

    The text is read back before it replaces anything and must give the same game.
    """
    atomic_write_text(
        path,
        format_nfg(game, body=body),
        overwrite=overwrite,
        force=force,
        validate=lambda text: check_reads_back(parse_nfg(text, os.fspath(path)), game, path),
    )


def check_reads_back(back: Game, game: Game, path: str | os.PathLike[str]) -> None:
    """Refuse a write whose text does not read back as ``game`` (labels, payoffs, title)."""
    if back != game or back.title != game.title:
        raise PayoffFileError(
            os.fspath(path), 0, 0, "the text to write would not read back as the same game"
        )
