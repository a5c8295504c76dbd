"""Atomic writes: the original survives a failed write; no overwrite unless asked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from negotiation.errors import PayoffFileError
from negotiation.files import atomic_write_text, load_yaml, write_payoffs, write_yaml_doc
from negotiation.game import Game

PD = Path(__file__).resolve().parent.parent.parent / "payoffs" / "prisoners_dilemma.yaml"


def test_creates_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    atomic_write_text(target, "one\n")
    with pytest.raises(PayoffFileError, match="already exists — choose another name"):
        atomic_write_text(target, "two\n")
    assert target.read_text() == "one\n"
    atomic_write_text(target, "three\n", overwrite=True)
    assert target.read_text() == "three\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]  # no temporary left


def test_original_untouched_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("original\n")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PayoffFileError, match="No space left on device"):
        atomic_write_text(target, "new\n", overwrite=True)
    assert target.read_text() == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_interrupted_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("original\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new\n", overwrite=True)
    assert target.read_text() == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(PayoffFileError, match="does not exist"):
        atomic_write_text(tmp_path / "no" / "a.yaml", "x")
    with pytest.raises(PayoffFileError, match="folder"):
        atomic_write_text(tmp_path, "x", overwrite=True)


def test_keeps_permissions_of_the_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("x")
    target.chmod(0o640)
    atomic_write_text(target, "y", overwrite=True)
    assert target.stat().st_mode & 0o777 == 0o640


def test_write_payoffs_nfg_refuses_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "g.nfg"
    target.write_text("keep me")
    with pytest.raises(PayoffFileError, match="already exists"):
        write_payoffs(Game.from_matrices([[1]], [[1]]), target)
    assert target.read_text() == "keep me"


def test_write_yaml_doc_keeps_comments(tmp_path: Path) -> None:
    target = tmp_path / "pd.yaml"
    target.write_text(PD.read_text())
    doc = load_yaml(target)
    doc.data["payoffs"]["defect"]["defect"][0] = 2
    write_yaml_doc(doc, target, overwrite=True)
    text = target.read_text()
    assert "defect: [2, 1]            # P: punishment for mutual defection" in text
    assert text.replace("defect: [2, 1]", "defect: [1, 1]") == PD.read_text()
