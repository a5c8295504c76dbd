"""A tree read in words: equilibrium paths, credible threats, beliefs, and the prior's pull.

:func:`analyse_tree` is what ``negotiation analyse`` runs on a tree file. It solves the
tree with the strongest exact method that fits — backward induction with every tie-break
for perfect information, subgame decomposition otherwise (sequence-form Lemke when the
strategic form is too big) — and reports the distinct equilibrium outcomes, which threats
are credible (:func:`negotiation.extensive.threats.threats`), what each player should
believe at an information set it reaches (Bayes' rule on the equilibrium's reach
probabilities; Kreps and Wilson 1982, "Sequential equilibria", *Econometrica* 50), and,
for a chance probability declared with a range (a prior), how the outcomes move across
that range — where the answer flips, bisected exactly (:mod:`negotiation.extensive.prior`).
It groups the equilibria by outcome (many subgame-perfect equilibria often differ only
off the path, where subgame perfection leaves moves free), says for a two-type information
set which beliefs make each move a best reply (:mod:`negotiation.extensive.beliefs`), and
compares the tree with its reorderings — each player committing first
(:mod:`negotiation.extensive.orders`) — and, given the simultaneous ``game`` the tree
sequences, with that matrix.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.errors import SolverError
from negotiation.extensive.beliefs import (
    BeliefRange,
    best_reply_beliefs,
    describe_play,
    full_behaviour,
    is_weak_pbe,
    node_label,
)
from negotiation.extensive.orders import OrderComparison, commitment_orders
from negotiation.extensive.play import reach_probabilities
from negotiation.extensive.prior import PriorPoint, PriorSweep, prior_sweep, with_probability
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.extensive.solve import solve_tree
from negotiation.extensive.threats import CommitmentReport, ThreatReport, commitment_values, threats
from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers import pure_equilibria
from negotiation.tree import Tree

__all__ = [
    "Belief",
    "Outcome",
    "PriorPoint",
    "TreeAnalysis",
    "analyse_tree",
    "beliefs_of",
    "solve_tree",
    "with_probability",
]


@dataclass(frozen=True)
class Belief:
    """What ``player`` should believe at ``infoset`` in one equilibrium (``None`` off the path)."""

    infoset: str
    player: str
    belief: dict[str, Fraction] | None
    equilibrium: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "infoset": self.infoset,
            "player": self.player,
            "equilibrium": self.equilibrium,
            "on_path": self.belief is not None,
            "belief": None if self.belief is None else {k: str(v) for k, v in self.belief.items()},
        }

    def __str__(self) -> str:
        if self.belief is None:
            return f"at {self.infoset} (off the equilibrium path) {self.player}'s belief is not pinned down by Bayes' rule"
        parts = ", ".join(f"{k} {format_number(v)}" for k, v in self.belief.items())
        return f"at {self.infoset} {self.player} should believe: {parts}"


@dataclass(frozen=True)
class Outcome:
    """Equilibria that play out the same way: their play in words, payoffs, and how many."""

    play: str
    payoffs: tuple[Fraction, ...]
    count: int
    indices: tuple[int, ...]

    def to_dict(self, players: Sequence[str]) -> dict[str, Any]:
        return {
            "play": self.play,
            "payoffs": {p: float(v) for p, v in zip(players, self.payoffs, strict=True)},
            "exact": {p: str(v) for p, v in zip(players, self.payoffs, strict=True)},
            "equilibria": list(self.indices),
        }


def group_outcomes(tree: Tree, equilibria: Sequence[TreeEquilibrium]) -> tuple[Outcome, ...]:
    """The equilibria grouped by what is played (path and probabilities) and paid."""
    groups: dict[tuple[str, tuple[Fraction, ...]], list[int]] = {}
    for k, e in enumerate(equilibria):
        groups.setdefault((describe_play(tree, e), e.payoffs), []).append(k + 1)
    return tuple(Outcome(play, pays, len(ix), tuple(ix)) for (play, pays), ix in groups.items())


@dataclass(frozen=True)
class TreeAnalysis:
    """The reading of a tree: solution, outcomes, threats, beliefs, prior sweep, commitment."""

    tree: Tree
    solution: TreeSolution
    threats: ThreatReport
    beliefs: tuple[Belief, ...]
    prior_path: str = ""
    sweep: tuple[PriorPoint, ...] = ()
    commitment: CommitmentReport | None = None
    notes: tuple[str, ...] = field(default=())
    flips: PriorSweep | None = None
    orders: OrderComparison | None = None
    belief_ranges: tuple[tuple[int, BeliefRange], ...] = ()

    @property
    def outcomes(self) -> tuple[str, ...]:
        return _outcomes(self.solution.equilibria)

    @property
    def grouped(self) -> tuple[Outcome, ...]:
        return group_outcomes(self.tree, self.solution.equilibria)

    def to_dict(self) -> dict[str, Any]:
        players = self.tree.players
        data: dict[str, Any] = {
            "game": self.tree.title,
            "players": list(players),
            "kind": "tree",
            "solution": self.solution.to_dict(),
            "outcomes": list(self.outcomes),
            "distinct_outcomes": [o.to_dict(players) for o in self.grouped],
            "threats": self.threats.to_dict()["threats"],
            "beliefs": [b.to_dict() for b in self.beliefs],
            "best_reply_beliefs": [
                {"equilibrium": k, **r.to_dict()} for k, r in self.belief_ranges
            ],
            "prior": None,
            "commitment": self.commitment.to_dict() if self.commitment else None,
            "orders": self.orders.to_dict() if self.orders else None,
            "reading": self.reading(),
        }
        if self.sweep:
            data["prior"] = {
                "path": self.prior_path,
                "sweep": [p.to_dict() for p in self.sweep],
                "flips": [f.to_dict() for f in self.flips.flips] if self.flips else [],
            }
        return data

    def reading(self) -> list[str]:
        """The analysis in sentences."""
        out = []
        sol = self.solution
        n = len(sol.equilibria)
        kind = "subgame-perfect" if sol.verified == "subgame perfect" else "Nash"
        groups = self.grouped
        players = self.tree.players

        def pays(values: Sequence[Fraction]) -> str:
            return ", ".join(
                f"{p} {format_number(v)}" for p, v in zip(players, values, strict=True)
            )

        if n == 0:
            out.append(f"The tree has no {kind} equilibrium in pure strategies ({sol.method}).")
        elif len(groups) == 1:
            g = groups[0]
            alike = (
                f" (the {n} differ only in moves off the path, which {kind} equilibrium leaves free)"
                if n > 1
                else ""
            )
            out.append(
                f"Every {kind} equilibrium found ({n}, by {sol.method}) plays out the same way"
                f"{alike}: {g.play}; payoffs {pays(g.payoffs)}."
            )
        else:
            out.append(
                f"There are {n} {kind} equilibria (by {sol.method}) with {len(groups)} distinct "
                "outcomes:"
            )
            for k, g in enumerate(groups, 1):
                alike = (
                    f" ({g.count} equilibria, differing only off the path)" if g.count > 1 else ""
                )
                out.append(f"  outcome {k}{alike}: {g.play}; payoffs {pays(g.payoffs)}.")
        credible = self.threats.credible
        empty = self.threats.empty
        if credible:
            out.append(
                "Credible threats: "
                + "; ".join(f"{t.player} to {t.move} at {t.infoset}" for t in credible)
                + "."
            )
        if empty:
            out.append(
                "Empty threats (the threatener would not carry them out): "
                + "; ".join(f"{t.player} to {t.move} at {t.infoset}" for t in empty)
                + "."
            )
        pbe = [is_weak_pbe(self.tree, e) for e in sol.equilibria]
        if n and not self.tree.is_perfect_information and None not in pbe:
            k = sum(1 for p in pbe if p)
            which = "All" if k == n else f"{k} of the {n}"
            out.append(
                f"{which} {'are' if k != 1 else 'is'} also (weak) perfect Bayesian: at every "
                "information set the move is a best reply to a belief, Bayes' rule giving it "
                "on the path (Mas-Colell, Whinston and Green 1995, def. 9.C.3)."
            )
        out.extend(self._belief_sentences(groups))
        out.extend(self._prior_sentences())
        if self.orders is not None:
            out.extend(self.orders.sentences())
        if self.commitment is not None:
            for p, v in self.commitment.first_mover_value.items():
                if v is not None:
                    lo, hi = v
                    amount = (
                        format_number(lo)
                        if lo == hi
                        else f"{format_number(lo)} to {format_number(hi)}"
                    )
                    out.append(
                        f"Moving first in the simultaneous matrix is worth {amount} to {p} "
                        "(against its best simultaneous equilibrium)."
                    )
        out.extend(self.notes)
        return out

    def _belief_sentences(self, groups: Sequence[Outcome]) -> list[str]:
        out = []
        by_set: dict[str, list[Belief]] = {}
        for b in self.beliefs:
            by_set.setdefault(b.infoset, []).append(b)
        which = {k: j for j, g in enumerate(groups, 1) for k in g.indices}
        for h, group in by_set.items():
            on = [b for b in group if b.belief is not None]
            player = group[0].player
            ranges = {k: r for k, r in self.belief_ranges if r.infoset == h}
            texts = {r.threshold_text() for r in ranges.values()}
            rule = f"; its best reply there is {texts.pop()}" if len(texts) == 1 else ""
            off_eqs = sorted({b.equilibrium for b in group if b.belief is None})
            needs = []
            for j in sorted({which.get(k, 0) for k in off_eqs} - {0}):
                k = groups[j - 1].indices[0]
                r = ranges.get(k)
                moves = self.solution.equilibria[k - 1].behaviour.get(player, {}).get(h)
                if r is None or not moves:
                    continue
                played = [a for a, q in moves.items() if q]
                spans = [r.intervals.get(a) for a in played]
                if any(v is None for v in spans):
                    needs.append(
                        f"outcome {j} plays {'/'.join(played)} there, which no belief justifies"
                    )
                    continue
                lo = max(v[0] for v in spans if v is not None)
                hi = min(v[1] for v in spans if v is not None)
                label = r.labels[0]
                needs.append(
                    f"outcome {j} never reaches it; its {'/'.join(played)} there needs the "
                    f"off-path belief {label} {_interval(lo, hi)}"
                )
            tail = (" (" + "; ".join(needs) + ")") if needs else ""
            if not on:
                out.append(
                    f"At {h} (off the equilibrium path) Bayes' rule does not pin down what "
                    f"{player} believes{tail}{rule}."
                )
                continue
            beliefs = sorted(
                {
                    ", ".join(f"{k} {format_number(v)}" for k, v in b.belief.items())
                    for b in on
                    if b.belief
                }
            )
            out.append(
                f"At {h} {player} should believe (Bayes' rule on the path) "
                + " or ".join(beliefs)
                + tail
                + rule
                + "."
            )
        return out

    def _prior_sentences(self) -> list[str]:
        if not self.sweep:
            return []
        lo, hi = self.sweep[0].value, self.sweep[-1].value
        span = f"({format_number(lo)} to {format_number(hi)})"
        flips = self.flips.flips if self.flips else ()
        if not flips:
            return [
                f"Across the declared range of {self.prior_path} {span} the kind of answer "
                "does not change: the reading is robust to the prior."
            ]
        out = []
        points = {p.value: p for p in self.sweep}
        for f in flips:
            below = next((p for v, p in points.items() if v <= f.low), self.sweep[0])
            above = next((p for v, p in points.items() if v >= f.high), self.sweep[-1])
            for p in self.sweep:
                if p.value <= f.low:
                    below = p
            gone = sorted(set(below.moves) - set(above.moves))
            new = sorted(set(above.moves) - set(below.moves))
            out.append(
                f"The answer flips as {self.prior_path} crosses {f}: below it the equilibria "
                "also play "
                + (", ".join(gone) or "nothing else")
                + "; above it they also play "
                + (", ".join(new) or "nothing else")
                + f" (swept at {len(self.sweep)} points over {span}; each flip bisected, exactly, to 1/256 of the range)."
            )
        return out

    def __str__(self) -> str:
        lines = [str(self.solution), "", "Threats", "-------", str(self.threats)]
        if self.sweep:
            lines += ["", f"Sweep of {self.prior_path}", "-" * (9 + len(self.prior_path))]
            lines += [f"  {format_number(p.value)}: {' | '.join(p.outcomes)}" for p in self.sweep]
        if self.orders is not None:
            lines += ["", "Who moves first", "---------------", *self.orders.table()]
        if self.commitment is not None:
            lines += ["", "Order of moves in the simultaneous matrix", "-" * 41]
            lines.append(str(self.commitment))
        lines += ["", "Reading", "-------"] + [f"• {r}" for r in self.reading()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in self.reading())
        return self.solution._repr_html_() + f"<p><b>Reading</b></p><ul>{items}</ul>"


def _outcomes(equilibria: Sequence[TreeEquilibrium]) -> tuple[str, ...]:
    seen: list[str] = []
    for e in equilibria:
        text = f"{e.describe_path()} -> " + ", ".join(format_number(v) for v in e.payoffs)
        if text not in seen:
            seen.append(text)
    return tuple(seen)


def beliefs_of(tree: Tree, eq: TreeEquilibrium, index: int = 0) -> tuple[Belief, ...]:
    """Bayes' rule at every information set of more than one node, in equilibrium ``eq``."""
    reach = reach_probabilities(tree, full_behaviour(tree, eq))
    out = []
    for h, members in tree.infosets.items():
        if len(members) < 2:
            continue
        total = sum((reach.get(i, Fraction(0)) for i in members), Fraction(0))
        player = tree.nodes[members[0]].player
        if total == 0:
            out.append(Belief(h, player, None, index))
            continue
        belief: dict[str, Fraction] = {}
        for i in members:
            label = node_label(tree, i)
            belief[label] = belief.get(label, Fraction(0)) + reach.get(i, Fraction(0)) / total
        out.append(Belief(h, player, belief, index))
    return tuple(out)


