"""Reading payoff files: our .nfg and YAML readers against pygambit's .nfg reader.

The same seeded random games (integer and rational payoffs) are written as Gambit .nfg
and as YAML format v1. The script checks that pygambit and we read identical payoffs,
then prints the time per read and the ratios::

    .venv/bin/python benchmarks/files_io.py
"""

from __future__ import annotations

import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from negotiation.files import read_nfg, read_payoffs, write_payoffs
from negotiation.game import Game


def random_game(n: int, seed: int) -> Game:
    rng = np.random.default_rng(seed)
    a = rng.integers(-20, 21, size=(2, n, n)).astype(object)
    a[0, 0, 0] = Fraction(3, 2)
    return Game(
        ("Row", "Column"),
        ([f"r{i}" for i in range(n)], [f"c{j}" for j in range(n)]),
        a,
        title=f"random {n}x{n}",
    )


def per_read(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    folder = Path(tempfile.mkdtemp())
    print(f"{'game':>10} {'ours .nfg':>11} {'ours .yaml':>11} {'pygambit':>11} {'nfg ratio':>10}")
    for n in (5, 20, 60):
        game = random_game(n, seed=n)
        nfg, yml = folder / f"g{n}.nfg", folder / f"g{n}.yaml"
        write_payoffs(game, nfg)
        write_payoffs(game, yml)
        assert read_nfg(nfg) == game and read_payoffs(yml) == game
        repeat = max(1, 200 // n)
        ours_nfg = per_read(lambda p=nfg: read_nfg(p), repeat)
        ours_yaml = per_read(lambda p=yml: read_payoffs(p), repeat)
        if gbt is not None:
            theirs = gbt.read_nfg(str(nfg))
            for i in range(n):
                for j in range(n):
                    assert Fraction(str(theirs[[i, j]]["Row"])) == game.exact[0, i, j]
            gambit = per_read(lambda p=nfg: gbt.read_nfg(str(p)), repeat)
            ratio = f"{ours_nfg / gambit:9.1f}x"
            gambit_text = f"{gambit * 1e3:9.2f}ms"
        else:
            ratio, gambit_text = "n/a", "n/a"
        print(
            f"{n:>4}x{n:<5} {ours_nfg * 1e3:9.2f}ms {ours_yaml * 1e3:9.2f}ms "
            f"{gambit_text:>11} {ratio:>10}"
        )


if __name__ == "__main__":
    main()
