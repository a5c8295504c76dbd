"""What-if analysis at scale: sweeps, tipping points, sensitivity, Monte Carlo, discovery.

Built on :mod:`negotiation.scenario.compiled` (a scenario's formulas compiled once into
vectorised numpy code) and :mod:`negotiation.whatif.batch` (solvers over N games at
once); every sample whose float answer sits on a tie is re-solved exactly by
:mod:`negotiation.whatif.engine`, so batch answers are exact answers. Heavy libraries
(pandas, SALib, dask) load only inside the functions that need them.
"""

from __future__ import annotations
