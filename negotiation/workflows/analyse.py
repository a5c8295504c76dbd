"""The whole analysis of a negotiation in one call: the main job of ``negotiation analyse``.

:func:`analyse` runs the pieces a reader needs, in the order they build on each other —
equilibria (exact, enumerated once), iterated dominance, Pareto-optimal outcomes, and for
a two-player game leverage, bargaining and whether the bargained deal is self-enforcing in
the repeated game (the folk analysis reuses the equilibria) — and
:meth:`Analysis.reading` says in plain words what they mean. Every number comes from the
package that owns it (:mod:`negotiation.solvers`, :mod:`negotiation.bargaining`,
:mod:`negotiation.repeated.folk`); this module only combines them and words them.
"""

from __future__ import annotations

import html
import itertools
import textwrap
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.bargaining import BargainingAnalysis, bargain
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.inputs import NegotiationInputs
from negotiation.numbers import format_number, format_percent, format_relation, format_signed
from negotiation.repeated.folk import FolkAnalysis, folk_analysis
from negotiation.scenario import Scenario
from negotiation.solvers import (
    DominanceResult,
    Equilibrium,
    EquilibriumSet,
    GameClass,
    ParetoResult,
    classify_2x2,
    iterated_dominance,
    pareto_optimal,
    solve,
)
from negotiation.whatif.robustness import Robustness
from negotiation.whatif.robustness import robustness as run_robustness
from negotiation.workflows.load import Model, resolve

__all__ = ["ROBUSTNESS_SAMPLES", "Analysis", "Reading", "analyse"]

#: draws of the Monte Carlo behind the robustness paragraph
ROBUSTNESS_SAMPLES = 10_000


@dataclass(frozen=True)
class Reading:
    """Paragraphs of a reading, shown as bullets: Markdown in Jupyter, wrapped text in print.

    >>> print(Reading(("The game has one equilibrium.", "Both would gain from a deal.")))
    • The game has one equilibrium.
    • Both would gain from a deal.
    """

    lines: tuple[str, ...]

    def __str__(self) -> str:
        return "\n".join(
            textwrap.fill(line, 92, initial_indent="• ", subsequent_indent="  ")
            for line in self.lines
        )

    def _repr_markdown_(self) -> str:
        # escaped so that move names like hold_all or a * in a formula stay literal
        return "\n".join(f"- {_markdown_escape(line)}" for line in self.lines)

    def _repr_html_(self) -> str:
        return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in self.lines) + "</ul>"


def _markdown_escape(text: str) -> str:
    return "".join(f"\\{ch}" if ch in "\\`*_[]<>#|" else ch for ch in text)


