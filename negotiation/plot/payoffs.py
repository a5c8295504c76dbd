"""The payoff bimatrix as a heatmap, with the equilibria marked on it.

Each cell of a two-player game is split along its diagonal: the lower-left triangle
holds the row player's payoff, the upper-right the column player's, each shaded on its
own colour scale (blue for the row player, vermillion for the column player) and
printed as a number. Pure equilibria are stars at the cell centres; a mixed equilibrium
is drawn as bars beside the matrix — the row player's probabilities to the right of the
rows, the column player's below the columns — one colour per equilibrium.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.numbers import format_number, format_numbers
from negotiation.plot._profiles import as_profiles, is_pure, pure_cell
from negotiation.plot._solve import all_equilibria
from negotiation.plot._style import OKABE_ITO, PLAYER_CMAPS, axes, inches_below, wrap, wrap_all

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["elimination_heatmap", "payoff_heatmap"]

#: ``gid`` of the star drawn on each pure equilibrium (tests and users can find them).
PURE_GID = "pure-equilibrium"
#: ``gid`` of the bar containers drawn for each mixed equilibrium.
MIXED_GID = "mixed-equilibrium"

#: inches under the matrix taken by the mixed-equilibrium bars (and the side bars' ticks)
_MIXED_INCHES = 0.75
#: inches taken by the colour bars with their ticks and labels
_COLOURBAR_INCHES = 0.85

_MIXED_COLOURS = OKABE_ITO[2:]  # green, orange, purple, ... (players keep blue/vermillion)


def payoff_heatmap(
    game: Game,
    equilibria: Iterable[Any] | str | None = "auto",
    *,
    ax: Axes | None = None,
    title: str | None = None,
    colorbar: bool = True,
    label_width: int = 18,
    distribution: Any = None,
    limits: Sequence[tuple[float, float]] | None = None,
) -> Axes:
    """Draw a two-player game's payoffs as a split-cell heatmap with its equilibria.

    Parameters
    ----------
    game
        A two-player :class:`~negotiation.game.Game`.
    equilibria
        What to mark. ``"auto"`` (default) marks every equilibrium the exact solver
        finds (:func:`negotiation.solvers.enumerate_equilibria`); ``None`` marks none; otherwise
        an iterable of profiles in any form :func:`negotiation.plot._profiles.as_profile`
        reads: move names ``("defect", "defect")``, probability vectors
        ``([0.5, 0.5], [0.5, 0.5])`` or the solvers' result objects.
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; the game's title (or "Payoffs") when None.
    colorbar
        Draw one colour scale per player below the matrix.
    label_width
        Move names longer than this wrap onto several lines.
    distribution
        A probability distribution over cells to overlay — a correlated equilibrium
        (:class:`~negotiation.solvers.correlated.CorrelatedEquilibrium`) or a mapping
        ``{(row move, column move): probability}``: each cell with positive probability
        gets a grey disc of area proportional to it, labelled with the probability.
    limits
        Each player's colour scale as ``(low, high)``; by default the range of its
        payoffs in this game. Give the same limits to panels that are compared, so one
        shade means one payoff in all of them (:func:`~negotiation.plot.scenario_comparison`
        does).

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the matrix. Stars on pure equilibria carry ``gid="pure-equilibrium"``;
        when the equilibria come as an :class:`~negotiation.solvers.result.EquilibriumSet`
        of a degenerate game with non-trivial components, each star is lettered by its
        connected component (texts with ``gid="component"``) and so is each mixed
        equilibrium in the legend;
        discs of a distribution carry ``gid="distribution"``;
        the marginal bars of mixed equilibria sit in child axes and carry
        ``gid="mixed-equilibrium"``.

    Raises
    ------
    GameError
        If the game does not have exactly two players, or an equilibrium cannot be read.

    Notes
    -----
    Reading the picture: the row player compares payoffs *down a column* (its lower-left
    numbers), the column player *along a row* (its upper-right numbers). A cell where
    both are at their best against the other's move is a pure Nash equilibrium.

    Examples
    --------
    The prisoner's dilemma (Axelrod 1984), with its one equilibrium (defect, defect):

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         players=("Row", "Column"),
    ...                         moves=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> ax = payoff_heatmap(pd, equilibria=[("defect", "defect")])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['cooperate', 'defect']
    >>> len([line for line in ax.lines if line.get_gid() == "pure-equilibrium"])
    1
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if game.n_players != 2:
        raise GameError(
            f"the payoff heatmap draws two-player games; this one has {game.n_players} players"
        )
    m, n = game.shape
    profiles, components = _resolve(game, equilibria)
    has_mixed = any(not is_pure(p) for p in profiles)
    width = 1.6 + 1.5 * n + (1.6 if has_mixed else 0)
    # the matrix, then (in inches) the probability bars, colour bars and legend below it
    below = (_MIXED_INCHES if has_mixed else 0) + (_COLOURBAR_INCHES if colorbar else 0) + 0.4
    height = 1.6 + 0.9 * m + below
    ax = axes(ax, figsize=(min(max(width, 5.0), 14.0), min(max(height, 3.5), 12.0)))
    # one style for every cell (negotiation.numbers): 2/3 never beside 0.0779
    texts = np.array(format_numbers(game.exact.ravel()), dtype=object).reshape(game.exact.shape)
    norms, cmaps = split_cells(
        ax,
        game.payoffs,
        texts,
        rows=game.moves[0],
        columns=game.moves[1],
        players=game.players,
        label_width=label_width,
        limits=limits,
    )

    pure = [p for p in profiles if is_pure(p)]
    mixed = [p for p in profiles if not is_pure(p)]
    letters = components or [""] * len(profiles)
    pure_letters = [x for x, p in zip(letters, profiles, strict=True) if is_pure(p)]
    mixed_letters = [x for x, p in zip(letters, profiles, strict=True) if not is_pure(p)]
    for k, profile in enumerate(pure):
        r, c = pure_cell(profile)
        if pure_letters[k]:
            ax.annotate(
                pure_letters[k],
                (c, r),
                xytext=(9, 7),
                textcoords="offset points",
                fontsize=10,
                fontweight="bold",
                zorder=6,
                gid="component",
            )
        ax.plot(
            [c],
            [r],
            marker="*",
            markersize=22 if max(m, n) <= 6 else 15,
            color="black",
            markeredgecolor="white",
            markeredgewidth=1.2,
            linestyle="none",
            gid=PURE_GID,
            label="pure equilibrium" if k == 0 else "_nolegend_",
            zorder=5,
        )
    if distribution is not None:
        _distribution(ax, game, distribution, m, n)
    bottom = 0.0
    if mixed:
        bottom = _mixed_bars(ax, game, mixed)
    if colorbar:
        colour_bars(ax, game.players, norms, cmaps, bottom)

    summary = _summary(len(pure), len(mixed), equilibria)
    if components:
        summary += f" — {len(set(components))} components ({', '.join(sorted(set(components)))})"
    heading = title if title is not None else (game.title or "Payoffs")
    heading = wrap(heading, max(24, int(8 * ax.get_position().width * _fig_width(ax))))
    ax.set_title(f"{heading}\n{summary}" if summary else heading, pad=14)
    # one legend under the matrix (and colour bars), so side-by-side figures do not collide
    handles, labels = ax.get_legend_handles_labels()
    if mixed:
        from matplotlib.patches import Patch

        for e in range(len(mixed)):
            handles.append(Patch(color=_MIXED_COLOURS[e % len(_MIXED_COLOURS)]))
            labels.append(
                f"mixed equilibrium {e + 1}"
                + (f" (component {mixed_letters[e]})" if mixed_letters[e] else "")
            )
    if handles:
        ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -bottom - (_COLOURBAR_INCHES if colorbar else 0.05)),
            bbox_transform=inches_below(ax),
            ncol=min(len(handles), 3),
            frameon=False,
            fontsize=9,
        )
    return ax


