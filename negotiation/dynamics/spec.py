"""Reading a dynamics file: the state of the supply chain and how it moves, every number sourced.

A dynamics file is YAML with a ``dynamics: 1`` marker. It names the scenario whose
channel model gives the per-period payoffs (``scenario:``, a path relative to the file),
the importer and the exporter, the stages of the chain (mining, processing, magnets …)
with the importer's dependence on the exporter at each, and the transitions: lead times,
investment and its response to restrictions, attrition, substitution and recycling,
urgency, stockpiles, policy levers, the actions of the dynamic game and its state grid.

Every number may be written plain or in the agreed uncertain-input form
``{value: V, range: [LO, HI], kind: fact|estimate|judgement, source: KEY, quote: "...",
reason: "...", distribution: uniform|triangular|normal}``; its dotted path (e.g.
``stages.magnets.lead_time``) is what ``--set PATH=V`` addresses. A ``fact`` needs a
source; an ``estimate`` a source and a range; a ``judgement`` a reason and a range.
Problems are reported as ``path:line:col: what — how to fix``.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from negotiation.dynamics.number import Input
from negotiation.dynamics.reader import InputReader
from negotiation.dynamics.shared import route_overrides
from negotiation.errors import PayoffFileError
from negotiation.files.yamldoc import YamlDoc, load_yaml

__all__ = [
    "ActionSpec",
    "DynamicsSpec",
    "Input",
    "LeverSpec",
    "StageSpec",
    "dynamics_from_doc",
    "is_dynamics",
    "parse_dynamics",
    "read_dynamics",
]

_TOP_KEYS = (
    "dynamics",
    "version",
    "title",
    "description",
    "scenario",
    "scenario_overrides",
    "importer",
    "exporter",
    "start_year",
    "sources",
    "stages",
    "capacity_limit",
    "attrition",
    "substitution",
    "urgency",
    "stockpile",
    "levers",
    "actions",
    "policies",
    "bargaining",
    "grid",
)
_STAGE_KEYS = ("dependence", "pipeline", "lead_time", "investment", "response", "scenario_input")
_LEVER_KEYS = ("description", "quote", "source", "active", "years", "size", "size_per", "effects")
_EFFECT_KEYS = ("lead_time", "pipeline", "investment", "attrition")


@dataclass(frozen=True)
class StageSpec:
    """One stage of the chain: the importer's dependence there and how it can change."""

    name: str
    dependence: Input
    pipeline: Input
    lead_time: Input
    investment: Input
    response: Input
    scenario_input: str


@dataclass(frozen=True)
class LeverSpec:
    """A policy lever: multiplies lead times or attrition, adds pipeline or investment."""

    name: str
    description: str
    source: str
    quote: str
    active: bool
    years: Input | None
    lead_time: dict[str, Input] = field(default_factory=dict)
    pipeline: dict[str, Input] = field(default_factory=dict)
    investment: dict[str, Input] = field(default_factory=dict)
    attrition: Input | None = None
    #: the lever's size (e.g. the scenario's ``pressures.US.mp_stake``) and the size its
    #: pipeline and investment effects are written for: they scale by ``size / size_per``
    size: Input | None = None
    size_per: float = 1.0

    @property
    def scale(self) -> float:
        """How much the pipeline and investment effects are scaled (1 without a size)."""
        return 1.0 if self.size is None else self.size.value / self.size_per


@dataclass(frozen=True)
class ActionSpec:
    """An action of the dynamic game: a move of the scenario plus what it does to the state."""

    player: str
    name: str
    move: str
    restriction: Input
    investment: Input
    cost: Input


