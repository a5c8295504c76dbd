"""The 2010 embargo of Japan as a back-test: what the model predicts against what was seen.

``payoffs/japan_2010.yaml`` sets every transition from what was known by 2012. This
module runs it under the two-month embargo and sets its predictions beside the
observations below, which the file never sees (so nothing is fitted to them). The
observed shares are of Japan's rare-earth imports coming from China; the model's
``processing`` stage (separated oxides and metals, the bulk of those imports) is the
closest like-for-like figure, and its chain dependence (the binding stage) is shown too.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation.dynamics.load import TimelineModel
from negotiation.dynamics.timeline import timeline
from negotiation.numbers import format_number, format_signed

__all__ = ["OBSERVATIONS", "Observation", "backtest_rows", "backtest_table"]


@dataclass(frozen=True)
class Observation:
    """One observed figure: Japan's dependence on China in a year, with its source."""

    year: int
    low: float
    high: float
    text: str
    source: str


#: what was observed after 2012 (never read by the model)
OBSERVATIONS = (
    Observation(
        2012,
        0.0,
        0.60,
        "below 60% of imports direct from China",
        'Japan Ministry of Finance figures, as reported by Knowledge@Wharton, "Catch-22: Rare '
        'Earths Trade Poses Challenges for China and Japan" (its "last year" is 2012)',
    ),
    Observation(
        2024,
        0.70,
        0.70,
        "some 70% of its imports",
        'JOGMEC, as reported by the Wall Street Journal, 27 July 2025 ("as of last year")',
    ),
    Observation(
        2025,
        0.0,
        0.60,
        "below 60%",
        "Argus Media data, as reported by CNBC (Meredith and Butts), 2025",
    ),
)


def backtest_rows(
    model: TimelineModel, years: tuple[int, ...] = (2012, 2015, 2020, 2024, 2025)
) -> list[dict[str, object]]:
    """Model predictions (two-month embargo from September 2010) beside the observations."""
    result = timeline(model, years=max(years) - model.spec.start_year, policy="temporary", months=2)
    rows: list[dict[str, object]] = []
    for year in years:
        k = result.years.index(year)
        obs = next((o for o in OBSERVATIONS if o.year == year), None)
        processing = result.dependence_by_stage["processing"][k]
        chain = result.dependence[model.spec.importer][k]
        gap = None
        if obs is not None:
            if processing > obs.high:
                gap = processing - obs.high
            elif processing < obs.low:
                gap = processing - obs.low
            else:
                gap = 0.0
        rows.append(
            {"year": year, "processing": processing, "chain": chain, "observed": obs, "gap": gap}
        )
    return rows


def backtest_table(model: TimelineModel) -> str:
    """The README's comparison table, in Markdown."""
    lines = [
        "| year | model: processing stage | model: chain (binding stage) | observed | source | gap (processing − observed) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in backtest_rows(model):
        obs = row["observed"]
        gap = row["gap"]
        lines.append(
            f"| {row['year']} | {format_number(row['processing'], digits=2)} | "
            f"{format_number(row['chain'], digits=2)} | "
            + (
                f"{obs.text} | {obs.source} | {format_signed(gap)}"
                if isinstance(obs, Observation) and isinstance(gap, float)
                else "— | — | —"
            )
            + " |"
        )
    return "\n".join(lines)