def _fig_width(ax: Axes) -> float:
    figure: Any = ax.get_figure(root=True)
    return float(figure.get_figwidth())


def split_cells(
    ax: Axes,
    values: np.ndarray,
    texts: np.ndarray,
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    players: Sequence[str],
    label_width: int = 18,
    limits: Sequence[tuple[float, float]] | None = None,
) -> tuple[list[Any], list[Any]]:
    """Draw a bimatrix ``values`` shaped ``(2, m, n)`` as split cells printed with ``texts``.

    Shared by the payoff heatmap and the tournament score matrix. Returns each player's
    colour normalisation and colour map (for colour bars). ``limits`` fixes each
    player's colour scale (one scale across compared panels).
    """
    from matplotlib import colormaps
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Normalize

    _, m, n = values.shape
    norms = []
    for i in range(2):
        lo, hi = float(np.min(values[i])), float(np.max(values[i]))
        if limits is not None:
            lo, hi = float(limits[i][0]), float(limits[i][1])
        if lo == hi:
            lo, hi = lo - 1, hi + 1
        norms.append(Normalize(vmin=lo, vmax=hi))
    cmaps = [colormaps[PLAYER_CMAPS[i]] for i in range(2)]

    triangles: list[list[list[list[float]]]] = [[], []]
    colours: list[list[Any]] = [[], []]
    for r in range(m):
        for c in range(n):
            x0, x1, y0, y1 = c - 0.5, c + 0.5, r - 0.5, r + 0.5  # y grows downwards
            triangles[0].append([[x0, y0], [x0, y1], [x1, y1]])  # lower-left: row player
            triangles[1].append([[x0, y0], [x1, y0], [x1, y1]])  # upper-right: column player
            for i in range(2):
                # light shades only, so black numbers stay readable on every cell
                colours[i].append(cmaps[i](0.08 + 0.62 * norms[i](values[i, r, c])))
    for i in range(2):
        ax.add_collection(
            PolyCollection(triangles[i], facecolors=colours[i], edgecolors="white", linewidths=1.0)
        )
    fontsize = 11 if max(m, n) <= 4 else 9 if max(m, n) <= 7 else 7
    for r in range(m):
        for c in range(n):
            for i, (dx, dy) in enumerate(((-0.22, 0.24), (0.22, -0.24))):
                ax.text(
                    c + dx,
                    r + dy,
                    str(texts[i, r, c]),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="black",
                )

    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(m - 0.5, -0.5)
    ax.set_xticks(range(n), wrap_all(columns, label_width))
    ax.set_yticks(range(m), wrap_all(rows, label_width))
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(f"{players[1]} (upper-right numbers)")
    ax.set_ylabel(f"{players[0]} (lower-left numbers)")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return norms, cmaps


