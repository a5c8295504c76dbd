"""The values of a tree file: numbers, uncertain inputs, sources, and key checks.

Shared by the tree reader (:mod:`negotiation.files.tree_file`): a number is exact (a
:class:`~fractions.Fraction`); an uncertain input ``{value, range, kind, source,
reason, distribution}`` is recorded as an :class:`UncertainInput` with its path, so the
what-if engine can vary it; every mistake is a positioned
:class:`~negotiation.errors.PayoffFileError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.errors import GameError
from negotiation.files.yamldoc import Location, YamlDoc
from negotiation.game import Source, to_fraction

__all__ = [
    "UncertainInput",
    "kind_of",
    "read_number",
    "read_sources",
    "read_uncertain",
    "unknown_keys",
]

_UNCERTAIN = {"value", "range", "kind", "source", "quote", "reason", "distribution"}


@dataclass(frozen=True)
class UncertainInput:
    """A number of a tree file given with its range and provenance (e.g. a prior)."""

    path: str
    value: Fraction
    range: tuple[Fraction, Fraction] | None
    kind: str
    source: str
    reason: str
    distribution: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": float(self.value),
            "range": [float(v) for v in self.range] if self.range else None,
            "kind": self.kind,
            "source": self.source,
            "reason": self.reason,
            "distribution": self.distribution,
        }


def kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"


def unknown_keys(doc: YamlDoc, loc: Location, data: Mapping[str, Any], allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use one of {', '.join(sorted(allowed))}"
            )
            raise doc.error([*loc, key], f"unknown key '{key}'", hint, key=True)


def read_number(doc: YamlDoc, loc: Location, value: Any, what: str) -> Fraction:
    if isinstance(value, bool) or value is None or isinstance(value, (list, Mapping)):
        raise doc.error(
            loc,
            f"{what} must be a number, got {kind_of(value)}",
            "write a number such as 2, -1.5 or 1/3",
        )
    try:
        return to_fraction(value)
    except GameError:
        raise doc.error(
            loc, f"{what} must be a number, got {value!r}", "write a number such as 2, -1.5 or 1/3"
        ) from None


def read_uncertain(
    doc: YamlDoc, loc: Location, value: Any, what: str, found: list[UncertainInput]
) -> Fraction:
    """A plain number, or ``{value, range, kind, source, reason, ...}`` (recorded in ``found``)."""
    if not isinstance(value, Mapping):
        return read_number(doc, loc, value, what)
    unknown_keys(doc, loc, value, _UNCERTAIN)
    if "value" not in value:
        raise doc.error(
            loc,
            f"{what} is a mapping without 'value'",
            "write {value: 0.5, range: [0.2, 0.8], ...}",
        )
    v = read_number(doc, [*loc, "value"], value["value"], what)
    rng = value.get("range")
    bounds: tuple[Fraction, Fraction] | None = None
    if rng is not None:
        if not isinstance(rng, list) or len(rng) != 2:
            raise doc.error(
                [*loc, "range"], "a range is a list of two numbers", "write range: [LOW, HIGH]"
            )
        lo = read_number(doc, [*loc, "range", 0], rng[0], "the range's low end")
        hi = read_number(doc, [*loc, "range", 1], rng[1], "the range's high end")
        if lo > hi:
            raise doc.error(
                [*loc, "range"], "the range's low end exceeds its high end", "swap them"
            )
        bounds = (lo, hi)
    kind = str(value.get("kind", "judgement"))
    if kind not in ("fact", "estimate", "judgement"):
        raise doc.error(
            [*loc, "kind"], f"kind must be fact, estimate or judgement, got {kind!r}", "pick one"
        )
    found.append(
        UncertainInput(
            ".".join(str(p) for p in loc),
            v,
            bounds,
            kind,
            str(value.get("source", "")),
            str(value.get("reason", "")),
            str(value.get("distribution", "uniform")),
        )
    )
    return v


def read_sources(doc: YamlDoc, raw: Any) -> tuple[Source, ...]:
    if raw is None:
        return ()
    items = (
        raw.items()
        if isinstance(raw, Mapping)
        else enumerate(raw)
        if isinstance(raw, list)
        else None
    )
    if items is None:
        raise doc.error(
            ["sources"], "'sources' must be a list or mapping of citations", "write - citation: ..."
        )
    out = []
    for key, item in items:
        if isinstance(item, str):
            out.append(Source(item))
        elif isinstance(item, Mapping) and "citation" in item:
            out.append(
                Source(
                    str(item["citation"]),
                    str(item.get("quote", "") or ""),
                    str(item.get("supports", "") or ""),
                )
            )
        else:
            raise doc.error(
                ["sources", key],
                "a source needs a citation",
                "write citation: Author (year), Title",
            )
    return tuple(out)
