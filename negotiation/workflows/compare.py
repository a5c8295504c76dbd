"""What changed between two versions of a scenario (or of a payoff file).

A what-if question — *what if China's deflation deepens?* — is answered by comparing
the model before and after: which inputs differ, which weights and parameters they
move, which payoffs, whether the equilibria change, and how leverage and the
bargaining outcome shift. :func:`diff_scenarios` does that for two scenarios (or two
plain games) and returns a :class:`ScenarioDiff`; ``negotiation diff`` prints it.

Everything is compared as typed values — the documents' leaves, the scenarios'
quantities, the games' exact payoffs, the solvers' :class:`~negotiation.solvers.Equilibrium`
objects, the :class:`~negotiation.bargaining.Leverage` and
:class:`~negotiation.bargaining.BargainingAnalysis` fields — never as printed JSON.
The equilibria come from :mod:`negotiation.solvers` (all equilibria, exact, for two
players; pure equilibria otherwise); leverage and bargaining from
:mod:`negotiation.bargaining` with each version's own inputs. Whatever cannot be
computed is reported in ``notes`` rather than failing the diff.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation import numbers
from negotiation.bargaining import BargainingAnalysis, Leverage, bargain, leverage
from negotiation.errors import NegotiationError
from negotiation.game import Game, format_number
from negotiation.scenario import Scenario
from negotiation.solvers import Equilibrium, enumerate_equilibria
from negotiation.solvers.pure import pure_equilibrium_profiles
from negotiation.workflows.load import Model, resolve

__all__ = ["Change", "ScenarioDiff", "diff_documents", "diff_scenarios", "equilibria_summary"]

_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Change:
    """One value that differs: where, before and after (``None`` = absent)."""

    path: str
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "before": _plain(self.before), "after": _plain(self.after)}

    def __str__(self) -> str:
        return f"{self.path}: {' -> '.join(_show_pair(self.before, self.after))}"


@dataclass(frozen=True)
class ScenarioDiff:
    """Differences between two versions, from inputs to bargaining.

    Attributes
    ----------
    before, after
        Labels of the two versions (paths, or ``"FILE with --set ..."``).
    inputs
        Values that differ in the files themselves (dotted paths).
    derived
        Weights, parameters and issue values that differ (scenarios only).
    payoffs
        Payoff numbers that differ, as ``"MOVE / MOVE: PLAYER"``.
    same_moves
        Whether both games have the same players and moves (payoffs and equilibria
        are compared cell by cell only then).
    equilibria_before, equilibria_after
        Short descriptions of every equilibrium of each version.
    leverage, bargaining
        Headline leverage and bargaining numbers that differ.
    warnings
        Warnings of the two versions (e.g. a pressure outside its range).
    notes
        What could not be compared and why.
    """

    before: str
    after: str
    inputs: tuple[Change, ...] = ()
    derived: tuple[Change, ...] = ()
    payoffs: tuple[Change, ...] = ()
    same_moves: bool = True
    equilibria_before: tuple[str, ...] = ()
    equilibria_after: tuple[str, ...] = ()
    leverage: tuple[Change, ...] = ()
    bargaining: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def equilibria_changed(self) -> bool:
        return self.equilibria_before != self.equilibria_after

    @property
    def equilibrium_strategies_changed(self) -> bool:
        """Whether the equilibrium strategies differ (not only their payoffs)."""

        def strategies(lines: tuple[str, ...]) -> list[str]:
            return [line.split(" payoffs ")[0] for line in lines]

        return strategies(self.equilibria_before) != strategies(self.equilibria_after)

    @property
    def changed(self) -> bool:
        """Whether anything at all differs."""
        return bool(
            self.inputs
            or self.derived
            or self.payoffs
            or not self.same_moves
            or self.equilibria_changed
            or self.leverage
            or self.bargaining
        )

    def lines(self, limit: int | None = 20, more: str = "") -> list[str]:
        """The differences as text lines (what ``negotiation diff`` prints): inputs,
        derived values, payoffs (the first ``limit``, then "… and N more" + ``more``),
        equilibria, leverage and bargaining."""
        lines = [f"A: {self.before}", f"B: {self.after}"]
        if not self.changed:
            return [*lines, "", "no differences"]

        def section(title: str, changes: Any, cap: int | None = None) -> None:
            if not changes:
                return
            lines.extend(["", f"{title} ({len(changes)})"])
            shown = changes if cap is None else changes[:cap]
            lines.extend(f"  {c}" for c in shown)
            if cap is not None and len(changes) > cap:
                lines.append(f"  … and {len(changes) - cap} more{more}")

        section("inputs changed", self.inputs)
        section("weights, parameters and issue values changed", self.derived)
        section("payoffs changed", self.payoffs, limit)
        if self.equilibria_before or self.equilibria_after:
            lines.append("")
            if self.equilibria_changed:
                lines.append(
                    "equilibria changed"
                    if self.equilibrium_strategies_changed
                    else "equilibria: the same strategies, with new payoffs"
                )
                lines.extend(f"  A: {e}" for e in self.equilibria_before or ("none found",))
                lines.extend(f"  B: {e}" for e in self.equilibria_after or ("none found",))
            else:
                lines.append("equilibria unchanged")
                lines.extend(f"  {e}" for e in self.equilibria_after)
        section("leverage changed", self.leverage)
        section("bargaining changed", self.bargaining)
        if self.notes:
            lines.append("")
            lines.extend(f"note: {n}" for n in self.notes)
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_markdown_(self) -> str:
        return "```text\n" + str(self) + "\n```"

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "changed": self.changed,
            "inputs": [c.to_dict() for c in self.inputs],
            "derived": [c.to_dict() for c in self.derived],
            "payoffs": [c.to_dict() for c in self.payoffs],
            "same_moves": self.same_moves,
            "equilibria": {
                "changed": self.equilibria_changed,
                "strategies_changed": self.equilibrium_strategies_changed,
                "before": list(self.equilibria_before),
                "after": list(self.equilibria_after),
            },
            "leverage": [c.to_dict() for c in self.leverage],
            "bargaining": [c.to_dict() for c in self.bargaining],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


def diff_documents(before: Any, after: Any, prefix: str = "") -> list[Change]:
    """Leaf-by-leaf differences of two parsed documents, as dotted paths.

    >>> diff_documents({"a": {"b": 1, "c": [1, 2]}}, {"a": {"b": 2, "c": [1, 2, 3]}})
    [Change(path='a.b', before=1, after=2), Change(path='a.c.2', before=None, after=3)]
    """
    changes: list[Change] = []
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        keys = list(before) + [k for k in after if k not in before]
        for key in keys:
            path = f"{prefix}.{key}" if prefix else str(key)
            changes += diff_documents(before.get(key), after.get(key), path)
    elif (
        isinstance(before, list)
        and isinstance(after, list)
        and not isinstance(before, str)
        and not isinstance(after, str)
    ):
        for k in range(max(len(before), len(after))):
            path = f"{prefix}.{k}" if prefix else str(k)
            changes += diff_documents(
                before[k] if k < len(before) else None, after[k] if k < len(after) else None, path
            )
    elif not _equal(before, after):
        changes.append(Change(prefix, _plain(before), _plain(after)))
    return changes


def diff_scenarios(
    before: Model | Scenario | Game,
    after: Model | Scenario | Game,
    *,
    labels: tuple[str, str] = ("before", "after"),
    analyses: bool = True,
    documents: tuple[Any, Any] | None = None,
) -> ScenarioDiff:
    """Compare two versions of a scenario (or two games) from inputs to bargaining.

    Parameters
    ----------
    before, after
        Two loaded models, scenarios or plain games (or a mix).
    labels
        Names for the two versions in the report.
    analyses
        Also compare equilibria, leverage and bargaining (slower); ``False`` compares
        inputs, derived quantities and payoffs only.
    documents
        The parsed files (:class:`~negotiation.files.yamldoc.YamlDoc`) behind two plain
        games, so their inputs can be compared too (scenarios carry their own).

    Examples
    --------
    >>> from negotiation.data import shipped
    >>> from negotiation.scenario import read_scenario
    >>> path = shipped()
    >>> d = diff_scenarios(read_scenario(path),
    ...                    read_scenario(path, ["pressures.China.deflation=0.9"]),
    ...                    analyses=False)
    >>> [str(c) for c in d.inputs]
    ['pressures.China.deflation.value: 0.6 -> 0.9']
    >>> [str(c) for c in d.derived][:2]
    ['China weights.trade_access: 1.49 -> 1.595', 'China parameters.stress: 113/160 -> 25/32']
    """
    notes: list[str] = []
    doc_a = before.doc if isinstance(before, (Model, Scenario)) else None
    doc_b = after.doc if isinstance(after, (Model, Scenario)) else None
    if isinstance(before, Model):
        before = before.source
    if isinstance(after, Model):
        after = after.source
    game_a = before.game if isinstance(before, Scenario) else before
    game_b = after.game if isinstance(after, Scenario) else after
    inputs: list[Change] = []
    derived: list[Change] = []
    warnings: list[str] = []
    if documents is not None:
        doc_a = documents[0] if doc_a is None else doc_a
        doc_b = documents[1] if doc_b is None else doc_b
    if doc_a is not None and doc_b is not None:
        inputs = diff_documents(doc_a.data, doc_b.data)
    if isinstance(before, Scenario) and isinstance(after, Scenario):
        derived = _diff_quantities(before, after)
        warnings = [f"{labels[1]}: {w}" for w in after.warnings if w not in before.warnings]
    elif isinstance(before, Scenario) != isinstance(after, Scenario):
        notes.append("one version is a scenario and the other a plain game")
    same_moves = game_a.players == game_b.players and game_a.moves == game_b.moves
    payoffs = _diff_payoffs(game_a, game_b) if same_moves else []
    if not same_moves:
        notes.append("the players or moves differ, so payoffs are not compared cell by cell")
    eq_a: tuple[str, ...] = ()
    eq_b: tuple[str, ...] = ()
    lev: list[Change] = []
    barg: list[Change] = []
    if analyses:
        eq_a, note_a = equilibria_summary(game_a)
        eq_b, note_b = equilibria_summary(game_b)
        notes += sorted({n for n in (note_a, note_b) if n})
        lev, barg = _diff_analyses(before, after, notes)
    return ScenarioDiff(
        before=labels[0],
        after=labels[1],
        inputs=tuple(inputs),
        derived=tuple(derived),
        payoffs=tuple(payoffs),
        same_moves=same_moves,
        equilibria_before=eq_a,
        equilibria_after=eq_b,
        leverage=tuple(lev),
        bargaining=tuple(barg),
        warnings=tuple(warnings),
        notes=tuple(notes),
    )


def equilibria_summary(game: Game) -> tuple[tuple[str, ...], str]:
    """One line per Nash equilibrium of ``game``, and a note on how they were found.

    Every extreme equilibrium, exact (:func:`negotiation.solvers.enumerate_equilibria`),
    for two players; pure equilibria otherwise.
    """
    if game.n_players != 2:
        note = "all equilibria are enumerated for two players only: pure equilibria listed"
    else:
        try:
            found = enumerate_equilibria(game)
            return tuple(_describe(game, e) for e in found.equilibria), ""
        except NegotiationError as exc:
            note = f"equilibrium enumeration failed ({exc}); pure equilibria only"
    return tuple(_describe_profile(game, index) for index in pure_equilibrium_profiles(game)), note


# ----------------------------------------------------------------------------- helpers
def _diff_quantities(a: Scenario, b: Scenario) -> list[Change]:
    changes = []
    for player in b.players:
        qa = a.quantities.get(player, {})
        qb = b.quantities.get(player, {})
        for name in list(qa) + [n for n in qb if n not in qa]:
            if name.startswith("levers.") or name.startswith("interactions."):
                continue  # effect formulas show up in the payoffs
            va = qa[name].value if name in qa else None
            vb = qb[name].value if name in qb else None
            if not _equal(va, vb):
                changes.append(Change(f"{player} {name}", va, vb))
    return changes


def _diff_payoffs(a: Game, b: Game) -> list[Change]:
    changes = []
    for index in a.profiles():
        cell = " / ".join(a.profile_names(index))
        for i, player in enumerate(a.players):
            va, vb = a.exact[(i, *index)], b.exact[(i, *index)]
            if va != vb:
                changes.append(Change(f"{cell}: {player}", va, vb))
    return changes


def _describe_profile(game: Game, index: Sequence[int]) -> str:
    moves = ", ".join(game.profile_names(index))
    values = ", ".join(format_number(game.exact[(i, *index)]) for i in range(game.n_players))
    return f"({moves}) payoffs ({values})"


def _describe(game: Game, eq: Equilibrium) -> str:
    parts = []
    for moves, strategy in zip(eq.moves, eq.strategies, strict=True):
        support = [(move, p) for move, p in zip(moves, strategy, strict=True) if p != 0]
        if len(support) == 1:
            parts.append(support[0][0])
        else:
            parts.append(" + ".join(f"{format_number(p)} {m}" for m, p in support))
    values = ", ".join(format_number(v) for v in eq.payoffs)
    return f"({'; '.join(parts)}) payoffs ({values})"


_LEVERAGE_KEYS = (
    "discount_rate",
    "discount_factor",
    "bargaining_power",
    "disagreement_payoff",
    "threat_power",
    "dependence",
)


def _leverage_values(lev: Leverage, player: str) -> dict[str, float | None]:
    """The headline leverage numbers of one player, as ``leverage --json`` shows them."""
    x = lev[player]
    return {
        "discount_rate": float(x.discount_rate),
        "discount_factor": x.discount_factor,
        "bargaining_power": float(x.bargaining_power),
        "disagreement_payoff": float(x.disagreement_payoff),
        "threat_power": float(x.threat_power),
        "dependence": x.dependence,
    }


def _bargaining_values(b: BargainingAnalysis) -> dict[str, dict[str, float]]:
    """Per-player headline numbers of a bargaining analysis, by label."""
    p = b.players
    values = {
        "Nash payoff": dict(zip(p, map(float, b.nash.payoffs), strict=True)),
        "Nash share": dict(zip(p, map(float, b.nash.share), strict=True)),
        "Rubinstein share": dict(zip(p, map(float, b.rubinstein.share), strict=True)),
    }
    if b.linkage is not None:
        gains = b.linkage.gain_from_linking
        values["gain from linking issues"] = dict(zip(p, map(float, gains), strict=True))
    return values


def _diff_analyses(
    a: Scenario | Game, b: Scenario | Game, notes: list[str]
) -> tuple[list[Change], list[Change]]:
    lev: list[Change] = []
    barg: list[Change] = []
    (game_a, inputs_a), (game_b, inputs_b) = resolve(a), resolve(b)
    try:
        la, lb = leverage(game_a, inputs_a), leverage(game_b, inputs_b)
    except NegotiationError as exc:
        notes.append(f"leverage not compared: {exc}")
        return lev, barg
    for player in lb.players:
        pa = _leverage_values(la, player) if player in la.per_player else {}
        pb = _leverage_values(lb, player)
        for key in _LEVERAGE_KEYS:
            if not _equal(pa.get(key), pb.get(key)):
                lev.append(Change(f"{player} {key}", pa.get(key), pb.get(key)))
    try:
        ba = bargain(game_a, inputs_a, leverage=la)
        bb = bargain(game_b, inputs_b, leverage=lb)
    except NegotiationError as exc:
        notes.append(f"bargaining not compared: {exc}")
        return lev, barg
    va_all, vb_all = _bargaining_values(ba), _bargaining_values(bb)
    for label in ("Nash payoff", "Nash share", "Rubinstein share", "gain from linking issues"):
        if label not in va_all and label not in vb_all:
            continue
        va, vb = va_all.get(label, {}), vb_all.get(label, {})
        for player in list(va) + [p for p in vb if p not in va]:
            if not _equal(va.get(player), vb.get(player)):
                barg.append(Change(f"{label} {player}", va.get(player), vb.get(player)))
    for key, sa, sb in (
        ("nash", ba.nash.lottery, bb.nash.lottery),
        ("rubinstein", ba.rubinstein.lottery, bb.rubinstein.lottery),
    ):
        la_, lb_ = list(sa), list(sb)
        if la_ != lb_:
            barg.append(
                Change(
                    f"{key} deal outcomes",
                    [" / ".join(p) for p in la_],
                    [" / ".join(p) for p in lb_],
                )
            )
    return lev, barg


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float, Fraction)) and isinstance(b, (int, float, Fraction)):
        fa, fb = float(a), float(b)
        return fa == fb or math.isclose(fa, fb, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE)
    return bool(a == b)


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return format_number(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _show_pair(before: Any, after: Any) -> tuple[str, str]:
    """Before and after in one number style; rounded more finely when 4 significant digits
    would print a change as no change (``≈ 0.5359 -> ≈ 0.5359``)."""
    kinds = (float, Fraction, int)
    if not (isinstance(before, kinds) and isinstance(after, kinds)) or isinstance(before, bool):
        return _show(before), _show(after)
    for digits in (numbers.SIGNIFICANT_DIGITS, 6, 8, 12):
        a, b = numbers.format_numbers([before, after], digits=digits)
        if a != b or before == after:
            return a, b
    return a, b


def _show(value: Any, limit: int = 70) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, (float, Fraction)):
        return numbers.format_number(value)
    if isinstance(value, (list, tuple)):  # a list of outcomes, not its Python repr
        value = "; ".join(str(v) for v in value) or "none"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
