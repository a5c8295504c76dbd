"""How robust a scenario's conclusion is: the small Monte Carlo behind ``analyse``.

:func:`robustness` draws every uncertain input over its declared range (10,000 draws,
seed 0 by default), and says how often the equilibrium set and the deal's main outcome
at the file's own values hold, and which inputs decide them (the PRIM box of the draws
where the conclusion fails, or, when it never fails, that it holds everywhere).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.numbers import format_percent
from negotiation.scenario.build import Scenario
from negotiation.scenario.compiled import CompiledScenario, compile_scenario
from negotiation.solvers.result import EquilibriumSet
from negotiation.whatif.engine import (
    analyse_batch,
    cell_names,
    describe_key,
    exact_key,
    key_of,
)
from negotiation.whatif.labels import input_labels
from negotiation.whatif.prim import prim_box
from negotiation.whatif.sampling import draw

__all__ = ["Robustness", "robustness"]


@dataclass(frozen=True)
class Robustness:
    """How often the file's equilibrium set and deal hold over the declared ranges."""

    samples: int
    seed: int
    inputs: int
    equilibrium: str
    equilibrium_share: float
    deal: str | None
    deal_share: float | None
    deciders: tuple[str, ...]
    box: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "seed": self.seed,
            "inputs": self.inputs,
            "equilibrium": self.equilibrium,
            "equilibrium_share": self.equilibrium_share,
            "deal": self.deal,
            "deal_share": self.deal_share,
            "deciders": list(self.deciders),
            "where_it_fails": self.box,
        }

    def __str__(self) -> str:
        return f"Robustness: {self.sentence()}"

    def sentence(self) -> str:
        """The paragraph ``analyse`` adds to its reading."""
        if not self.inputs:
            return "the file declares no ranges, so there is nothing to vary."
        text = (
            f"Over {self.samples:,} seeded draws (seed {self.seed}) of the {self.inputs} "
            f"ranged inputs, the equilibrium ({self.equilibrium}) holds in "
            f"{format_percent(self.equilibrium_share)} of draws"
        )
        if self.deal is not None and self.deal_share is not None:
            text += (
                f" and the deal's main outcome ({self.deal}) in {format_percent(self.deal_share)}"
            )
        if self.deciders:
            names = input_labels(self.deciders)
            text += f"; what decides it: {', '.join(names.values())} ({self.box})."
        else:
            text += "; no input moves it within its range."
        return text

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>"


def robustness(
    scenario: Scenario | CompiledScenario,
    *,
    samples: int = 10_000,
    seed: int = 0,
    equilibria: EquilibriumSet | None = None,
) -> Robustness:
    """The robustness paragraph of a scenario (see the module doc).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> print(robustness(s, samples=2000))  # doctest: +ELLIPSIS
    Robustness: Over 2,000 seeded draws (seed 0) of the ... ranged inputs, the equilibrium (...) holds in ...
    """

    compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)
    game = compiled.scenario.game
    inputs = compiled.inputs
    # dominance is not reported here: only equilibria and the deal are re-solved exactly
    base = analyse_batch(compiled, {}, 1, dominance=False)
    key = exact_key(game) if equilibria is None else key_of(equilibria)
    label = describe_key(game, key)
    if not inputs:
        return Robustness(0, seed, 0, label, 1.0, None, None, (), "")
    values = draw(inputs, seed=seed, start=0, stop=samples)
    out = analyse_batch(compiled, values, samples, dominance=False)
    valid = out.set_id >= 0
    key_id = out.sets.index(key) if key in out.sets else -2
    same = out.set_id == key_id
    share = float(same[valid].mean()) if valid.any() else 0.0
    main = int(base.deal_main[0])
    deal = None if main < 0 else " / ".join(cell_names(game, main))
    deal_same = out.deal_main == main
    deal_share = None if deal is None else float(deal_same[valid].mean())
    holds = same & (deal_same if deal is not None else True)
    deciders: tuple[str, ...] = ()
    where = ""
    if 0 < (~holds[valid]).sum() < valid.sum():
        x = np.stack([values[i.path] for i in inputs], axis=1)[valid]
        box = prim_box(x, ~holds[valid], [i.path for i in inputs])
        deciders = tuple(box.limits)
        where = (
            f"it fails in {format_percent(box.density, decimals=0)} of draws with {box.describe()}"
        )
    elif valid.any() and not holds[valid].any():
        where = "it fails everywhere"
    return Robustness(samples, seed, len(inputs), label, share, deal, deal_share, deciders, where)