@dataclass(frozen=True, eq=False)
class DynamicsSpec:
    """Everything a dynamics file declares, each number an :class:`Input`.

    Read one with :func:`read_dynamics`; :meth:`with_overrides` gives a variant and
    :meth:`uncertain_inputs` the ranged numbers for the what-if engine.
    """

    path: str
    doc: YamlDoc | None
    title: str
    scenario_path: str
    importer: str
    exporter: str
    start_year: int
    sources: dict[str, str]
    stages: tuple[StageSpec, ...]
    capacity_limit: Input
    attrition: Input
    substitution: dict[str, Input]
    urgency: dict[str, Input]
    stockpile: dict[str, Input]
    levers: tuple[LeverSpec, ...]
    actions: dict[str, tuple[ActionSpec, ...]]
    policies: dict[str, str]
    deal_value: Input
    grid: dict[str, int]
    scenario_overrides: dict[str, Input] = field(default_factory=dict)
    inputs: tuple[Input, ...] = ()
    warnings: tuple[str, ...] = ()
    #: ``--set`` values of scenario paths (``pressures.US.mine_lead_time=10``): they reach
    #: both the stage game and every number of this file that references them
    scenario_set: dict[str, float] = field(default_factory=dict)
    #: the scenario file as parsed, to read referenced numbers from (kept for variants)
    scenario_doc: YamlDoc | None = field(default=None, repr=False)

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def action(self, player: str, name: str) -> ActionSpec:
        for a in self.actions[player]:
            if a.name == name:
                return a
        raise KeyError(name)

    def uncertain_inputs(self) -> tuple[Input, ...]:
        """The numbers that declare a range, in file order (what ``--vary`` can sweep);
        a number read from the scenario appears once, under its scenario path."""
        seen: set[str] = set()
        out = []
        for x in self.inputs:
            if x.uncertain and x.set_path not in seen:
                seen.add(x.set_path)
                out.append(x)
        return tuple(out)

    def with_overrides(self, overrides: Sequence[str] | Mapping[str, Any]) -> DynamicsSpec:
        """The file re-read with ``--set``-style overrides (the file itself is untouched)."""
        if self.doc is None:
            raise ValueError("this dynamics model has no document to override")
        doc = copy.deepcopy(self.doc)
        scenario_set = route_overrides(doc, overrides, self.scenario_set, _TOP_KEYS)
        return parse_dynamics(doc, scenario_set, self.scenario_doc)


def is_dynamics(doc: YamlDoc) -> bool:
    """Whether a parsed document is a dynamics file (it carries ``dynamics: 1``)."""
    return isinstance(doc.data, Mapping) and "dynamics" in doc.data


def read_dynamics(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    overrides: Sequence[str] | Mapping[str, Any] = (),
) -> DynamicsSpec:
    """Read a dynamics file, apply ``--set`` overrides, and check every number.

    Examples
    --------
    >>> from pathlib import Path
    >>> spec = read_dynamics(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> spec.importer, spec.stage_names
    ('US', ('mining', 'processing', 'magnets'))
    """
    doc = load_yaml(source)
    if not is_dynamics(doc):
        raise PayoffFileError(
            doc.path,
            1,
            1,
            "this is not a dynamics file",
            "a dynamics file starts with 'dynamics: 1' and names its 'scenario:'; "
            "see payoffs/us_china_dynamics.yaml",
        )
    return dynamics_from_doc(doc, overrides)


def dynamics_from_doc(
    doc: YamlDoc, overrides: Sequence[str] | Mapping[str, Any] = ()
) -> DynamicsSpec:
    """:func:`read_dynamics` of a document already parsed (the one loader's entry point):
    each ``--set`` goes to the dynamics file, or to the scenario path it reads from."""
    scenario_set = route_overrides(doc, overrides, {}, _TOP_KEYS) if overrides else {}
    return parse_dynamics(doc, scenario_set)


def parse_dynamics(
    doc: YamlDoc,
    scenario_set: Mapping[str, float] | None = None,
    scenario_doc: YamlDoc | None = None,
) -> DynamicsSpec:
    """Check a parsed dynamics document and build its :class:`DynamicsSpec`.

    ``scenario_set`` holds ``--set`` values of the scenario's paths (see
    :func:`read_dynamics`); ``scenario_doc`` the scenario file already parsed."""
    reader = _Reader(doc, dict(scenario_set or {}))
    reader._scenario_doc = scenario_doc
    return reader.read()


