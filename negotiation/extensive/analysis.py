"""A tree read in words: equilibrium paths, credible threats, beliefs, and the prior's pull.

:func:`analyse_tree` is what ``negotiation analyse`` runs on a tree file. It solves the
tree with the strongest exact method that fits — backward induction with every tie-break
for perfect information, subgame decomposition otherwise (sequence-form Lemke when the
strategic form is too big) — and reports the distinct equilibrium outcomes, which threats
are credible (:func:`negotiation.extensive.threats.threats`), what each player should
believe at an information set it reaches (Bayes' rule on the equilibrium's reach
probabilities; Kreps and Wilson 1982, "Sequential equilibria", *Econometrica* 50), and,
for a chance probability declared with a range (a prior), how the outcomes move across
that range. With the simultaneous ``game`` the tree sequences, it adds the value of
moving first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.errors import SolverError
from negotiation.extensive.pbe import perfect_bayesian
from negotiation.extensive.play import reach_probabilities
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.extensive.sequence_form import sequence_form_lemke
from negotiation.extensive.spe import backward_induction
from negotiation.extensive.strategic import tree_equilibria
from negotiation.extensive.subgames import subgame_perfect
from negotiation.extensive.threats import CommitmentReport, ThreatReport, commitment_values, threats
from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers.methods import TREE_METHODS
from negotiation.tree import Node, Tree

__all__ = ["Belief", "PriorPoint", "TreeAnalysis", "analyse_tree", "solve_tree", "with_probability"]


def solve_tree(tree: Tree, method: str | None = None, **options: Any) -> TreeSolution:
    """Solve ``tree`` with ``method`` (``spe``, ``subgame``, ``pure``, ``all``, ``sequence-form``, ``pbe``).

    ``None`` picks ``spe`` for perfect information and ``subgame`` otherwise, falling back
    to ``sequence-form`` when the subgames' strategic forms are too big.
    """
    if method is None:
        if tree.is_perfect_information:
            return backward_induction(tree, **options)
        try:
            return subgame_perfect(tree, **options)
        except SolverError:
            if tree.n_players != 2:
                raise
            return sequence_form_lemke(tree)
    if method == "spe":
        return backward_induction(tree, **options)
    if method == "subgame":
        return subgame_perfect(tree, **options)
    if method in ("pure", "all"):
        return tree_equilibria(tree, method)
    if method == "sequence-form":
        return sequence_form_lemke(tree, **options)
    if method == "pbe":
        return perfect_bayesian(tree)
    raise SolverError(f"method {method!r} does not apply to a tree; use {', '.join(TREE_METHODS)}")


def with_probability(tree: Tree, node: str, action: str, value: Fraction) -> Tree:
    """``tree`` with chance at ``node`` playing ``action`` with probability ``value``.

    The other actions keep their proportions, rescaled to share ``1 - value`` (evenly when
    they all had probability 0).
    """
    i = tree.index[node]
    old = tree.nodes[i]
    k = old.actions.index(action)
    rest = sum((p for j, p in enumerate(old.probabilities) if j != k), Fraction(0))
    others = len(old.actions) - 1
    probs = tuple(
        Fraction(value)
        if j == k
        else ((1 - Fraction(value)) * p / rest if rest else (1 - Fraction(value)) / others)
        for j, p in enumerate(old.probabilities)
    )
    nodes = list(tree.nodes)
    nodes[i] = Node(
        old.name,
        old.player,
        old.actions,
        old.children,
        old.infoset,
        probs,
        kinds=old.kinds,
        date=old.date,
        description=old.description,
        levers=old.levers,
    )
    return Tree(
        tree.players, tuple(nodes), tree.title, tree.description, tree.sources, tree.uncertain
    )


@dataclass(frozen=True)
class Belief:
    """What ``player`` should believe at ``infoset`` in one equilibrium (``None`` off the path)."""

    infoset: str
    player: str
    belief: dict[str, Fraction] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "infoset": self.infoset,
            "player": self.player,
            "on_path": self.belief is not None,
            "belief": None if self.belief is None else {k: str(v) for k, v in self.belief.items()},
        }

    def __str__(self) -> str:
        if self.belief is None:
            return f"at {self.infoset} (off the equilibrium path) {self.player}'s belief is not pinned down by Bayes' rule"
        parts = ", ".join(f"{k} {format_number(v)}" for k, v in self.belief.items())
        return f"at {self.infoset} {self.player} should believe: {parts}"


@dataclass(frozen=True)
class PriorPoint:
    """The equilibrium outcomes at one value of a swept chance probability."""

    value: Fraction
    outcomes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": float(self.value),
            "exact": str(self.value),
            "outcomes": list(self.outcomes),
        }


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

    @property
    def outcomes(self) -> tuple[str, ...]:
        return _outcomes(self.solution.equilibria)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "game": self.tree.title,
            "players": list(self.tree.players),
            "kind": "tree",
            "solution": self.solution.to_dict(),
            "outcomes": list(self.outcomes),
            "threats": self.threats.to_dict()["threats"],
            "beliefs": [b.to_dict() for b in self.beliefs],
            "prior": {"path": self.prior_path, "sweep": [p.to_dict() for p in self.sweep]}
            if self.sweep
            else None,
            "commitment": self.commitment.to_dict() if self.commitment else None,
            "reading": self.reading(),
        }
        return data

    def reading(self) -> list[str]:
        """The analysis in sentences."""
        out = []
        sol = self.solution
        n = len(sol.equilibria)
        kind = "subgame-perfect" if sol.verified == "subgame perfect" else "Nash"
        outcomes = self.outcomes
        if n == 0:
            out.append(f"The tree has no {kind} equilibrium in pure strategies ({sol.method}).")
        elif len(outcomes) == 1:
            out.append(
                f"Every {kind} equilibrium found ({n}, by {sol.method}) plays out the same way: {outcomes[0]}."
            )
        else:
            out.append(
                f"There are {n} {kind} equilibria (by {sol.method}) with {len(outcomes)} different "
                "outcomes: " + " | ".join(outcomes) + "."
            )
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
        by_set: dict[str, list[Belief]] = {}
        for b in self.beliefs:
            by_set.setdefault(b.infoset, []).append(b)
        for h, group in by_set.items():
            on = [b for b in group if b.belief is not None]
            off = len(on) < len(group)
            player = group[0].player
            if not on:
                out.append(
                    f"At {h} (off the equilibrium path) Bayes' rule does not pin down what {player} believes."
                )
                continue
            texts = [
                ", ".join(f"{k} {format_number(v)}" for k, v in b.belief.items())
                for b in on
                if b.belief
            ]
            lead = f"At {h} {player} should believe " + " or ".join(texts)
            out.append(
                lead
                + (
                    " (in the equilibria that reach it; in the others it is off the path)."
                    if off
                    else "."
                )
            )
        if self.sweep:
            distinct = {p.outcomes for p in self.sweep}
            lo, hi = self.sweep[0].value, self.sweep[-1].value
            if len(distinct) == 1:
                out.append(
                    f"Across the declared range of {self.prior_path} ({format_number(lo)} to "
                    f"{format_number(hi)}) the equilibrium outcomes do not change: the reading is robust to the prior."
                )
            else:
                changes = []
                for before, after in zip(self.sweep, self.sweep[1:], strict=False):
                    if before.outcomes != after.outcomes:
                        changes.append(
                            f"between {format_number(before.value)} and {format_number(after.value)}"
                        )
                out.append(
                    f"The outcomes move with {self.prior_path}: they change "
                    + ", ".join(changes)
                    + " (see the sweep)."
                )
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
                        f"Moving first in the simultaneous game is worth {amount} to {p} (against its best simultaneous equilibrium)."
                    )
        out.extend(self.notes)
        return out

    def __str__(self) -> str:
        lines = [str(self.solution), "", "Threats", "-------", str(self.threats)]
        if self.sweep:
            lines += ["", f"Sweep of {self.prior_path}", "-" * (9 + len(self.prior_path))]
            lines += [f"  {format_number(p.value)}: {' | '.join(p.outcomes)}" for p in self.sweep]
        if self.commitment is not None:
            lines += ["", "Order of moves", "--------------", str(self.commitment)]
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


def _paths(equilibria: Sequence[TreeEquilibrium]) -> tuple[str, ...]:
    """The distinct paths of play, chance probabilities left out (for comparing priors)."""
    seen: list[str] = []
    for e in equilibria:
        plays = "; ".join(
            " → ".join(re.sub(r"^(chance: .*?) \(\d+(/\d+)?\)$", r"\1", m) for m in moves)
            for moves, _ in e.plays
        )
        if plays not in seen:
            seen.append(plays)
    return tuple(sorted(seen))


def _node_label(tree: Tree, i: int) -> str:
    """A node named by the chance moves on the way to it (its 'type'), else its name."""
    parents = tree.parents
    labels = []
    child = i
    j = parents[i]
    while j >= 0:
        node = tree.nodes[j]
        if node.is_chance:
            labels.append(node.actions[node.children.index(child)])
        child, j = j, parents[j]
    return "/".join(reversed(labels)) or tree.nodes[i].name


def beliefs_of(tree: Tree, eq: TreeEquilibrium) -> tuple[Belief, ...]:
    """Bayes' rule at every information set of more than one node, in equilibrium ``eq``."""
    behaviour = {h: tuple(p.values()) for sets in eq.behaviour.values() for h, p in sets.items()}
    for h, members in tree.infosets.items():  # open infosets get any behaviour: unused here
        if h not in behaviour:
            n = len(tree.nodes[members[0]].actions)
            behaviour[h] = tuple(Fraction(1, n) for _ in range(n))
    reach = reach_probabilities(tree, behaviour)
    out = []
    for h, members in tree.infosets.items():
        if len(members) < 2:
            continue
        total = sum((reach.get(i, Fraction(0)) for i in members), Fraction(0))
        player = tree.nodes[members[0]].player
        if total == 0:
            out.append(Belief(h, player, None))
            continue
        belief: dict[str, Fraction] = {}
        for i in members:
            label = _node_label(tree, i)
            belief[label] = belief.get(label, Fraction(0)) + reach.get(i, Fraction(0)) / total
        out.append(Belief(h, player, belief))
    return tuple(out)


