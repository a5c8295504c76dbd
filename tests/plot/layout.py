"""Layout defects of a drawn matplotlib figure, found from the artists' window extents.

:func:`layout_defects` draws a figure once, records every text that is actually drawn
(tick labels of ticks outside the view are not), and reports, in words a reader can act
on:

- two texts whose boxes overlap (``"Pareto frontier" overlaps "hold / hold"``);
- a text cut by the figure's edge, or by the axes it is clipped to;
- a legend drawn over data: a line's vertices or points along its segments, a
  scatter point, or a text inside the legend's box.

The figure is drawn twice first, as ``savefig(bbox_inches="tight")`` and Jupyter's
inline backend draw it, so constrained layout has settled. The boxes are the ones matplotlib itself lays text out with
(:meth:`matplotlib.text.Text.get_window_extent` with the figure's renderer), so what
is reported is what a reader sees. A tolerance of a pixel or two avoids flagging texts
that merely touch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

TOLERANCE = 1.5  # pixels of overlap or overhang that still count as touching


@contextmanager
def _recording_texts() -> Iterator[list[Any]]:
    from matplotlib.text import Text

    drawn: list[Any] = []
    original = Text.draw

    def draw(self: Any, renderer: Any) -> Any:
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    Text.draw = draw  # type: ignore[method-assign]
    try:
        yield drawn
    finally:
        Text.draw = original  # type: ignore[method-assign]


def _name(text: Any) -> str:
    words = " ".join(text.get_text().split())
    return repr(words if len(words) <= 40 else words[:37] + "...")


def _overlap(a: Any, b: Any) -> bool:
    return (
        min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE
        and min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE
    )


def _inside(box: Any, frame: Any) -> bool:
    return (
        box.x0 >= frame.x0 - TOLERANCE
        and box.y0 >= frame.y0 - TOLERANCE
        and box.x1 <= frame.x1 + TOLERANCE
        and box.y1 <= frame.y1 + TOLERANCE
    )


def _legend_of(text: Any, legends: list[Any]) -> Any:
    for legend in legends:
        if text in legend.get_texts() or text is legend.get_title():
            return legend
    return None


def _line_points(line: Any) -> np.ndarray:
    """Display coordinates of a line's vertices and of points every ~2 px along it."""
    xy = np.asarray(line.get_transform().transform(line.get_xydata()), dtype=float)
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    if len(xy) < 2 or line.get_linestyle() in ("None", "none", "", " "):
        return xy
    points = [xy]
    for p, q in itertools.pairwise(xy):
        n = int(np.hypot(*(q - p)) // 2)
        if n > 1:
            t = np.linspace(0, 1, n)[:, None]
            points.append(p + t * (q - p))
    return np.vstack(points)


def _data_points(ax: Any) -> list[tuple[str, np.ndarray]]:
    found: list[tuple[str, np.ndarray]] = []
    for line in ax.get_lines():
        if line.get_visible() and len(line.get_xydata()):
            found.append((f"line {line.get_label()!r}", _line_points(line)))
    for coll in ax.collections:
        offsets = getattr(coll, "get_offsets", lambda: np.empty((0, 2)))()
        if coll.get_visible() and len(offsets) and coll.get_offset_transform() is not None:
            xy = coll.get_offset_transform().transform(offsets)
            if type(coll).__name__ == "PathCollection":  # scatter points
                found.append((f"points {coll.get_label()!r}", xy))
    return found


def _inside_points(box: Any, xy: np.ndarray) -> int:
    if not len(xy):
        return 0
    pad = TOLERANCE
    inside = (
        (xy[:, 0] > box.x0 + pad)
        & (xy[:, 0] < box.x1 - pad)
        & (xy[:, 1] > box.y0 + pad)
        & (xy[:, 1] < box.y1 - pad)
    )
    return int(inside.sum())


def layout_defects(figure: Any) -> list[str]:
    """Every overlap, clipped text and legend over data in ``figure``, one line each.

    An empty list means the figure reads cleanly.
    """
    # drawn twice, as ``savefig(bbox_inches="tight")`` and Jupyter's inline backend draw it:
    # constrained layout moves things once more on the second pass
    figure.canvas.draw()
    with _recording_texts() as texts:
        figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    frame = figure.bbox
    legends = [a.get_legend() for a in figure.axes if a.get_legend() is not None]
    legends += list(getattr(figure, "legends", []))
    boxes = []
    for text in dict.fromkeys(texts):  # drawn once or twice, checked once
        box = text.get_window_extent(renderer)
        if box.width <= 0 or box.height <= 0:
            continue
        boxes.append((text, box))

    defects: list[str] = []
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            if _overlap(box_a, box_b):
                defects.append(f"text {_name(a)} overlaps text {_name(b)}")
        if not _inside(box_a, frame):
            defects.append(f"text {_name(a)} is cut by the figure's edge")
        clip = a.get_clip_box() if a.get_clip_on() else None
        if clip is not None and not _inside(box_a, clip):
            defects.append(f"text {_name(a)} is cut by the axes it is clipped to")

    for legend in legends:
        lbox = legend.get_window_extent(renderer)
        if not _inside(lbox, frame):
            defects.append("a legend is cut by the figure's edge")
        ax = legend.axes if legend.axes is not None else None
        for axis in [ax] if ax is not None else figure.axes:
            for label, xy in _data_points(axis):
                hidden = _inside_points(lbox, xy)
                if hidden:
                    defects.append(f"the legend hides {hidden} point(s) of {label}")
        for text, box in boxes:
            if _legend_of(text, legends) is None and _overlap(box, lbox):
                defects.append(f"the legend hides text {_name(text)}")
    return defects
