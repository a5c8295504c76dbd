"""Paths of the repository, for tests that read shipped files."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYOFFS = ROOT / "payoffs"
