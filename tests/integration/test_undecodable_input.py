"""Issue 15, rule 13 (part): bytes that are not UTF-8 end in one line, never a traceback.

A secret on standard input in another encoding (``apply --secret-stdin``, ``import
--secret-stdin``), and a saved profile, the state file or a backup manifest that is not UTF-8
or not JSON: each is refused with one line (exit 1), and nothing is written.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, one_line_error

LATIN1_KEY = "sk-ant-api03-EXAMPLEcl\u00e9KEY0123456789abcdef".encode("latin-1")
LOGIN = ("apply", "--provider", "anthropic", "--auth", "claude-login", "--yes")


def with_bytes_on_stdin(*args: str, stdin: bytes) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(CLAUDE_SETUP), *args], input=stdin, capture_output=True, timeout=30,
        env=dict(os.environ),
    )  # fmt: skip
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def everything(home: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in home.rglob("*") if p.is_file()}


@pytest.mark.parametrize("line", [LATIN1_KEY + b"\n", b"\xff\xfe\x00k\x00e\x00y\n", b"\x80\n"])
def test_a_secret_that_is_not_utf8_is_refused_with_one_line(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path, line: bytes
) -> None:
    team = tmp_path / "team.json"
    team.write_text(
        '{"format": "claude-setup-team", "version": 1, "name": "team", "setup": '
        '{"provider": "anthropic", "auth": "api-key"}, "asked_on_import": []}'
    )
    before = everything(tmp_home)
    for command in (
        ("apply", "--provider", "anthropic", "--auth", "api-key", "--secret-stdin", "--yes"),
        ("import", str(team), "--secret-stdin", "--yes"),
    ):
        result = with_bytes_on_stdin(*command, stdin=line)
        assert result.returncode == 1, result.stderr
        assert one_line_error(result) == (
            "claude-setup: error: --secret-stdin: the secret is not UTF-8 text"
        )
        assert everything(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []


def test_a_utf8_secret_after_the_first_line_does_not_matter(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    key = "sk-ant-api03-EXAMPLEfirstLINE0123456789abcdef"
    result = with_bytes_on_stdin(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--secret-stdin", "--yes",
        stdin=key.encode() + b"\n\xff\xfe not read\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == key


BROKEN = [b"\xff\xfe{\x00}\x00", b"{not json", b"[" * 100000]


@pytest.mark.parametrize("content", BROKEN, ids=["utf-16", "not-json", "too-deep"])
@pytest.mark.parametrize("command", [LOGIN, ("status",), ("profiles",), ("run", "--", "true")])
def test_a_state_file_that_is_not_utf8_json_is_refused_with_one_line(
    tmp_home: Path, content: bytes, command: tuple[str, ...]
) -> None:
    assert claude_setup(*LOGIN).returncode == 0
    state = tmp_home / ".config" / "claude-setup" / "state.json"
    state.write_bytes(content)
    before = everything(tmp_home)
    result = claude_setup(*command)
    assert result.returncode == 1
    line = one_line_error(result)
    assert f"cannot read {state}: " in line or f"{state} is not UTF-8 text" in line
    assert everything(tmp_home) == before


@pytest.mark.parametrize("content", BROKEN, ids=["utf-16", "not-json", "too-deep"])
def test_a_profile_that_is_not_utf8_json_is_refused_with_one_line(
    tmp_home: Path, content: bytes
) -> None:
    assert claude_setup(*LOGIN).returncode == 0
    profile = tmp_home / ".config" / "claude-setup" / "profiles" / "anthropic.json"
    profile.write_bytes(content)
    before = everything(tmp_home)
    commands = (("use", "anthropic"), ("export", "anthropic"), ("remove", "anthropic", "--yes"))
    for command in commands:
        result = claude_setup(*command)
        assert result.returncode == 1
        line = one_line_error(result)
        assert f"cannot read profile {profile}: " in line
        assert everything(tmp_home) == before


@pytest.mark.parametrize("content", BROKEN, ids=["utf-16", "not-json", "too-deep"])
def test_a_manifest_that_is_not_utf8_json_is_skipped_with_its_reason(
    tmp_home: Path, content: bytes
) -> None:
    assert claude_setup(*LOGIN).returncode == 0
    backups = tmp_home / ".local" / "state" / "claude-setup" / "backups"
    (manifest,) = backups.glob("*/manifest.json")
    manifest.write_bytes(content)
    before = everything(tmp_home)
    result = claude_setup("undo")
    assert result.returncode == 1
    assert f"skipped: the backup set {manifest.parent} is unusable" in result.stdout
    assert one_line_error(result) == (
        "claude-setup: error: nothing to undo: claude-setup has not changed any file yet"
    )
    assert everything(tmp_home) == before
