"""The safety checks of YAML text, before and while it is parsed.

A payoff file is data: these checks refuse, with the line and column, what could make
it run code, hide text or exhaust the reader — forbidden and invisible characters
("Trojan source" bidi controls, lone surrogates), tags that build objects, merge keys
and anchors, nesting past :data:`MAX_DEPTH`, absurdly long numbers, tabs in
indentation — and turn ruamel.yaml's syntax errors into one positioned
:class:`~negotiation.errors.PayoffFileError`. :mod:`negotiation.files.yamldoc` runs them.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from negotiation.errors import PayoffFileError, escape_text, quote_token

__all__ = [
    "ALLOWED_TAGS",
    "MAX_DEPTH",
    "MAX_NUMBER_CHARS",
    "check_characters",
    "check_events",
    "check_tabs",
    "load_checked",
    "node_start",
    "node_start_1",
    "syntax_error",
    "yaml_round_trip",
]

#: deepest nesting of lists and mappings accepted (a payoff file needs one level per player)
MAX_DEPTH = 64
#: longest plain number accepted (Python refuses to convert integers over 4300 digits)
MAX_NUMBER_CHARS = 1000

#: explicit tags a payoff file may carry: the YAML 1.2 core schema, nothing that builds objects
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


def yaml_round_trip() -> YAML:
    """A round-trip YAML 1.2 reader/writer that keeps comments and key order."""
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap the user's long lines
    return yaml


#: characters YAML 1.2 does not allow in a stream (C0 except tab/LF/CR, DEL, C1,
#: surrogates, U+FFFE/U+FFFF), the line breaks YAML would fold (NEL, U+2028/9), plus the bidi embedding/override/isolate controls
#: that make text display differently from what it says ("Trojan source")
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069]"
)
_CHARACTER_NAMES = {
    0x07: "BEL",
    0x1B: "ESC",
    0x7F: "DEL",
    0x08: "BS",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
}


def _character_problem(ch: str) -> str:
    code = ord(ch)
    name = _CHARACTER_NAMES.get(code)
    if name is None:
        try:
            name = unicodedata.name(ch)
        except ValueError:
            name = (
                "a lone surrogate"
                if 0xD800 <= code <= 0xDFFF
                else "a control character"
                if code < 0xA0
                else "a non-character"
            )
    return f"U+{code:04X} ({name})"


def check_characters(text: str, path: str) -> None:
    """Refuse control, surrogate and bidi-control characters, at their position."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return
    offset = match.start()
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    raise PayoffFileError(
        path,
        line,
        col,
        f"the file holds the character {_character_problem(match.group())}, "
        "which a payoff file may not contain",
        "delete it (it is invisible or changes how text is shown)",
    )


def _unfolded(node: Any) -> str:
    """A scalar's text without ruamel's fold markers (it marks folds of ``>`` with BEL)."""
    value = str(node.value)
    return value.replace("\a", "") if node.style == ">" else value


def _check_scalar_text(value: str, mark: Any, path: str, *, key: bool) -> None:
    """The same check on text built from escapes (``"\\e[2J"``), and no newlines in keys."""
    match = _FORBIDDEN.search(value)
    if match is not None:
        raise PayoffFileError(
            path,
            mark.line + 1,
            mark.column + 1,
            f"this text holds the character {_character_problem(match.group())}, "
            "which a payoff file may not contain",
            "remove the escape sequence that writes it",
        )
    if key and ("\n" in value or "\r" in value):
        raise PayoffFileError(
            path,
            mark.line + 1,
            mark.column + 1,
            "this key holds a line break",
            "write keys on one line",
        )


_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a decimal number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "null",
}


#: the kind of node each core tag must sit on (``!!map abc`` is refused)
_NODE_KINDS: dict[str, type] = {
    "tag:yaml.org,2002:seq": SequenceNode,
    "tag:yaml.org,2002:map": MappingNode,
    **{tag: ScalarNode for tag in ("tag:yaml.org,2002:str", *_SCALAR_TAGS)},
}


