"""README's two set-up commands are the ones CI and users run."""

from __future__ import annotations

import re

from tests.repo_paths import ROOT


def setup_commands() -> list[str]:
    """The shell commands in the README's "Quick start" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands), "each set-up command is one line"
    install_and_run, install_and_test = commands
    assert "pip install ." in install_and_run
    assert "payoffs/us_china_rare_earths.yaml" in install_and_run
    assert '".[test]"' in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_commands()[1] in ci_lines


def test_readme_scenario_example_builds() -> None:
    from negotiation.files import parse_yaml
    from negotiation.scenario import build_scenario

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Writing your own scenario", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    scenario = build_scenario(parse_yaml(example.group(1), "README.md"))
    assert scenario.players == ("A", "B") and scenario.status_quo == ("calm", "calm")


def _bullets(text: str) -> list[str]:
    """The "•" points of a reading, each joined onto one line, spaces collapsed."""
    reading = text.split("Reading\n-------\n", 1)[1]
    points = re.split(r"^• ", reading, flags=re.M)[1:]
    return [" ".join(point.split()) for point in points]


def test_quick_start_reading_is_what_analyse_prints(capsys) -> None:
    """Each point of the Quick start's shortened reading starts a point the command prints.

    The excerpt had gone stale (a dominant move, an equilibrium and a power that the
    default scenario no longer gives); this reruns README's first command's analysis.
    """
    from negotiation.cli.main import main

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1]
    excerpt = re.search(r"```text\n(.*?)```", section, re.S)
    assert excerpt is not None
    assert main(["analyse", str(ROOT / "payoffs" / "us_china_rare_earths.yaml")]) == 0
    printed = _bullets(capsys.readouterr().out)
    shown = _bullets(excerpt.group(1))
    assert len(shown) >= 5, shown
    remaining = iter(printed)  # in the printed order; the excerpt may leave points out
    for short in shown:
        start = short.removesuffix("...").rstrip()
        assert any(full.startswith(start) for full in remaining), (short, printed)