def analyse_tree(
    tree: Tree, *, game: Game | None = None, method: str | None = None, points: int = 7
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
        Values of a ranged chance probability to sweep (its declared range, evenly).

    Examples
    --------
    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2],
    ...     "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]}),
    ... }))
    >>> for line in analyse_tree(t).reading():
    ...     print(line)
    Every subgame-perfect equilibrium found (1, by spe) plays out the same way: Entrant: in → Incumbent: accommodate -> 1, 1.
    Empty threats (the threatener would not carry them out): Incumbent to fight at n2.
    """
    solution = solve_tree(tree, method)
    spe_like = solution if solution.verified == "subgame perfect" else None
    report = threats(tree, spe_like)
    beliefs: list[Belief] = []
    seen: set[str] = set()
    for eq in solution.equilibria:
        for b in beliefs_of(tree, eq):
            key = str(b)
            if key not in seen:
                seen.add(key)
                beliefs.append(b)
    sweep: list[PriorPoint] = []
    prior_path = ""
    ranged = [u for u in tree.uncertain if u.range is not None and u.path.endswith(".probability")]
    if ranged:
        prior = ranged[0]
        parts = prior.path.split(".")
        node, action = parts[1], parts[3]
        prior_path = prior.path
        assert prior.range is not None
        lo, hi = prior.range
        for k in range(points):
            value = lo + (hi - lo) * Fraction(k, max(points - 1, 1))
            varied = with_probability(tree, node, action, value)
            sweep.append(PriorPoint(value, _paths(solve_tree(varied, method).equilibria)))
    commitment = commitment_values(game) if game is not None and game.n_players == 2 else None
    return TreeAnalysis(
        tree, solution, report, tuple(beliefs), prior_path, tuple(sweep), commitment
    )