class _Reader(InputReader):
    # ------------------------------------------------------------------------------
    def read(self) -> DynamicsSpec:
        top = self.mapping([], _TOP_KEYS)
        if top.get("dynamics") != 1:
            raise self.err(["dynamics"], "unsupported dynamics version", "write 'dynamics: 1'")
        if "sources" in top:
            for key in self.mapping(["sources"]):
                node = top["sources"][key]
                self.sources[str(key)] = (
                    node.get("citation", "") if isinstance(node, Mapping) else str(node)
                )
        scenario = self.text(["scenario"])
        if not scenario:
            raise self.err(
                [], "no 'scenario:' named", "name the scenario file whose payoffs apply each period"
            )
        base = Path(self.doc.path).parent if self.doc.path not in ("<string>", "") else Path.cwd()
        scenario_path = (
            str((base / scenario).resolve()) if not os.path.isabs(scenario) else scenario
        )
        if not os.path.exists(scenario_path):
            raise self.err(
                ["scenario"],
                f"scenario file '{scenario}' not found",
                "give a path relative to this file",
            )
        self.scenario_path = scenario_path
        importer = self.text(["importer"])
        exporter = self.text(["exporter"])
        if not importer or not exporter:
            raise self.err(
                [], "name the 'importer' and the 'exporter'", "e.g. importer: US, exporter: China"
            )
        start_year = int(self.number(self.doc.get(["start_year"], 0), ["start_year"]))
        stages = tuple(self.stage(name) for name in self.mapping(["stages"]))
        if not stages:
            raise self.err(
                ["stages"], "no stages declared", "declare at least one stage of the chain"
            )
        capacity_limit = self.input(["capacity_limit"], lo=0, hi=1)
        attrition = self.input(["attrition"], lo=0)
        self.mapping(["substitution"], ("rate", "limit", "rebound", "initial"))
        substitution = {
            "rate": self.input(["substitution", "rate"], lo=0),
            "limit": self.input(["substitution", "limit"], lo=0, hi=1),
            "rebound": self.input(["substitution", "rebound"], lo=0),
            "initial": self.input(["substitution", "initial"], default=0.0, lo=0, hi=1),
        }
        self.mapping(["urgency"], ("initial", "rise_months", "fade_years"))
        urgency = {
            "initial": self.input(["urgency", "initial"], lo=0, hi=1),
            "rise_months": self.input(["urgency", "rise_months"], positive=True),
            "fade_years": self.input(["urgency", "fade_years"], positive=True),
        }
        self.mapping(
            ["stockpile"],
            ("initial_months", "cover_months", "refill_months_per_year", "target_months"),
        )
        stockpile = {
            "initial_months": self.input(["stockpile", "initial_months"], lo=0),
            "cover_months": self.input(["stockpile", "cover_months"], positive=True),
            "refill_months_per_year": self.input(["stockpile", "refill_months_per_year"], lo=0),
            "target_months": self.input(["stockpile", "target_months"], lo=0),
        }
        names = [s.name for s in stages]
        levers = tuple(
            self.lever(name, names)
            for name in (self.mapping(["levers"]) if "levers" in top else {})
        )
        actions = self.read_actions(importer, exporter)
        policies = self.read_policies(actions, importer, exporter)
        self.mapping(["bargaining"], ("deal_value",))
        deal_value = self.input(["bargaining", "deal_value"], lo=0)
        grid = self.read_grid(names)
        fixed = {
            str(key): self.input(["scenario_overrides", key])
            for key in (self.mapping(["scenario_overrides"]) if "scenario_overrides" in top else {})
        }
        return DynamicsSpec(
            path=self.doc.path,
            doc=self.doc,
            title=self.text(["title"]),
            scenario_path=scenario_path,
            importer=importer,
            exporter=exporter,
            start_year=start_year,
            sources=self.sources,
            stages=stages,
            capacity_limit=capacity_limit,
            attrition=attrition,
            substitution=substitution,
            urgency=urgency,
            stockpile=stockpile,
            levers=levers,
            actions=actions,
            policies=policies,
            deal_value=deal_value,
            grid=grid,
            scenario_overrides=fixed,
            inputs=tuple(self.inputs),
            warnings=tuple(self.warnings),
            scenario_set=dict(self.scenario_set),
            scenario_doc=self._scenario_doc,
        )

    def stage(self, name: str) -> StageSpec:
        loc = ["stages", name]
        self.mapping(loc, _STAGE_KEYS)
        scenario_input = self.text([*loc, "scenario_input"])
        if not scenario_input:
            raise self.err(
                loc,
                f"stage '{name}' names no 'scenario_input'",
                "the scenario path its dependence sets, e.g. pressures.US.magnet_share",
            )
        return StageSpec(
            name=name,
            dependence=self.input([*loc, "dependence"], lo=0, hi=1),
            pipeline=self.input([*loc, "pipeline"], default=0.0, lo=0, hi=1),
            lead_time=self.input([*loc, "lead_time"], positive=True),
            investment=self.input([*loc, "investment"], lo=0),
            response=self.input([*loc, "response"], lo=0),
            scenario_input=scenario_input,
        )

    def lever(self, name: str, stages: list[str]) -> LeverSpec:
        loc = ["levers", name]
        node = self.mapping(loc, _LEVER_KEYS)
        active = node.get("active", True)
        if not isinstance(active, bool):
            raise self.err([*loc, "active"], "'active' is true or false", "write active: true")
        source = self.text([*loc, "source"])
        if source and source not in self.sources:
            raise self.err(
                [*loc, "source"], f"unknown source '{source}'", "declare it under 'sources:'"
            )
        years = self.input([*loc, "years"], lo=0) if "years" in node else None
        size = self.input([*loc, "size"], lo=0) if "size" in node else None
        size_per = (
            self.input([*loc, "size_per"], positive=True).value if "size_per" in node else 1.0
        )
        if size is not None and "size_per" not in node:
            raise self.err(
                [*loc, "size"],
                "a lever's 'size' needs 'size_per'",
                "add 'size_per: S', the size its effects are written for",
            )
        effects = self.mapping([*loc, "effects"], _EFFECT_KEYS)
        per_stage: dict[str, dict[str, Input]] = {}
        for kind in ("lead_time", "pipeline", "investment"):
            per_stage[kind] = {}
            if kind in effects:
                for stage in self.mapping([*loc, "effects", kind], stages):
                    bounds = {"lo": 0.0, "positive": kind == "lead_time"}
                    per_stage[kind][stage] = self.input([*loc, "effects", kind, stage], **bounds)  # type: ignore[arg-type]
        attrition = (
            self.input([*loc, "effects", "attrition"], lo=0) if "attrition" in effects else None
        )
        return LeverSpec(
            name=name,
            description=self.text([*loc, "description"]),
            source=source,
            quote=self.text([*loc, "quote"]),
            active=active,
            years=years,
            lead_time=per_stage["lead_time"],
            pipeline=per_stage["pipeline"],
            investment=per_stage["investment"],
            attrition=attrition,
            size=size,
            size_per=size_per,
        )

    def read_actions(self, importer: str, exporter: str) -> dict[str, tuple[ActionSpec, ...]]:
        node = self.mapping(["actions"], (importer, exporter))
        out: dict[str, tuple[ActionSpec, ...]] = {}
        for player in (importer, exporter):
            if player not in node:
                raise self.err(
                    ["actions"], f"no actions for {player}", f"add '{player}:' under 'actions:'"
                )
            acts = []
            for name in self.mapping(["actions", player]):
                loc = ["actions", player, name]
                self.mapping(loc, ("move", "restriction", "investment", "cost"))
                move = self.text([*loc, "move"])
                if not move:
                    raise self.err(
                        loc, f"action '{name}' names no scenario 'move'", "add 'move: MOVE'"
                    )
                acts.append(
                    ActionSpec(
                        player=player,
                        name=str(name),
                        move=move,
                        restriction=self.input([*loc, "restriction"], default=0.0, lo=0, hi=1),
                        investment=self.input([*loc, "investment"], default=0.0, lo=0),
                        cost=self.input([*loc, "cost"], default=0.0, lo=0),
                    )
                )
            if not acts:
                raise self.err(
                    ["actions", player], f"{player} has no actions", "declare at least one"
                )
            out[player] = tuple(acts)
        return out

    def read_policies(
        self, actions: dict[str, tuple[ActionSpec, ...]], importer: str, exporter: str
    ) -> dict[str, str]:
        node = self.mapping(["policies"], ("restrict", "calm", "importer"))
        out: dict[str, str] = {}
        for key, player in (("restrict", exporter), ("calm", exporter), ("importer", importer)):
            name = self.text(["policies", key])
            known = [a.name for a in actions[player]]
            if name not in known:
                raise self.err(
                    ["policies", key] if key in node else ["policies"],
                    f"policies.{key} must name one of {player}'s actions",
                    "one of: " + ", ".join(known),
                )
            out[key] = name
        return out

    def read_grid(self, stages: list[str]) -> dict[str, int]:
        node = self.mapping(
            ["grid"], ("capacity", "pipeline", "substitution", "urgency", "stockpile")
        )
        out: dict[str, int] = {}
        for key in ("capacity", "pipeline", "substitution", "urgency", "stockpile"):
            value = node.get(key, 2)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise self.err(
                    ["grid", key], "grid points must be a whole number ≥ 1", "write e.g. 3"
                )
            out[key] = value
        return out
