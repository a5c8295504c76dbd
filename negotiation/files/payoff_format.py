"""The payoff format's constants and number reading, shared by every file module.

Format v1 is described by :mod:`negotiation.files.schema`; this module holds what the
YAML reader (:mod:`negotiation.files.payoff_file`), the cell reader
(:mod:`negotiation.files.payoff_cells`), the writer (:mod:`negotiation.files.payoff_write`),
``--set`` overrides and Gambit ``.nfg`` share: the version written, the pattern of a
number written as text, the exact reading of such a number and how a Gambit file is
told from YAML.
"""

from __future__ import annotations

from fractions import Fraction

from negotiation.files.numbers import NUMBER_PATTERN, parse_number

__all__ = ["FORMAT_VERSION", "RATIONAL_PATTERN", "exact_number", "looks_like_nfg"]

#: the format version written (pydantic, used to validate, loads only when reading YAML)
FORMAT_VERSION = 1
#: payoffs written as text: integers, decimals and fractions such as "3/2" or "-0.25"
RATIONAL_PATTERN = NUMBER_PATTERN


def exact_number(text: str) -> Fraction:
    """The exact value of a number written as text: ``"3/2"``, ``"-0.25"``, ``"1e3"``.

    Refuses absurd sizes (over 1000 characters, exponents beyond ±1000) with
    :class:`~negotiation.errors.NumberError` (a ``ValueError``) whose ``reason`` says
    why, so a malicious file cannot make the reader compute ``10**999999999``. The one
    number reader is :func:`negotiation.files.numbers.parse_number`.

    >>> exact_number("3/2"), exact_number(" -1.25e1 "), exact_number(".5/2")
    (Fraction(3, 2), Fraction(-25, 2), Fraction(1, 4))
    """
    return parse_number(text, what="number")


def looks_like_nfg(path: str, text: str) -> bool:
    """True for a Gambit ``.nfg`` file: by the name ``*.nfg``, else (for names that are not
    ``*.yaml``/``*.yml``) by an ``NFG`` first line.

    >>> looks_like_nfg("g.nfg", ""), looks_like_nfg("g.yaml", "NFG 1 R"), looks_like_nfg("-", "NFG 1")
    (True, False, True)
    """
    if str(path).lower().endswith(".nfg"):
        return True
    if str(path).lower().endswith((".yaml", ".yml")):
        return False
    return text.lstrip().startswith("NFG")
