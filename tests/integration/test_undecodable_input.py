"""Issue 15, rule 13 (part): bytes that are not UTF-8 end in one line, never a traceback.

A secret on standard input in another encoding (``apply --secret-stdin``, ``import
--secret-stdin``) is refused with one line (exit 1), and nothing is written.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, one_line_error

LATIN1_KEY = "sk-ant-api03-EXAMPLEcl\u00e9KEY0123456789abcdef".encode("latin-1")


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
