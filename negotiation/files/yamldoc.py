"""Read YAML 1.2 text into data that remembers where every value came from.

ruamel.yaml's round-trip loader keeps the line and column of each key and value after
parsing (and the comments, for rewriting a file). :class:`YamlDoc` wraps the parsed tree
so that any later check — a schema violation, an unknown name in a formula, a missing
payoff cell — can point at the offending text with :meth:`YamlDoc.error`. Loading builds
only plain mappings, lists and scalars: a payoff file is data and never runs code.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from negotiation.errors import PayoffFileError, escape_text, quote_token
from negotiation.files.limits import (
    MAX_NFG_BYTES,
    MAX_YAML_BYTES,
    MAX_YAML_VALUES,
    estimate_yaml_values,
)

__all__ = [
    "Location",
    "YamlDoc",
    "decode_bytes",
    "dump_yaml",
    "load_yaml",
    "parse_yaml",
    "read_text",
    "write_yaml_doc",
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

#: a path into the parsed data: mapping keys and list indices
Location = Sequence[str | int]


def yaml_round_trip() -> YAML:
    """A round-trip YAML 1.2 reader/writer that keeps comments and key order."""
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap the user's long lines
    return yaml


@dataclass
class YamlDoc:
    """Parsed YAML with positions.

    Attributes
    ----------
    path
        The name used in messages (the path as given, or ``"<string>"``).
    text
        The source text.
    data
        The parsed tree: ruamel ``CommentedMap`` / ``CommentedSeq`` / scalars.
    """

    path: str
    text: str
    data: Any

    def position(self, loc: Location, *, key: bool = False) -> tuple[int, int]:
        """1-based ``(line, col)`` of the value at ``loc`` (of its key with ``key=True``).

        Follows ``loc`` as far as it exists and answers with the deepest node found, so
        a missing entry points at the mapping that should have held it.

        >>> doc = parse_yaml("a:\\n  b: [1, 2, x]\\n")
        >>> doc.position(["a", "b", 2])
        (2, 13)
        >>> doc.position(["a", "b"], key=True)
        (2, 3)
        >>> doc.position(["a", "missing"])
        (2, 3)
        """
        node = self.data
        line, col = _start(node)
        for depth, part in enumerate(loc):
            last = depth == len(loc) - 1
            try:  # an entry added in code (not read from the text) has no position
                if isinstance(node, CommentedMap) and part in node:
                    if last and key:
                        kl, kc = node.lc.key(part)
                        return kl + 1, kc + 1
                    vl, vc = node.lc.value(part)
                    line, col = vl, vc
                    child = node[part]
                elif (
                    isinstance(node, CommentedSeq)
                    and isinstance(part, int)
                    and not isinstance(part, bool)
                    and -len(node) <= part < len(node)
                ):
                    line, col = node.lc.item(part % len(node))
                    child = node[part]
                else:
                    break
            except (KeyError, IndexError, TypeError):
                break  # the enclosing node's position
            if isinstance(child, (CommentedMap, CommentedSeq)) and child.lc.line is not None:
                # a block mapping's value position is where its first key starts
                line, col = child.lc.line, child.lc.col
            node = child
        return line + 1, col + 1

    def error(
        self, loc: Location, message: str, hint: str = "", *, key: bool = False
    ) -> PayoffFileError:
        """A :class:`PayoffFileError` positioned at ``loc`` (see :meth:`position`)."""
        line, col = self.position(loc, key=key)
        return PayoffFileError(self.path, line, col, message, hint)

    def get(self, loc: Location, default: Any = None) -> Any:
        """The value at ``loc``, or ``default`` where the path does not exist."""
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node


def read_text(
    source: str | os.PathLike[str] | IO[str] | IO[bytes], *, keep_bom: bool = False
) -> tuple[str, str]:
    """Read a file (path or open file) as UTF-8 text; return ``(name, text)``.

    A leading byte-order mark is dropped unless ``keep_bom=True``.

    Missing files, folders, binary and non-UTF-8 files raise :class:`PayoffFileError`.
    """
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        raw = source.read()
    else:
        name = os.fspath(source)
        if not name:
            raise PayoffFileError("''", 0, 0, "no file named (the path is empty)", "give a path")
        path = Path(name)
        if not path.exists():
            raise PayoffFileError(name, 0, 0, "no such file", "check the path and the spelling")
        if path.is_dir():
            raise PayoffFileError(
                name, 0, 0, "this is a folder, not a file", "name a .yaml or .nfg file"
            )
        if not path.is_file():
            raise PayoffFileError(
                name, 0, 0, "this is not a regular file (a pipe or a device)", "name a file"
            )
        cap = MAX_NFG_BYTES if name.lower().endswith(".nfg") else MAX_YAML_BYTES
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PayoffFileError(name, 0, 0, f"cannot read the file: {exc.strerror}") from exc
        if size > cap:
            raise _too_big(name, size, cap)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise PayoffFileError(name, 0, 0, f"cannot read the file: {exc.strerror}") from exc
    text = raw if isinstance(raw, str) else decode_bytes(raw, name)
    if keep_bom and isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text
    return name, text


def _too_big(name: str, size: int, cap: int) -> PayoffFileError:
    return PayoffFileError(
        name,
        0,
        0,
        f"the file is {size / 1e6:.1f} MB; this reader takes files of at most {cap / 1e6:g} MB",
        "split the model, or write a large game as Gambit .nfg",
    )


def decode_bytes(raw: bytes, name: str = "<bytes>") -> str:
    """Decode a file's bytes as UTF-8 text (a leading byte-order mark is dropped).

    Binary data (a NUL byte) and invalid UTF-8 raise :class:`PayoffFileError`, the
    latter at the line and column of the first bad byte.

    >>> decode_bytes(b"title: ok\\n")
    'title: ok\\n'
    >>> decode_bytes(b"a: 1\\nb: \\xff\\n", "g.yaml")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: g.yaml:2:4: the file is not valid UTF-8 text — save it as UTF-8
    """
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw[:offset].count(b"\n") + 1
        col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        raise PayoffFileError(
            name,
            line,
            col,
            "this is a binary file (it holds a NUL byte), not a text payoff file",
            "open a .yaml or .nfg text file",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PayoffFileError(
            name, line, col, "the file is not valid UTF-8 text", "save it as UTF-8"
        ) from None


def load_yaml(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> YamlDoc:
    """Read and parse a YAML file whose top level must be a mapping.

    The document's ``text`` keeps a leading byte-order mark, so a rewrite keeps it too.
    """
    name, text = read_text(source, keep_bom=True)
    return parse_yaml(text, name)


def parse_yaml(text: str, path: str = "<string>") -> YamlDoc:
    """Parse YAML text whose top level must be a mapping.

    >>> parse_yaml("players: [US, China]").data["players"]
    ['US', 'China']
    >>> parse_yaml("a: 1\\na: 2", "g.yaml")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: g.yaml:2:1: duplicate key 'a' (first at line 1) — keep one of them
    """
    if len(text) > MAX_YAML_BYTES:
        raise _too_big(path, len(text.encode("utf-8", "surrogatepass")), MAX_YAML_BYTES)
    values = estimate_yaml_values(text)
    if values > MAX_YAML_VALUES:
        raise PayoffFileError(
            path,
            1,
            1,
            f"the file holds about {values} values; this reader takes at most {MAX_YAML_VALUES}",
            "write a game this large as Gambit .nfg",
        )
    source_text = text
    text = text.removeprefix("\ufeff")
    _check_characters(text, path)
    try:
        data = _load_checked(text, path)
    except RecursionError:
        _check_events(text, path)  # finds the too-deep nesting and says where
        raise PayoffFileError(path, 1, 1, "the file nests too deeply") from None
    except MarkedYAMLError as exc:
        # a tab in the indentation is the usual cause; tabs inside text (a block
        # scalar) are legal, so they are only blamed when parsing fails after them
        mark = exc.problem_mark or exc.context_mark
        try:
            _check_tabs(text, path, upto=mark.line + 1 if mark is not None else None)
        except PayoffFileError as tab:
            raise tab from None
        raise _syntax_error(exc, text, path) from None
    except YAMLError as exc:  # pragma: no cover - ruamel marks nearly everything
        raise PayoffFileError(path, 1, 1, f"YAML error: {exc}") from None
    if data is None:
        raise PayoffFileError(
            path,
            1,
            1,
            "the file is empty",
            "write a payoff file; see payoffs/prisoners_dilemma.yaml",
        )
    if not isinstance(data, CommentedMap):
        raise PayoffFileError(
            path,
            *_start_1(data),
            f"the top level must be a mapping of keys, got {_kind(data)}",
            "start with keys such as 'version: 1', 'title:', 'players:'",
        )
    return YamlDoc(path, source_text, data)


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


def _check_characters(text: str, path: str) -> None:
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


def _load_checked(text: str, path: str) -> Any:
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
    """Refuse what :func:`_check_events` refuses, on the composed node tree (one pass)."""
    stack = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # an alias: the event scan knows where it is written
            _check_events(text, path)
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
            _check_events(text, path)  # reports the explicit tag at its position
        wanted = _NODE_KINDS.get(tag)
        if wanted is not None and not isinstance(node, wanted):
            raise _unreadable(node, path)
        if isinstance(node, MappingNode):
            for key, _ in node.value:
                if isinstance(key.value, str):
                    _check_scalar_text(key.value, key.start_mark, path, key=True)
        if isinstance(node, (MappingNode, SequenceNode)):
            if depth > MAX_DEPTH:
                _check_events(text, path)
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


def _check_events(text: str, path: str) -> None:
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


def _check_tabs(text: str, path: str, upto: int | None = None) -> None:
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


def _syntax_error(exc: MarkedYAMLError, text: str, path: str) -> PayoffFileError:
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


def _start(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line, lc.col
    return 0, 0


def _start_1(node: Any) -> tuple[int, int]:
    line, col = _start(node)
    return line + 1, col + 1


def _kind(value: Any) -> str:
    if isinstance(value, CommentedSeq):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else "a text"
    return f"{type(value).__name__} {value!r}"


def dump_yaml(data: Any, *, like: str | None = None) -> str:
    """YAML text of ``data`` (a round-trip tree keeps its comments and styles).

    With ``like`` (the text the data was read from), the layout of that text is kept:
    its line endings (CRLF), byte-order mark, ``%YAML`` directive and ``---`` start
    marker, and its indentation of mappings and lists.

    >>> doc = parse_yaml("%YAML 1.2\\r\\n---\\r\\na:\\r\\n    b: 1\\r\\n")
    >>> dump_yaml(doc.data, like=doc.text)
    '%YAML 1.2\\r\\n---\\r\\na:\\r\\n    b: 1\\r\\n'
    """
    yaml = yaml_round_trip()
    if like is not None:
        layout = _layout(like)
        yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
        if layout.start:
            yaml.explicit_start = True
        if layout.version:
            yaml.version = layout.version
    stream = io.StringIO()
    yaml.dump(data, stream)
    text = stream.getvalue()
    if like is None:
        return text
    if layout.version and not text.startswith("%YAML"):
        text = f"%YAML {layout.version[0]}.{layout.version[1]}\n" + text
    if layout.crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return ("\ufeff" if layout.bom else "") + text


@dataclass(frozen=True)
class _Layout:
    crlf: bool
    bom: bool
    start: bool
    version: tuple[int, int] | None
    mapping: int
    sequence: int
    offset: int


def _layout(text: str) -> _Layout:
    """The layout choices of a YAML text that a rewrite should repeat."""
    body = text.removeprefix("\ufeff")
    lines = body.splitlines()
    head = [ln for ln in lines[:20] if ln.strip() and not ln.lstrip().startswith("#")]
    version = None
    directive = re.match(r"%YAML\s+(\d+)\.(\d+)", head[0]) if head else None
    if directive:
        version = (int(directive.group(1)), int(directive.group(2)))
    start = any(ln.rstrip() == "---" or ln.startswith("--- ") for ln in head[:3])
    mapping = 2
    for k, line in enumerate(lines[:-1]):
        # the first "key:" line opening a block mapping under a key
        if re.match(r"^[^\s#-][^:]*:\s*(#.*)?$", line):
            nxt = lines[k + 1]
            indent = len(nxt) - len(nxt.lstrip(" "))
            if indent and not nxt.lstrip().startswith(("-", "#")):
                mapping = indent
                break
    sequence, offset = mapping + 2, mapping
    for line in lines:
        item = re.match(r"^( *)-( +)\S", line)
        if item and item.group(1):
            offset = len(item.group(1))
            sequence = offset + 1 + len(item.group(2))
            break
    return _Layout(
        crlf="\r\n" in body,
        bom=text.startswith("\ufeff"),
        start=start,
        version=version,
        mapping=mapping,
        sequence=max(sequence, offset + 2),
        offset=offset,
    )


def write_yaml_doc(
    doc: YamlDoc,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    force: bool = False,
) -> None:
    """Write a (possibly modified) round-trip document atomically, comments and layout kept.

    Used by ``negotiation set`` to save a what-if change into the user's file. Refuses
    to replace an existing file unless ``overwrite=True`` (and a read-only one unless
    ``force=True``). The text is read back before it replaces anything and must give the
    same data, so the tool never writes what it cannot read (an alias, a tag). When
    ``path`` is the file the document was read from, the write fails if that file
    changed in the meantime (see :func:`~negotiation.files.atomic.atomic_write_text`).
    """
    from negotiation.files.atomic import atomic_write_text, resolve_target
    from negotiation.files.schema import to_plain

    text = dump_yaml(doc.data, like=doc.text)
    wanted = to_plain(doc.data)

    def same_data(written: str) -> None:
        back = parse_yaml(written, os.fspath(path))
        if to_plain(back.data) != wanted:
            raise PayoffFileError(
                os.fspath(path), 0, 0, "the text to write would not read back as the same data"
            )

    expected = None
    with contextlib.suppress(OSError, ValueError):
        if doc.path and resolve_target(path).resolve() == Path(doc.path).resolve():
            expected = doc.text
    atomic_write_text(
        path, text, overwrite=overwrite, force=force, expected=expected, validate=same_data
    )