def colour_bars(
    ax: Axes,
    players: Sequence[str],
    norms: list[Any],
    cmaps: list[Any],
    bottom: float = 0.0,
    what: str = "payoff",
) -> None:
    """One horizontal colour bar per player below ``ax`` (matching :func:`split_cells`)."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LinearSegmentedColormap

    for i in range(2):
        # the same lightened range the cells use, so the bar matches what is drawn
        cmap = LinearSegmentedColormap.from_list(
            f"{cmaps[i].name}-light", [cmaps[i](x) for x in np.linspace(0.08, 0.70, 64)]
        )
        # sizes in inches below the axes (``bottom`` inches already taken by other bars)
        cax = ax.inset_axes(
            (0.0 if i == 0 else 0.55, -bottom - 0.30, 0.45, 0.11), transform=inches_below(ax)
        )
        bar = ax.figure.colorbar(
            ScalarMappable(norm=norms[i], cmap=cmap), cax=cax, orientation="horizontal"
        )
        bar.set_label(f"{players[i]}'s {what}", fontsize=9)
        bar.ax.tick_params(labelsize=8)


def _distribution(ax: Axes, game: Game, distribution: Any, m: int, n: int) -> None:
    items = getattr(distribution, "distribution", distribution)
    pairs = items.items() if hasattr(items, "items") else items
    size = 2600 if max(m, n) <= 3 else 1400 if max(m, n) <= 5 else 700
    for cell, p in pairs:
        r, c = game.profile_index(tuple(cell))
        q = float(p)
        if q <= 0:
            continue
        ax.scatter(
            [c],
            [r],
            s=size * q,
            color="0.2",
            alpha=0.35,
            zorder=4,
            gid="distribution",
            edgecolors="black",
            linewidths=0.8,
        )
        ax.annotate(
            _probability_text(q),
            (c, r),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=9,
            fontweight="bold",
            zorder=6,
        )


def _resolve(
    game: Game, equilibria: Iterable[Any] | str | None
) -> tuple[list[tuple[np.ndarray, ...]], list[str]]:
    """The profiles to mark and, when they come with components, each one's component letter."""
    if equilibria is None:
        return [], []
    if isinstance(equilibria, str):
        if equilibria != "auto":
            raise GameError(
                f"equilibria must be 'auto', None or a list of profiles, not {equilibria!r}"
            )

        equilibria = all_equilibria(game)
    items = list(equilibria)
    return as_profiles(game, items), _component_letters(equilibria, len(items))


