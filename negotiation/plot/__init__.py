"""Figures that make a model visible: one module per figure family.

Every function takes ``ax=`` (a new figure when None), returns the
:class:`matplotlib.axes.Axes` it drew on, and imports matplotlib only when called, so
``import negotiation.plot`` costs nothing until a figure is drawn. Colours are
colour-blind safe (Okabe–Ito); the first player is blue, the second vermillion.

=============================  ===================================================
:func:`payoff_heatmap`         the bimatrix, split cells, equilibria marked
:func:`elimination_heatmap`    iterated elimination of dominated moves, step by step
:func:`best_response_graph`    who switches to what, on the matrix grid
:func:`payoff_region`          feasible / individually rational deals, bargaining
                               points, win-set floors and the SPE payoff set
:func:`bargaining_plot`        a bargaining analysis drawn on the feasible deals
:func:`linkage_plot`           issue linkage: package deals vs issue by issue
:func:`leverage_components`    each side's leverage, component by component
:func:`cell_contributions`     one scenario cell's payoffs, channel by channel
:func:`scenario_overview`      heatmap and bargaining picture side by side (what-ifs)
:func:`scenario_comparison`    variants one row each, on one colour scale and one range
:func:`score_heatmap`          a tournament's score matrix (the meta-game)
:func:`outcome_frequencies`    what each match played, as stacked bars
:func:`replicator_plot`        replicator / fictitious-play trajectories
:func:`moran_plot`             a Moran-process run, type counts over the steps
:func:`timeline_plot`          dependence and bargaining power over time, per policy
:func:`tree_plot`              a game tree, information sets joined, a path in bold
=============================  ===================================================
"""

from negotiation.plot.br_graph import best_response_graph
from negotiation.plot.dynamics import moran_plot, replicator_plot
from negotiation.plot.leverage import leverage_components
from negotiation.plot.payoffs import elimination_heatmap, payoff_heatmap
from negotiation.plot.region import bargaining_plot, linkage_plot, payoff_region
from negotiation.plot.scenario import cell_contributions, scenario_comparison, scenario_overview
from negotiation.plot.timeline import timeline_plot
from negotiation.plot.tournament import outcome_frequencies, score_heatmap
from negotiation.plot.tree import tree_plot

__all__ = [
    "bargaining_plot",
    "best_response_graph",
    "cell_contributions",
    "elimination_heatmap",
    "leverage_components",
    "linkage_plot",
    "moran_plot",
    "outcome_frequencies",
    "payoff_heatmap",
    "payoff_region",
    "replicator_plot",
    "scenario_comparison",
    "scenario_overview",
    "score_heatmap",
    "timeline_plot",
    "tree_plot",
]
