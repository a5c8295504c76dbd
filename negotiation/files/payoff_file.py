"""Read and parse payoff files: YAML format v1 and Gambit ``.nfg``.

The verbs follow networkx's ``read_*`` / ``parse_*`` / ``write_*``:

* :func:`read_payoffs` takes a path or an open file, picks the format by extension
  (``.nfg`` is Gambit's, anything else is YAML), applies ``--set`` overrides and returns a
  :class:`~negotiation.game.Game`. A YAML *scenario* (a file with ``channels`` or
  ``pressures``) is refused here: :func:`negotiation.workflows.load.load_model` builds it.
* :func:`read_document` / :func:`parse_document` tell ``.nfg`` from YAML once and return
  the parsed document (or the ``.nfg`` game), for the loader.
* :func:`parse_payoffs` does the same for text already in memory.
* :func:`negotiation.files.payoff_write.write_payoffs` writes (in its own module, with
  the rest of the writing); :mod:`negotiation.files.payoff_cells` builds the game from a
  validated document.

Every malformed file raises one :class:`~negotiation.errors.PayoffFileError` whose
message reads ``path:line:col: what is wrong — how to fix it``. Reading never runs code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import IO, Any

from negotiation.errors import OverrideError, PayoffFileError
from negotiation.files.nfg import parse_nfg
from negotiation.files.overrides import apply_overrides
from negotiation.files.payoff_cells import game_from_doc
from negotiation.files.payoff_format import (
    FORMAT_VERSION,
    RATIONAL_PATTERN,
    exact_number,
    looks_like_nfg,
)
from negotiation.files.yamldoc import YamlDoc, decode_bytes, parse_yaml, read_text
from negotiation.game import Game

__all__ = [
    "FORMAT_VERSION",
    "RATIONAL_PATTERN",
    "exact_number",
    "game_from_doc",
    "is_scenario",
    "parse_document",
    "parse_payoffs",
    "read_document",
    "read_payoffs",
]

Overrides = Sequence[str] | Mapping[str, Any]


# ------------------------------------------------------------------------------ reading
def read_payoffs(
    source: str | os.PathLike[str] | IO[str] | IO[bytes], overrides: Overrides = ()
) -> Game:
    """Read a plain payoff file (YAML format v1 or Gambit ``.nfg``) as a :class:`Game`.

    A scenario file (one that declares ``pressures`` or ``channels``) is refused with a
    pointer to :func:`negotiation.read_payoffs` / :func:`negotiation.workflows.load_model`,
    which build it: this package never depends on the scenario layer above it.

    Parameters
    ----------
    source
        A path or an open file. Files named ``*.nfg`` are read as Gambit strategic games;
        anything else as YAML.
    overrides
        What-if changes applied before validation, ``["payoffs.defect.defect.0=2"]`` or
        ``{"payoffs.defect.defect.0": 2}`` (see :func:`negotiation.files.apply_overrides`).

    Returns
    -------
    Game
        Players and moves as labelled in the file, payoffs kept exactly.

    Raises
    ------
    PayoffFileError
        With the file's path, the line and column of the problem, and a hint.

    Examples
    --------
    >>> import io
    >>> text = '''
    ... version: 1
    ... title: Matching pennies
    ... players:
    ...   - name: Even
    ...     moves: {heads: show heads, tails: show tails}
    ...   - name: Odd
    ...     moves: {heads: show heads, tails: show tails}
    ... payoffs:
    ...   heads: {heads: [1, -1], tails: [-1, 1]}
    ...   tails: {heads: [-1, 1], tails: [1, -1]}
    ... '''
    >>> game = read_payoffs(io.StringIO(text))
    >>> print(game)
    Even \\ Odd  heads  tails
    heads       1, -1  -1, 1
    tails       -1, 1  1, -1
    """
    name, text = read_text(source)
    return parse_payoffs(text, name, overrides)


def parse_payoffs(text: str | bytes, path: str = "<string>", overrides: Overrides = ()) -> Game:
    """Parse payoff-file text (or bytes); ``path`` names it in messages and picks the format.

    >>> parse_payoffs("version: 1\\ntitle: x\\nplayers: []\\npayoffs: {}\\n", "g.yaml")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: g.yaml:3:10: 'players' lists nothing — a game needs at least one player
    """
    document = parse_document(text, path, overrides)
    if isinstance(document, Game):
        return document
    if is_scenario(document):
        raise PayoffFileError(
            path,
            1,
            1,
            "this is a scenario file (it declares pressures or channels), not a plain payoff file",
            "read it with negotiation.read_scenario, negotiation.read_payoffs or "
            "negotiation.workflows.load_model",
        )
    return game_from_doc(document)


def read_document(
    source: str | os.PathLike[str] | IO[str] | IO[bytes], overrides: Overrides = ()
) -> YamlDoc | Game:
    """A YAML file's parsed document (overrides applied), or a Gambit ``.nfg`` file's game.

    The one place the format is told apart (by the name ``*.nfg``, else by an ``NFG``
    first line for names that are not ``*.yaml``/``*.yml``); the loader of
    :mod:`negotiation.workflows.load` builds a scenario or a game from the result.

    >>> import io
    >>> read_document(io.StringIO("version: 1\\nplayers: []\\n")).data["players"]
    []
    """
    name, text = read_text(source)
    return parse_document(text, name, overrides)


def parse_document(
    text: str | bytes, path: str = "<string>", overrides: Overrides = ()
) -> YamlDoc | Game:
    """:func:`read_document` on text already read (``path`` names it and picks the format)."""
    if isinstance(text, (bytes, bytearray)):
        text = decode_bytes(bytes(text), path)
    if looks_like_nfg(path, text):
        if overrides:
            raise OverrideError(
                f"{path}: --set works on YAML files only — convert it first, e.g. "
                f"negotiation convert {path} game.yaml"
            )
        return parse_nfg(text, path)
    doc = parse_yaml(text, path)
    if overrides:
        apply_overrides(doc, overrides)
    return doc


def is_scenario(doc: YamlDoc) -> bool:
    """True for a scenario file (a top-level ``channels`` or ``pressures`` key)."""
    return isinstance(doc.data, Mapping) and ("channels" in doc.data or "pressures" in doc.data)
