"""A regular (non-editable) install carries the shipped payoff files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.repo_paths import PAYOFFS, ROOT


def _build_wheel(out: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = out.glob("negotiation-*.whl")
    return wheel


def test_wheel_ships_payoff_files_and_finds_them(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for path in PAYOFFS.glob("*.yaml"):
        assert f"negotiation/_payoffs/{path.name}" in names
    assert "negotiation/cli/main.py" in names
    # imported from the unpacked wheel (not the source tree), the default scenario is found
    code = "import negotiation.data as d; print(d.payoffs_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""},
    )
    assert Path(out.stdout.strip()) == tmp_path / "site" / "negotiation" / "_payoffs"