def _component_letters(equilibria: Any, n: int) -> list[str]:
    """``"A"``, ``"B"``, ... per equilibrium by connected component; empty when trivial.

    An :class:`~negotiation.solvers.result.EquilibriumSet` lists its maximal Nash
    subsets (``components``) and which of them intersect (``connected``); extreme
    equilibria in one connected group lie in one connected set of equilibria. Letters
    are only worth showing when some group holds more than one extreme equilibrium.
    """
    subsets = getattr(equilibria, "components", ())
    groups = getattr(equilibria, "connected", ()) or tuple((k,) for k in range(len(subsets)))
    if not subsets:
        return []
    letters = [""] * n
    for g, group in enumerate(groups):
        for k in group:
            for e in subsets[k].equilibria:
                if e < n:
                    letters[e] = chr(ord("A") + g % 26)
    if len(set(letters)) == n or "" in letters:  # every component a single point
        return []
    return letters


def _summary(n_pure: int, n_mixed: int, equilibria: Any) -> str:
    if equilibria is None:
        return ""
    parts = []
    if n_pure:
        parts.append(f"{n_pure} pure equilibri{'um' if n_pure == 1 else 'a'} (★)")
    if n_mixed:
        parts.append(f"{n_mixed} mixed (bars)")
    return ", ".join(parts) if parts else "no equilibrium marked"


def _probability_text(p: float) -> str:
    q = Fraction(p).limit_denominator(24)
    if abs(float(q) - p) < 1e-9 and q.denominator > 1:
        return f"{q.numerator}/{q.denominator}"
    return format_number(p, digits=2)


