"""Read YAML 1.2 text into data that remembers where every value came from.

ruamel.yaml's round-trip loader keeps the line and column of each key and value after
parsing (and the comments, for rewriting a file). :class:`YamlDoc` wraps the parsed tree
so that any later check — a schema violation, an unknown name in a formula, a missing
payoff cell — can point at the offending text with :meth:`YamlDoc.error`. Loading builds
only plain mappings, lists and scalars: a payoff file is data and never runs code (the
checks that make sure of it are in :mod:`negotiation.files.yaml_checks`).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from negotiation.errors import PayoffFileError
from negotiation.files.atomic import atomic_write_text, resolve_target
from negotiation.files.limits import (
    MAX_NFG_BYTES,
    MAX_YAML_BYTES,
    MAX_YAML_VALUES,
    estimate_yaml_values,
)
from negotiation.files.yaml_checks import (
    check_characters,
    check_events,
    check_tabs,
    load_checked,
    node_start,
    node_start_1,
    syntax_error,
    yaml_round_trip,
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

#: a path into the parsed data: mapping keys and list indices
Location = Sequence[str | int]


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
        line, col = node_start(node)
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
    check_characters(text, path)
    try:
        data = load_checked(text, path)
    except RecursionError:
        check_events(text, path)  # finds the too-deep nesting and says where
        raise PayoffFileError(path, 1, 1, "the file nests too deeply") from None
    except MarkedYAMLError as exc:
        # a tab in the indentation is the usual cause; tabs inside text (a block
        # scalar) are legal, so they are only blamed when parsing fails after them
        mark = exc.problem_mark or exc.context_mark
        try:
            check_tabs(text, path, upto=mark.line + 1 if mark is not None else None)
        except PayoffFileError as tab:
            raise tab from None
        raise syntax_error(exc, text, path) from None
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
            *node_start_1(data),
            f"the top level must be a mapping of keys, got {_kind(data)}",
            "start with keys such as 'version: 1', 'title:', 'players:'",
        )
    return YamlDoc(path, source_text, data)


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
