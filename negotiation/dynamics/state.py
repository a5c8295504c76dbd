"""The state of the importer's supply chain and its monthly transition.

The state, per stage ``s`` of the chain (mining, processing, magnets), holds the
importer's **capacity** outside the exporter ``cap_s`` (share of its need) and the
capacity **in the pipeline** ``pipe_s``; for the chain as a whole, the share of demand
removed by **substitution and recycling** ``sub``, the **urgency** ``u`` felt by buyers and
governments (0 calm, 1 a full cut-off), and the **stockpile** ``S`` in months of the
exporter-supplied need. Dependence at a stage is what only the exporter can supply,
``d_s = clip(1 - sub - cap_s, 0, 1)``; the chain's dependence is its binding stage,
``max_s d_s`` (a magnet made outside China still needs separated oxide and ore from
outside China).

Monthly transition (``dt = 1/12`` year), every rate declared in the dynamics file:

* urgency moves toward the restriction level ``r``: ``u ← r + (u − r) e^{−dt/τ}``, with
  ``τ`` the rise time while ``r > u`` and the (slower) fade time after — diversification
  slows once exports resume (Japan after 2010; Gholz & Hughes 2021);
* investment starts ``(base_s + lever_s + x + response_s · u) · room_s / M`` per year,
  ``room_s = max(0, M − cap_s − pipe_s)`` under the capacity limit ``M``: it responds to
  restrictions and, through urgency, to how long they last;
* the pipeline delivers after the stage's lead time as a first-order material delay
  (mean delay = lead time; Sterman 2000, *Business Dynamics*, §11.2):
  ``arrivals = pipe_s (1 − e^{−dt/L_s})``; policy levers multiply ``L_s``;
* capacity built outside the exporter since the start, and projects in the pipeline,
  close or are cancelled at ``attrition · (1 − u)`` per year (high-cost newcomers lose
  to price competition once urgency fades; what was there at the start has survived
  it); a price floor multiplies the attrition. Treating both alike makes the total
  ``cap + pipe`` independent of lead times, so a shorter lead time only moves capacity
  from the pipeline into use sooner;
* substitution and recycling grow as ``rate · u · (limit − sub)`` and rebound at
  ``rebound · (1 − u) · sub``;
* a restriction draws the stockpile one month per month (times ``r``); otherwise it is
  refilled toward its target. The dependence the stage game *feels* is
  ``d_s · max(0, 1 − S / cover)``.

Every update is monotone in urgency, which is what the property tests check: a longer
restriction never leaves dependence higher, no restriction never grows substitution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.dynamics.spec import DynamicsSpec

__all__ = ["DT", "Transition"]

#: one month, in years: the step of every simulation
DT = 1.0 / 12.0


@dataclass(frozen=True, eq=False)
class Transition:
    """The numbers of the monthly transition, as arrays over stages.

    Build it with :meth:`from_spec`; columns of a state array ``X`` (shape ``(N, 2S+3)``)
    are ``cap_0..cap_{S-1}, pipe_0..pipe_{S-1}, sub, u, S``.
    """

    stages: tuple[str, ...]
    capacity_limit: float
    base: np.ndarray
    response: np.ndarray
    lead: np.ndarray
    attrition: float
    sub_rate: float
    sub_limit: float
    sub_rebound: float
    rise: float
    fade: float
    cover: float
    refill: float
    target: float
    lever_lead: tuple[tuple[float, np.ndarray], ...]
    lever_investment: tuple[tuple[float, np.ndarray], ...]
    lever_attrition: tuple[tuple[float, float], ...]
    initial: np.ndarray

    @property
    def n_stages(self) -> int:
        return len(self.stages)

    @property
    def width(self) -> int:
        return 2 * self.n_stages + 3

    @classmethod
    def from_spec(cls, spec: DynamicsSpec, *, without: tuple[str, ...] = ()) -> Transition:
        """The transition a dynamics file declares; ``without`` switches levers off."""
        names = spec.stage_names
        n = len(names)
        horizon = float("inf")
        lead_fx: list[tuple[float, np.ndarray]] = []
        inv_fx: list[tuple[float, np.ndarray]] = []
        attr_fx: list[tuple[float, float]] = []
        extra_pipe = np.zeros(n)
        for lever in spec.levers:
            if not lever.active or lever.name in without:
                continue
            until = horizon if lever.years is None else lever.years.value
            if lever.lead_time:
                lead_fx.append(
                    (
                        until,
                        np.array(
                            [
                                lever.lead_time[s].value if s in lever.lead_time else 1.0
                                for s in names
                            ]
                        ),
                    )
                )
            if lever.investment:
                inv_fx.append(
                    (
                        until,
                        np.array(
                            [
                                lever.investment[s].value * lever.scale
                                if s in lever.investment
                                else 0.0
                                for s in names
                            ]
                        ),
                    )
                )
            if lever.attrition is not None:
                attr_fx.append((until, lever.attrition.value))
            for k, s in enumerate(names):
                if s in lever.pipeline:
                    extra_pipe[k] += lever.pipeline[s].value * lever.scale
        sub0 = spec.substitution["initial"].value
        cap0 = np.clip(1.0 - sub0 - np.array([s.dependence.value for s in spec.stages]), 0.0, 1.0)
        pipe0 = np.array([s.pipeline.value for s in spec.stages]) + extra_pipe
        limit = spec.capacity_limit.value
        pipe0 = np.minimum(pipe0, np.maximum(limit - cap0, 0.0))
        initial = np.concatenate(
            [
                cap0,
                pipe0,
                [sub0, spec.urgency["initial"].value, spec.stockpile["initial_months"].value],
            ]
        )
        return cls(
            stages=names,
            capacity_limit=limit,
            base=np.array([s.investment.value for s in spec.stages]),
            response=np.array([s.response.value for s in spec.stages]),
            lead=np.array([s.lead_time.value for s in spec.stages]),
            attrition=spec.attrition.value,
            sub_rate=spec.substitution["rate"].value,
            sub_limit=spec.substitution["limit"].value,
            sub_rebound=spec.substitution["rebound"].value,
            rise=spec.urgency["rise_months"].value / 12.0,
            fade=spec.urgency["fade_years"].value,
            cover=spec.stockpile["cover_months"].value,
            refill=spec.stockpile["refill_months_per_year"].value,
            target=spec.stockpile["target_months"].value,
            lever_lead=tuple(lead_fx),
            lever_investment=tuple(inv_fx),
            lever_attrition=tuple(attr_fx),
            initial=initial,
        )

    def signature(self, t: float, months: int = 12) -> tuple[bool, ...]:
        """Which time-limited levers are in force in each month of the year from ``t``:
        two years with the same signature have the same transition."""
        limits = [u for u, _ in self.lever_lead] + [u for u, _ in self.lever_investment]
        limits += [u for u, _ in self.lever_attrition]
        return tuple(t + k * DT < u for k in range(months) for u in limits)

    # ------------------------------------------------------------------ state pieces
    def dependence(self, X: np.ndarray) -> np.ndarray:
        """Dependence per stage, shape ``(N, S)``: what only the exporter can supply."""
        n = self.n_stages
        return np.clip(1.0 - X[:, 2 * n : 2 * n + 1] - X[:, :n], 0.0, 1.0)

    def felt(self, X: np.ndarray) -> np.ndarray:
        """Dependence per stage as a cut-off would be felt, net of the stockpile."""
        cushion = np.clip(1.0 - X[:, -1] / self.cover, 0.0, 1.0)
        return self.dependence(X) * cushion[:, None]

    # ------------------------------------------------------------------- transition
    def step(self, X: np.ndarray, r: np.ndarray, x: np.ndarray, t: float) -> np.ndarray:
        """One month on from ``X`` under restriction ``r`` and extra investment ``x``
        (each shape ``(N,)``), starting at time ``t`` years."""
        n = self.n_stages
        cap, pipe = X[:, :n], X[:, n : 2 * n]
        sub, u, stock = X[:, 2 * n], X[:, 2 * n + 1], X[:, 2 * n + 2]
        lead: np.ndarray = self.lead.copy()
        for until, factor in self.lever_lead:
            if t < until:
                lead = lead * factor
        base = self.base.copy()
        for until, extra in self.lever_investment:
            if t < until:
                base = base + extra
        attrition: float = self.attrition
        for until, multiplier in self.lever_attrition:
            if t < until:
                attrition *= multiplier
        M = self.capacity_limit
        room = np.maximum(M - cap - pipe, 0.0)
        rate = base[None, :] + x[:, None] + self.response[None, :] * u[:, None]
        invest = np.minimum(rate * (room / M if M > 0 else 0.0) * DT, room)
        arrive = pipe * (1.0 - np.exp(-DT / lead))[None, :]
        built = np.maximum(cap - self.initial[None, :n], 0.0)
        close = built * (attrition * (1.0 - u) * DT)[:, None]
        cancel = pipe * (attrition * (1.0 - u) * DT)[:, None]
        new_cap = cap + arrive - close
        new_pipe = pipe - arrive - cancel + invest
        new_sub = (
            sub
            + self.sub_rate * u * np.maximum(self.sub_limit - sub, 0.0) * DT
            - self.sub_rebound * (1.0 - u) * sub * DT
        )
        tau = np.where(r > u, self.rise, self.fade)
        new_u = r + (u - r) * np.exp(-DT / tau)
        draw = r * 1.0  # one month of the restricted share per month
        refill = np.where(r > 0, 0.0, self.refill * DT)
        new_stock = np.where(
            r > 0,
            np.maximum(stock - draw, 0.0),
            np.minimum(stock + refill, np.maximum(stock, self.target)),
        )
        return np.concatenate(
            [new_cap, new_pipe, new_sub[:, None], new_u[:, None], new_stock[:, None]], axis=1
        )

    def advance(
        self, X: np.ndarray, r: np.ndarray, x: np.ndarray, t: float, months: int = 12
    ) -> np.ndarray:
        """``months`` steps with the actions held (the dynamic game's one period)."""
        for k in range(months):
            X = self.step(X, r, x, t + k * DT)
        return X
