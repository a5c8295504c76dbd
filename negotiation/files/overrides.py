"""What-if overrides: ``--set PATH=VALUE`` changes one value of a loaded YAML document.

``PATH`` is a dotted path of mapping keys and list indices into the file
(``payoffs.defect.defect.0``, ``pressures.China.deflation``); keys that themselves hold dots
are matched whole. ``VALUE`` is read as a YAML scalar (``0.9``, ``3/2``, ``true``,
``"text"``) or a flow collection (``[2, 2]``). Two conveniences:

* a path naming a mapping that has a ``value`` key sets that key, so
  ``pressures.China.deflation=0.9`` sets the pressure's ``value``;
* a value replacing text stays text (``title=1984`` sets the title to ``"1984"``).

The document keeps the original line and column of every overridden entry, so a bad
override is reported where the value sits in the file. Unknown paths raise
:class:`~negotiation.errors.OverrideError` naming the nearest valid paths.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from negotiation.errors import NumberError, OverrideError, PayoffFileError, escape_text, quote_token
from negotiation.files.numbers import check_numbers
from negotiation.files.payoff_format import RATIONAL_PATTERN
from negotiation.files.yaml_checks import check_events
from negotiation.files.yamldoc import YamlDoc

#: longest ``--set`` value accepted (a whole payoff cell or list fits easily)
MAX_VALUE_CHARS = 10_000

__all__ = ["apply_overrides", "dotted_paths", "parse_override", "parse_value"]


def apply_overrides(doc: YamlDoc, overrides: Sequence[str] | Mapping[str, Any]) -> list[str]:
    """Apply ``--set`` overrides to ``doc.data`` in place; return the paths set.

    Parameters
    ----------
    doc
        A document from :func:`negotiation.files.load_yaml` / ``parse_yaml``.
    overrides
        ``["a.b.0=VALUE", ...]`` (``VALUE`` read as YAML) or ``{"a.b.0": value}``.

    Returns
    -------
    list of str
        The full dotted path of each value set (``...deflation.value`` when a ``value``
        key was chosen).

    Examples
    --------
    >>> from negotiation.files.yamldoc import parse_yaml
    >>> doc = parse_yaml("pressures:\\n  China:\\n    deflation: {value: 0.5}\\n", "s.yaml")
    >>> apply_overrides(doc, ["pressures.China.deflation=0.9"])
    ['pressures.China.deflation.value']
    >>> doc.data["pressures"]["China"]["deflation"]["value"]
    0.9
    >>> apply_overrides(doc, ["pressures.China.deflaton=1"])
    Traceback (most recent call last):
    ...
    negotiation.errors.OverrideError: --set pressures.China.deflaton: no such setting in s.yaml — did you mean 'pressures.China.deflation'?
    """
    items: list[tuple[str, Any, str | None]]
    if isinstance(overrides, Mapping):
        items = [(str(path), value, None) for path, value in overrides.items()]
    elif isinstance(overrides, str):
        raise OverrideError("overrides must be a list of 'PATH=VALUE' strings, not one string")
    else:
        items = []
        for text in overrides:
            path, raw = parse_override(text)
            items.append((path, parse_value(raw, path), raw))
    done: list[str] = []
    for target, value, text_value in items:
        done.append(_set(doc, target, value, text_value))
    return done


def parse_override(text: str) -> tuple[str, str]:
    """Split ``"PATH=VALUE"`` into its two parts.

    >>> parse_override("payoffs.defect.defect.0 = 3/2")
    ('payoffs.defect.defect.0', '3/2')
    """
    path, sep, raw = str(text).partition("=")
    path = path.strip()
    if not sep or not path:
        raise OverrideError(
            f"--set {text!r}: write PATH=VALUE, e.g. --set pressures.China.deflation=0.9"
        )
    if not raw.strip():
        raise OverrideError(f"--set {path}: no value after '=' — write e.g. {path}=0.5")
    return path, raw.strip()


def parse_value(raw: str, path: str = "") -> Any:
    """Read an override's value as YAML 1.2 (numbers, booleans, text, flow lists).

    The value follows the rules of a file: no tags, no aliases (``&a [*a, *a]`` would
    build a "billion laughs"), at most 64 levels of nesting, numbers of at most 1000
    characters and no ``.inf`` / ``.nan``; the whole value is at most
    :data:`MAX_VALUE_CHARS` characters.

    >>> parse_value("0.9"), parse_value("3/2"), parse_value("[2, 2]"), parse_value("yes")
    (0.9, '3/2', [2, 2], 'yes')
    >>> parse_value("&a [*a, *a]", "payoffs.defect.defect")
    Traceback (most recent call last):
    ...
    negotiation.errors.OverrideError: --set payoffs.defect.defect: YAML aliases ('*name') are not allowed in a --set value — write the values out in full instead of referring to an anchor
    """
    where = f"--set {path}" if path else "--set"
    if len(raw) > MAX_VALUE_CHARS:
        raise OverrideError(
            f"{where}: the value is {len(raw)} characters long; at most {MAX_VALUE_CHARS}"
        )
    try:
        # the same rules as a file: no tags, no aliases, bounded depth and number length
        check_events(raw, where)
        value = YAML(typ="safe", pure=True).load(raw)
        check_numbers(value, what=where)
    except PayoffFileError as exc:
        message = exc.message.replace("in a payoff file", "in a --set value")
        hint = exc.hint.replace("payoff files", "--set values")
        raise OverrideError(escape_text(f"{where}: {message} — {hint}")) from None
    except NumberError as exc:
        raise OverrideError(escape_text(str(exc))) from None
    except YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise OverrideError(
            f"--set {path}={raw}: the value is not valid YAML ({problem}) — "
            "put text in quotes, e.g. 'text with: colon'"
        ) from None
    if value is None:
        raise OverrideError(f"--set {path}: no value after '=' — write e.g. {path}=0.5")
    return value


def dotted_paths(data: Any, prefix: str = "") -> Iterator[str]:
    """Every dotted path in a parsed document, sections and values alike.

    >>> list(dotted_paths({"a": {"b": [1, 2]}}))
    ['a', 'a.b', 'a.b.0', 'a.b.1']
    """
    if isinstance(data, Mapping):
        for key, value in data.items():
            path = f"{prefix}{key}"
            yield path
            yield from dotted_paths(value, path + ".")
    elif isinstance(data, list):
        for k, value in enumerate(data):
            path = f"{prefix}{k}"
            yield path
            yield from dotted_paths(value, path + ".")


def _set(doc: YamlDoc, path: str, value: Any, raw: str | None) -> str:
    parts = path.split(".")
    node: Any = doc.data
    keys: list[Any] = []
    i = 0
    while i < len(parts):
        key, used = _match(node, parts, i)
        if key is _MISSING:
            raise _unknown(doc, path, node, keys)
        keys.append(key)
        i += used
        if i < len(parts):
            node = node[key]
    parent = node
    last = keys[-1]
    target = parent[last]
    if isinstance(target, Mapping) and "value" in target:
        parent, last = target, "value"
        keys.append("value")
        target = parent[last]
    shown = ".".join(str(k) for k in keys)
    parent[last] = _checked(doc, shown, target, value, raw)
    return shown


_MISSING = object()


def _match(node: Any, parts: list[str], i: int) -> tuple[Any, int]:
    """The key of ``node`` matching ``parts[i:]`` (longest dotted run first)."""
    if isinstance(node, Mapping):
        by_text = {str(k): k for k in node}
        for j in range(len(parts), i, -1):
            candidate = ".".join(parts[i:j])
            if candidate in by_text:
                return by_text[candidate], j - i
        return _MISSING, 0
    if isinstance(node, list):
        text = parts[i]
        if text.isdigit() and int(text) < len(node):
            return int(text), 1
    return _MISSING, 0


def _unknown(doc: YamlDoc, path: str, node: Any, keys: list[Any]) -> OverrideError:
    everything = list(dotted_paths(doc.data))
    depth = path.count(".")
    same_depth = [p for p in everything if p.count(".") == depth]
    close = difflib.get_close_matches(path, same_depth, n=3, cutoff=0.6)
    close = close or difflib.get_close_matches(path, everything, n=3, cutoff=0.6)
    if close:
        hint = "did you mean " + " or ".join(f"{quote_token(c)}" for c in close) + "?"
    else:
        here = ".".join(str(k) for k in keys)
        if isinstance(node, Mapping) and node:
            names = ", ".join(str(k) for k in list(node)[:12])
            hint = f"'{here or 'the top level'}' holds: {names}"
        elif isinstance(node, list):
            hint = f"'{here}' is a list; use an index from 0 to {len(node) - 1}"
        else:
            hint = f"'{here}' is a single value with nothing under it"
    return OverrideError(f"--set {path}: no such setting in {doc.path} — {hint}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _checked(doc: YamlDoc, path: str, old: Any, new: Any, raw: str | None) -> Any:
    if isinstance(old, Mapping) and not isinstance(new, Mapping):
        inside = ", ".join(str(k) for k in list(old)[:8])
        first = next(iter(old), "key")
        raise OverrideError(
            f"--set {path}: this is a section holding {inside}, not a single value — "
            f"name one of its entries, e.g. {path}.{first}"
        )
    if isinstance(old, list) and not isinstance(new, list):
        raise OverrideError(
            f"--set {path}: this is a list, not a single value — name an entry by its "
            f"index, e.g. {path}.0, or give a whole list, e.g. {path}=[1, 2]"
        )
    if isinstance(old, str) and (_is_number(new) or isinstance(new, bool)):
        return raw if raw is not None else str(new)  # text stays text
    if _is_number(old) and not (_is_number(new) or _is_rational_text(new)):
        raise OverrideError(
            f"--set {path}: expects a number (it is {old} in {doc.path}), got {new!r} — "
            "write e.g. 0.5, -2 or 3/2"
        )
    return new


def _is_rational_text(value: Any) -> bool:
    return isinstance(value, str) and re.match(RATIONAL_PATTERN, value) is not None
