"""argparse ``type=`` callables for every numeric and structured flag value.

Each factory takes the flag's name and returns a callable that argparse calls on the
flag's text. Numbers go through the one number reader
(:func:`negotiation.files.numbers.parse_number`: exact, at most 1000 characters,
exponents within ±1000, no NaN or infinity), then through the flag's own range. A bad
value raises :class:`argparse.ArgumentTypeError` with one line naming the flag, which
argparse prints as ``negotiation CMD: error: argument --flag: ...`` and exits 2.

Flags whose text the command itself splits further (``PLAYER=VALUE``, ``MOVE,MOVE``,
``D1,D2``) are *checked* here and handed on as the same normalised text, so the
command code that reads them stays as it is.

Examples
--------
>>> probability("--noise")("0.25")
0.25
>>> probability("--noise")("1.5")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: --noise must be a probability in [0, 1], got '1.5'
>>> positive_int("--turns", cap=10**6)("1e9")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: --turns must be a whole number, got '1e9'
>>> player_value("--floor")("US=1e99999999")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: --floor US: '1e99999999' has an exponent beyond ±1000
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import NoReturn

from negotiation.errors import NegotiationError, NumberError, escape_text
from negotiation.files.numbers import parse_float, parse_number

__all__ = [
    "MAX_REPEAT_TURNS",
    "ArgumentParser",
    "FlagError",
    "discount_factor",
    "discount_or_player",
    "finite_float",
    "finite_number",
    "int_list",
    "label_list",
    "nonnegative_int",
    "number_list",
    "override",
    "player_value",
    "positive_float",
    "positive_int",
    "probability",
    "safe_text",
]

#: longest flag value accepted (a move list or a payoff pair is a few dozen characters)
MAX_FLAG_CHARS = 10_000
#: the most turns or rounds any flag may ask for
MAX_REPEAT_TURNS = 1_000_000


class FlagError(NegotiationError, ValueError):
    """A flag value refused by one of this module's types (the CLI prints it, exit 1)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, failing with one line instead of the usage block.

    A flag value refused by one of this module's types raises :class:`FlagError` (bad
    input, like a bad file: the CLI prints one line and exits 1); a usage mistake (an
    unknown option, a missing argument) prints one escaped line,
    ``negotiation CMD: error: ...``, and exits 2.
    """

    def error(self, message: str) -> NoReturn:
        current = sys.exc_info()[1]
        if isinstance(getattr(current, "__context__", None), argparse.ArgumentTypeError):
            # "argument --floor: --floor US: ..." -> "--floor US: ..."
            head, sep, rest = message.partition(": ")
            flag = head.removeprefix("argument ").split("/")[-1]
            text = rest if sep and rest.startswith(flag) else message
            raise FlagError(escape_text(text)) from None
        self.exit(2, escape_text(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")


def _fail(flag: str, message: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(escape_text(f"{flag} {message}"))


def _token(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 24 else text[:21] + "...")


def _number(flag: str, text: str) -> Fraction:
    if len(text) > MAX_FLAG_CHARS:
        raise _fail(flag, f"is {len(text)} characters long; at most {MAX_FLAG_CHARS}")
    try:
        return parse_number(text, what=flag)
    except NumberError as exc:
        raise argparse.ArgumentTypeError(escape_text(str(exc))) from None


def _float(flag: str, text: str) -> float:
    value = _number(flag, text)
    try:
        return parse_float(value, what=flag)
    except NumberError as exc:
        message = str(exc).split(" — ")[0]
        raise argparse.ArgumentTypeError(escape_text(message)) from None


def finite_number(flag: str) -> Callable[[str], Fraction]:
    """Any finite number, read exactly (``"3/2"`` → ``Fraction(3, 2)``).

    >>> finite_number("--x")("3/2")
    Fraction(3, 2)
    """

    def parse(text: str) -> Fraction:
        return _number(flag, text)

    return parse


def finite_float(flag: str) -> Callable[[str], float]:
    """A finite number a float can hold (within ±1.8e308, not a nonzero subnormal).

    >>> finite_float("--tol")("1e-9")
    1e-09
    """

    def parse(text: str) -> float:
        return _float(flag, text)

    return parse


def positive_float(
    flag: str, *, high: float | None = None, what: str = "a positive number"
) -> Callable[[str], float]:
    """A number > 0 (and at most ``high`` when given), as a float.

    >>> positive_float("--round-months", high=1200)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --round-months must be a positive number at most 1200, got '0'
    """
    bound = f" at most {high:g}" if high is not None else ""

    def parse(text: str) -> float:
        value = _float(flag, text)
        if value <= 0 or (high is not None and value > high):
            raise _fail(flag, f"must be {what}{bound}, got {_token(text)}")
        return value

    return parse


def probability(flag: str, *, smallest: float = 0.0) -> Callable[[str], float]:
    """A probability in [0, 1]; with ``smallest``, a nonzero value must be at least that.

    >>> probability("--prob-end", smallest=1e-6)("1e-320")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --prob-end must be 0 or at least 1e-06, got '1e-320'
    """

    def parse(text: str) -> float:
        exact = _number(flag, text)
        if not 0 <= exact <= 1:
            raise _fail(flag, f"must be a probability in [0, 1], got {_token(text)}")
        if (exact and exact < Fraction(smallest)) or (exact and float(exact) == 0.0):
            raise _fail(flag, f"must be 0 or at least {smallest:g}, got {_token(text)}")
        return float(exact)

    return parse


def discount_factor(flag: str) -> Callable[[str], float]:
    """A discount factor strictly between 0 and 1 (and not a float rounding to either).

    >>> discount_factor("--discount")("0.9")
    0.9
    >>> discount_factor("--discount")("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --discount must be a finite number, got 'nan'
    """

    def parse(text: str) -> float:
        exact = _number(flag, text)
        value = float(exact) if 0 < exact < 1 else None
        if value is None or value in (0.0, 1.0) or value < 1e-300:
            raise _fail(
                flag, f"must be a discount factor strictly between 0 and 1, got {_token(text)}"
            )
        return value

    return parse


def _int(flag: str, text: str) -> int:
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body.isdigit() or not body.isascii():
        raise _fail(flag, f"must be a whole number, got {_token(text)}")
    if len(body) > 19:
        raise _fail(flag, f"is too large, got {_token(text)}")
    return int(stripped)


def positive_int(flag: str, *, cap: int) -> Callable[[str], int]:
    """A whole number from 1 to ``cap``.

    >>> positive_int("--repetitions", cap=10_000)("20000")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --repetitions must be a whole number from 1 to 10000, got '20000'
    """

    def parse(text: str) -> int:
        value = _int(flag, text)
        if not 1 <= value <= cap:
            raise _fail(flag, f"must be a whole number from 1 to {cap}, got {_token(text)}")
        return value

    return parse


def nonnegative_int(flag: str, *, cap: int) -> Callable[[str], int]:
    """A whole number from 0 to ``cap`` (a seed, a count that may be zero).

    >>> nonnegative_int("--seed", cap=2**32 - 1)("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --seed must be a whole number from 0 to 4294967295, got '-1'
    """

    def parse(text: str) -> int:
        value = _int(flag, text)
        if not 0 <= value <= cap:
            raise _fail(flag, f"must be a whole number from 0 to {cap}, got {_token(text)}")
        return value

    return parse


def int_list(flag: str, *, cap: int, max_items: int = 100) -> Callable[[str], str]:
    """Comma-separated whole numbers from 1 to ``cap``; returns the text, normalised.

    >>> int_list("--periods", cap=1000)("1, 2,3")
    '1,2,3'
    >>> int_list("--periods", cap=1000)("1,abc")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --periods must be a whole number, got 'abc'
    """
    one = positive_int(flag, cap=cap)

    def parse(text: str) -> str:
        parts = _split(flag, text, max_items)
        return ",".join(str(one(p)) for p in parts)

    return parse


def number_list(flag: str, *, count: int | None = None) -> Callable[[str], str]:
    """Comma-separated float-sized numbers (``D1,D2``); returns the text, normalised.

    >>> number_list("--disagreement", count=2)("1, -2")
    '1,-2'
    """

    def parse(text: str) -> str:
        parts = _split(flag, text, 100)
        if count is not None and len(parts) != count:
            raise _fail(flag, f"needs {count} numbers, got {len(parts)}")
        for p in parts:
            _float(flag, p)
        return ",".join(parts)

    return parse


def label_list(flag: str) -> Callable[[str], str]:
    """``MOVE,MOVE`` (or a single word such as ``escalation``), checked for safe text.

    Lists made only of numbers (``--disagreement 1e99999999,0``) are read as numbers
    with the number reader's limits.

    >>> label_list("--target")("conciliate, conciliate")
    'conciliate,conciliate'
    >>> label_list("--disagreement")("1e99999999,0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --disagreement '1e99999999' has an exponent beyond ±1000
    """

    def parse(text: str) -> str:
        safe_text(flag)(text)
        if "," not in text:
            return text.strip()
        parts = _split(flag, text, 64)
        if all(_looks_numeric(p) for p in parts):
            for p in parts:
                _float(flag, p)
        return ",".join(parts)

    return parse


def player_value(
    flag: str,
    *,
    low: Fraction | None = None,
    high: Fraction | None = None,
    open_low: bool = False,
    open_high: bool = False,
    what: str = "a number",
) -> Callable[[str], str]:
    """``PLAYER=VALUE`` with a number in the given range; returns ``"PLAYER=VALUE"``.

    >>> player_value("--ratification", low=Fraction(0), high=Fraction(1))("US=0.4")
    'US=0.4'
    >>> player_value("--discount-rate", low=Fraction(0), open_low=True)("US")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --discount-rate expects PLAYER=VALUE, got 'US'
    """

    def parse(text: str) -> str:
        safe_text(flag)(text)
        name, sep, raw = text.partition("=")
        if not sep or not name.strip() or not raw.strip():
            raise _fail(flag, f"expects PLAYER=VALUE, got {_token(text)}")
        label = f"{flag} {name.strip()}:"
        value = _number(label, raw)
        _float(label, raw)
        too_low = low is not None and (value <= low if open_low else value < low)
        too_high = high is not None and (value >= high if open_high else value > high)
        if too_low or too_high:
            left = "(" if open_low else "["
            right = ")" if open_high else "]"
            span = (
                f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
            )
            raise _fail(label, f"must be {what} in {span}, got {_token(raw)}")
        return f"{name.strip()}={raw.strip()}"

    return parse


def discount_or_player(flag: str) -> Callable[[str], str]:
    """``D`` (for every player) or ``PLAYER=D``, δ strictly between 0 and 1; returns the text.

    >>> discount_or_player("--discount")("0.9"), discount_or_player("--discount")("US=0.8")
    ('0.9', 'US=0.8')
    """
    each = player_value(
        flag,
        low=Fraction(0),
        high=Fraction(1),
        open_low=True,
        open_high=True,
        what="a discount factor",
    )
    common = discount_factor(flag)

    def parse(text: str) -> str:
        if "=" in text:
            return each(text)
        common(text)
        return text.strip()

    return parse


def override(flag: str = "--set") -> Callable[[str], str]:
    """``PATH=VALUE`` text for ``--set``: bounded, no control characters.

    The value itself is read later, with the file, by
    :func:`negotiation.files.overrides.parse_value` (safe YAML: no tags, no aliases).

    >>> override()("title=x" * 2000)
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --set is 14000 characters long; at most 10000
    """
    check = safe_text(flag)

    def parse(text: str) -> str:
        return check(text)

    return parse


def safe_text(flag: str, *, max_chars: int = MAX_FLAG_CHARS) -> Callable[[str], str]:
    """Any text without control characters, at most ``max_chars`` long.

    >>> safe_text("--leader")("US\\x1b[2J")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --leader holds a control character (U+001B); remove it
    """

    def parse(text: str) -> str:
        if len(text) > max_chars:
            raise _fail(flag, f"is {len(text)} characters long; at most {max_chars}")
        for ch in text:
            if not ch.isprintable():
                raise _fail(flag, f"holds a control character (U+{ord(ch):04X}); remove it")
        return text

    return parse


def _split(flag: str, text: str, max_items: int) -> list[str]:
    if len(text) > MAX_FLAG_CHARS:
        raise _fail(flag, f"is {len(text)} characters long; at most {MAX_FLAG_CHARS}")
    parts = [p.strip() for p in text.split(",")]
    if not any(parts):
        raise _fail(flag, "is empty")
    if any(not p for p in parts):
        raise _fail(flag, f"has an empty item in {_token(text)}")
    if len(parts) > max_items:
        raise _fail(flag, f"lists {len(parts)} items; at most {max_items}")
    return parts


def _looks_numeric(text: str) -> bool:
    stripped = text.strip().lstrip("+-").lower()
    return bool(stripped) and (
        stripped[:1].isdigit() or stripped[:1] == "." or stripped in ("nan", "inf", "infinity")
    )
