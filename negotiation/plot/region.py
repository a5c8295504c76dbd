"""The feasible payoff set of a two-player game, and the deals analyses pick inside it.

The grey polygon is every payoff pair the two sides can reach by agreeing on a lottery
over the game's outcomes (the convex hull of the payoff cells,
:func:`negotiation.bargaining.feasible.feasible_set`); its thick upper-right edge is the
Pareto frontier, where every bargaining solution lands. Over it, as each is supplied:

- the **minmax** lines and the **individually rational** part (hatched green): the deals
  each side prefers to what it can guarantee itself alone (folk theorem);
- the **disagreement point** (what each side gets if talks fail);
- the **Nash bargaining** point and the **Rubinstein** split of the surplus;
- the **subgame-perfect equilibrium payoff set** of the repeated game (outlined);
- any other labelled points (issue-linkage packages, the status quo, ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from negotiation.bargaining.feasible import feasible_set
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.geometry import clip_box
from negotiation.numbers import format_number, format_signed
from negotiation.plot._style import OKABE_ITO, axes, player_colour, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["bargaining_plot", "linkage_plot", "payoff_region"]

Pair = tuple[float, float]

# marker, colour, label for the named points, in drawing order
_STYLES: dict[str, tuple[str, str, str]] = {
    "disagreement": ("X", "#000000", "disagreement point"),
    "nash": ("D", OKABE_ITO[0], "Nash bargaining"),
    "rubinstein": ("s", OKABE_ITO[1], "Rubinstein split"),
}
_EXTRA_MARKERS = ("^", "v", "P", "h", "<", ">", "p", "8")


def payoff_region(
    game: Game,
    *,
    minmax: Any = None,
    disagreement: Any = None,
    nash: Any = None,
    rubinstein: Any = None,
    spe: Iterable[Any] | None = None,
    points: Mapping[str, Any] | None = None,
    floors: Any = None,
    label_cells: bool | int = True,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the feasible payoff set with the bargaining and repeated-game points on it.

    Every point argument accepts a pair ``(u1, u2)``, a ``{player: payoff}`` mapping, or a
    result object with a ``payoffs`` attribute holding either (e.g. the Nash bargaining
    solution).

    Parameters
    ----------
    game
        A two-player :class:`~negotiation.game.Game`.
    minmax
        Each player's minmax (security) value; draws the two threshold lines and shades
        the individually rational deals.
    disagreement, nash, rubinstein
        The disagreement point, the Nash bargaining solution and the Rubinstein split.
    spe
        Vertices of the subgame-perfect equilibrium payoff polygon (one vertex for a
        point, two for a segment; empty for "no pure SPE").
    points
        Further labelled points, ``{"linked package": (u1, u2), ...}``.
    floors
        Each side's minimum acceptable payoff (Putnam's win-set floors, e.g.
        ``WinSetAnalysis.floors``); drawn as dotted lines in the player's colour.
    label_cells
        Name the outcome at each payoff cell on the polygon's boundary (True), at no cell
        (False), or at every cell when there are at most this many (an int).
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default naming the game when None.

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry ``gid`` values ``"feasible"``, ``"frontier"``,
        ``"individually-rational"``, ``"spe"``, ``"disagreement"``, ``"nash"``,
        ``"rubinstein"`` and ``"point"`` for the extra points.

    Examples
    --------
    The prisoner's dilemma (3, 0, 5, 1): the minmax is (1, 1) and mutual cooperation
    (3, 3) is one of the individually rational deals.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         players=("US", "China"),
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> ax = payoff_region(pd, minmax=(1, 1), disagreement=(1, 1), nash=(2.5, 2.5))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ("US's payoff", "China's payoff")
    >>> sorted(a.get_gid() for a in ax.collections + ax.patches + ax.lines if a.get_gid())
    ['disagreement', 'feasible', 'frontier', 'individually-rational', 'nash']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if game.n_players != 2:
        raise GameError(
            f"the payoff region is drawn for two-player games; this one has "
            f"{game.n_players} players"
        )
    from matplotlib.patches import Polygon

    ax = axes(ax, figsize=(6.4, 5.2))
    fs = feasible_set(game)
    hull, _ = _draw_feasible(ax, fs, "feasible deals", "Pareto frontier")
    p1, p2 = game.players
    drawn: list[Pair] = []  # every point drawn, so the view includes it

    if minmax is not None:
        v = _pair(game, minmax, "minmax")
        drawn.append(v)
        ir = clip_box(hull, v)
        if len(ir) >= 3:
            ax.add_patch(
                Polygon(
                    ir,
                    closed=True,
                    facecolor="none",
                    edgecolor=OKABE_ITO[2],
                    hatch="///",
                    lw=0,
                    label="individually rational",
                    gid="individually-rational",
                    zorder=2,
                )
            )
        # named in the legend, not on the lines: a label on the plot sits on the hatching
        # or on a cell's name
        ax.axvline(v[0], color=OKABE_ITO[2], ls="--", lw=1.2, zorder=1, label=f"{p1}'s minmax")
        ax.axhline(v[1], color=OKABE_ITO[2], ls="-.", lw=1.2, zorder=1, label=f"{p2}'s minmax")

    if floors is not None:
        f = _pair(game, floors, "floors")
        drawn.append(f)
        for i, (line, name) in enumerate(((ax.axvline, p1), (ax.axhline, p2))):
            line(
                f[i],
                color=player_colour(i),
                ls=":",
                lw=2,
                zorder=2,
                gid="floor",
                label=f"{name}'s win-set floor",
            )

    if spe is not None:
        vertices = [_pair(game, p, "SPE vertex") for p in spe]
        drawn.extend(vertices)
        if len(vertices) >= 3:
            ax.add_patch(
                Polygon(
                    vertices,
                    closed=True,
                    # strong enough to tell from the grey feasible set
                    facecolor=(*_rgb(OKABE_ITO[4]), 0.45),
                    edgecolor=OKABE_ITO[4],
                    lw=2.5,
                    label="SPE payoffs",
                    gid="spe",
                    zorder=3,
                )
            )
        elif vertices:
            xs, ys = zip(*vertices, strict=True)
            ax.plot(
                xs,
                ys,
                color=OKABE_ITO[4],
                lw=4,
                marker="o",
                label="SPE payoffs",
                gid="spe",
                zorder=3,
            )

    for key, value in (("disagreement", disagreement), ("nash", nash), ("rubinstein", rubinstein)):
        if value is None:
            continue
        marker, colour, label = _STYLES[key]
        u = _pair(game, value, label)
        drawn.append(u)
        # the Rubinstein deal is often next to the Nash deal: draw it hollow so both show
        hollow = key == "rubinstein"
        ax.plot(
            [u[0]],
            [u[1]],
            marker=marker,
            markersize=15 if hollow else 11,
            color=colour,
            markerfacecolor="none" if hollow else colour,
            markeredgecolor=colour if hollow else "white",
            markeredgewidth=2.5 if hollow else 1.0,
            linestyle="none",
            label=label,
            gid=key,
            zorder=6,
        )
    for k, (label, value) in enumerate((points or {}).items()):
        u = _pair(game, value, label)
        drawn.append(u)
        ax.plot(
            [u[0]],
            [u[1]],
            marker=_EXTRA_MARKERS[k % len(_EXTRA_MARKERS)],
            markersize=10,
            color=OKABE_ITO[(k + 3) % len(OKABE_ITO)],
            markeredgecolor="black",
            markeredgewidth=0.6,
            linestyle="none",
            label=label,
            gid="point",
            zorder=6,
        )

    shown = hull + drawn
    lo_x, hi_x = min(p[0] for p in shown), max(p[0] for p in shown)
    lo_y, hi_y = min(p[1] for p in shown), max(p[1] for p in shown)
    span = max(hi_x - lo_x, hi_y - lo_y, 1e-9)
    ax.set_xlim(lo_x - 0.08 * span, hi_x + 0.08 * span)
    ax.set_ylim(lo_y - 0.08 * span, hi_y + 0.08 * span)
    ax.set_xlabel(f"{p1}'s payoff")
    ax.set_ylabel(f"{p2}'s payoff")
    ax.grid(color="0.93", zorder=0)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=9)
    heading = (
        title if title is not None else (f"Feasible deals{': ' + game.title if game.title else ''}")
    )
    ax.set_title(wrap(heading, 44))
    if label_cells:
        _label_cells(ax, fs, hull, label_cells)
    return ax


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _pair(game: Game, value: Any, what: str) -> Pair:
    inner = getattr(value, "payoffs", None)
    if inner is not None and not callable(inner):
        value = inner
    if isinstance(value, Mapping):
        try:
            return float(value[game.players[0]]), float(value[game.players[1]])
        except KeyError as exc:
            raise GameError(f"{what} gives no payoff for {exc.args[0]}") from None
    try:
        a, b = value
        return float(a), float(b)
    except (TypeError, ValueError):
        raise GameError(f"{what} must be a payoff pair (u1, u2), got {value!r}") from None


def _label_cells(ax: Axes, fs: Any, hull: list[Pair], how: bool | int) -> None:
    """Name the outcomes at the corners (or, with an int, every cell), never on each other.

    Each name tries eight places around its point and takes the first that overlaps no
    name already placed, no marked point and stays inside the axes; a name with no free
    place is left out (the point stays). Placed after the layout has settled, so the
    positions hold when the figure is drawn.
    """
    every = not isinstance(how, bool) and len(fs.cells) <= how
    on_hull = set(hull)
    figure: Any = ax.get_figure(root=True)
    figure.draw_without_rendering()  # settle constrained layout before measuring
    renderer = figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = [
        _marker_box(ax, line)
        for line in ax.get_lines()
        if line.get_gid() in ("disagreement", "nash", "rubinstein", "point")
    ]
    candidates = [(4, 4), (-4, 4), (4, -4), (-4, -4), (4, 13), (-4, 13), (4, -13), (-4, -13)]
    for point, profiles in fs.cells.items():
        p = (float(point[0]), float(point[1]))
        if not every and p not in on_hull:
            continue
        ax.plot([p[0]], [p[1]], "o", color="0.35", markersize=4, zorder=4)
        names = "; ".join(" / ".join(profile) for profile in profiles[:2])
        if len(profiles) > 2:
            names += f" (+{len(profiles) - 2})"
        for dx, dy in candidates:
            label = ax.annotate(
                names,
                p,
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else "right",
                va="bottom" if dy > 0 else "top",
                fontsize=7,
                color="0.25",
                zorder=4,
                gid="cell-label",
            )
            box = label.get_window_extent(renderer)
            if _within(box, frame) and not any(_hits(box, other) for other in taken):
                taken.append(box)
                break
            label.remove()


def _marker_box(ax: Axes, line: Any) -> Any:
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform(line.get_xydata()[0])
    r = line.get_markersize() * ax.figure.dpi / 72 / 2 + 1
    return Bbox([[x - r, y - r], [x + r, y + r]])


def _hits(a: Any, b: Any) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)


def _within(box: Any, frame: Any) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def linkage_plot(result: Any, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw issue linkage: the package deals, and issue-by-issue against package.

    Parameters
    ----------
    result
        A :class:`~negotiation.bargaining.linkage.LinkageResult`.
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default when None.

    Returns
    -------
    matplotlib.axes.Axes
        The grey polygon is every package (each issue split between the sides), its
        thick edge the package frontier; the square is the sum of the issue-by-issue
        Nash deals, the diamond the package Nash deal, and the arrow between them the
        gain (or loss) from linking. Artists carry ``gid`` ``"feasible"``, ``"frontier"``,
        ``"separate"`` and ``"package"``.

    Examples
    --------
    Two issues ranked oppositely: linking lets each side have its priority.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.bargaining.linkage import issue_linkage
    >>> r = issue_linkage({"chips": {"US": 1, "China": 3}, "rare earths": {"US": 3, "China": 1}},
    ...                   ("US", "China"))
    >>> ax = linkage_plot(r)
    >>> sorted(a.get_gid() for a in ax.patches + ax.lines if a.get_gid())
    ['feasible', 'frontier', 'package', 'separate']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from matplotlib.patches import FancyArrowPatch

    ax = axes(ax, figsize=(6.4, 5.2))
    p1, p2 = result.players
    _, frontier = _draw_feasible(ax, result.feasible, "package deals", "package frontier")
    fx, fy = zip(*frontier, strict=True)
    sep = (float(result.separate[0]), float(result.separate[1]))
    pkg = (float(result.package[0]), float(result.package[1]))
    ax.plot(
        *sep,
        marker="s",
        markersize=11,
        color=OKABE_ITO[1],
        markeredgecolor="white",
        linestyle="none",
        label="issue by issue",
        gid="separate",
        zorder=5,
    )
    ax.plot(
        *pkg,
        marker="D",
        markersize=11,
        color=OKABE_ITO[0],
        markeredgecolor="white",
        linestyle="none",
        label="package (linked)",
        gid="package",
        zorder=5,
    )
    if sep != pkg:
        ax.add_patch(
            FancyArrowPatch(
                sep,
                pkg,
                arrowstyle="-|>",
                mutation_scale=14,
                lw=1.5,
                color="0.3",
                shrinkA=7,
                shrinkB=7,
                zorder=4,
            )
        )
    gain = result.gain_from_linking
    ax.annotate(
        f"gain from linking: {p1} {format_signed(gain[0])}, {p2} {format_signed(gain[1])}",
        (0.02, 0.02),
        xycoords="axes fraction",
        fontsize=9,
        color="0.2",
    )
    ax.set_xlabel(f"{p1}'s value from the issues it wins")
    ax.set_ylabel(f"{p2}'s value from the issues it wins")
    ax.set_xlim(left=-0.03 * max((*fx, 1)))
    ax.set_ylim(bottom=-0.03 * max((*fy, 1)))
    ax.grid(color="0.93", zorder=0)
    ax.set_axisbelow(True)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 0.06), frameon=False, fontsize=9)
    ax.set_title(title if title is not None else "Issue linkage: package vs issue by issue")
    return ax


def bargaining_plot(
    analysis: Any,
    game: Game | None = None,
    *,
    minmax: Any = None,
    spe: Iterable[Any] | None = None,
    label_cells: bool | int = True,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a bargaining analysis on the feasible deals of its game.

    A shortcut for :func:`payoff_region` with the disagreement point, the Nash deal, the
    Rubinstein deal and (when present) the win-set floors of ``analysis`` and the Nash
    deal within them (a point labelled "deal within the win-sets").

    Parameters
    ----------
    analysis
        A :class:`~negotiation.bargaining.analysis.BargainingAnalysis` (from
        :func:`negotiation.bargaining.analysis.bargain`).
    game
        The game it was computed on; by default the one the analysis records.
    minmax, spe, label_cells, ax, title
        As for :func:`payoff_region`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.bargaining.analysis import bargain
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))
    >>> ax = bargaining_plot(bargain(pd), pd)
    >>> sorted(line.get_gid() for line in ax.lines if line.get_gid() in ("nash", "rubinstein"))
    ['nash', 'rubinstein']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if game is None:
        game = analysis.game
    if game is None:
        raise TypeError("bargaining_plot needs the game the analysis was computed on")
    alpha = analysis.leverage.bargaining_power
    deltas = analysis.rubinstein.discount_factors
    win_sets = getattr(analysis, "win_sets", None)
    heading = (
        title
        if title is not None
        # each number named by its player: "0.50 / 0.50" would read as a fraction
        else (
            f"Bargaining power α: {game.players[0]} {format_number(alpha[0])}, "
            f"{game.players[1]} {format_number(alpha[1])}\n"
            f"discount factors δ: {game.players[0]} {format_number(deltas[0])}, "
            f"{game.players[1]} {format_number(deltas[1])}"
        )
    )
    points = {}
    if win_sets is not None and win_sets.constrained is not None:
        points["deal within the win-sets"] = win_sets.constrained.payoffs
    return payoff_region(
        game,
        minmax=minmax,
        disagreement=analysis.nash.disagreement,
        nash=analysis.nash,
        rubinstein=analysis.rubinstein,
        spe=spe,
        floors=None if win_sets is None else win_sets.floors,
        points=points,
        label_cells=label_cells,
        ax=ax,
        title=heading,
    )


def _draw_feasible(
    ax: Axes, feasible: Any, region_label: str, frontier_label: str
) -> tuple[list[Pair], list[Pair]]:
    """Shade a feasible set (a thick line when it is a point or segment) and draw its
    Pareto frontier; return both as float points."""
    from matplotlib.patches import Polygon

    hull = [(float(a), float(b)) for a, b in feasible.vertices]
    frontier = [(float(a), float(b)) for a, b in feasible.frontier]
    if len(hull) >= 3:
        ax.add_patch(
            Polygon(
                hull,
                closed=True,
                facecolor="0.88",
                edgecolor="0.6",
                lw=1,
                label=region_label,
                gid="feasible",
                zorder=1,
            )
        )
    else:
        xs, ys = zip(*(hull + hull[:1]), strict=True)
        ax.plot(xs, ys, color="0.6", lw=3, label=region_label, gid="feasible", zorder=1)
    fx, fy = zip(*frontier, strict=True)
    ax.plot(
        fx,
        fy,
        color="0.25",
        lw=2.5,
        label=frontier_label,
        gid="frontier",
        zorder=2,
        solid_capstyle="round",
    )
    return hull, frontier
