"""Writes that keep data (issue 10, "Writes that lose or break data").

Symlinks are written through, hard links and read-only files refused without --force,
FIFOs and devices never replaced, a concurrent edit is detected, ``kill -9`` leaves no
temporary file behind (at the latest after the next write), and a rewrite keeps CRLF,
the byte-order mark, ``%YAML``/``---`` and the indentation of the user's file.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from negotiation.cli.main import main
from negotiation.errors import PayoffFileError
from negotiation.files import load_yaml, read_payoffs
from negotiation.files.atomic import STALE_SECONDS, atomic_write_text, leftover_temporaries
from negotiation.files.yamldoc import write_yaml_doc

from ..repo_paths import PAYOFFS, ROOT

PD = PAYOFFS / "prisoners_dilemma.yaml"
CELL = "payoffs.defect.defect.0"


def _copy(tmp_path: Path, name: str = "pd.yaml", text: str | None = None) -> Path:
    target = tmp_path / name
    target.write_bytes(PD.read_bytes() if text is None else text.encode("utf-8"))
    return target


def _set(path: Path, *extra: str, value: str = "2") -> int:
    return main(["set", str(path), f"{CELL}={value}", "--in-place", *extra])


def _temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_in_place_through_a_symlink_changes_the_real_file(tmp_path: Path) -> None:
    real = _copy(tmp_path, "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    assert _set(link) == 0
    assert link.is_symlink()
    assert read_payoffs(real).payoff(("defect", "defect"))[0] == 2


def test_mode_is_kept(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    target.chmod(0o640)
    assert _set(target) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_read_only_file_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _copy(tmp_path)
    target.chmod(0o444)
    before = target.read_bytes()
    assert _set(target) == 1
    assert "read-only" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert _set(target, "--force") == 0
    assert read_payoffs(target).payoff(("defect", "defect"))[0] == 2


def test_hard_linked_file_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _copy(tmp_path)
    other = tmp_path / "other.yaml"
    os.link(target, other)
    assert _set(target) == 1
    assert "hard links" in capsys.readouterr().err
    assert other.read_bytes() == PD.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_fifo_is_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code = main(["convert", str(PD), str(fifo), "--force", "--lossy"])
    assert code == 1 and "not a regular file" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_link_to_dev_null_is_never_replaced(tmp_path: Path) -> None:
    link = tmp_path / "null.yaml"
    link.symlink_to("/dev/null")
    with pytest.raises(PayoffFileError, match="not a regular file"):
        atomic_write_text(link, "x\n", overwrite=True, force=True)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_concurrent_edit_is_detected(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    mine = load_yaml(target)
    assert _set(target, value="7") == 0  # someone else's edit lands first
    mine.data["payoffs"]["cooperate"]["cooperate"][0] = 4
    with pytest.raises(PayoffFileError, match="changed since it was read"):
        write_yaml_doc(mine, target, overwrite=True)
    assert read_payoffs(target).payoff(("defect", "defect"))[0] == 7  # theirs is kept


def test_two_concurrent_processes_never_lose_an_edit(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cells = ["payoffs.defect.defect.0=8", "payoffs.cooperate.cooperate.0=9"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "negotiation", "set", str(target), cell, "--in-place"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cell in cells
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    game = read_payoffs(target)
    landed = [
        game.payoff(("defect", "defect"))[0] == 8,
        game.payoff(("cooperate", "cooperate"))[0] == 9,
    ]
    for (_out, err, code), ok in zip(results, landed, strict=True):
        # every process that said it wrote has its edit in the file; a loser says why
        if code == 0:
            assert ok
        else:
            assert "changed since it was read" in err and len(err.splitlines()) == 1


def test_kill_during_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "big.yaml"
    script = (
        "import time, sys\n"
        "from negotiation.files.atomic import atomic_write_text\n"
        "def slow(text):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        f"atomic_write_text({str(target)!r}, 'x: 1\\n' * 200000, validate=slow)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not target.exists()
    # an unnamed temporary file leaves nothing; a named one is swept by the next write
    atomic_write_text(target, "x: 2\n")
    assert _temporaries(tmp_path) == []
    assert target.read_text() == "x: 2\n"


def _writer(target: Path, lines: int) -> subprocess.Popen[bytes]:
    """A process writing ``lines`` lines to ``target``, paused inside the write (its
    temporary file complete but not yet renamed) until it is signalled."""
    script = (
        "import time\n"
        "from negotiation.files.atomic import atomic_write_text\n"
        "def slow(text):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        f"atomic_write_text({str(target)!r}, 'x: 1\\n' * {lines}, overwrite=True, "
        "validate=slow)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"writing"
    return proc


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("exists", [False, True], ids=["new", "replace"])
def test_a_caught_signal_during_write_removes_the_temporary_file(
    tmp_path: Path, sig: str, exists: bool
) -> None:
    target = tmp_path / "g.yaml"
    if exists:
        target.write_text("x: 0\n")
    proc = _writer(target, 1)
    proc.send_signal(getattr(signal, sig))
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert _temporaries(tmp_path) == []
    assert target.read_text() == "x: 0\n" if exists else not target.exists()


@pytest.mark.parametrize("exists", [False, True], ids=["new", "replace"])
def test_kill_9_leaves_a_recognisable_harmless_file_that_heals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], exists: bool
) -> None:
    """SIGKILL cannot be caught: what it leaves is named, reported and removed next time."""
    target = tmp_path / "big.yaml"
    pd = PD.read_text()
    if exists:
        target.write_text(pd)
    proc = _writer(target, 300_000)  # about 1.5 MB, as in the issue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    left = _temporaries(tmp_path)
    if left:  # a named temporary file (O_TMPFILE unusable here): the promised name
        assert [p.name for p in left] == [p.name for p in leftover_temporaries(target)]
        for p in left:
            assert p.name.startswith(f".big.yaml.negotiation-{proc.pid}-"), p.name
            assert p.name.endswith(".tmp") and p.parent == tmp_path
    assert target.read_text() == pd if exists else not target.exists()  # harmless
    if exists and left:
        for command in ("validate", "show"):
            assert main([command, str(target)]) == 0
            err = capsys.readouterr().err
            warnings = [ln for ln in err.splitlines() if ln.startswith("warning: ")]
            assert len(warnings) == len(left), err
            assert left[0].name in warnings[0] and "interrupted write" in warnings[0]
    # self-healing: the next write to the target removes it
    atomic_write_text(target, "x: 2\n", overwrite=exists)
    assert _temporaries(tmp_path) == [] and leftover_temporaries(target) == []
    assert target.read_text() == "x: 2\n"


def test_without_the_lock_only_orphans_are_swept(tmp_path: Path) -> None:
    """Creating a file takes no lock: a running writer's temporary file is kept."""
    live = tmp_path / f".new.yaml.negotiation-{os.getpid()}-live.tmp"
    dead = tmp_path / ".new.yaml.negotiation-999999999-dead.tmp"
    legacy = tmp_path / ".new.yaml.999999999.abcd.tmp"
    foreign = tmp_path / ".new.yaml.editor.tmp"  # not ours: never touched
    for p in (live, dead, legacy, foreign):
        p.write_text("half")
    assert leftover_temporaries(tmp_path / "new.yaml") == sorted([dead, legacy])
    atomic_write_text(tmp_path / "new.yaml", "x: 1\n")
    assert live.exists() and foreign.exists()
    assert not dead.exists() and not legacy.exists()
    old = time.time() - STALE_SECONDS - 1
    os.utime(live, (old, old))  # a live pid, but far too old to be a running write
    assert leftover_temporaries(tmp_path / "new.yaml") == [live]


