"""Issue 15, rule 10: a program claude-setup starts by name is looked up only in the absolute
folders of PATH, never in one a ``.``, an empty or a relative entry names."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from wizard import programs, self_command


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("path_value", [".", "", "bin", "./bin:.", "::"])
def test_a_program_in_a_relative_path_entry_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path_value: str
) -> None:
    _executable(tmp_path / "git")
    _executable(tmp_path / "bin" / "git")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", path_value)
    assert programs.find("git") is None


def test_a_program_in_an_absolute_path_entry_is_found_after_relative_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _executable(tmp_path / "git")
    real = _executable(tmp_path / "tools" / "git")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", f".::relative:{tmp_path / 'tools'}")
    assert programs.find("git") == str(real)


def test_claude_setup_itself_is_never_one_planted_in_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key helpers' command: beside this Python, else in PATH's absolute folders."""
    planted = _executable(tmp_path / "claude-setup")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python-elsewhere" / "python3"))
    monkeypatch.setenv("PATH", ".")
    assert str(planted) not in self_command.helper_executable()
    assert self_command.helper_executable().endswith(" -m wizard")
