"""One number of a dynamics file with where it came from (the agreed uncertain-input form)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DISTRIBUTIONS", "KINDS", "Input"]

KINDS = ("fact", "estimate", "judgement")
DISTRIBUTIONS = ("uniform", "triangular", "normal")


@dataclass(frozen=True)
class Input:
    """One number of the file with where it came from (the agreed uncertain-input form).

    Examples
    --------
    >>> x = Input("stages.magnets.lead_time", 3.0, (2.0, 5.0), "judgement", reason="plants, not mines")
    >>> x.value, x.uncertain
    (3.0, True)
    """

    path: str
    value: float
    range: tuple[float, float] | None = None
    kind: str = "judgement"
    source: str = ""
    quote: str = ""
    reason: str = ""
    distribution: str = "uniform"
    unit: str = ""
    #: the scenario input this number is read from (``{scenario: PATH}``), if any
    scenario_path: str = ""

    @property
    def set_path(self) -> str:
        """The path ``--set`` and the what-if engine address: the scenario's, for a reference."""
        return self.scenario_path or self.path

    @property
    def uncertain(self) -> bool:
        """Whether the what-if engine may vary it (it declares a range)."""
        return self.range is not None and self.range[0] < self.range[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": self.value,
            "range": None if self.range is None else list(self.range),
            "kind": self.kind,
            "source": self.source,
            "quote": self.quote,
            "reason": self.reason,
            "distribution": self.distribution,
            "unit": self.unit,
            "scenario_path": self.scenario_path or None,
        }
