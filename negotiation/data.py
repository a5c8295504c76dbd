"""Where the shipped payoff files are: the default scenario and the teaching games.

In a source checkout (or an editable install) they are the files in the repository's
``payoffs/`` folder, which users edit; a regular install carries a copy inside the
package as ``negotiation/_payoffs``.
"""

from __future__ import annotations

from pathlib import Path

from negotiation.errors import NegotiationError

#: the scenario ``negotiation analyse`` runs when no file is named
DEFAULT_SCENARIO = "us_china_rare_earths.yaml"


def payoffs_dir() -> Path:
    """The folder holding the shipped payoff files.

    >>> (payoffs_dir() / DEFAULT_SCENARIO).is_file()
    True
    """
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "payoffs", package / "_payoffs"):
        if (candidate / DEFAULT_SCENARIO).is_file():
            return candidate
    raise NegotiationError(
        "the shipped payoff files are missing from this installation; reinstall negotiation"
    )


def shipped(name: str = DEFAULT_SCENARIO) -> Path:
    """Path of a shipped payoff file by name, e.g. ``shipped("prisoners_dilemma.yaml")``."""
    path = payoffs_dir() / name
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in payoffs_dir().glob("*.yaml")))
        raise NegotiationError(f"no shipped payoff file {name!r}; available: {available}")
    return path
