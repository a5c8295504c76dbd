"""Numbers a dynamics file shares with its scenario: one source of truth for both files.

A number of a dynamics file may be written ``{scenario: PATH}``: it is read from the
scenario file — value (or the ``--set`` value of ``PATH``), range, kind, source, quote and
reason — by :func:`scenario_number`. :func:`route_overrides` sends each ``--set`` to the file
that holds the number: a path of the dynamics file's own keys to it (a ``{scenario:
PATH}`` number to ``PATH``), any other path to the scenario, where it moves both the stage
game and every number of the dynamics file that reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.dynamics.number import Input
from negotiation.errors import OverrideError
from negotiation.files.overrides import apply_overrides, parse_override, parse_value
from negotiation.files.yamldoc import YamlDoc

__all__ = ["reference", "route_overrides", "scenario_number"]


def scenario_number(
    sdoc: YamlDoc, ref: str, path: str, scenario_set: Mapping[str, float]
) -> tuple[Input, tuple[str, str] | None, str] | None:
    """The scenario's number at ``ref`` as the dynamics file's ``path``.

    Returns ``(input, (source key, citation) or None, warning or "")``, or ``None`` when
    the scenario has no number there.
    """
    node: Any = sdoc.data
    for key in ref.split("."):
        node = node.get(key) if isinstance(node, Mapping) else None
    value = node["value"] if isinstance(node, Mapping) and "value" in node else node
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    meta = node if isinstance(node, Mapping) else {}
    rng = meta.get("range")
    source = str(meta.get("source") or "")
    citation: tuple[str, str] | None = None
    if source:
        text = sdoc.data.get("sources", {}).get(source, "")
        if isinstance(text, Mapping):
            text = text.get("citation", "") or text.get("title", "")
        citation = (source, str(text or source))
    item = Input(
        path,
        float(scenario_set.get(ref, value)),
        None if rng is None else (float(rng[0]), float(rng[1])),
        str(meta.get("kind") or ("fact" if rng is None else "judgement")),
        source,
        str(meta.get("quote") or ""),
        str(meta.get("reason") or meta.get("description") or ""),
        str(meta.get("distribution") or "uniform"),
        str(meta.get("unit") or ""),
        scenario_path=ref,
    )
    warning = ""
    if item.range is not None and not item.range[0] <= item.value <= item.range[1]:
        warning = (
            f"{ref} = {item.value:g} is outside its range "
            f"[{item.range[0]:g}, {item.range[1]:g}]; the model extrapolates"
        )
    return item, citation, warning


def reference(doc: YamlDoc, path: str) -> str | None:
    """The scenario path a ``{scenario: PATH}`` number of the file at ``path`` names."""
    node: Any = doc.data
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    if isinstance(node, Mapping) and isinstance(node.get("scenario"), str):
        return str(node["scenario"])
    return None


def route_overrides(
    doc: YamlDoc,
    overrides: Sequence[str] | Mapping[str, Any],
    scenario_set: Mapping[str, float],
    own_keys: Sequence[str],
) -> dict[str, float]:
    """Apply the overrides of this file to ``doc``; return the scenario's, merged.

    A path that starts with one of this file's top-level keys is this file's — unless it
    names a ``{scenario: PATH}`` number, whose value lives in the scenario, so it is set
    there. Every other path (``pressures.US.mine_lead_time``) is the scenario's: it moves
    the stage game and every number of this file that references it, so the two files
    cannot drift apart."""

    items: list[tuple[str, Any]]
    if isinstance(overrides, Mapping):
        items = [(str(k), v) for k, v in overrides.items()]
    else:
        items = []
        for text in overrides:
            key, raw = parse_override(text)
            items.append((key, parse_value(raw, key)))
    own: dict[str, Any] = {}
    out = dict(scenario_set)
    for key, value in items:
        target = reference(doc, key) if key.split(".", 1)[0] in own_keys else key
        if target is None:
            own[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise OverrideError(f"--set {key}: a scenario input takes a number, got {value!r}")
        out[target] = float(value)
    if own:
        apply_overrides(doc, own)
    return out
