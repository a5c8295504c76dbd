"""One self-contained HTML page an analyst can hand a colleague: ``negotiation report``.

:func:`report_html` runs the whole analysis of a model (:func:`~negotiation.workflows.
analyse.analyse`) and lays it out as one HTML file with no network use at all — every
figure is an SVG inlined as a ``data:`` image, the style sheet is inline, there is no
script — in the order a reader needs it:

1. what was analysed: the file, its SHA-256, the ``--set`` overrides, the tool's version;
2. the game and its equilibria (exact), with the payoff heatmap;
3. the reading in words;
4. how the payoffs are built (scenarios): the weights and their formulas, every pressure
   with its value, range, kind, source and quote, and the equilibrium cell traced to its
   channels;
5. leverage and the bargained deal, with their figures;
6. the truce test (is the deal self-enforcing in the repeated game?);
7. robustness over the declared ranges, when the what-if engine
   (:mod:`negotiation.whatif`) is installed; the page says so when it is not.

A game tree (``kind: tree`` or Gambit ``.efg``) gets the tree drawn with its
equilibrium path, the subgame-perfect / Nash solution and its reading, and the threats
and promises along the way; a dynamics file (``dynamics:``, the input of ``negotiation
timeline``) gets the timeline figure and table and the half-life of the exporter's
leverage. :func:`~negotiation.workflows.load.load_model` tells the kinds apart.

Numbers are shown with :func:`negotiation.numbers.format_number` (exact where short,
rounded and marked ``≈`` otherwise); the exact values are in ``negotiation analyse
--json``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from negotiation import __version__, plot
from negotiation.dynamics import TimelineModel, timeline, timeline_model
from negotiation.errors import NegotiationError
from negotiation.extensive.analysis import analyse_tree
from negotiation.files.atomic import atomic_write_text
from negotiation.numbers import format_number
from negotiation.plot.whatif import tornado, whatif_frequencies
from negotiation.scenario.compiled import compile_scenario
from negotiation.scenario.sequence import ScenarioTree
from negotiation.whatif.montecarlo import montecarlo
from negotiation.whatif.sensitivity import sensitivity
from negotiation.workflows.analyse import analyse
from negotiation.workflows.load import Model, load_model

__all__ = ["report_html", "write_report"]

_STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1a1a1a; background: #fff; margin: 0 auto; padding: 1rem 1.25rem 3rem;
       max-width: 72rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.25rem; margin-top: 2.2rem;
     border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
h3, h4 { font-size: 1.05rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
figure { margin: 1rem 0; } figure img { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #444; }
.meta td:first-child { font-weight: 600; white-space: nowrap; }
.note { color: #444; font-size: .9rem; }
blockquote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid #0072B2;
             color: #333; }
code { font-size: .9em; overflow-wrap: anywhere; }
"""


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _scroll(fragment: str) -> str:
    """A table that scrolls sideways inside the page rather than widening it."""
    return f'<div class="scroll">{fragment}</div>'


