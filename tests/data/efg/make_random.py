"""Write the seeded random two-player ``.efg`` trees of ``tests/data/efg/`` (run once; committed).

Each tree is layered: one mover (or chance) per level with a fixed number of actions, so
the nodes of an information set always offer the same moves. A mover sees its own past
moves (perfect recall) and, at levels drawn at random, the other side's and chance's moves
so far; otherwise it knows only what it knew at its previous move. Payoffs are integers in
[-5, 5]; chance probabilities have small denominators. The text is written directly in
Gambit's format (independently of ``negotiation.files.efg``), so the round-trip and the
pygambit cross-checks in ``tests/files/test_efg.py`` test the reader against it.

    python -m tests.data.efg.make_random
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNT = 20
SEED = 20251009
#: most information sets per player (the reduced strategic form grows exponentially in it)
MAX_INFOSETS = 4


def _tree(rng: random.Random, k: int) -> str:
    depth = rng.randint(2, 4)
    levels = []
    for level in range(depth):
        chance = (level == 0 and rng.random() < 0.4) or rng.random() < 0.15
        mover = 0 if chance else rng.choice((1, 2))  # 0 is chance
        levels.append((mover, rng.randint(2, 3) if depth < 4 else 2, rng.random() < 0.5))
    lines = [f'EFG 2 R "random tree {k} (seed {SEED})" {{ "Player 1" "Player 2" }}', '""', ""]
    infosets: dict[tuple[object, ...], int] = {}
    count = {1: 0, 2: 0}
    chance_number = [0]
    outcome = [0]

    def node(level: int, history: tuple[tuple[int, int], ...], known: dict[int, int]) -> None:
        if level == depth:
            outcome[0] += 1
            pays = ", ".join(str(rng.randint(-5, 5)) for _ in range(2))
            lines.append(f't "" {outcome[0]} "" {{ {pays} }}')
            return
        mover, n, observes = levels[level]
        if mover == 0:
            chance_number[0] += 1
            weights = [rng.randint(1, 4) for _ in range(n)]
            total = sum(weights)
            acts = " ".join(f'"c{a}" {Fraction(w, total)}' for a, w in enumerate(weights))
            lines.append(f'c "" {chance_number[0]} "" {{ {acts} }} 0')
            for a in range(n):
                node(level + 1, (*history, (0, a)), known)
            return
        own = tuple(h for h in history if h[0] == mover)
        seen = len(history) if observes else known.get(mover, 0)
        others = tuple(h for h in history[:seen] if h[0] != mover)
        key = (mover, level, own, others)
        if key not in infosets:
            count[mover] += 1
            infosets[key] = count[mover]
        acts = " ".join(f'"{"abc"[a] if mover == 1 else "xyz"[a]}{level}"' for a in range(n))
        lines.append(f'p "" {mover} {infosets[key]} "" {{ {acts} }} 0')
        for a in range(n):
            node(level + 1, (*history, (mover, a)), {**known, mover: seen})

    node(0, (), {})
    return "\n".join(lines) + "\n"


def main() -> None:
    rng = random.Random(SEED)
    k = 0
    while k < COUNT:
        text = _tree(rng, k)
        sets = {
            line.split()[2:4][0] + ":" + line.split()[3]
            for line in text.splitlines()
            if line.startswith("p ")
        }
        counts = [sum(1 for s in sets if s.startswith(f"{p}:")) for p in "12"]
        if max(counts) > MAX_INFOSETS or min(counts) == 0:
            continue  # keep the strategic forms small, so the cross-checks take seconds
        (HERE / f"random_{k:02d}.efg").write_text(text, encoding="utf-8")
        k += 1


if __name__ == "__main__":
    main()