def _mixed_bars(ax: Axes, game: Game, mixed: list[tuple[np.ndarray, ...]]) -> float:
    """Bars of each mixed equilibrium beside (row player) and below (column player) the matrix.

    Returns how far below the axes (in inches) the bars and their labels reach.
    """
    m, n = game.shape
    k = len(mixed)
    height = 0.8 / k
    right = ax.inset_axes((1.02, 0.0, 0.22, 1.0), sharey=ax)
    below = ax.inset_axes((0.0, -0.55, 1.0, 0.45), transform=inches_below(ax), sharex=ax)
    for e, profile in enumerate(mixed):
        colour = _MIXED_COLOURS[e % len(_MIXED_COLOURS)]
        offset = -0.4 + height * (e + 0.5)
        label = f"mixed equilibrium {e + 1}"
        bars = right.barh(
            np.arange(m) + offset,
            profile[0],
            height=height,
            color=colour,
            label=label,
            gid=MIXED_GID,
        )
        right.bar_label(
            bars,
            labels=[_probability_text(p) if p > 1e-9 else "" for p in profile[0]],
            fontsize=8,
            padding=2,
        )
        bars = below.bar(
            np.arange(n) + offset, profile[1], width=height, color=colour, gid=MIXED_GID
        )
        below.bar_label(
            bars,
            labels=[_probability_text(p) if p > 1e-9 else "" for p in profile[1]],
            fontsize=8,
            padding=2,
        )
    right.set_xlim(0, 1.35)
    right.set_xticks([0, 0.5, 1])
    right.set_xlabel(f"P({game.players[0]})", fontsize=9)
    right.tick_params(axis="y", left=False, labelleft=False)
    below.set_ylim(0, 1.3)
    below.set_yticks([0, 1])
    below.invert_yaxis()
    below.set_ylabel(f"P({game.players[1]})", fontsize=9)
    below.tick_params(axis="x", bottom=False, labelbottom=False, top=False, labeltop=False)
    for child in (right, below):
        child.spines["top"].set_visible(False)
        child.spines["right"].set_visible(False)
    return _MIXED_INCHES


def elimination_heatmap(
    result: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    label_width: int = 18,
) -> Axes:
    """Draw iterated elimination of dominated moves on the payoff heatmap, step by step.

    Every eliminated row or column is veiled in grey and stamped with the number of
    the step that removed it; the moves that survive stay in colour.

    Parameters
    ----------
    result
        A :class:`~negotiation.solvers.dominance.DominanceResult` (from
        :func:`negotiation.solvers.iterated_dominance`).
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default stating what survives when None.
    label_width
        Move names longer than this wrap onto several lines.

    Returns
    -------
    matplotlib.axes.Axes
        Each veil is a patch with ``gid="eliminated"``; the step numbers are texts with
        ``gid="step"``.

    Examples
    --------
    The prisoner's dilemma: both ``cooperate`` moves go, one per step.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.solvers import iterated_dominance
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> ax = elimination_heatmap(iterated_dominance(pd))
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "step")
    ['1', '2']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from matplotlib.patches import Rectangle

    game = result.game
    ax = payoff_heatmap(
        game,
        None,
        ax=ax,
        colorbar=False,
        label_width=label_width,
        title=title if title is not None else "",
    )
    m, n = game.shape
    for step in result.steps:
        i = game.player_index(step.player)
        k = game.move_index(i, step.move)
        # the step's stamp sits inside the last cell of the veiled row or column, clear of
        # its two payoffs (lower-left and upper-right), so it is never cut by the edge
        if i == 0:
            xy, width, height, centre = (-0.5, k - 0.5), n, 1, (n - 0.62, k + 0.12)
        else:
            xy, width, height, centre = (k - 0.5, -0.5), 1, m, (k + 0.22, m - 0.62)
        ax.add_patch(
            Rectangle(
                xy,
                width,
                height,
                facecolor="white",
                alpha=0.72,
                hatch="//",
                edgecolor="0.55",
                lw=0,
                zorder=3,
                gid="eliminated",
            )
        )
        ax.text(
            *centre,
            str(step.step),
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color="white",
            zorder=6,
            gid="step",
            bbox={"boxstyle": "circle,pad=0.3", "facecolor": "0.25", "edgecolor": "none"},
        )
    if title is None:
        survivors = "; ".join(
            f"{p}: {', '.join(ms)}" for p, ms in zip(game.players, result.remaining, strict=True)
        )
        kind = f"{result.kind}ly dominated moves removed"
        ax.set_title(
            f"{wrap(game.title or 'Iterated elimination', 32)}\n{kind}\n"
            f"survivors: {wrap(survivors, 32)}",
            pad=14,
        )
    return ax
