"""The size limits of every reader, in one place, with the checks that enforce them.

A file is refused, with one positioned line, before any work that its size would make
slow: the limits are set so that a file within them loads in seconds on a laptop.

=====================  ===========  ====================================================
limit                  value        why
=====================  ===========  ====================================================
YAML file              2 MB         the round-trip YAML reader (which keeps positions and
                                    comments) reads about 100 kB/s of dense payoffs
YAML values            40,000       roughly a 100×100 two-player payoff table
``.nfg`` file          4 MB
players                32           arrays of ``(n_players, *n_moves)`` stay within numpy's
                                    64 dimensions; a 33-player game has 2^33 cells anyway
moves per player       1,000
payoffs                250,000      cells × players (a 350×350 bimatrix); beyond it use a
                                    sampling tool rather than exact solvers
scenario profiles      10,000       each profile of a scenario is computed from formulas
number                 1,000 chars  and exponents within ±1000 (see ``numbers``)
nesting                64 levels
=====================  ===========  ====================================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.game import MAX_PLAYERS

__all__ = [
    "MAX_MOVES",
    "MAX_NFG_BYTES",
    "MAX_PAYOFFS",
    "MAX_PLAYERS",
    "MAX_SCENARIO_PROFILES",
    "MAX_YAML_BYTES",
    "MAX_YAML_VALUES",
    "check_scenario_size",
    "estimate_yaml_values",
    "size_problem",
]

MAX_YAML_BYTES = 2_000_000
MAX_YAML_VALUES = 40_000
MAX_NFG_BYTES = 4_000_000
MAX_MOVES = 1_000
MAX_PAYOFFS = 250_000
MAX_SCENARIO_PROFILES = 10_000

# one match per YAML value, roughly: a flow separator or opener, "key: ", or "- "
_VALUE_MARKS = re.compile(r"[,\[{]|:(?=\s)|^\s*-(?=\s)", re.MULTILINE)


def estimate_yaml_values(text: str) -> int:
    """An upper-bound estimate of the number of values in YAML text, at C speed.

    >>> estimate_yaml_values("a: [1, 2]\\nb: {c: 3}\\n")
    6
    """
    return len(_VALUE_MARKS.findall(text))


def size_problem(
    n_players: int, move_counts: Sequence[int], *, max_profiles: int | None = None
) -> str | None:
    """Why a game of this size is refused, or ``None`` when it is within the limits.

    >>> size_problem(2, [3, 3]) is None
    True
    >>> size_problem(70, [2] * 70)
    'the game has 70 players; at most 32 are supported'
    >>> size_problem(5, [31] * 5, max_profiles=MAX_SCENARIO_PROFILES)
    'the game has 28629151 move profiles (31×31×31×31×31); at most 10000 are supported'
    """
    if n_players > MAX_PLAYERS:
        return f"the game has {n_players} players; at most {MAX_PLAYERS} are supported"
    for k in move_counts:
        if k > MAX_MOVES:
            return f"a player has {k} moves; at most {MAX_MOVES} are supported"
    profiles = math.prod(move_counts)
    shape = "×".join(str(k) for k in move_counts)
    if max_profiles is not None and profiles > max_profiles:
        return (
            f"the game has {profiles} move profiles ({shape}); at most {max_profiles} are supported"
        )
    if profiles * n_players > MAX_PAYOFFS:
        return (
            f"the game has {profiles * n_players} payoffs ({shape} cells × {n_players} "
            f"players); at most {MAX_PAYOFFS} are supported"
        )
    return None


def check_scenario_size(doc: Any) -> None:
    """Refuse a scenario whose ``players`` × ``moves`` exceed the limits, before building.

    Raises the :class:`~negotiation.errors.PayoffFileError` of ``doc.error`` at the
    ``moves`` section; called by the scenario builder before it computes any payoff.
    """
    data = doc.data
    players = data.get("players") if isinstance(data, Mapping) else None
    moves = data.get("moves") if isinstance(data, Mapping) else None
    if not isinstance(players, list) or not isinstance(moves, Mapping):
        return  # the builder reports the missing or malformed section itself
    counts = [len(m) if isinstance(m, Mapping) else 1 for m in moves.values()]
    problem = size_problem(
        max(len(players), len(counts)), counts, max_profiles=MAX_SCENARIO_PROFILES
    )
    if problem is not None:
        raise doc.error(["moves"], problem, "model fewer moves per player, or fewer players")
