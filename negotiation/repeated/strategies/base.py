"""The protocol every strategy follows, the registry, and looking strategies up by name.

See :mod:`negotiation.repeated.strategies` for the protocol in words and how to add one.
"""

from __future__ import annotations

import difflib
import inspect
import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

from negotiation.errors import StrategyError

__all__ = [
    "STRATEGIES",
    "Context",
    "Strategy",
    "describe",
    "get_strategy",
    "mirror_levels",
    "register",
    "strategy_names",
]

#: every registered strategy class by its kebab-case name
STRATEGIES: dict[str, type[Strategy]] = {}

S = TypeVar("S", bound="type[Strategy]")


@dataclass(frozen=True)
class Context:
    """What a strategy knows about the stage game before a match starts.

    Parameters
    ----------
    n_moves, opponent_n_moves
        Number of moves (escalation levels) of the strategy's own side and of the opponent.
    payoffs
        The strategy's own payoffs, ``payoffs[own][opponent]``.
    opponent_payoffs
        The opponent's payoffs, indexed the same way (``[own][opponent]``).
    """

    n_moves: int
    opponent_n_moves: int
    payoffs: tuple[tuple[float, ...], ...]
    opponent_payoffs: tuple[tuple[float, ...], ...]

    @classmethod
    def prisoners_dilemma(cls) -> Context:
        """The context of Axelrod's prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1).

        >>> Context.prisoners_dilemma().payoffs
        ((3.0, 0.0), (5.0, 1.0))
        """
        a = ((3.0, 0.0), (5.0, 1.0))
        return cls(2, 2, a, ((3.0, 5.0), (0.0, 1.0)))


def mirror_levels(n_moves: int, opponent_n_moves: int) -> tuple[int, ...]:
    """Own level matching each opponent level, proportionally across move counts.

    Level ``j`` of ``m`` opponent moves maps to ``round(j * (n - 1) / (m - 1))`` of ``n``
    own moves, rounding halves up; with equal counts this is the identity.

    >>> mirror_levels(2, 2)
    (0, 1)
    >>> mirror_levels(3, 5)   # opponent levels 0..4 onto own levels 0..2
    (0, 1, 1, 2, 2)
    >>> mirror_levels(5, 2)
    (0, 4)
    """
    n, m = n_moves, opponent_n_moves
    if m == 1:
        return (0,)
    return tuple((2 * j * (n - 1) + (m - 1)) // (2 * (m - 1)) for j in range(m))


class Strategy:
    """Base class of repeated-game strategies (see the module docstring for the protocol).

    Subclasses set ``name``, ``memory_depth``, ``stochastic`` and ``sources`` and
    implement :meth:`choose`; those that keep state override :meth:`reset` (calling
    ``super().reset(context)``). Keyword parameters given to the constructor are
    stored in ``params`` and shown in :attr:`label`.
    """

    name: ClassVar[str] = "strategy"
    memory_depth: ClassVar[float] = math.inf
    stochastic: ClassVar[bool] = False
    sources: ClassVar[tuple[str, ...]] = ()
    #: parameters a user may set, with their defaults
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, **params: Any) -> None:
        unknown = sorted(set(params) - set(self.defaults))
        if unknown:
            allowed = ", ".join(self.defaults) or "none"
            raise StrategyError(
                f"{self.name} takes no parameter {', '.join(unknown)} (parameters: {allowed})"
            )
        self.params: dict[str, Any] = {**self.defaults, **params}
        self.context: Context | None = None
        self.top = 0
        self.mirror: tuple[int, ...] = (0,)

    # ------------------------------------------------------------------ protocol
    def reset(self, context: Context) -> None:
        """Prepare for a new match: store the context, the top level and the mirror map."""
        self.context = context
        self.top = context.n_moves - 1
        self.mirror = mirror_levels(context.n_moves, context.opponent_n_moves)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        """The escalation level to play now, given both realised histories."""
        raise NotImplementedError

    def automaton_state(self) -> Hashable | None:
        """Internal state that, with the last rounds, fixes all future play (optional).

        A deterministic strategy with finite ``memory_depth`` needs none (``()``). One
        with unbounded memory may return its state after the latest ``choose`` (e.g.
        grim trigger's "triggered" flag) if that state plus the last round determine
        every later choice; matches then skip ahead once play cycles. ``None`` (the
        default for unbounded memory) means "unknown": every turn is simulated.
        """
        return () if self.memory_depth != math.inf else None

    # ------------------------------------------------------------------ description
    @classmethod
    def classifier(cls) -> dict[str, Any]:
        """Declarative facts about the strategy, as in Axelrod's ``classifier``.

        >>> get_strategy("tit-for-tat").classifier()
        {'memory_depth': 1, 'stochastic': False}
        """
        return {"memory_depth": cls.memory_depth, "stochastic": cls.stochastic}

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else ""

    @property
    def label(self) -> str:
        """The name, with parameters that differ from the defaults: ``limited-punishment(k=5)``."""
        changed = {k: v for k, v in self.params.items() if self.defaults.get(k) != v}
        if not changed:
            return self.name
        inner = ",".join(f"{k}={v}" for k, v in changed.items())
        return f"{self.name}({inner})"

    def __repr__(self) -> str:
        return f"<Strategy {self.label}>"


