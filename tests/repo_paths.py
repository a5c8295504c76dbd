"""Paths of the repository, for tests that read shipped files."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYOFFS = ROOT / "payoffs"


def plain_payoff_files() -> list[Path]:
    """Shipped YAML files with typed-in payoffs (not scenarios, dynamics or trees)."""
    import re

    return sorted(
        p
        for p in PAYOFFS.glob("*.yaml")
        if re.search(r"^payoffs:", p.read_text(encoding="utf-8"), re.M)
    )
