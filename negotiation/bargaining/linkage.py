"""Issue linkage: bargaining over several issues as one package or one by one.

Each issue ``k`` (rare-earth licences, chip access, tariffs, …) is worth ``v_ik > 0`` to
player ``i`` if it gets its way, measured from no agreement on that issue (``0``).
An agreement on the issue gives player 1 its way with extent (or probability)
``x_k ∈ [0, 1]`` and player 2 with ``1 - x_k``, so the deals on one issue are the segment
from ``(v_1k, 0)`` to ``(0, v_2k)``.

- **Issue by issue**, each issue is settled by the asymmetric Nash solution on its own
  segment: with ``d = 0`` player 1 gets ``α v_1k`` and player 2 ``(1 - α) v_2k``.
- **As a package**, concessions on one issue pay for gains on another: the feasible set
  is the Minkowski sum of the issue segments, whose Pareto frontier gives player 1 the
  issues in decreasing order of its *comparative valuation* ``v_1k / v_2k`` — the
  logrolling of Raiffa (1982, *The Art and Science of Negotiation*, on many-issue
  bargaining) and Sebenius (1983, "Negotiation arithmetic", *Int. Organization* 37).
  The joint Nash solution is taken over that frontier.

Linking creates value whenever the sides rank the issues differently (the package
frontier bulges above the straight line through the single-issue deals) and nothing when
they rank them alike (Tollison & Willett 1979, "An economic theory of mutually
advantageous issue linkages", *Int. Organization* 33). How the gain is divided follows
from the Nash solution, and in this model **neither side loses** from linking: the
package deal ``p`` lies on a supporting line of the package polygon, that line meets the
axes at ``c_1 ≥ Σ_k v_1k`` and ``c_2 ≥ Σ_k v_2k`` (the polygon contains "all to player 1"
and "all to player 2"), and the Nash point of that line gives ``p_1 = α c_1 ≥ α Σ v_1k``
and ``p_2 = (1 - α) c_2 ≥ (1 - α) Σ v_2k`` — the issue-by-issue payoffs. A side can lose
only when linkage changes the disagreement point or the bargaining power, which this
model holds fixed; the gain can still go almost all to one side.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.bargaining.feasible import (
    FeasibleSet,
    Point,
    convex_hull,
    feasible_set,
    pareto_frontier,
    per_player,
)
from negotiation.bargaining.nash import nash_bargaining
from negotiation.errors import GameError
from negotiation.game import to_fraction
from negotiation.numbers import format_html_numbers, format_number

__all__ = ["IssueOutcome", "LinkageResult", "issue_linkage", "package_frontier"]


@dataclass(frozen=True)
class IssueOutcome:
    """One issue: its values and how it is settled separately and in the package.

    ``separate`` and ``package`` give player 1's extent of getting its way, ``x_k``.
    """

    issue: str
    values: tuple[Fraction, Fraction]
    separate: Fraction
    package: Fraction

    def payoffs(self, x: Fraction) -> Point:
        return (x * self.values[0], (1 - x) * self.values[1])


@dataclass(frozen=True)
class LinkageResult:
    """Issue-by-issue bargaining against one package deal.

    Attributes
    ----------
    players
        The two players.
    power
        Bargaining powers ``(α, 1 - α)`` used for every bargain.
    issues
        Per issue outcome (values, separate split, package split).
    separate
        Total payoffs when each issue is settled on its own.
    package
        Payoffs of the package deal (joint asymmetric Nash solution).
    feasible
        The package's feasible set (plot-ready through ``to_dict``).
    """

    players: tuple[str, str]
    power: tuple[Fraction, Fraction]
    issues: tuple[IssueOutcome, ...]
    separate: Point
    package: Point
    feasible: FeasibleSet

    @property
    def gain_from_linking(self) -> tuple[Fraction, Fraction]:
        return (self.package[0] - self.separate[0], self.package[1] - self.separate[1])

    @property
    def winners(self) -> tuple[str, ...]:
        """Players strictly better off with the package."""
        return tuple(p for p, g in zip(self.players, self.gain_from_linking, strict=True) if g > 0)

    @property
    def losers(self) -> tuple[str, ...]:
        """Players strictly worse off with the package."""
        return tuple(p for p, g in zip(self.players, self.gain_from_linking, strict=True) if g < 0)

    def to_dict(self) -> dict[str, Any]:
        p = self.players
        return {
            "issue_by_issue": {"payoffs": per_player(p, self.separate)},
            "package": {"payoffs": per_player(p, self.package)},
            "gain_from_linking": {
                p[0]: float(self.gain_from_linking[0]),
                p[1]: float(self.gain_from_linking[1]),
            },
            "gains_from_linking": list(self.winners),
            "loses_from_linking": list(self.losers),
            "bargaining_power": per_player(p, self.power),
            "issues": {
                o.issue: {
                    "values": per_player(p, o.values),
                    "issue_by_issue": {
                        "extent_" + p[0] + "_gets_its_way": float(o.separate),
                        "payoffs": dict(zip(p, map(float, o.payoffs(o.separate)), strict=True)),
                    },
                    "package": {
                        "extent_" + p[0] + "_gets_its_way": float(o.package),
                        "payoffs": dict(zip(p, map(float, o.payoffs(o.package)), strict=True)),
                    },
                }
                for o in self.issues
            },
            "package_frontier": self.feasible.to_dict()["frontier"],
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        p = self.players
        values = format_html_numbers([v for o in self.issues for v in o.values[:2]])
        ways = format_html_numbers([v for o in self.issues for v in (o.separate, o.package)])
        rows = "".join(
            f"<tr><th>{esc(o.issue)}</th><td>{values[2 * k]}</td>"
            f"<td>{values[2 * k + 1]}</td><td>{ways[2 * k]}</td>"
            f"<td>{ways[2 * k + 1]}</td></tr>"
            for k, o in enumerate(self.issues)
        )
        sep = format_html_numbers(self.separate[:2])
        pack = format_html_numbers(self.package[:2])
        totals = (
            f"<tr><th>total</th><td colspan=2></td>"
            f"<td>{sep[0]}, {sep[1]}</td><td>{pack[0]}, {pack[1]}</td></tr>"
        )
        return (
            "<table><caption>Issue linkage: issue by issue vs package</caption>"
            f"<thead><tr><th>issue</th><th>value to {esc(p[0])}</th><th>value to {esc(p[1])}</th>"
            f"<th>{esc(p[0])} gets its way (separate)</th>"
            f"<th>{esc(p[0])} gets its way (package)</th></tr></thead>"
            f"<tbody>{rows}{totals}</tbody></table>"
        )


def _values(
    issues: Mapping[str, Mapping[str, Any]], players: Sequence[str]
) -> list[tuple[str, Fraction, Fraction]]:
    out = []
    if not issues:
        raise GameError("issue linkage needs at least one issue")
    for name, by_player in issues.items():
        missing = [p for p in players if p not in by_player]
        if missing:
            raise GameError(f"issue {name!r} gives no value for {', '.join(missing)}")
        v1, v2 = to_fraction(by_player[players[0]]), to_fraction(by_player[players[1]])
        if v1 <= 0 or v2 <= 0:
            raise GameError(
                f"issue {name!r}: values of getting one's way must be positive, got "
                f"{format_number(v1)} and {format_number(v2)}"
            )
        out.append((str(name), v1, v2))
    return out


def package_frontier(values: Sequence[tuple[Any, Any]]) -> list[Point]:
    """Pareto frontier of the package deals: the Minkowski sum of the issue segments.

    ``values`` holds ``(v_1k, v_2k)`` per issue. From player 2 getting its way on
    everything to player 1 getting its way on everything; each vertex in between hands
    player 1 one more issue, in decreasing order of ``v_1k / v_2k``. Exact.

    >>> [(str(a), str(b)) for a, b in package_frontier([(2, 1), (1, 2)])]
    [('0', '3'), ('2', '2'), ('3', '0')]
    """
    hull: list[Point] = [(Fraction(0), Fraction(0))]
    for v1, v2 in values:
        seg = [(to_fraction(v1), Fraction(0)), (Fraction(0), to_fraction(v2))]
        hull = convex_hull([(a[0] + b[0], a[1] + b[1]) for a in hull for b in seg])
    return pareto_frontier(hull)


def _allocate(values: list[tuple[str, Fraction, Fraction]], u1: Fraction) -> list[Fraction]:
    """Extent ``x_k`` to player 1 on each issue on the package frontier at ``u1``.

    Issues go to player 1 in decreasing order of ``v_1k / v_2k``; the marginal issue is
    split.
    """
    order = sorted(range(len(values)), key=lambda k: values[k][1] / values[k][2], reverse=True)
    x = [Fraction(0)] * len(values)
    left = u1
    for k in order:
        v1 = values[k][1]
        if left <= 0:
            break
        take = min(Fraction(1), left / v1)
        x[k] = take
        left -= take * v1
    return x


def issue_linkage(
    issues: Mapping[str, Mapping[str, Any]],
    players: Sequence[str],
    power: Any = Fraction(1, 2),
) -> LinkageResult:
    """Compare settling issues one by one with a single package deal.

    Parameters
    ----------
    issues
        ``{issue: {player: value of getting its way}}``, positive values.
    players
        The two players, in order.
    power
        Player 1's bargaining power ``α`` (e.g. from :func:`negotiation.bargaining.leverage.leverage`).

    Examples
    --------
    Two issues ranked oppositely by the two sides: separately each side gets half of
    each; as a package each gets its own priority issue and both gain (logrolling).

    >>> r = issue_linkage({"a": {"X": 3, "Y": 1}, "b": {"X": 1, "Y": 3}}, ("X", "Y"))
    >>> r.separate, r.package
    ((Fraction(2, 1), Fraction(2, 1)), (Fraction(3, 1), Fraction(3, 1)))
    >>> r.winners
    ('X', 'Y')
    """
    if len(players) != 2:
        raise GameError("issue linkage is modelled for two players")
    names = (str(players[0]), str(players[1]))
    vals = _values(issues, names)
    alpha = to_fraction(power)
    zero = (Fraction(0), Fraction(0))

    separate_x = []
    for _, v1, v2 in vals:
        one = feasible_set([(v1, 0), (0, v2), (0, 0)], players=names)
        sol = nash_bargaining(one, zero, alpha)
        separate_x.append(sol.payoffs[0] / v1)
    separate = (
        sum((x * v1 for x, (_, v1, _) in zip(separate_x, vals, strict=True)), Fraction(0)),
        sum((((1 - x) * v2) for x, (_, _, v2) in zip(separate_x, vals, strict=True)), Fraction(0)),
    )

    fs = feasible_set(package_frontier([(v1, v2) for _, v1, v2 in vals]), players=names)
    deal = nash_bargaining(fs, zero, alpha)
    package_x = _allocate(vals, deal.payoffs[0])
    outcomes = tuple(
        IssueOutcome(name, (v1, v2), xs, xp)
        for (name, v1, v2), xs, xp in zip(vals, separate_x, package_x, strict=True)
    )
    return LinkageResult(
        players=names,
        power=(alpha, 1 - alpha),
        issues=outcomes,
        separate=separate,
        package=deal.payoffs,
        feasible=fs,
    )