@dataclass(frozen=True)
class Analysis:
    """Equilibria, dominance, Pareto optimality and (two players) leverage, deal and truce.

    Attributes
    ----------
    game
        The game analysed.
    equilibria
        All exact extreme equilibria for two players, pure equilibria otherwise.
    dominance
        :class:`~negotiation.solvers.DominanceResult` of iterated strict dominance.
    pareto
        :class:`~negotiation.solvers.ParetoResult`: the Pareto-optimal pure outcomes.
    bargaining
        :class:`~negotiation.bargaining.BargainingAnalysis` (two players; else ``None``).
    truce
        :class:`~negotiation.repeated.folk.FolkAnalysis` of the deal's main outcome with
        the players' discount factors (two players; else ``None``).
    robustness
        :class:`~negotiation.whatif.robustness.Robustness`: how often the equilibrium
        and the deal hold over the scenario's declared ranges (a small seeded Monte
        Carlo), or ``None`` with the reason in ``robustness_note``.
    """

    game: Game
    equilibria: EquilibriumSet
    dominance: DominanceResult
    pareto: ParetoResult
    bargaining: BargainingAnalysis | None = None
    truce: FolkAnalysis | None = None
    inputs: NegotiationInputs | None = None
    robustness: Robustness | None = None
    robustness_note: str | None = None

    def reading(self) -> list[str]:
        """A short reading of the results in plain words, one paragraph per item."""
        game = self.game
        lines: list[str] = []
        eqs = list(self.equilibria.equilibria)
        pure = [e for e in eqs if e.is_pure]
        dominant = _dominant_moves(self.dominance, game)
        for player, move in dominant.items():
            lines.append(
                f"{player} has a dominant move, {move}: it does better with it whatever "
                f"the other side does."
            )
        if len(eqs) == 1:
            lines.append(f"The game has one equilibrium: {_words(eqs[0])}.")
        elif eqs:
            kinds = f"{len(pure)} pure" + (
                f" and {len(eqs) - len(pure)} mixed" if len(eqs) > len(pure) else ""
            )
            lines.append(
                f"The game has {len(eqs)} equilibria ({kinds}): which one is played is itself "
                f"something to negotiate."
            )
        core = _core_class(game, pure)
        if core is not None:
            lines.append(core[1])
        pure_cells = {_cell(e) for e in pure}
        for eq in pure:
            better = _pareto_improvements(game, eq)
            if better:
                outcome, payoffs = better[0]
                at = ", ".join(eq.describe(i) for i in range(game.n_players))
                index = game.profile_index(outcome)
                if tuple(index) in pure_cells:
                    lines.append(
                        f"At {at} no side gains by changing its move alone, yet both would be "
                        f"better off at {' / '.join(outcome)} ({_pay(game, payoffs)}), which is "
                        f"also an equilibrium: a problem of coordination and trust that "
                        f"assurance solves, with no enforcement needed once it is reached."
                    )
                else:
                    trap = (
                        "the trap of a prisoner's dilemma, "
                        if core is not None and core[0].name == "Prisoner's Dilemma"
                        else "an equilibrium both sides would leave together, "
                    )
                    lines.append(
                        f"At {at} no side gains by changing its move alone, yet both would be "
                        f"better off at {' / '.join(outcome)} ({_pay(game, payoffs)}): "
                        f"{trap}which only a deal — enforced by repetition or by a third "
                        f"party — escapes."
                    )
        mixed = [e for e in eqs if not e.is_pure]
        if mixed:
            disaster = _mutual_disaster(game)
            risk = None
            if disaster is not None:
                risk = Fraction(1)
                for i in range(game.n_players):
                    risk *= _probability(mixed[0], i, disaster[i])
            if risk:
                lines.append(
                    "In a mixed equilibrium each side keeps the other guessing: "
                    f"{_words(mixed[0])}; with probability {_pct(risk)} both end at "
                    f"{' / '.join(game.moves[i][m] for i, m in enumerate(disaster or ()))}, "
                    "the worst outcome for both — brinkmanship, a threat that leaves "
                    "something to chance (Schelling 1960, ch. 8)."
                )
            else:
                lines.append(
                    "In a mixed equilibrium each side keeps the other guessing: "
                    f"{_words(mixed[0])}."
                )
        if self.bargaining is not None:
            b = self.bargaining
            share = b.nash.to_dict()["share"]
            alpha = b.leverage.bargaining_power
            p = game.players
            lines.append(
                f"Leverage: {p[0]} holds {_pct(alpha[0])} of the bargaining power and "
                f"{p[1]} {_pct(alpha[1])} (from how fast each loses by deadlock). The Nash "
                f"bargain, which also weighs what each side can get, gives {p[0]} {_pct(share[p[0]])} and {p[1]} {_pct(share[p[1]])} of "
                f"the most each could gain over no deal: {_lottery(b.nash.lottery)}."
            )
            if b.linkage is not None:
                gains = b.linkage.gain_from_linking
                lines.append(
                    "Linking the issues into one package changes each side's payoff by "
                    + " and ".join(f"{p[k]} {_signed(g)}" for k, g in enumerate(gains))
                    + " compared with settling them one by one."
                )
        if self.truce is not None:
            t = self.truce
            delta = t.critical_discount_factor
            target = " / ".join(t.target)
            if delta is None:
                lines.append(
                    f"The deal's core ({target}) cannot be sustained by the threat of returning "
                    f"to the escalation equilibrium at any discount factor."
                )
            elif delta == 0:
                lines.append(
                    f"A truce at {target} holds at any patience: neither side gains by "
                    f"deviating from it even once."
                )
            else:
                holds = t.self_enforcing or {}
                verdict = "; ".join(
                    f"{player}: {'yes' if ok else 'no'} ({format_relation('δ', '=', d)})"
                    for (player, ok), d in zip(holds.items(), t.discount or (), strict=False)
                )
                lines.append(
                    f"Is a truce at {target} self-enforcing? It needs {format_relation('δ', '≥', delta)} "
                    f"under the threat of renewed escalation. {verdict}."
                )
        if self.robustness is not None and self.robustness.inputs:
            lines.append(self.robustness.sentence())
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = self.equilibria.to_dict()
        data["dominance"] = self.dominance.to_dict()
        data["pareto"] = self.pareto.to_dict()
        data["bargaining"] = None if self.bargaining is None else self.bargaining.to_dict()
        data["truce"] = None if self.truce is None else self.truce.to_dict()
        data["robustness"] = (
            self.robustness.to_dict()
            if self.robustness is not None
            else {"skipped": self.robustness_note or "not run"}
        )
        data["reading"] = self.reading()
        return data

    def in_words(self) -> Reading:
        """The reading as a displayable object: Markdown bullets in Jupyter (wrapping at word
        boundaries at any width), wrapped bullet text in a terminal."""
        return Reading(tuple(self.reading()))

    def __str__(self) -> str:
        """The game, its equilibria and the reading (what ``negotiation analyse`` prints)."""
        return "\n".join(
            [
                str(self.game),
                "",
                str(self.equilibria),
                "",
                "Reading",
                "-------",
                str(self.in_words()),
            ]
        )

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.reading())
        return (
            self.game._repr_html_()
            + self.equilibria._repr_html_()
            + f"<h4>Reading</h4><ul>{items}</ul>"
        )


