"""The golden cases: the ``--json`` output of every command on every shipped file.

Recorded before the architecture redesign (issue 9) so that the move can be checked to
change nothing that it does not name. ``python -m tests.golden.record`` rewrites the
recorded outputs; do that only for a change the CHANGELOG lists.
"""

from __future__ import annotations

SCENARIO = "us_china_rare_earths.yaml"
TEACHING = (
    "prisoners_dilemma.yaml",
    "chicken.yaml",
    "battle_of_the_sexes.yaml",
    "stag_hunt.yaml",
    "matching_pennies.yaml",
    "rock_paper_scissors.yaml",
    "deadlock.yaml",
    "coordination.yaml",
)
SOLVE_METHODS = (
    "all",
    "pure",
    "lemke-howson",
    "dominance",
    "correlated",
    "stackelberg",
    "maximin",
    "pareto",
    "br-graph",
)
VARIANTS = (
    (),
    ("pressures.China.deflation=0.9",),
    ("pressures.US.alternative_supply=0.5",),
    ("pressures.China.chip_want=1.0", "pressures.US.mp_stake=2000"),
)


def cases() -> list[tuple[str, list[str]]]:
    """(name, argv) for every golden case; argv has paths relative to the repository."""
    out: list[tuple[str, list[str]]] = []
    files = [*TEACHING, SCENARIO]
    for name in files:
        path = f"payoffs/{name}"
        stem = name.removesuffix(".yaml")
        out.append((f"show-{stem}", ["show", path, "--json"]))
        out.append((f"analyse-{stem}", ["analyse", path, "--json"]))
        for method in SOLVE_METHODS:
            out.append((f"solve-{method}-{stem}", ["solve", path, "--method", method, "--json"]))
        out.append((f"leverage-{stem}", ["leverage", path, "--json"]))
        out.append((f"bargain-{stem}", ["bargain", path, "--json"]))
        out.append((f"folk-{stem}", ["folk", path, "--json"]))
        out.append((f"spe-{stem}", ["spe", path, "--discount", "0.9", "--json"]))
        out.append(
            (
                f"repeat-{stem}",
                [
                    "repeat",
                    path,
                    "--strategies",
                    "tit-for-tat,grim-trigger,always-escalate",
                    "--turns",
                    "20",
                    "--repetitions",
                    "2",
                    "--seed",
                    "1",
                    "--json",
                ],
            )
        )
    for name in TEACHING:
        if name in ("matching_pennies.yaml", "rock_paper_scissors.yaml"):
            path = f"payoffs/{name}"
            stem = name.removesuffix(".yaml")
            out.append(
                (f"solve-zero-sum-{stem}", ["solve", path, "--method", "zero-sum", "--json"])
            )
    scenario = f"payoffs/{SCENARIO}"
    out.append(("explain-scenario", ["explain", scenario, "--json"]))
    out.append(
        ("explain-cell", ["explain", scenario, "--cell", "tariffs", "defence_ban", "--json"])
    )
    for i, variant in enumerate(VARIANTS[1:], start=1):
        sets = [arg for item in variant for arg in ("--set", item)]
        out.append((f"analyse-variant{i}", ["analyse", scenario, *sets, "--json"]))
        out.append((f"leverage-variant{i}", ["leverage", scenario, *sets, "--json"]))
        out.append((f"bargain-variant{i}", ["bargain", scenario, *sets, "--json"]))
        out.append((f"diff-variant{i}", ["diff", scenario, *sets, "--json"]))
    for rule in ("worst", "security", "threat", "hold,licensing"):
        out.append(
            (
                f"leverage-disagreement-{rule.replace(',', '-')}",
                ["leverage", scenario, "--disagreement", rule, "--json"],
            )
        )
    return out
