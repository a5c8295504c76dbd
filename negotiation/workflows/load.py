"""The one loader: any file the tool reads (+ ``--set`` overrides) → a typed :class:`Model`.

Every command and every workflow reads its model here, so each accepts every kind of
file and ``--set`` the same way, and the kind is detected once. The chain is

1. the file is read as text; a Gambit ``.efg`` file (by its name, or an ``EFG`` first
   line) is a game tree;
2. otherwise :func:`negotiation.files.parse_document` tells Gambit ``.nfg`` from YAML;
3. a YAML document is, by its top-level keys: a game tree (``kind: tree``; with
   ``scenario:`` its leaves are priced by a scenario, see
   :mod:`negotiation.scenario.sequence`), a dynamics file (``dynamics: 1``, a model over
   time for ``negotiation timeline``), a scenario (``pressures`` or ``channels``: built
   into a :class:`~negotiation.scenario.Scenario`) or a plain payoff file (a
   :class:`~negotiation.game.Game`);
4. for a game or a scenario, the analysis inputs
   (:class:`~negotiation.inputs.NegotiationInputs`) come from the scenario — discount
   rates and dependence with the formulas and pressures behind them, status quo,
   issues, ratification thresholds — or are the defaults of a plain game.

The :class:`Model` says which :data:`ModelKind` it holds; a command branches on
``model.kind``, and asking a model for what its kind does not have (the ``game`` of a
dynamics file) raises one :class:`~negotiation.errors.NegotiationError` line naming the
command that reads it.

>>> from negotiation.data import shipped
>>> model = load_model(shipped(), ["pressures.China.deflation=0.9"])
>>> model.kind, model.game.players
('scenario', ('US', 'China'))
>>> model.inputs.discount_rates["China"].value
Fraction(1958, 15625)
>>> load_model(shipped("chicken.yaml")).inputs.discount_rates
mappingproxy({})
>>> load_model(shipped("trees/entry_deterrence.yaml")).kind
'tree'
>>> dynamics = load_model(shipped("japan_2010.yaml"))
>>> dynamics.kind, dynamics.dynamics.importer
('dynamics', 'Japan')
>>> dynamics.game
Traceback (most recent call last):
...
negotiation.errors.NegotiationError: japan_2010.yaml is a dynamics file (a model over time), not a game: use `negotiation timeline`
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any, Literal

from negotiation.dynamics.spec import DynamicsSpec, dynamics_from_doc, is_dynamics
from negotiation.errors import GameError, NegotiationError, PayoffFileError
from negotiation.files import game_from_doc, is_scenario, parse_document
from negotiation.files.overrides import apply_overrides
from negotiation.files.payoff_cells import common_unit_from_doc, escalation_from_doc
from negotiation.files.tree_file import is_efg_text, is_tree_doc, parse_tree, tree_from_doc
from negotiation.files.yamldoc import YamlDoc, read_text
from negotiation.game import Game, to_fraction
from negotiation.inputs import NegotiationInputs, Provenanced
from negotiation.scenario import Scenario, build_scenario
from negotiation.scenario.sequence import ScenarioTree, sequence_from_doc
from negotiation.tree import Tree

__all__ = [
    "MATRIX_KINDS",
    "Model",
    "ModelKind",
    "build_model",
    "inputs_from_scenario",
    "load_model",
    "read_game",
    "read_payoffs",
    "resolve",
]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
Overrides = Sequence[str] | Mapping[str, Any]

#: what a file holds: a plain normal-form game, a scenario (a game built from pressures),
#: a game tree (YAML or Gambit ``.efg``, possibly priced by a scenario), or a dynamics
#: file (a model over time)
ModelKind = Literal["game", "scenario", "tree", "dynamics"]

#: the kinds with a normal-form game (what the matrix commands read)
MATRIX_KINDS: tuple[ModelKind, ...] = ("game", "scenario")

#: in words, and the commands that read each kind (for the one-line refusals)
_KIND_WORDS: dict[str, tuple[str, str]] = {
    "game": ("a payoff file", "`negotiation analyse`"),
    "scenario": ("a scenario", "`negotiation analyse`"),
    "tree": ("a game tree", "`negotiation solve` or `negotiation analyse`"),
    "dynamics": ("a dynamics file (a model over time)", "`negotiation timeline`"),
}

#: where a scenario's discount rate comes from, in words (shown by ``leverage``)
SCENARIO_RATE = "scenario parameter discount_rate (from the pressures)"


@dataclass(frozen=True, eq=False)
class Model:
    """What a file holds, ready for analysis: a small tagged union on :attr:`kind`.

    Attributes
    ----------
    kind
        ``"game"``, ``"scenario"``, ``"tree"`` or ``"dynamics"`` (:data:`ModelKind`).
    path
        The file's name as given.
    doc
        The parsed YAML document (overrides applied), ``None`` for Gambit files.
    warnings
        Things to tell the user that do not stop the model (a pressure set outside
        its range, ...); the CLI prints them on stderr.
    scenario
        The scenario the game (or a tree's leaves) was built from, else ``None``.
    tree_model
        For ``kind == "tree"``: the tree, with the scenario that prices its leaves.
    dynamics
        For ``kind == "dynamics"``: the dynamics file's
        :class:`~negotiation.dynamics.DynamicsSpec`.

    ``game`` and ``inputs`` (kinds ``"game"`` and ``"scenario"``) and ``tree`` (kind
    ``"tree"``) raise a one-line :class:`~negotiation.errors.NegotiationError` naming
    the command that reads the file when its kind has none.
    """

    kind: ModelKind
    path: str
    doc: YamlDoc | None = None
    warnings: tuple[str, ...] = ()
    scenario: Scenario | None = None
    matrix: tuple[Game, NegotiationInputs] | None = None
    tree_model: ScenarioTree | None = None
    dynamics: DynamicsSpec | None = None

    @property
    def game(self) -> Game:
        """The normal-form game (kinds ``"game"`` and ``"scenario"``)."""
        if self.matrix is None:
            raise self.wrong_kind()
        return self.matrix[0]

    @property
    def inputs(self) -> NegotiationInputs:
        """What the analysis reads beyond the game (rates, dependence, status quo, ...)."""
        if self.matrix is None:
            raise self.wrong_kind()
        return self.matrix[1]

    @property
    def tree(self) -> Tree:
        """The game tree (kind ``"tree"``)."""
        if self.tree_model is None:
            raise self.wrong_kind(wanted="a game tree")
        return self.tree_model.tree

    @property
    def is_scenario(self) -> bool:
        return self.scenario is not None and self.kind == "scenario"

    @property
    def source(self) -> Scenario | Game:
        """The scenario when there is one, else the game."""
        return self.scenario if self.is_scenario and self.scenario is not None else self.game

    def wrong_kind(self, command: str | None = None, wanted: str = "a game") -> NegotiationError:
        """The one-line refusal of a command (or a request) that does not read this kind."""
        words, readers = _KIND_WORDS[self.kind]
        name = os.path.basename(self.path) if command is None else self.path
        if command is None:
            return NegotiationError(f"{name} is {words}, not {wanted}: use {readers}")
        return NegotiationError(
            f"{name} is {words}: `negotiation {command}` does not read it; use {readers}"
        )

    def require(self, kinds: Sequence[ModelKind], command: str) -> Model:
        """This model if its kind is one of ``kinds``, else :meth:`wrong_kind` for ``command``."""
        if self.kind not in kinds:
            raise self.wrong_kind(command)
        return self

    def require_scenario(self) -> Scenario:
        """The scenario, or a positioned error saying this file has typed-in payoffs."""
        if self.scenario is not None and self.kind == "scenario":
            return self.scenario
        if self.kind not in MATRIX_KINDS:
            raise self.wrong_kind(wanted="a scenario")
        if self.doc is None:
            raise PayoffFileError(
                self.path,
                0,
                0,
                "a Gambit .nfg file has typed-in payoffs, not a scenario",
                "a scenario is a YAML file that declares 'pressures' and 'channels'",
            )
        raise PayoffFileError(
            self.path,
            1,
            1,
            "this is a payoff file with typed-in payoffs, not a scenario",
            "a scenario declares 'pressures' and 'channels'; see payoffs/us_china_rare_earths.yaml",
        )

    def __repr__(self) -> str:
        if self.matrix is not None:
            shape = "×".join(str(n) for n in self.game.shape)
            return f"<Model {self.kind} {self.game.title or self.path!r}: {shape}>"
        if self.tree_model is not None:
            tree = self.tree_model.tree
            return f"<Model tree {tree.title or self.path!r}: {len(tree.nodes)} nodes>"
        title = self.dynamics.title if self.dynamics is not None else ""
        return f"<Model {self.kind} {title or self.path!r}>"


def load_model(source: Source, overrides: Overrides = ()) -> Model:
    """Read any file the tool reads, apply ``--set``-style overrides, build it.

    Parameters
    ----------
    source
        Path or open file: YAML (a plain payoff file, a scenario, a game tree or a
        dynamics file), Gambit ``.nfg`` or Gambit ``.efg``.
    overrides
        ``["pressures.China.deflation=0.9", ...]`` or ``{path: value}``; refused for
        Gambit files. In a scenario tree, a path under a tree-file key changes the tree
        and any other the scenario.

    Returns
    -------
    Model
        Its :attr:`~Model.kind` and what that kind holds: the game with its
        :class:`~negotiation.inputs.NegotiationInputs` (and the scenario, if any), the
        tree, or the dynamics; and the warnings.

    Raises
    ------
    PayoffFileError
        With the file's path, line and column, for any problem in the file.
    """
    name, text = read_text(source)
    if is_efg_text(name, text):
        return _tree_model(ScenarioTree(parse_tree(text, name, overrides), None), name, None)
    document = parse_document(text, name)
    if isinstance(document, Game):
        if overrides:
            parse_document(text, name, overrides)  # the one "--set needs YAML" error
        return build_model(document, name)
    if is_tree_doc(document) and isinstance(document.data, Mapping) and "scenario" in document.data:
        return _tree_model(sequence_from_doc(document, overrides), name, document)
    if is_dynamics(document):  # its --set may go to the scenario it reads numbers from
        spec = dynamics_from_doc(document, overrides)
        return Model("dynamics", name, document, tuple(spec.warnings), dynamics=spec)
    if overrides:
        apply_overrides(document, overrides)
    return build_model(document, name)


def build_model(document: YamlDoc | Game, name: str = "<string>") -> Model:
    """The model of a document already read (a YAML document, or an ``.nfg`` file's game).

    ``negotiation set`` uses it to check a variant before writing it.
    """
    if isinstance(document, Game):
        return Model(
            "game", name, matrix=(document, NegotiationInputs.defaults(document, "Gambit file"))
        )
    if is_tree_doc(document):
        if isinstance(document.data, Mapping) and "scenario" in document.data:
            return _tree_model(sequence_from_doc(document), name, document)
        return _tree_model(ScenarioTree(tree_from_doc(document), None), name, document)
    if is_dynamics(document):
        spec = dynamics_from_doc(document)
        return Model("dynamics", name, document, tuple(spec.warnings), dynamics=spec)
    if is_scenario(document):
        scenario = build_scenario(document)
        return Model(
            "scenario",
            name,
            document,
            tuple(scenario.warnings),
            scenario=scenario,
            matrix=(scenario.game, inputs_from_scenario(scenario)),
        )
    game = game_from_doc(document)
    inputs = NegotiationInputs.defaults(game)
    escalation = escalation_from_doc(document, game)
    if escalation:  # the file's own escalation order (else the order moves are listed in)
        inputs = replace(inputs, escalation=escalation)
    if common_unit_from_doc(document):  # declared: payoffs add and compare across players
        inputs = replace(inputs, common_unit=True)
    return Model("game", name, document, matrix=(game, inputs))


def _tree_model(tree_model: ScenarioTree, name: str, document: YamlDoc | None) -> Model:
    return Model(
        "tree",
        name,
        document,
        tuple(tree_model.warnings),
        scenario=tree_model.scenario,
        tree_model=tree_model,
    )


def read_game(source: Source, overrides: Overrides = ()) -> Game:
    """The game of any payoff or scenario file (``negotiation.read_payoffs``).

    >>> from negotiation.data import shipped
    >>> read_game(shipped()).shape
    (4, 5)
    """
    return load_model(source, overrides).game


#: ``negotiation.read_payoffs``: any file's game, scenarios included
read_payoffs = read_game


def resolve(source: Model | Scenario | Game) -> tuple[Game, NegotiationInputs]:
    """The game and analysis inputs of a loaded model, a scenario or a plain game.

    >>> from negotiation.data import shipped
    >>> game, inputs = resolve(load_model(shipped()).scenario)
    >>> inputs.status_quo
    ('hold', 'licensing')
    """
    if isinstance(source, Model):
        return source.game, source.inputs
    if isinstance(source, Scenario):
        return source.game, inputs_from_scenario(source)
    if isinstance(source, Game):
        return source, NegotiationInputs.defaults(source)
    raise GameError(
        f"expected a Game, a Scenario or a loaded Model, got {type(source).__name__}; "
        "read a file with negotiation.workflows.load_model"
    )


def inputs_from_scenario(scenario: Scenario) -> NegotiationInputs:
    """The analysis inputs a scenario declares: its parameters, status quo and issues.

    ``parameters.<player>.discount_rate`` and ``.dependence`` become
    :class:`~negotiation.inputs.Provenanced` values carrying their formula and the
    pressures behind them; ``parameters.<player>.ratification_threshold`` becomes a
    ratification threshold; ``issues`` and ``status_quo`` are copied.
    """
    rates: dict[str, Provenanced] = {}
    dependence: dict[str, Provenanced] = {}
    ratification = {}
    for player in scenario.players:
        params = scenario.parameters.get(player, {})
        quantities = scenario.quantities.get(player, {})
        if "discount_rate" in params:
            q = quantities.get("parameters.discount_rate")
            rates[player] = Provenanced(
                to_fraction(params["discount_rate"]),
                SCENARIO_RATE,
                formula=q.formula if q is not None else "",
                pressures=tuple(f"{a}.{b}" for a, b in q.pressures) if q is not None else (),
                path=f"parameters.{player}.discount_rate",
            )
        if "dependence" in params:
            q = quantities.get("parameters.dependence")
            dependence[player] = Provenanced(
                float(params["dependence"]),
                "scenario parameter dependence",
                formula=q.formula if q is not None else "",
                pressures=tuple(f"{a}.{b}" for a, b in q.pressures) if q is not None else (),
                path=f"parameters.{player}.dependence",
            )
        if "ratification_threshold" in params:
            ratification[player] = to_fraction(params["ratification_threshold"])
    return NegotiationInputs(
        players=scenario.players,
        discount_rates=rates,
        dependence=dependence,
        status_quo=scenario.status_quo,
        issues=scenario.issues,
        ratification=ratification,
        source="scenario",
    )