def analyse(
    source: Model | Scenario | Game,
    *,
    robustness: bool = True,
    robustness_samples: int = ROBUSTNESS_SAMPLES,
    robustness_seed: int = 0,
) -> Analysis:
    """Analyse a game or scenario: equilibria, dominance, Pareto, leverage, deal, truce.

    Parameters
    ----------
    source
        A loaded :class:`~negotiation.workflows.load.Model`, a
        :class:`~negotiation.scenario.Scenario` or a plain :class:`~negotiation.game.Game`
        (whose inputs are then the defaults: equal patience, no issues).
    robustness, robustness_samples, robustness_seed
        For a scenario with ranged inputs, also run a small seeded Monte Carlo over the
        declared ranges (:func:`negotiation.whatif.robustness.robustness`, 10,000 draws
        and seed 0 by default) and add its paragraph: how often the equilibrium and the
        deal hold, and which inputs decide them. ``robustness=False`` skips it.

    Examples
    --------
    The prisoner's dilemma (Axelrod 1984): both defect in the only equilibrium, although
    both would gain by cooperating.

    >>> from negotiation import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"),
    ...                         moves=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> result = analyse(pd)
    >>> print(result.reading()[2])
    The game has one equilibrium: US plays defect, China plays defect.
    """
    game, inputs = resolve(source)
    equilibria: EquilibriumSet = solve(game, "all" if game.n_players == 2 else "pure")
    dominance = iterated_dominance(game)
    pareto = pareto_optimal(game)
    bargaining = truce = None
    if game.n_players == 2:
        bargaining = bargain(game, inputs)
        target = bargaining.nash.main_outcome
        if target is not None:
            discount = {p: bargaining.leverage[p].discount_factor for p in game.players}
            truce = folk_analysis(game, target, discount=discount, stage_equilibria=equilibria)
    found, note = _robustness(source, robustness, robustness_samples, robustness_seed, equilibria)
    return Analysis(game, equilibria, dominance, pareto, bargaining, truce, inputs, found, note)


def _robustness(
    source: Model | Scenario | Game,
    wanted: bool,
    samples: int,
    seed: int,
    equilibria: EquilibriumSet,
) -> tuple[Robustness | None, str | None]:
    """The robustness paragraph's Monte Carlo, or why there is none."""
    if not wanted:
        return None, "not run (--no-robustness)"
    if isinstance(source, Scenario):
        scenario: Scenario | None = source
    else:
        scenario = source.scenario if isinstance(source, Model) else None
    if scenario is None:
        return None, "a plain payoff file declares no ranges: there is nothing to vary"
    found = run_robustness(scenario, samples=samples, seed=seed, equilibria=equilibria)
    if not found.inputs:
        return None, "the scenario declares no ranges: there is nothing to vary"
    return found, None


