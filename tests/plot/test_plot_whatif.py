"""What-if plots name inputs unambiguously and draw PRIM boxes where they cut.

Notebook 03's defects: the tornado showed ``security`` twice (the US and China effects),
and the PRIM plot over ``chip_want × property_decline`` showed a box covering the whole
square, because neither input was one the box restricts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from negotiation.plot.whatif import prim_boxes, restricted_most, tornado
from negotiation.whatif.montecarlo import Discovery
from negotiation.whatif.prim import prim_box
from negotiation.whatif.sensitivity import Sensitivity

US_SEC = "levers.US.ease_chips.effects.US.security"
CHINA_SEC = "levers.China.licensing.effects.China.security"
DEFLATION = "pressures.China.deflation"


def _row(path, low, high):
    return {
        "input": path,
        "output": "deal_payoff.China",
        "low_input": 0.0,
        "high_input": 1.0,
        "base": 5.0,
        "low": low,
        "high": high,
        "swing": abs(high - low),
    }


def test_tornado_labels_are_unambiguous(render):
    result = Sensitivity(
        "tornado", (_row(US_SEC, 4.0, 7.0), _row(CHINA_SEC, 1.0, 9.0), _row(DEFLATION, 5, 6)), 7
    )
    ax = tornado(result, "deal_payoff.China")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    # widest swing on top (the last tick), every label its own
    assert ticks == ["China deflation", "ease_chips → US security", "licensing → China security"]
    render(ax)


@dataclass
class _Result:
    """What ``prim_boxes`` reads of a Monte Carlo: ``frame()`` and ``discovery``."""

    draws: dict[str, Any]
    discovery: list[Discovery] = field(default_factory=list)

    def frame(self):
        return pd.DataFrame(self.draws)


def _planted(n=4000, seed=0):
    """Four inputs; the outcome where ``x2 ≥ 0.5`` and, more sharply, ``x0 ≤ 0.3``."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 4))
    names = [DEFLATION, US_SEC, CHINA_SEC, "pressures.US.alternative_supply"]
    hit = (x[:, 0] <= 0.3) & (x[:, 2] >= 0.5)
    label = np.where(hit, "hold / suspend", "hold / licensing")
    box = prim_box(x, hit, names)
    draws: dict[str, Any] = {p: x[:, k] for k, p in enumerate(names)}
    draws["equilibria"] = label
    return _Result(draws, [Discovery("equilibria", "hold / suspend", hit.mean(), box)]), box


def test_the_box_is_drawn_over_the_two_inputs_it_restricts_most(render):
    result, box = _planted()
    assert set(box.limits) == {DEFLATION, CHINA_SEC}
    assert restricted_most(box, result.frame()) == [DEFLATION, CHINA_SEC]  # 70% vs 50% cut
    ax = prim_boxes(result, what="equilibria")
    assert ax.get_xlabel() == "China deflation"
    assert ax.get_ylabel() == "licensing → China security"
    (rect,) = [p for p in ax.patches if isinstance(p, Rectangle)]
    (x0, y0), width, height = rect.get_xy(), rect.get_width(), rect.get_height()
    assert x0 == result.draws[DEFLATION].min() and abs(x0 + width - 0.3) < 0.05
    assert abs(y0 - 0.5) < 0.05 and y0 + height == result.draws[CHINA_SEC].max()
    assert "hold / suspend" in ax.get_title()
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {
        "hold / suspend",
        "hold / licensing",
    }
    render(ax)


def test_explicit_inputs_are_kept():
    result, _ = _planted()
    ax = prim_boxes(result, US_SEC, CHINA_SEC, what="equilibria")
    assert (ax.get_xlabel(), ax.get_ylabel()) == (
        "ease_chips → US security",
        "licensing → China security",
    )
    assert "also needs China deflation" in ax.get_title().replace("\n", " ")


def test_one_restricted_input_is_a_histogram(render):
    rng = np.random.default_rng(1)
    x = rng.random((3000, 2))
    hit = x[:, 1] > 0.6
    box = prim_box(x, hit, [DEFLATION, US_SEC])
    assert list(box.limits) == [US_SEC]
    draws: dict[str, Any] = {DEFLATION: x[:, 0], US_SEC: x[:, 1], "deal": np.where(hit, "a", "b")}
    ax = prim_boxes(_Result(draws, [Discovery("deal", "a", hit.mean(), box)]))
    assert ax.get_xlabel() == "ease_chips → US security" and ax.get_ylabel() == "draws"
    render(ax)


def test_no_box_says_so():
    draws: dict[str, Any] = {DEFLATION: np.linspace(0, 1, 60), "deal": np.array(["a"] * 60)}
    ax = prim_boxes(_Result(draws, []))
    assert [t.get_text() for t in ax.texts] == ["no PRIM box for deal"]
