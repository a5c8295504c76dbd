"""The one exception family of ``negotiation``.

Every error the package raises on purpose is a :class:`NegotiationError`, so a caller
(the CLI, a notebook) can catch one type and show its message. Errors about a file
carry the position of the offending text so the message reads like a compiler's::

    payoffs/game.yaml:12:7: payoff must be a number, got 'high' — write a number such as 3 or -1.5
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


class NegotiationError(Exception):
    """Base class of every error raised on purpose by ``negotiation``.

    ``str()`` of every one is a single terminal-safe line: user text inside the message
    (a key, a label, a title) has its control, bidi and invisible characters escaped
    (:func:`escape_text`), in the library as on the command line.

    >>> str(NegotiationError("unknown key 'a\\x1b[2Jb'"))
    "unknown key 'a\\\\x1b[2Jb'"
    """

    def __str__(self) -> str:
        return escape_text(super().__str__())


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
        return escape_text(f"{text} — {self.hint}" if self.hint else text)


class GameError(NegotiationError, ValueError):
    """A game built in code is inconsistent (shapes, labels)."""


class OverrideError(NegotiationError, KeyError):
    """A ``--set PATH=VALUE`` override names no setting or has a bad value."""

    def __str__(self) -> str:  # KeyError would quote the message
        return escape_text(str(self.args[0])) if self.args else ""


class SolverError(NegotiationError, RuntimeError):
    """A solver cannot give an answer it can vouch for (e.g. LP trouble)."""


class StrategyError(NegotiationError, ValueError):
    """An unknown or misused repeated-game strategy."""


class NumberError(GameError):
    """A number (in a file, a flag or a ``--set`` value) that cannot be read or used.

    ``str()`` is the whole message; :attr:`reason` is the part after the offending token
    (``"has an exponent beyond ±1000"``), so a caller can put the token in its own words.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class NegotiationWarning(UserWarning):
    """Something the user should know about an input that was still read (the CLI prints it)."""


class ArgumentError(NegotiationError, TypeError):
    """A library call with an argument of the wrong type (named in the message)."""


# ------------------------------------------------------------------ text for terminals

#: characters shown escaped: C0 and C1 controls, DEL, the bidi controls, zero-width
#: characters, the byte-order mark, lone surrogates and the two non-characters U+FFFE/FFFF
_INVISIBLE = frozenset(
    [
        *range(0x00, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
        0xFFFE,
        0xFFFF,
    ]
)


def escape_text(text: object, *, keep_newlines: bool = False) -> str:
    """User-supplied text made safe for a terminal: control characters shown as ``\\x1b``.

    Escape sequences (``\\x1b[2J`` clears the screen), bidi overrides (U+202E), zero-width
    characters and lone surrogates are replaced by their Python escape, so what a file
    says is shown, never obeyed. Printable text, accents and CJK pass unchanged.

    Parameters
    ----------
    text
        Anything; non-strings are shown with ``str()``.
    keep_newlines
        Keep ``\\n`` (for multi-line reports); otherwise it is shown as ``\\n`` too.

    Examples
    --------
    >>> escape_text("title \\x1b[2J here")
    'title \\\\x1b[2J here'
    >>> escape_text("Zhōngguó 中国"), escape_text("a\\u202eb")
    ('Zhōngguó 中国', 'a\\\\u202eb')
    >>> escape_text("bad \\udc80 surrogate")
    'bad \\\\udc80 surrogate'
    """
    value = text if isinstance(text, str) else str(text)
    if value.isprintable() and value.isascii():
        return value
    out = []
    for ch in value:
        code = ord(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif code in _INVISIBLE or 0xD800 <= code <= 0xDFFF:
            out.append(_escape_char(code))
        else:
            out.append(ch)
    return "".join(out)


_NAME_LIKE = re.compile(r"^[\w .+-]{1,40}$")


def quote_token(text: object) -> str:
    """``'text'`` for a short name-like token; a description for anything else.

    Messages quote the offending token, never a whole line of the user's file (which
    might be a password file's first line, read by mistake), and never raw control or
    bidi characters.

    >>> quote_token("titel"), quote_token("root:$6$x$abcdef:19000:0:99999:7:::")
    ("'titel'", 'that is not a name (35 characters)')
    >>> quote_token("ti\\x1btle")
    "'ti\\\\x1btle'"
    """
    value = text if isinstance(text, str) else str(text)
    visible = "".join(ch for ch in value if not _is_invisible(ord(ch)))
    if _NAME_LIKE.match(value) or (visible != value and _NAME_LIKE.match(visible)):
        shown = escape_text(value)
        return f"'{shown}'" if "'" not in shown else f'"{shown}"'
    return f"that is not a name ({len(value)} characters)"


def _is_invisible(code: int) -> bool:
    return code in _INVISIBLE or 0xD800 <= code <= 0xDFFF


def _escape_char(code: int) -> str:
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    if code == 0x0D:
        return "\\r"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def message_line(exc: BaseException) -> str:
    """One terminal-safe line for an error: the message, escaped, newlines shown as ``\\n``.

    >>> message_line(NegotiationError("bad\\nname \\x07"))
    'bad\\\\nname \\\\x07'
    """
    return escape_text(str(exc))


# ------------------------------------------------------------- text that deceives
_NEVER_IN_TEXT = frozenset(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0xFFFE,
        0xFFFF,
    ]
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")


def _describe(ch: str) -> str:
    code = ord(ch)
    try:
        name = _C0_NAMES.get(code) or unicodedata.name(ch)
    except ValueError:
        name = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"U+{code:04X} ({name})"


_C0_NAMES = {
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEXT LINE",
}


def text_problem(text: str, *, name: bool = False) -> str | None:
    """Why ``text`` may not be used, naming the code point, or ``None`` when it is fine.

    Any text refuses control characters (tab and line breaks aside), lone surrogates,
    U+FFFE/U+FFFF and the bidi embedding/override/isolate controls, which make text
    display as something else. A *name* (of a player or a move) also refuses line breaks,
    tabs, every invisible format character (zero-width spaces and joiners, soft hyphen,
    marks) and letters mixing Latin with Cyrillic, Greek or Armenian — the homoglyphs that
    let two different names look the same.

    >>> text_problem("défense 中国") is None
    True
    >>> text_problem("def\\u200bect", name=True)
    'holds U+200B (ZERO WIDTH SPACE), an invisible character'
    >>> text_problem("d\\u0435fect", name=True)
    'mixes scripts: U+0435 (CYRILLIC SMALL LETTER IE) among Latin letters looks like a Latin letter'
    """
    scripts: dict[str, str] = {}
    for ch in text:
        code = ord(ch)
        if code in _NEVER_IN_TEXT or 0xD800 <= code <= 0xDFFF:
            return f"holds {_describe(ch)}, a control character"
        if not name:
            continue
        if ch in "\t\n\r\x85\u2028\u2029":
            return f"holds {_describe(ch)}, a line break or tab"
        if unicodedata.category(ch) == "Cf":
            return f"holds {_describe(ch)}, an invisible character"
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ")[0]
            if script in _SCRIPTS:
                scripts.setdefault(script, ch)
    if len(scripts) > 1:
        other = (
            next(ch for s, ch in scripts.items() if s != "LATIN") if "LATIN" in scripts else None
        )
        if other is not None:
            return (
                f"mixes scripts: {_describe(other)} among Latin letters looks like a Latin letter"
            )
        first, second = list(scripts.values())[:2]
        return f"mixes scripts: {_describe(first)} and {_describe(second)}"
    return None