def _figure(draw: Callable[[], Any], caption: str, *, wide: bool = False) -> str:
    """Draw with ``draw()`` (returns axes), inline the figure as an SVG ``data:`` image.

    A ``wide`` figure (a large game tree) keeps its natural size, so its labels stay
    legible, and scrolls sideways inside the page instead of shrinking to it.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    axes = draw()
    first = axes.flat[0] if hasattr(axes, "flat") else axes
    figure = first.get_figure(root=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    img = f'<img src="data:image/svg+xml;base64,{data}" alt="{_esc(caption)}"'
    if wide:
        img = f'<div class="scroll">{img} style="max-width: none"></div>'
    else:
        img += ">"
    return f"<figure>{img}<figcaption>{_esc(caption)}</figcaption></figure>"


def _meta(model: Model, source: str | Path, overrides: Sequence[str]) -> str:
    kind = "scenario built from pressures" if model.is_scenario else "payoff file"
    return _meta_table(source, overrides, kind, tuple(model.warnings))


def _pressures(scenario: Any) -> str:
    rows = []
    for item in scenario.uncertain_inputs():
        low, high = item.range
        quote = f"<blockquote>{_esc(item.quote)}</blockquote>" if item.quote else ""
        reason = f"<div class='note'>{_esc(item.reason)}</div>" if item.reason else ""
        rows.append(
            f"<tr><td><code>{_esc(item.path)}</code></td>"
            f"<td>{_esc(format_number(item.value))} {_esc(item.unit)}</td>"
            f"<td>{_esc(format_number(low))} to {_esc(format_number(high))}</td>"
            f"<td>{_esc(item.kind)}</td><td>{_esc(item.source)}{quote}{reason}</td></tr>"
        )
    return _scroll(
        "<table><caption>Every uncertain input: value, declared range and where it comes "
        "from</caption><thead><tr><th>--set path</th><th>value</th><th>range</th>"
        "<th>kind</th><th>source and quote</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _robustness(model: Model) -> str:
    if model.scenario is None:
        return (
            "<p class='note'>The payoffs are typed in, with no declared ranges: there is "
            "nothing to vary. Robustness is computed for scenarios built from pressures.</p>"
        )
    if importlib.util.find_spec("negotiation.whatif") is None:
        return (
            "<p class='note'>The what-if engine (<code>negotiation.whatif</code>) is not part "
            "of this installation, so no robustness analysis over the declared ranges is "
            "shown. Each input's range is listed above; <code>--set PATH=VALUE</code> "
            "reruns the report at any value.</p>"
        )

    try:
        compiled = compile_scenario(model.scenario)
        sens = sensitivity(compiled, "tornado")
        runs = montecarlo(compiled, MONTE_CARLO_SAMPLES, seed=0, discover=False)
    except NegotiationError as exc:
        return f"<p class='note'>No robustness analysis: {_esc(exc)}</p>"
    outputs = sens.outputs()
    output = next((o for o in outputs if o.startswith("bargaining_power")), outputs[0])
    parts = [
        "<p class='note'>Each uncertain input is moved to the ends of its declared range "
        "(tornado), and all of them are drawn together at random "
        f"({MONTE_CARLO_SAMPLES:,} draws, seed 0, each over its declared distribution): how "
        "often does each equilibrium come out?</p>",
        _scroll(sens._repr_html_()),
        _scroll(runs._repr_html_()),
        _figure(
            lambda: tornado(sens, output),
            f"Tornado: how far each input, at the ends of its range, moves {output}.",
        ),
        _figure(
            lambda: whatif_frequencies(runs),
            "How often each set of equilibria occurs over the declared ranges.",
        ),
    ]
    return "".join(parts)


#: draws of the report's Monte Carlo over the declared ranges
MONTE_CARLO_SAMPLES = 500


def report_html(source: str | Path, overrides: Sequence[str] = ()) -> str:
    """The report of one payoff or scenario file as a self-contained HTML page.

    Parameters
    ----------
    source
        A payoff file (``.yaml`` or ``.nfg``) or a scenario.
    overrides
        ``--set`` assignments ``PATH=VALUE`` applied before the analysis.

    Returns
    -------
    str
        One HTML document: inline style, figures as SVG ``data:`` images, no script and
        no reference to anything outside the file.

    Examples
    --------
    >>> from negotiation.data import shipped
    >>> page = report_html(shipped("prisoners_dilemma.yaml"))
    >>> page.startswith("<!DOCTYPE html>"), "http" in page.replace("http://www.w3.org", "")
    (True, False)
    """
    model = load_model(source, list(overrides))  # the one loader tells the kinds apart
    if model.kind == "tree":
        assert model.tree_model is not None
        return _page(*_tree_report(source, overrides, model.tree_model))
    if model.kind == "dynamics":
        assert model.dynamics is not None
        return _page(*_timeline_report(source, overrides, timeline_model(model.dynamics)))
    analysis = analyse(model)
    escalation = model.inputs.escalation
    game = model.game
    title = game.title or Path(model.path).stem
    two = game.n_players == 2
    parts = [
        f"<h1>{_esc(title)}</h1>",
        f"<p>{_esc(game.description)}</p>" if game.description else "",
        _meta(model, source, overrides),
        "<h2>The game and its equilibria</h2>",
        "<p class='note'>Rows are the first player's moves, columns the second's, "
        + (
            "as the file lists them (its escalation order, least first: "
            + "; ".join(f"{_esc(p)} {_esc(' → '.join(m))}" for p, m in escalation.items())
            + ")"
            if escalation
            else "from most conciliatory to most escalatory"
        )
        + "; each cell holds both payoffs. Every equilibrium "
        "is exact and checked: no player gains by switching alone.</p>",
        _scroll(game._repr_html_()),
        _scroll(analysis.equilibria._repr_html_()),
    ]
    if two:
        parts.append(
            _figure(
                lambda: plot.payoff_heatmap(game, analysis.equilibria),
                "The payoff matrix: each cell split between the players, darker is better "
                "for that side; stars mark pure equilibria, bars mixed ones.",
            )
        )
    items = "".join(f"<li>{_esc(line)}</li>" for line in analysis.reading())
    parts += ["<h2>Reading</h2>", f"<ul>{items}</ul>"]

    scenario = model.scenario
    parts.append("<h2>How the payoffs are built</h2>")
    if scenario is None:
        parts.append(
            "<p class='note'>The payoffs are typed into the file; the sources it cites "
            "are listed below.</p>"
        )
        sources = "".join(
            f"<li>{_esc(s.citation)}"
            + (f"<blockquote>{_esc(s.quote)}</blockquote>" if s.quote else "")
            + "</li>"
            for s in game.sources
        )
        parts.append(f"<ul>{sources}</ul>" if sources else "<p>No sources are cited.</p>")
    else:
        parts.append(
            "<p class='note'>Each payoff is a sum over channels of effect × weight; the "
            "weights are formulas of each side's pressures.</p>"
        )
        parts.append(_scroll(scenario.explain_weights()._repr_html_()))
        parts.append(_pressures(scenario))
        eqs = list(analysis.equilibria.equilibria)
        if eqs and eqs[0].is_pure:
            cell = tuple(eqs[0].support(i)[0] for i in range(game.n_players))
            explanation = scenario.explain(cell)
            parts.append(f"<h3>The equilibrium cell, {_esc(' / '.join(cell))}, traced</h3>")
            parts.append(_scroll(explanation._repr_html_()))
            parts.append(
                _figure(
                    lambda: plot.cell_contributions(explanation),
                    "Each channel's contribution to the equilibrium cell's payoffs.",
                )
            )

    bargaining = analysis.bargaining
    if bargaining is not None:
        lev = bargaining.leverage
        parts += ["<h2>Leverage and the deal</h2>", _scroll(lev._repr_html_())]
        parts.append(
            _figure(
                lambda: plot.leverage_components(lev, game),
                "Each side's leverage, component by component, on a 0-to-1 scale.",
            )
        )
        parts.append(_scroll(bargaining._repr_html_()))
        parts.append(
            _figure(
                lambda: plot.bargaining_plot(bargaining, game),
                "The feasible deals, the disagreement point and the bargained deals.",
            )
        )
    parts.append("<h2>Would a truce hold?</h2>")
    if analysis.truce is not None:
        parts.append(_scroll(analysis.truce._repr_html_()))
    else:
        parts.append("<p class='note'>The truce test needs a two-player game.</p>")
    parts += ["<h2>Robustness</h2>", _robustness(model)]
    return _page(title, parts)


def _page(title: str, parts: Sequence[str]) -> str:
    body = "\n".join(p for p in parts if p)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(title)} — negotiation report</title><style>{_STYLE}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _meta_table(
    source: str | Path, overrides: Sequence[str], kind: str, warnings: Sequence[str]
) -> str:
    rows = [("file", f"<code>{_esc(Path(source).name)}</code>")]
    try:
        digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
        rows.append(("SHA-256", f"<code>{digest}</code>"))
    except OSError:
        pass
    rows.append(
        (
            "what-if (--set)",
            ", ".join(f"<code>{_esc(o)}</code>" for o in overrides) or "none: the file as written",
        )
    )
    rows.append(("tool", f"negotiation {_esc(__version__)}"))
    rows.append(("kind", kind))
    body = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    items = "".join(f"<li>{_esc(w)}</li>" for w in warnings)
    return f'<table class="meta"><caption>What was analysed</caption>{body}</table>' + (
        f"<p>Warnings about the inputs:</p><ul>{items}</ul>" if items else ""
    )


def _tree_report(
    source: str | Path, overrides: Sequence[str], model: ScenarioTree
) -> tuple[str, list[str]]:
    """A game tree: drawn with its equilibrium path, solved, read, its threats weighed."""
    tree = model.tree
    game = model.scenario.game if model.scenario is not None else None
    analysis = analyse_tree(tree, game=game)
    title = tree.title or Path(source).stem
    kind = "game tree built from a scenario" if game is not None else "game tree"
    equilibria = analysis.solution.equilibria
    parts = [
        f"<h1>{_esc(title)}</h1>",
        f"<p>{_esc(tree.description)}</p>" if getattr(tree, "description", "") else "",
        _meta_table(source, overrides, kind, tuple(model.warnings)),
        "<h2>The tree</h2>",
        "<p class='note'>Who moves when, what each knows, and the payoffs at the leaves "
        "(in player order). The bold path is the first equilibrium's play.</p>",
        _figure(
            lambda: _draw_tree(tree, equilibria[0] if equilibria else None),
            "The game tree; the path of play of the first equilibrium in bold"
            + ("; scroll sideways for all of it." if _leaves(tree) > _SMALL_TREE else "."),
            wide=_leaves(tree) > _SMALL_TREE,
        ),
        f"<details><summary>The tree as text</summary>{_scroll(tree._repr_html_())}</details>",
        "<h2>Equilibria and reading</h2>",
        _scroll(analysis._repr_html_()),
        "<h2>Threats and promises</h2>",
        "<p class='note'>A move that hurts the other side is a threat when carrying it out "
        "costs the mover too, and credible only when the mover would carry it out once "
        "defied (Schelling 1960); a tree shows which are.</p>",
        _scroll(analysis.threats._repr_html_()),
    ]
    return title, parts


#: leaves of a tree drawn at the page's width; a larger one keeps room per leaf and scrolls
_SMALL_TREE = 8


def _leaves(tree: Any) -> int:
    return sum(1 for n in tree.nodes if n.is_leaf)


def _draw_tree(tree: Any, equilibrium: Any) -> Any:
    """The tree with room for its labels: 1.6 inches per leaf on a large tree."""
    import matplotlib.pyplot as plt

    if _leaves(tree) <= _SMALL_TREE:
        return plot.tree_plot(tree, equilibrium)
    _, ax = plt.subplots(figsize=(1.6 * _leaves(tree), 4.5))
    return plot.tree_plot(tree, equilibrium, ax=ax)


def _timeline_report(
    source: str | Path, overrides: Sequence[str], model: TimelineModel
) -> tuple[str, list[str]]:
    """A dynamics file: the timeline figure and table, and the half-life of leverage."""
    result = timeline(model)
    title = result.title or Path(source).stem
    if result.half_life is None:
        half = (
            f"{_esc(result.exporter)}'s leverage does not halve within "
            f"{result.half_life_horizon} years."
        )
    else:
        half = (
            f"{_esc(result.exporter)}'s leverage halves in "
            f"<b>{_esc(format_number(result.half_life))} years</b> (the half-life, on the "
            "path the equilibrium policy sets)."
        )
    parts = [
        f"<h1>{_esc(title)}</h1>",
        _meta_table(source, overrides, "dynamics (a timeline)", tuple(model.warnings)),
        "<h2>Leverage over time</h2>",
        f"<p>{half}</p>",
        _figure(
            lambda: plot.timeline_plot(result),
            f"The importer's dependence (solid) and {result.exporter}'s bargaining power "
            "(dashed), year by year.",
        ),
        "<h2>Year by year</h2>",
        _scroll(result._repr_html_()),
    ]
    return title, parts


def write_report(
    source: str | Path,
    output: str | Path,
    overrides: Sequence[str] = (),
    *,
    overwrite: bool = False,
) -> Path:
    """Write :func:`report_html` of ``source`` to ``output`` atomically; return the path.

    An existing ``output`` is never replaced unless ``overwrite`` is true.
    """
    page = report_html(source, overrides)
    atomic_write_text(output, page, overwrite=overwrite)
    return Path(output)
