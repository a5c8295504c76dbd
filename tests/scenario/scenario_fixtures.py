"""Data shared by the scenario tests: paths and a small scenario to break."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "payoffs" / "us_china_rare_earths.yaml"
ARTICLE = ROOT.parent / "shared" / "seed" / "rare-earth-export-controls-article.txt"

#: a two-by-two scenario small enough to compute by hand
SMALL = """\
version: 1
title: small
players: [A, B]
sources:
  note: {citation: "test fixture"}
channels:
  trade: market access
  security: strategic position
pressures:
  A:
    need:
      value: 0.5
      unit: index 0-1
      range: [0, 1]
      quote: "a quote"
      source: note
  B:
    fear:
      value: 2
      unit: points
      range: [0, 4]
weights:
  A:
    trade: 1 + need
    security: 1
  B:
    trade: 2
    security: fear / 2 + A.need
parameters:
  A:
    discount_rate: 0.1 * (1 + need)
    dependence: clip(need, 0, 1)
  B:
    discount_rate: 0.05
    dependence: 0.25
levers:
  A:
    tax:
      effects:
        A: {trade: -1, security: 1}
        B: {trade: -2}
  B:
    ban:
      effects:
        A: {security: -2}
        B: {trade: -0.5, security: 1.5}
moves:
  A:
    calm: {levers: []}
    tax: {levers: [tax]}
  B:
    calm: {levers: []}
    ban: {levers: [ban]}
interactions:
  war:
    when: {A: tax, B: ban}
    effects:
      A: {trade: -1}
      B: {trade: -1}
issues:
  market:
    A: 2 * trade
    B: 3
"""
