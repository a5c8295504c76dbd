"""Short, unambiguous names for the what-if engine's inputs, for people to read.

An input is a dotted path of the scenario file (``levers.US.ease_chips.effects.US.security``);
its last part alone is ambiguous — the default scenario has eleven ``security`` effects —
so tables, plots and sentences name an input by its owner and name instead:

==============================================  ================================
path                                            label
==============================================  ================================
``pressures.China.deflation``                   ``China deflation``
``parameters.US.supply_weight``                 ``US supply_weight``
``weights.US.security``                         ``US security weight``
``levers.US.ease_chips.effects.US.security``    ``ease_chips → US security``
``interactions.deal.effects.US.trade_access``   ``deal → US trade_access``
==============================================  ================================

Names from the file keep their spelling (as moves do), so a label can be found in the
file. Any other path is its own label; when two paths would share a label, both keep
their full paths.

>>> input_label("levers.China.defence_ban.effects.China.trade_access")
'defence_ban → China trade_access'
>>> input_labels(["pressures.US.x", "parameters.US.x", "pressures.China.deflation"])
{'pressures.US.x': 'pressures.US.x', 'parameters.US.x': 'parameters.US.x', 'pressures.China.deflation': 'China deflation'}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

__all__ = ["input_label", "input_labels"]


def input_label(path: str) -> str:
    """The short label of one input path (see the module doc); the path when none fits."""
    parts = path.split(".")
    head = parts[0]
    if head in ("pressures", "parameters") and len(parts) == 3:
        return f"{parts[1]} {parts[2]}"
    if head == "weights" and len(parts) == 3:
        return f"{parts[1]} {parts[2]} weight"
    if head == "levers" and len(parts) == 6 and parts[3] == "effects":
        return f"{parts[2]} → {parts[4]} {parts[5]}"
    if head == "interactions" and len(parts) == 5 and parts[2] == "effects":
        return f"{parts[1]} → {parts[3]} {parts[4]}"
    return path


def input_labels(paths: Iterable[str]) -> dict[str, str]:
    """``path -> label`` for several inputs, unambiguous among them."""
    paths = list(dict.fromkeys(paths))
    short = {p: input_label(p) for p in paths}
    clash = Counter(short.values())
    return {p: (s if clash[s] == 1 else p) for p, s in short.items()}
