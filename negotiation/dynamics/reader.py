"""Reading the numbers of a dynamics file: a plain number, the agreed uncertain-input
mapping ``{value, range, kind, source, quote, reason, distribution, unit}``, or a number
the scenario holds (``{scenario: PATH}``), each checked with its position.

The base of :mod:`negotiation.dynamics.spec`'s reader; kept apart so each module stays
small and names one job.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from difflib import get_close_matches
from typing import Any

from negotiation.dynamics.number import DISTRIBUTIONS, KINDS, Input
from negotiation.dynamics.shared import scenario_number
from negotiation.errors import PayoffFileError
from negotiation.files.yamldoc import YamlDoc, load_yaml

__all__ = ["INPUT_KEYS", "InputReader"]

#: the keys of an uncertain-input mapping
INPUT_KEYS = ("value", "range", "kind", "source", "quote", "reason", "distribution", "unit")


class InputReader:
    """Positioned reading of a dynamics document's numbers (see the module docstring)."""

    def __init__(self, doc: YamlDoc, scenario_set: dict[str, float] | None = None) -> None:
        self.doc = doc
        self.inputs: list[Input] = []
        self.sources: dict[str, str] = {}
        self.warnings: list[str] = []
        self.scenario_set = scenario_set or {}
        self.scenario_path = ""
        self._scenario_doc: YamlDoc | None = None

    def scenario_input(self, loc: Sequence[str | int], ref: Any) -> Input:
        """A number read from the scenario: ``{scenario: pressures.US.mine_lead_time}``.

        Its value (or the ``--set`` value of that path), range, kind, source, quote and
        reason are the scenario's, so the two files have one source of truth."""
        path = ".".join(str(p) for p in loc)
        if not isinstance(ref, str) or not ref:
            raise self.err(
                [*loc, "scenario"],
                "'scenario' names a path of the scenario",
                "e.g. pressures.US.magnet_share",
            )
        if self._scenario_doc is None or self._scenario_doc.path != self.scenario_path:
            self._scenario_doc = load_yaml(self.scenario_path)
        found = scenario_number(self._scenario_doc, ref, path, self.scenario_set)
        if found is None:
            raise self.err(
                [*loc, "scenario"],
                f"the scenario {os.path.basename(self.scenario_path)} has no number at '{ref}'",
                "name one of its pressures, e.g. pressures.US.mine_lead_time",
            )
        item, citation, warning = found
        if citation is not None:
            self.sources.setdefault(*citation)
        if warning:
            self.warnings.append(warning)
        return item

    def err(self, loc: Sequence[str | int], message: str, hint: str = "") -> PayoffFileError:
        return self.doc.error(list(loc), message, hint)

    def mapping(
        self, loc: Sequence[str | int], allowed: Sequence[str] | None = None
    ) -> Mapping[str, Any]:
        node = self.doc.get(list(loc))
        if not isinstance(node, Mapping):
            raise self.err(
                loc,
                f"'{'.'.join(map(str, loc))}' must be a mapping",
                "write 'key: value' lines under it",
            )
        if allowed is not None:
            for key in node:
                if key not in allowed:
                    near = get_close_matches(str(key), allowed, n=1)
                    hint = (
                        f"did you mean '{near[0]}'?" if near else "allowed: " + ", ".join(allowed)
                    )
                    raise self.doc.error([*loc, key], f"unknown key '{key}'", hint, key=True)
        return node

    def text(self, loc: Sequence[str | int], default: str = "") -> str:
        value = self.doc.get(list(loc), default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.err(loc, "expected text here", "write it as text")
        return value

    def number(self, node: Any, loc: Sequence[str | int]) -> float:
        if isinstance(node, bool) or not isinstance(node, (int, float)):
            raise self.err(
                loc, f"expected a number, got {node!r}", "write a number such as 3 or 0.25"
            )
        value = float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise self.err(loc, "the number must be finite", "write a finite number")
        return value

    def input(
        self,
        loc: Sequence[str | int],
        *,
        default: float | None = None,
        lo: float | None = None,
        hi: float | None = None,
        positive: bool = False,
    ) -> Input:
        """An uncertain input at ``loc``: a plain number or the agreed mapping."""
        node = self.doc.get(list(loc))
        path = ".".join(str(p) for p in loc)
        if node is None:
            if default is None:
                raise self.err(loc, f"'{path}' is missing", "add it as a number or {value: V, ...}")
            return Input(path, default, None, "judgement", reason="default of the dynamics model")
        if isinstance(node, Mapping) and "scenario" in node:
            self.mapping(loc, ("scenario",))
            item = self.scenario_input(loc, node["scenario"])
        elif isinstance(node, Mapping):
            self.mapping(loc, INPUT_KEYS)
            if "value" not in node:
                raise self.err(loc, f"'{path}' has no 'value'", "add 'value: V'")
            value = self.number(node["value"], [*loc, "value"])
            rng: tuple[float, float] | None = None
            if "range" in node:
                r = node["range"]
                if not isinstance(r, Sequence) or isinstance(r, str) or len(r) != 2:
                    raise self.err(
                        [*loc, "range"], "a range is [LO, HI]", "write e.g. range: [0.1, 0.5]"
                    )
                a = self.number(r[0], [*loc, "range", 0])
                b = self.number(r[1], [*loc, "range", 1])
                if a > b:
                    raise self.err(
                        [*loc, "range"], f"range [{a:g}, {b:g}] has LO > HI", "swap the two ends"
                    )
                if not a <= value <= b:
                    self.warnings.append(
                        f"{path} = {value:g} is outside its range [{a:g}, {b:g}]; the model extrapolates"
                    )
                rng = (a, b)
            kind = self.text([*loc, "kind"], "judgement")
            if kind not in KINDS:
                raise self.err(
                    [*loc, "kind"], f"unknown kind '{kind}'", "use fact, estimate or judgement"
                )
            source = self.text([*loc, "source"])
            if source and source not in self.sources:
                raise self.err(
                    [*loc, "source"],
                    f"unknown source '{source}'",
                    "declare it under 'sources:' at the top",
                )
            reason = self.text([*loc, "reason"])
            if kind in ("fact", "estimate") and not source:
                raise self.err(
                    loc,
                    f"a{'n' if kind == 'estimate' else ''} {kind} needs a source",
                    "add 'source: KEY'",
                )
            if kind == "judgement" and not reason:
                raise self.err(loc, "a judgement needs a reason", "add 'reason: one line of why'")
            if kind != "fact" and rng is None:
                raise self.err(
                    loc,
                    f"an {kind} needs a range"
                    if kind == "estimate"
                    else "a judgement needs a range",
                    "add 'range: [LO, HI]'",
                )
            dist = self.text([*loc, "distribution"], "uniform")
            if dist not in DISTRIBUTIONS:
                raise self.err(
                    [*loc, "distribution"],
                    f"unknown distribution '{dist}'",
                    "use uniform, triangular or normal",
                )
            item = Input(
                path,
                value,
                rng,
                kind,
                source,
                self.text([*loc, "quote"]),
                reason,
                dist,
                self.text([*loc, "unit"]),
            )
        else:
            item = Input(
                path, self.number(node, loc), None, "judgement", reason="plain number in the file"
            )
        for bound, ok, what in (
            (lo, lo is None or item.value >= lo, "at least"),
            (hi, hi is None or item.value <= hi, "at most"),
        ):
            if not ok:
                raise self.err(
                    loc,
                    f"'{path}' must be {what} {bound:g}, got {item.value:g}",
                    "correct the value",
                )
        if positive and item.value <= 0:
            raise self.err(
                loc, f"'{path}' must be positive, got {item.value:g}", "write a positive number"
            )
        self.inputs.append(item)
        return item