def _core_class(game: Game, pure: list[Equilibrium]) -> tuple[GameClass, str] | None:
    """The ordinal class of the game's 2×2 core and the sentence naming it.

    The core of a larger game pairs each side's most conciliatory move (its first) with
    the move it plays in the first pure equilibrium (its last move when that is the
    first, or when there is no pure equilibrium); classified after Robinson & Goforth
    (2005) with the type names of Bruns (2015).
    """
    if game.n_players != 2 or min(game.shape) < 2:
        return None
    if game.shape == (2, 2):
        moves = None
        where = "The game"
    else:
        picks = []
        for i in range(2):
            played = _cell(pure[0])[i] if pure else game.shape[i] - 1
            picks.append([0, played if played != 0 else game.shape[i] - 1])
        moves = [[game.moves[i][m] for m in picks[i]] for i in range(2)]
        where = (
            "Its 2×2 core ("
            + "; ".join(f"{game.players[i]} {' or '.join(moves[i])}" for i in range(2))
            + ")"
        )
    try:
        found = classify_2x2(game, moves)
    except GameError:
        return None
    return found, f"{where} is {found}, in Robinson & Goforth's (2005) topology of 2×2 games."


def _mutual_disaster(game: Game) -> tuple[int, ...] | None:
    """The outcome that is strictly every side's worst, if there is one."""
    cells = list(itertools.product(*(range(n) for n in game.shape)))
    u = game.exact
    for cell in cells:
        if all(
            all(u[(i, *cell)] < u[(i, *other)] for other in cells if other != cell)
            for i in range(game.n_players)
        ):
            return cell
    return None


def _cell(eq: Equilibrium) -> tuple[int, ...]:
    """The outcome of a pure equilibrium, as move indices."""
    return tuple(int(np.argmax(x)) for x in eq.floats)


def _probability(eq: Equilibrium, player: int, move: int) -> Fraction:
    """The probability ``eq`` gives ``player``'s ``move``."""
    return Fraction(eq.strategies[player][move])


def _dominant_moves(dominance: DominanceResult, game: Game) -> dict[str, str]:
    """Players left with a single move after the first round of strict dominance."""
    remaining = dominance.remaining
    return {
        p: remaining[i][0]
        for i, p in enumerate(game.players)
        if len(remaining[i]) == 1 and _dominant_from_start(game, i, remaining[i][0])
    }


def _dominant_from_start(game: Game, player: int, move: str) -> bool:
    own = game.exact[player]
    k = game.move_index(player, move)
    best = own.take(k, axis=player)
    for other in range(game.shape[player]):
        if other != k and not bool(np.all(best > own.take(other, axis=player))):
            return False
    return True


def _pareto_improvements(
    game: Game, eq: Equilibrium
) -> list[tuple[tuple[str, ...], tuple[Fraction, ...]]]:
    """Pure outcomes that make every player strictly better off than ``eq``, best first."""
    found = []
    for index in game.profiles():
        values = tuple(game.exact[(i, *index)] for i in range(game.n_players))
        if all(v > e for v, e in zip(values, eq.payoffs, strict=True)):
            found.append((game.profile_names(index), values))
    found.sort(key=lambda item: -min(v - e for v, e in zip(item[1], eq.payoffs, strict=True)))
    return found


def _words(eq: Equilibrium) -> str:
    return ", ".join(f"{p} plays {eq.describe(i)}" for i, p in enumerate(eq.players))


def _pay(game: Game, values: tuple[Fraction, ...]) -> str:
    return ", ".join(f"{p} {format_number(v)}" for p, v in zip(game.players, values, strict=True))


def _pct(value: Any) -> str:
    return format_percent(value, decimals=0)


def _signed(value: Any) -> str:
    return format_signed(value)


def _lottery(lottery: dict[tuple[str, ...], Fraction]) -> str:
    parts = sorted(lottery.items(), key=lambda item: -item[1])
    if len(parts) == 1:
        return " / ".join(parts[0][0])
    return "; ".join(f"{' / '.join(k)} {_pct(v)} of the time" for k, v in parts)