def analyse_tree(
    tree: Tree,
    *,
    game: Game | None = None,
    method: str | None = None,
    points: int = 7,
    orders: bool = True,
) -> TreeAnalysis:
    """Read ``tree`` in words (see the module docstring).

    Parameters
    ----------
    tree
        Any finite tree with perfect recall.
    game
        The simultaneous game the tree sequences (a scenario's), for the value of moving first.
    method
        Solver (default: the strongest exact one that fits).
    points
        Values of a ranged chance probability to sweep (its declared range, evenly); each
        change between neighbours is bisected to its flip point.
    orders
        Compare with each player committing first (two-player trees whose reduced
        strategic form is small enough).

    Examples
    --------
    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }))
    >>> for line in analyse_tree(t).reading():
    ...     print(line)
    Every subgame-perfect equilibrium found (1, by spe) plays out the same way: Entrant in at n0; Incumbent accommodate at n2; payoffs Entrant 1, Incumbent 1.
    Empty threats (the threatener would not carry them out): Incumbent to fight at n2.
    Committing first to in (answered by accommodate), Entrant gets 1 against 1 in the tree as written, so it neither gains nor loses by it.
    Committing first to fight (answered by out), Incumbent gets 2 against 1 in the tree as written, so it gains 1 by it: a first-mover advantage.
    """
    solution = solve_tree(tree, method)
    spe_like = solution if solution.verified == "subgame perfect" else None
    report = threats(tree, spe_like)
    beliefs: list[Belief] = []
    ranges: list[tuple[int, BeliefRange]] = []
    for k, eq in enumerate(solution.equilibria, 1):
        beliefs.extend(beliefs_of(tree, eq, k))
        behaviour = full_behaviour(tree, eq)
        for h, members in tree.infosets.items():
            if len(members) < 2:
                continue
            r = best_reply_beliefs(tree, behaviour, h)
            if r is not None:
                ranges.append((k, r))
    sweep: PriorSweep | None = None
    ranged = [u for u in tree.uncertain if u.range is not None and u.path.endswith(".probability")]
    if ranged:
        prior = ranged[0]
        assert prior.range is not None
        sweep = prior_sweep(
            tree, prior.path, prior.range, lambda t: solve_tree(t, method), points=points
        )
    comparison = None
    notes: list[str] = []
    if orders and tree.n_players == 2 and solution.equilibria:
        simultaneous = None
        if game is not None and game.n_players == 2:
            simultaneous = tuple(sorted({eq.payoffs for eq in pure_equilibria(game)}))
        try:
            comparison = commitment_orders(tree, solution, simultaneous)
        except SolverError as exc:  # the reduced strategic form is too big: no reorderings
            comparison = None
            notes.append(f"The orders of moves are not compared: {exc}.")
    commitment = commitment_values(game) if game is not None and game.n_players == 2 else None
    return TreeAnalysis(
        tree,
        solution,
        report,
        tuple(_unique(beliefs)),
        sweep.path if sweep else "",
        sweep.points if sweep else (),
        commitment,
        tuple(notes),
        flips=sweep,
        orders=comparison,
        belief_ranges=tuple(ranges),
    )


def _interval(lo: Fraction, hi: Fraction) -> str:
    if lo == 0 and hi == 1:
        return "anything"
    if lo == 0:
        return f"≤ {format_number(hi)}"
    if hi == 1:
        return f"≥ {format_number(lo)}"
    return f"from {format_number(lo)} to {format_number(hi)}"


def _unique(beliefs: Sequence[Belief]) -> list[Belief]:
    out, seen = [], set()
    for b in beliefs:
        key = (b.infoset, str(b))
        if key not in seen:
            seen.add(key)
            out.append(b)
    return out
