"""Strategies for repeated play of any two-player game, acting on escalation levels.

A stage game's moves are ordered from most conciliatory (index 0) to most escalatory
(the last index), so a strategy can be written once and mean something in every game:
"conciliate" is level ``0``, "escalate fully" is the last level, "match the opponent"
maps the opponent's level onto one's own range. In a 2-move game such as the prisoner's
dilemma level 0 is *cooperate* and level 1 is *defect*, and every strategy below plays
exactly as its namesake in the Axelrod library.

**Matching levels across different move counts.** When the two sides have different
numbers of moves, the opponent's level ``j`` out of ``m`` moves is mapped
proportionally onto one's own ``n`` moves: ``round(j * (n - 1) / (m - 1))`` (halves
rounded up), so "none" maps to "none" and "maximal" to "maximal". See :func:`mirror_levels`.

The protocol
------------
A strategy is a class with

* ``name`` -- its kebab-case registry name, e.g. ``"tit-for-tat"``;
* declarative facts (checked by the test suite, as the Axelrod library does):
  ``memory_depth`` -- how many past rounds the choice depends on (``math.inf`` when
  unbounded; the first rounds, which have less history, may be special), and
  ``stochastic`` -- whether it draws on its random number generator;
* ``sources`` -- the citations it comes from;
* ``reset(context)`` -- called before every match with a :class:`Context` (its own and
  the opponent's number of moves and payoff matrices);
* ``choose(own, opponent, rng) -> int`` -- the level to play this round given the
  realised histories so far (lists of ints, noise included) and a
  :class:`random.Random` that is the *only* source of randomness it may use.

Subclass :class:`Strategy` and decorate with :func:`register` to add one::

    @register
    class Stubborn(Strategy):
        '''Escalates on odd rounds (my own invention, 2026).'''
        name = "stubborn"
        memory_depth = math.inf
        sources = ("this docstring",)
        def choose(self, own, opponent, rng):
            return self.top if len(own) % 2 else 0

References
----------
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
Knight, V. et al. (2016). An open framework for the reproducible study of the iterated
prisoner's dilemma. *Journal of Open Research Software* 4(1) (the Axelrod library).
"""

from negotiation.repeated.strategies import classic, graded
from negotiation.repeated.strategies.base import (
    STRATEGIES,
    Context,
    Strategy,
    describe,
    get_strategy,
    mirror_levels,
    register,
    strategy_names,
)
from negotiation.repeated.strategies.classic import molander_generosity
from negotiation.repeated.strategies.graded import zd_extort_probabilities

__all__ = [
    "STRATEGIES",
    "Context",
    "Strategy",
    "classic",
    "describe",
    "get_strategy",
    "graded",
    "mirror_levels",
    "molander_generosity",
    "register",
    "strategy_names",
    "zd_extort_probabilities",
]
