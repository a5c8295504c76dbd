"""Shared look of every figure: colour-blind-safe colours, axes creation, label wrapping.

Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable under the common colour-vision deficiencies; the first player is
always blue and the second vermillion, in every figure.

Nothing here imports matplotlib at module level: :func:`axes` imports pyplot when a
figure is actually drawn, so ``import negotiation.plot`` stays light.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "PLAYER_CMAPS",
    "PLAYER_COLOURS",
    "axes",
    "inches_below",
    "player_colour",
    "wrap",
]

#: Okabe–Ito colours, in an order that keeps neighbours far apart.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: The colour of player 1, player 2, ... in every figure.
PLAYER_COLOURS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")

#: Sequential single-hue colour maps matching :data:`PLAYER_COLOURS`.
PLAYER_CMAPS: tuple[str, ...] = ("Blues", "Oranges", "Greens", "Purples")


def player_colour(i: int) -> str:
    """Colour of player ``i`` (0-based)."""
    return PLAYER_COLOURS[i % len(PLAYER_COLOURS)]


def axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 4.8)) -> Axes:
    """``ax`` itself, or the axes of a new figure when ``ax`` is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def wrap(label: Any, width: int = 16) -> str:
    """A label broken at spaces into lines of about ``width`` characters, words kept whole."""
    text = str(label)
    lines = [  # each given line wrapped on its own: a title's line breaks stay
        "\n".join(textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False))
        or line
        for line in text.split("\n")
    ]
    return "\n".join(lines)


def wrap_all(labels: Sequence[Any], width: int = 16) -> list[str]:
    return [wrap(label, width) for label in labels]


def inches_below(ax: Axes) -> Any:
    """A transform: x in axes fraction, y in inches from the axes' bottom edge (down < 0).

    Colour bars, probability bars and legends placed under a plot with it keep their
    size and spacing in inches however constrained layout resizes the axes, so they
    never run into each other (axes-fraction offsets shrink with a short axes).
    """
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    origin: Any = ax.transAxes  # an affine map; its image of (0, 0) follows the axes
    figure: Any = ax.get_figure(root=True)
    vertical = figure.dpi_scale_trans + ScaledTranslation(0, 0, origin)
    return blended_transform_factory(ax.transAxes, vertical)