LAYOUTS = {
    "crlf": PD.read_text().replace("\n", "\r\n"),
    "bom": "\ufeff" + PD.read_text(),
    "directive": "%YAML 1.2\n---\n" + PD.read_text(),
}

FOUR_SPACES = """version: 1
title: Four spaces
players:
    -   name: Row
        moves:
            cooperate: keep the deal
            defect: break it
    -   name: Column
        moves:
            cooperate: keep the deal
            defect: break it
payoffs:
    cooperate:
        cooperate: [3, 3]
        defect: [0, 5]
    defect:
        cooperate: [5, 0]
        defect: [1, 1]
"""
LAYOUTS["four_spaces"] = FOUR_SPACES
LAYOUTS["four_spaces_crlf"] = FOUR_SPACES.replace("\n", "\r\n")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_rewrite_keeps_the_layout(layout: str, tmp_path: Path) -> None:
    text = LAYOUTS[layout]
    target = tmp_path / "g.yaml"
    target.write_bytes(text.encode("utf-8"))
    assert _set(target) == 0
    written = target.read_bytes().decode("utf-8")
    assert read_payoffs(target).payoff(("defect", "defect"))[0] == 2
    # the only change is the value set
    old_lines = text.splitlines(keepends=True)
    new_lines = written.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 1 and "[2, 1]" in changed[0][1]


def test_convert_refuses_the_same_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _copy(tmp_path)
    assert main(["convert", str(target), str(target), "--force"]) == 1
    assert "is the input file" in capsys.readouterr().err
    assert target.read_bytes() == PD.read_bytes()


def test_convert_says_what_would_be_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = PAYOFFS / "us_china_rare_earths.yaml"
    out = tmp_path / "plain.yaml"
    assert main(["convert", str(scenario), str(out)]) == 1
    err = capsys.readouterr().err
    assert "pressures" in err and "--lossy" in err and len(err.splitlines()) == 1
    assert not out.exists()
    assert main(["convert", str(PD), str(tmp_path / "pd.nfg")]) == 1
    assert "move descriptions" in capsys.readouterr().err
    assert main(["convert", str(scenario), str(out), "--lossy"]) == 0


def test_nfg_writer_refuses_labels_it_cannot_read_back(tmp_path: Path) -> None:
    from negotiation.errors import GameError
    from negotiation.files import write_payoffs
    from negotiation.game import Game

    game = Game.from_matrices([[1]], [[1]], moves=(("ends\\",), ("c",)))
    with pytest.raises(GameError, match=r"cannot be written to \.nfg"):
        write_payoffs(game, tmp_path / "g.nfg")
    assert _temporaries(tmp_path) == [] and not (tmp_path / "g.nfg").exists()
