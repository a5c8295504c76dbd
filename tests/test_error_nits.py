"""Error messages people can act on (issue 15 item 7): an indentation slip is named as one,
and a missing file has no fake ``0:0`` position."""

from __future__ import annotations

import pytest

from negotiation.cli.main import main
from tests.repo_paths import PAYOFFS


def test_a_channel_one_level_off_says_check_the_indentation(tmp_path, capsys):
    lines = (PAYOFFS / "us_china_rare_earths.yaml").read_text(encoding="utf-8").splitlines()
    # the US 'security' effect of the ease_chips lever, moved out from under 'US:' by two
    # spaces (with whatever block it holds)
    lever = next(i for i, line in enumerate(lines) if line == "    ease_chips:")
    index = next(i for i in range(lever, len(lines)) if lines[i].startswith("          security:"))
    end = index + 1
    while end < len(lines) and lines[end].startswith(" " * 12):
        end += 1
    for i in range(index, end):
        lines[i] = lines[i][2:]
    broken = tmp_path / "indent.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["show", str(broken)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"{broken}:{index + 1}:" in err
    assert f"check the indentation of line {index + 1}" in err


@pytest.mark.parametrize("command", ["show", "analyse", "report"])
def test_a_missing_file_has_no_fake_position(tmp_path, capsys, command):
    missing = tmp_path / "missing.yaml"
    argv = [command, str(missing)] + (
        ["-o", str(tmp_path / "r.html")] if command == "report" else []
    )
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"{missing}: no such file — check the path and the spelling"
