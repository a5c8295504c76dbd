"""The what-if commands: JSON shapes, output files, and bad input (issue 12, last list)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

import pandas as pd
import pytest

from negotiation.cli.main import main
from negotiation.errors import NegotiationError
from tests.repo_paths import PAYOFFS, ROOT

FILE = str(PAYOFFS / "us_china_rare_earths.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sweep_json_shape_and_csv(capsys, tmp_path):
    out_file = tmp_path / "sweep.csv"
    code, out, err = run(
        capsys,
        "sweep",
        FILE,
        "--vary",
        "pressures.China.chip_want=0:1:5",
        "--json",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["inputs"] == ["pressures.China.chip_want"]
    assert len(data["points"]) == 5
    point = data["points"][0]
    assert set(point["values"]) == {"pressures.China.chip_want"}
    eq = point["equilibria"][0]
    assert set(eq) == {"strategies", "payoffs"} and set(eq["strategies"]) == {"US", "China"}
    frame = pd.read_csv(out_file)
    assert len(frame) == 5 and "pressures.China.chip_want" in frame


def test_montecarlo_json_and_parquet(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    out_file = tmp_path / "mc.parquet"
    code, out, err = run(
        capsys,
        "montecarlo",
        FILE,
        "--samples",
        "3000",
        "--seed",
        "4",
        "--json",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["samples"] == 3000 and data["seed"] == 4
    assert abs(sum(s["frequency"] for s in data["equilibrium_sets"]) - 1) < 1e-12
    assert "strategies" in data["equilibrium_sets"][0]["equilibria"][0]
    assert len(pd.read_parquet(out_file)) == 3000


def test_tipping_and_sensitivity_json(capsys):
    ties = str(ROOT / "tests" / "whatif" / "data" / "ties.yaml")
    code, out, err = run(
        capsys, "tipping", ties, "--input", "pressures.Row.pull", "--grid", "501", "--json"
    )
    assert code == 0, err
    points = json.loads(out)["tipping_points"]
    assert points and all(set(p) >= {"input", "value", "what", "before", "after"} for p in points)
    code, out, err = run(capsys, "sensitivity", FILE, "--json")
    assert code == 0, err
    assert json.loads(out)["method"] == "tornado"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["sweep", FILE, "--vary", "pressures.China.deflaton=0:1:3"],
            "did you mean 'pressures.China.deflation'",
        ),
        (
            ["sweep", FILE, "--vary", "pressures.China.deflation.unit=0:1:3"],
            "not a number the payoffs depend on",
        ),
        (["sweep", FILE, "--vary", "title=0:1:3"], "not a number the payoffs depend on"),
        (["sweep", FILE, "--vary", "pressures.China.deflation=1:0:3"], "LO (1) is above HI (0)"),
        (["sweep", FILE, "--vary", "pressures.China.deflation=0:1:0"], "N must be at least 1"),
        (["sweep", FILE, "--vary", "pressures.China.deflation=a:b"], "must be numbers"),
        (["sweep", FILE], "at least one --vary"),
        (["sweep", FILE, "--vary", "pressures.China.deflation=0:1:-2"], "N must be at least 1"),
        (["montecarlo", FILE, "--samples", "0"], "positive whole number"),
        (["montecarlo", FILE, "--samples", "-5"], "positive whole number"),
        (["montecarlo", FILE, "--samples", "many"], "must be a whole number"),
        (["montecarlo", FILE, "--samples", "1000000000000"], "add --force"),
        (["montecarlo", FILE, "--samples", "1e12"], "add --force"),
        (["montecarlo", FILE, "--samples", "10", "--chunk", "0"], "--chunk must be at least 1"),
        (["montecarlo", FILE, "--samples", "10", "--workers", "0"], "--workers must be at least 1"),
        (
            ["montecarlo", FILE, "--samples", "10", "--scheduler", "nonsense://x"],
            "not a Dask address",
        ),
        (["montecarlo", FILE, "--samples", "10", "--scheduler", "tcp://127.0.0.1"], "HOST:PORT"),
        (
            ["montecarlo", FILE, "--samples", "10", "--scheduler", "tcp://127.0.0.1:9"],
            "cannot reach a Dask scheduler at tcp://127.0.0.1:9",
        ),
        (["sweep", str(PAYOFFS / "chicken.yaml"), "--vary", "x=0:1:2"], "vary a typed-in payoff"),
        (["montecarlo", FILE, "--samples", "10", "-o", "out.txt"], ".csv or .parquet"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_range_outside_the_declared_one_is_a_warning(capsys):
    code, _out, err = run(capsys, "sweep", FILE, "--vary", "pressures.China.deflation=0:2:2")
    assert code == 0
    assert "leaves the declared range [0, 1]" in err


def test_existing_output_is_never_clobbered(capsys, tmp_path):
    target = tmp_path / "keep.csv"
    target.write_text("precious\n")
    code, _, err = run(
        capsys, "sweep", FILE, "--vary", "pressures.China.chip_want=0:1:2", "-o", str(target)
    )
    assert code == 1 and "exists" in err
    assert target.read_text() == "precious\n"


def test_huge_sample_counts_need_force():
    from negotiation.whatif.montecarlo import MAX_SAMPLES, check_samples

    with pytest.raises(NegotiationError, match="add --force"):
        check_samples(MAX_SAMPLES + 1)
    check_samples(MAX_SAMPLES + 1, force=True)  # allowed: nothing raised
    check_samples(MAX_SAMPLES)


def test_unreachable_scheduler_fails_clearly_within_10_seconds():
    """The command as a user runs it: one line, exit 1. The bound on the whole process
    is loose (interpreter and imports on a loaded machine); the next test bounds the
    part the code controls."""
    start = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "negotiation",
            "montecarlo",
            FILE,
            "--samples",
            "100",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 1
    assert "cannot reach a Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert elapsed < 30


@pytest.mark.parametrize("answers", [False, True], ids=["refused", "silent"])
def test_scheduler_that_refuses_or_never_answers_fails_within_10_seconds(answers):
    """Nothing listening (refused at once), and a port that accepts connections but never
    speaks Dask (the client's handshake times out): a NegotiationError within 10 s."""
    from negotiation.scenario import read_scenario
    from negotiation.scenario.compiled import compile_scenario
    from negotiation.whatif.execution import CONNECT_TIMEOUT
    from negotiation.whatif.montecarlo import montecarlo

    if answers:
        pytest.importorskip("distributed")
    compiled = compile_scenario(read_scenario(FILE))
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        if answers:
            listener.listen(8)  # the kernel completes the TCP handshake; no one replies
        else:
            listener.close()
        start = time.monotonic()
        with pytest.raises(NegotiationError, match="cannot reach a Dask scheduler"):
            montecarlo(compiled, 100, scheduler=f"tcp://127.0.0.1:{port}")
        elapsed = time.monotonic() - start
    assert CONNECT_TIMEOUT <= 5
    assert elapsed < 10


def test_ctrl_c_writes_no_partial_file(capsys, tmp_path, monkeypatch):
    from negotiation.whatif import montecarlo as mc

    calls = {"n": 0}
    real = mc._run_chunk

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(mc, "_run_chunk", interrupted)
    target = tmp_path / "mc.csv"
    code, _out, err = run(
        capsys, "montecarlo", FILE, "--samples", "3000", "--chunk", "1000", "-o", str(target)
    )
    assert code == 130 and "interrupted" in err
    assert _out == ""  # no summary printed as if the run were whole
    assert not target.exists()
    assert not list(tmp_path.iterdir())


def test_sigint_mid_run_writes_no_file_and_exits_130(tmp_path):
    """A real Ctrl-C (SIGINT) once the run is under way (its progress bar has started):
    exit 130, one line, and neither the output file nor a temporary file is left."""
    target = tmp_path / "mc.csv"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "negotiation",
            "montecarlo",
            FILE,
            "--samples",
            "2000000",
            "--chunk",
            "2000",
            "--progress",
            "-o",
            str(target),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert proc.stderr is not None
        proc.stderr.read(1)  # the progress bar's first byte: chunks are being analysed
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert out == b""
    assert b"interrupted" in err and b"Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_plain_payoff_file_works_with_vary_alone(capsys):
    """Chicken with the crash payoff lowered: the mixed equilibrium's Row mix stays 1/2
    (Column's payoffs do not change) while Column's mix 12/13 follows from
    3y + 2(1 - y) = 4y - 10(1 - y) — the indifference condition (Osborne 2004, ch. 4)."""
    code, out, err = run(
        capsys,
        "sweep",
        str(PAYOFFS / "chicken.yaml"),
        "--vary",
        "payoffs.straight.straight.0=-10:1:2",
        "--json",
    )
    assert code == 0, err
    first = json.loads(out)["points"][0]
    mixed = [e for e in first["equilibria"] if 0 < e["strategies"]["Row"]["swerve"] < 1]
    assert len(first["equilibria"]) == 3 and len(mixed) == 1
    assert abs(mixed[0]["strategies"]["Row"]["swerve"] - 0.5) < 1e-12
    assert abs(mixed[0]["strategies"]["Column"]["swerve"] - 12 / 13) < 1e-12
    code, _, err = run(capsys, "montecarlo", str(PAYOFFS / "chicken.yaml"))
    assert code == 1 and "nothing to draw" in err