def load_checked(text: str, path: str) -> Any:
    """Compose the YAML, check the node tree (tags, aliases, depth, sizes), then build it.

    The check runs between composing and constructing, so nothing is built from a file
    that fails it (and a ``!!python/...`` tag never reaches a constructor).
    """

    class CheckingConstructor(RoundTripConstructor):
        def construct_document(self, node: Any) -> Any:
            _check_nodes(node, text, path)
            return super().construct_document(node)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (PayoffFileError, MarkedYAMLError):
                raise
            except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
                raise _unreadable(node, path) from exc

    yaml = yaml_round_trip()
    yaml.Constructor = CheckingConstructor
    return yaml.load(io.StringIO(text))


#: tags the loader itself gives plain values (an explicit one is checked the same way)
_RESOLVED_TAGS = ALLOWED_TAGS | {"tag:yaml.org,2002:timestamp"}


def _check_nodes(root: Any, text: str, path: str) -> None:
    """Refuse what :func:`check_events` refuses, on the composed node tree (one pass)."""
    stack = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # an alias: the event scan knows where it is written
            check_events(text, path)
        seen.add(id(node))
        mark = node.start_mark
        tag = str(getattr(node.tag, "value", node.tag))
        if tag == "tag:yaml.org,2002:merge":
            raise PayoffFileError(
                path,
                mark.line + 1,
                mark.column + 1,
                "YAML merge keys ('<<') are not allowed in a payoff file",
                "write the keys out in full",
            )
        if tag not in _RESOLVED_TAGS:
            check_events(text, path)  # reports the explicit tag at its position
        wanted = _NODE_KINDS.get(tag)
        if wanted is not None and not isinstance(node, wanted):
            raise _unreadable(node, path)
        if isinstance(node, MappingNode):
            for key, _ in node.value:
                if isinstance(key.value, str):
                    _check_scalar_text(key.value, key.start_mark, path, key=True)
        if isinstance(node, (MappingNode, SequenceNode)):
            if depth > MAX_DEPTH:
                check_events(text, path)
            children = (
                [n for pair in node.value for n in pair]
                if isinstance(node, MappingNode)
                else list(node.value)
            )
            stack.extend((child, depth + 1) for child in reversed(children))
        elif isinstance(node.value, str) and _FORBIDDEN.search(_unfolded(node)):
            _check_scalar_text(_unfolded(node), mark, path, key=False)
        elif (
            node.style is None
            and len(node.value) > MAX_NUMBER_CHARS
            and (node.value[:1].isdigit() or node.value[:1] in "+-.")
        ):
            raise PayoffFileError(
                path,
                mark.line + 1,
                mark.column + 1,
                f"this number is {len(node.value)} characters long",
                f"payoff files take numbers of at most {MAX_NUMBER_CHARS} characters",
            )


def _unreadable(node: Any, path: str) -> PayoffFileError:
    """A value whose explicit tag does not fit it (``!!int abc``, ``!!bool 3``)."""
    mark = node.start_mark
    tag = str(getattr(node.tag, "value", node.tag))
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    want = _SCALAR_TAGS.get(tag, "a " + shown.removeprefix("!!"))
    value = node.value if isinstance(node.value, str) else ""
    token = value if len(value) <= 24 else value[:21] + "..."
    what = f"{token!r}" if isinstance(node, ScalarNode) else "this value"
    return PayoffFileError(
        path,
        mark.line + 1,
        mark.column + 1,
        f"{escape_text(what)} is not {want}, as its tag '{shown}' says",
        "remove the tag, or fix the value",
    )