def register(cls: S) -> S:
    """Class decorator adding a :class:`Strategy` subclass to :data:`STRATEGIES`."""
    if not (isinstance(cls, type) and issubclass(cls, Strategy)):
        raise StrategyError("only Strategy subclasses can be registered")
    if cls.name in STRATEGIES and STRATEGIES[cls.name] is not cls:
        raise StrategyError(f"a strategy named {cls.name!r} is already registered")
    STRATEGIES[cls.name] = cls
    return cls


def strategy_names() -> list[str]:
    """Registered names in library order.

    >>> strategy_names()[:3]
    ['always-conciliate', 'always-escalate', 'tit-for-tat']
    """
    return list(STRATEGIES)


def get_strategy(spec: str | Strategy | type[Strategy], **params: Any) -> Strategy:
    """A fresh strategy instance from a registry name, a class or an instance.

    Names may carry parameters: ``"limited-punishment(k=5)"``.

    Examples
    --------
    >>> get_strategy("tit-for-tat")
    <Strategy tit-for-tat>
    >>> get_strategy("limited-punishment(k=5)").params
    {'k': 5}
    >>> get_strategy("tit-for-tatt")
    Traceback (most recent call last):
    ...
    negotiation.errors.StrategyError: unknown strategy 'tit-for-tatt'; did you mean tit-for-tat, two-tits-for-tat, tit-for-two-tats?
    """
    if isinstance(spec, Strategy):
        return type(spec)(**{**spec.params, **params})
    if isinstance(spec, type) and issubclass(spec, Strategy):
        return spec(**params)
    if not isinstance(spec, str):
        raise StrategyError(f"a strategy is a name or a Strategy, got {spec!r}")
    name, parsed = _parse_spec(spec)
    cls = STRATEGIES.get(name)
    if cls is None:
        close = difflib.get_close_matches(name, STRATEGIES, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise StrategyError(
            f"unknown strategy {name!r}{hint}"
            + ("" if close else f" (known: {', '.join(STRATEGIES)})")
        )
    return cls(**{**parsed, **params})


def _parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    text = spec.strip()
    if "(" not in text:
        return text, {}
    if not text.endswith(")"):
        raise StrategyError(f"bad strategy {spec!r}: write name(param=value,...)")
    name, _, inner = text[:-1].partition("(")
    params: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in inner.split(","))):
        key, eq, value = item.partition("=")
        if not eq:
            raise StrategyError(f"bad parameter {item!r} in {spec!r}: write key=value")
        params[key.strip()] = _parse_number(value.strip(), spec)
    return name.strip(), params


def _parse_number(text: str, spec: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise StrategyError(f"parameter value {text!r} in {spec!r} is not a number") from None


def describe(name: str) -> dict[str, Any]:
    """Name, first docstring line, classifier and sources of a registered strategy."""
    cls = type(get_strategy(name))
    return {
        "name": cls.name,
        "summary": cls.summary(),
        **cls.classifier(),
        "sources": list(cls.sources),
    }
