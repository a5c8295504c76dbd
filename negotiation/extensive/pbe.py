"""Perfect Bayesian equilibria of signalling games, and the intuitive criterion (Cho–Kreps 1987).

A *signalling game*: chance draws the sender's type with a known prior; the sender,
knowing its type, sends a message; the receiver sees the message (not the type) and
responds. In a pure perfect Bayesian equilibrium (Fudenberg and Tirole 1991, *Game
Theory*, §8.2) each type sends a best message given the receiver's responses; after a
message some type sends, the receiver believes what Bayes' rule says and responds
optimally; after a message no type sends (off the path) the receiver holds *some*
belief under which its response is optimal. This module lists every pure pooling,
separating and partly pooling equilibrium, states the on-path beliefs exactly and the
whole set of off-path beliefs that support the response (its vertices), and applies the
intuitive criterion of Cho and Kreps (1987, *QJE* 102, 179–221, §III): an equilibrium
fails it when, after some unsent message, a type that could gain by sending it —
whatever the receiver then believes among the types not already better off in the
equilibrium — would surely gain.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from typing import Any

from negotiation.errors import SolverError
from negotiation.extensive.play import is_nash, pure_behaviour
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.tree import Tree

__all__ = ["SignallingGame", "perfect_bayesian", "signalling_game"]

#: most pure strategy pairs examined
MAX_PROFILES = 200_000


@dataclass(frozen=True, eq=False)
class SignallingGame:
    """A tree read as a signalling game: types, messages, responses and payoffs."""

    tree: Tree
    sender: str
    receiver: str
    types: tuple[str, ...]
    prior: tuple[Fraction, ...]
    type_infosets: tuple[str, ...]
    messages: tuple[str, ...]
    message_infosets: tuple[str, ...]
    responses: tuple[tuple[str, ...], ...]
    #: payoffs[(t, m, r)] = (sender, receiver)
    payoffs: dict[tuple[int, int, int], tuple[Fraction, Fraction]]


def signalling_game(tree: Tree) -> SignallingGame:
    """Read ``tree`` as a signalling game, or say what it lacks."""

    def fail(why: str) -> SolverError:
        return SolverError(f"--method pbe needs a signalling game: {why}")

    root = tree.root
    if not root.is_chance:
        raise fail("the root must be chance drawing the sender's type")
    if tree.n_players != 2:
        raise fail("two players, a sender and a receiver")
    type_nodes = [tree.nodes[c] for c in root.children]
    senders = {n.player for n in type_nodes}
    if len(senders) != 1 or any(n.is_leaf or n.is_chance for n in type_nodes):
        raise fail("after chance, one player (the sender) moves at every type")
    sender = type_nodes[0].player
    receiver = next(p for p in tree.players if p != sender)
    messages = type_nodes[0].actions
    if any(n.actions != messages for n in type_nodes):
        raise fail("every type must have the same messages")
    if len({n.infoset for n in type_nodes}) != len(type_nodes):
        raise fail("the sender must know its type (one information set per type)")
    message_infosets: list[str] = []
    responses: list[tuple[str, ...]] = []
    payoffs: dict[tuple[int, int, int], tuple[Fraction, Fraction]] = {}
    s, r = tree.players.index(sender), tree.players.index(receiver)
    for m in range(len(messages)):
        sets = {tree.nodes[n.children[m]].infoset for n in type_nodes}
        nodes = [tree.nodes[n.children[m]] for n in type_nodes]
        if len(sets) != 1 or any(x.player != receiver for x in nodes):
            raise fail(
                f"after message {messages[m]!r} the receiver must move, not knowing the type"
            )
        (h,) = sets
        if len(tree.infosets[h]) != len(type_nodes):
            raise fail(
                f"the receiver's information set {h!r} must hold exactly the nodes after {messages[m]!r}"
            )
        message_infosets.append(h)
        responses.append(nodes[0].actions)
        for t, x in enumerate(nodes):
            for k, c in enumerate(x.children):
                leaf = tree.nodes[c]
                if not leaf.is_leaf:
                    raise fail("the game must end after the receiver's response")
                payoffs[(t, m, k)] = (leaf.payoffs[s], leaf.payoffs[r])
    return SignallingGame(
        tree,
        sender,
        receiver,
        root.actions,
        root.probabilities,
        tuple(n.infoset for n in type_nodes),
        messages,
        tuple(message_infosets),
        tuple(responses),
        payoffs,
    )


def _solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a square linear system, or ``None`` (exact Gauss–Jordan)."""
    n = len(rows)
    a = [[*row, b] for row, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        piv = next((i for i in range(col, n) if a[i][col] != 0), None)
        if piv is None:
            return None
        a[col], a[piv] = a[piv], a[col]
        p = a[col][col]
        a[col] = [v / p for v in a[col]]
        for i in range(n):
            if i != col and a[i][col]:
                f = a[i][col]
                a[i] = [v - f * w for v, w in zip(a[i], a[col], strict=True)]
    return [row[n] for row in a]


def belief_vertices(
    game: SignallingGame, m: int, k: int, support: tuple[int, ...] | None = None
) -> list[tuple[Fraction, ...]]:
    """Vertices of the beliefs (over types, within ``support``) after message ``m`` making response ``k`` optimal."""
    n = len(game.types)
    allowed = set(range(n) if support is None else support)
    ineqs: list[list[Fraction]] = []  # each row . mu >= 0
    for other in range(len(game.responses[m])):
        if other != k:
            ineqs.append(
                [game.payoffs[(t, m, k)][1] - game.payoffs[(t, m, other)][1] for t in range(n)]
            )
    for t in range(n):
        ineqs.append([Fraction(1 if j == t else 0) for j in range(n)])
    forced = [t for t in range(n) if t not in allowed]
    vertices: set[tuple[Fraction, ...]] = set()
    free = n - 1 - len(forced)
    if free < 0:
        return []
    for chosen in combinations(range(len(ineqs)), free):
        rows = [[Fraction(1)] * n] + [ineqs[c] for c in chosen]
        rows += [[Fraction(1 if j == t else 0) for j in range(n)] for t in forced]
        rhs = [Fraction(1)] + [Fraction(0)] * (n - 1)
        mu = _solve(rows, rhs)
        if mu is None:
            continue
        if all(sum(r * x for r, x in zip(row, mu, strict=True)) >= 0 for row in ineqs):
            vertices.add(tuple(mu))
    return sorted(vertices)


def perfect_bayesian(tree: Tree) -> TreeSolution:
    """All pure perfect Bayesian equilibria of a signalling game, with the intuitive criterion.

    Examples
    --------
    Beer–quiche (Cho and Kreps 1987, §II): two pooling equilibria; only beer survives.

    >>> from negotiation.files.tree_file import read_tree
    >>> from pathlib import Path
    >>> tree = read_tree(Path(__file__).parents[2] / "payoffs" / "trees" / "beer_quiche.yaml")
    >>> for eq in perfect_bayesian(tree):
    ...     print(eq.extra["kind"], eq.extra["messages"], eq.extra["intuitive_criterion"])
    pooling {'weak': 'beer', 'strong': 'beer'} True
    pooling {'weak': 'quiche', 'strong': 'quiche'} False
    """
    game = signalling_game(tree)
    n_types, n_msgs = len(game.types), len(game.messages)
    count = n_msgs**n_types
    for rs in game.responses:
        count *= len(rs)
    if count > MAX_PROFILES:
        raise SolverError(f"{count} pure strategy pairs (over {MAX_PROFILES}); too many to list")
    live = [t for t in range(n_types) if game.prior[t] > 0]
    equilibria = []
    for send in product(range(n_msgs), repeat=n_types):
        for respond in product(*(range(len(rs)) for rs in game.responses)):
            ok = all(
                game.payoffs[(t, send[t], respond[send[t]])][0]
                >= max(game.payoffs[(t, m, respond[m])][0] for m in range(n_msgs))
                for t in live
            )
            if not ok:
                continue
            beliefs: dict[str, dict[str, Any]] = {}
            for m in range(n_msgs):
                senders = [t for t in live if send[t] == m]
                h = game.message_infosets[m]
                if senders:
                    total = sum((game.prior[t] for t in senders), Fraction(0))
                    mu = [
                        game.prior[t] / total if t in senders else Fraction(0)
                        for t in range(n_types)
                    ]
                    value = [
                        sum(mu[t] * game.payoffs[(t, m, k)][1] for t in range(n_types))
                        for k in range(len(game.responses[m]))
                    ]
                    if value[respond[m]] < max(value):
                        ok = False
                        break
                    beliefs[h] = {
                        "on_path": True,
                        "belief": {game.types[t]: str(mu[t]) for t in range(n_types)},
                    }
                else:
                    vertices = belief_vertices(game, m, respond[m])
                    if not vertices:
                        ok = False
                        break
                    beliefs[h] = {
                        "on_path": False,
                        "belief_vertices": [
                            {game.types[t]: str(v[t]) for t in range(n_types)} for v in vertices
                        ],
                        "described": _describe_beliefs(game, vertices),
                    }
            if not ok:
                continue
            eq = _equilibrium(game, send, respond, beliefs)
            equilibria.append(eq)
    notes = (
        "pure strategies only; off-path beliefs are every belief (the set's vertices) under "
        "which the receiver's response is optimal",
        "intuitive criterion: Cho and Kreps (1987), QJE 102, §III",
    )
    return TreeSolution(
        tree,
        "pbe",
        tuple(equilibria),
        complete=True,
        verified="perfect Bayesian (sequentially rational given the beliefs)",
        notes=notes,
    )


def _describe_beliefs(game: SignallingGame, vertices: list[tuple[Fraction, ...]]) -> str:
    if len(game.types) == 2:
        values = sorted(v[0] for v in vertices)
        lo, hi = values[0], values[-1]
        first = game.types[0]
        if lo == hi:
            return f"P({first}) = {lo}"
        return f"{lo} <= P({first}) <= {hi}"
    return "any mix of " + "; ".join(
        "(" + ", ".join(f"{t} {p}" for t, p in zip(game.types, v, strict=True)) + ")"
        for v in vertices
    )


def _equilibrium(
    game: SignallingGame,
    send: tuple[int, ...],
    respond: tuple[int, ...],
    beliefs: dict[str, dict[str, Any]],
) -> TreeEquilibrium:
    tree = game.tree
    choices = {h: game.messages[send[t]] for t, h in enumerate(game.type_infosets)}
    choices.update({h: game.responses[m][respond[m]] for m, h in enumerate(game.message_infosets)})
    behaviour = pure_behaviour(tree, choices)
    if not is_nash(tree, behaviour):  # pragma: no cover - a PBE is a Nash equilibrium
        raise SolverError("a perfect Bayesian equilibrium failed the exact Nash check")
    live = [t for t in range(len(game.types)) if game.prior[t] > 0]
    used = {send[t] for t in live}
    kind = (
        "pooling"
        if len(used) == 1
        else "separating"
        if len(used) == len(live)
        else "partly pooling"
    )
    survives, reason = _intuitive(game, send, respond)
    words = (
        f"{kind}: "
        + ", ".join(
            f"{game.types[t]} sends {game.messages[send[t]]}" for t in range(len(game.types))
        )
        + "; "
        + "; ".join(
            f"after {game.messages[m]} {game.receiver} plays {game.responses[m][respond[m]]}"
            + (
                ""
                if beliefs[game.message_infosets[m]]["on_path"]
                else f" (off path: {beliefs[game.message_infosets[m]]['described']})"
            )
            for m in range(len(game.messages))
        )
    )
    verdict = (
        "survives the intuitive criterion"
        if survives
        else f"fails the intuitive criterion: {reason}"
    )
    return TreeEquilibrium.from_behaviour(
        tree,
        behaviour,
        beliefs=beliefs,
        notes=(words, verdict),
        extra={
            "kind": kind,
            "messages": {game.types[t]: game.messages[send[t]] for t in range(len(game.types))},
            "intuitive_criterion": survives,
        },
    )


def _intuitive(
    game: SignallingGame, send: tuple[int, ...], respond: tuple[int, ...]
) -> tuple[bool, str]:
    n = len(game.types)
    live = [t for t in range(n) if game.prior[t] > 0]
    value = {t: game.payoffs[(t, send[t], respond[send[t]])][0] for t in live}
    for m in range(len(game.messages)):
        if any(send[t] == m for t in live):
            continue
        responses = range(len(game.responses[m]))
        all_br = [k for k in responses if belief_vertices(game, m, k, tuple(live))]
        dominated = {t for t in live if value[t] > max(game.payoffs[(t, m, k)][0] for k in all_br)}
        keep = tuple(t for t in live if t not in dominated)
        if not keep:
            continue
        br = [k for k in responses if belief_vertices(game, m, k, keep)]
        for t in keep:
            worst = min(game.payoffs[(t, m, k)][0] for k in br)
            if worst > value[t]:
                gone = ", ".join(game.types[d] for d in sorted(dominated)) or "no type"
                return False, (
                    f"after {game.messages[m]} the receiver should not believe {gone} "
                    f"(it cannot gain by sending it), and then {game.types[t]} surely gains "
                    f"({worst} > {value[t]})"
                )
    return True, ""