def check_events(text: str, path: str) -> None:
    """Reject explicit tags (``!!python/object``…) and aliases before anything is built.

    The round-trip loader would keep an unknown tag as a tagged scalar rather than fail,
    so tags are refused here, at their position. Aliases (``*name``) are refused too: a
    payoff file is plain data, and shared nodes invite "billion laughs" blow-ups.
    """
    depth = 0
    for event in yaml_round_trip().parse(io.StringIO(text)):
        tag = getattr(event, "tag", None)
        mark = event.start_mark
        name = type(event).__name__
        if name in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                raise PayoffFileError(
                    path,
                    mark.line + 1,
                    mark.column + 1,
                    f"the file nests lists and mappings more than {MAX_DEPTH} levels deep",
                    "check the brackets and indentation here",
                )
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
        elif (
            name == "ScalarEvent"
            and event.style is None
            and len(event.value) > MAX_NUMBER_CHARS
            and (event.value[:1].isdigit() or event.value[:1] in "+-.")
        ):
            raise PayoffFileError(
                path,
                mark.line + 1,
                mark.column + 1,
                f"this number is {len(event.value)} characters long",
                f"payoff files take numbers of at most {MAX_NUMBER_CHARS} characters",
            )
        if tag is not None:
            value = str(getattr(tag, "value", tag))
            if value not in ALLOWED_TAGS:
                shown = value.replace("tag:yaml.org,2002:", "!!")
                raise PayoffFileError(
                    path,
                    mark.line + 1,
                    mark.column + 1,
                    f"YAML tag '{shown}' is not allowed in a payoff file",
                    "payoff files hold plain data (text, numbers, lists, mappings); remove the tag",
                )
        if name == "AliasEvent":
            raise PayoffFileError(
                path,
                mark.line + 1,
                mark.column + 1,
                "YAML aliases ('*name') are not allowed in a payoff file",
                "write the values out in full instead of referring to an anchor",
            )


def check_tabs(text: str, path: str, upto: int | None = None) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if upto is not None and number > upto:
            return
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line) - len(stripped) + 1
            raise PayoffFileError(
                path,
                number,
                col,
                "tab character used for indentation",
                "YAML indents with spaces only; replace the tab with spaces",
            )


def syntax_error(exc: MarkedYAMLError, text: str, path: str) -> PayoffFileError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or exc.context or "YAML syntax error").strip()
    if "found another document" in problem or "expected a single document" in str(exc):
        return PayoffFileError(
            path,
            line,
            col,
            "a second YAML document starts here",
            "a payoff file holds one document; remove the '---' line and what follows",
        )
    if "found duplicate key" in str(exc):
        key = problem.split('"')[1] if '"' in problem else "?"
        first = exc.context_mark.line + 1 if exc.context_mark is not None else "?"
        return PayoffFileError(
            path,
            line,
            col,
            f"duplicate key {quote_token(key)} (first at line {first})",
            "keep one of them",
        )
    hint = "check indentation, colons and brackets on this line and the one before"
    if "could not find expected ':'" in problem:
        hint = "write 'key: value', with a space after the colon"
    elif "mapping values are not allowed" in problem:
        hint = "put quotes around text that contains ': ' or fix the indentation"
    elif "found character" in problem and "that cannot start any token" in problem:
        hint = "put quotes around text that starts with a special character"
    elif "found undefined tag" in problem or "could not determine a constructor" in problem:
        problem = "tags such as '!!python/...' are not allowed in a payoff file"
        hint = "payoff files hold plain data; remove the tag"
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        opener = "[" if "]" in problem else "{"
        start = exc.context_mark
        where = f" at line {start.line + 1}, column {start.column + 1}" if start else ""
        hint = f"close the '{opener}'{where}, and separate its items with commas"
    elif "expected <block end>" in problem or "expected" in problem:
        hint = "check that this line is indented like its siblings"
    if mark is not None and mark.line >= len(text.splitlines()):
        problem = f"{problem} (the file ends early)"
    return PayoffFileError(path, line, col, f"YAML syntax error: {problem}", hint)


def node_start(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line, lc.col
    return 0, 0


def node_start_1(node: Any) -> tuple[int, int]:
    line, col = node_start(node)
    return line + 1, col + 1
