"""End to end: one person exports a team setup, a teammate with another HOME imports it with
their own secret (and their own "asked on import" values), and the real Claude Code sends the
same requests from both machines but for the credential."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from claude_cli import run_claude
from fakes import FakeEndpoint, RecordedRequest
from keyring_env import PrivateKeyring, isolated_home_env, reset_keyring_backend
from runner import claude_setup, files_containing

ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEteamLEAD0123456789abcdef"
TEAMMATE_KEY = "sk-ant-api03-EXAMPLEteamMATE0123456789abcdef"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
TEAMMATE_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
TEAMMATE_SECRET = "je7MtGbClwBF2Zp9Utk0h3yCo8nvbEXAMPLEKEY"
SECRETS = (ANTHROPIC_KEY, TEAMMATE_KEY, AWS_SECRET, TEAMMATE_SECRET)
CREDENTIAL_HEADERS = {"x-api-key", "authorization", "x-amz-date", "x-amz-security-token"}


def enter_home(root: Path, monkeypatch: pytest.MonkeyPatch, ring: PrivateKeyring) -> Path:
    """Make ``root/home`` the HOME of every command that follows (the keyring stays)."""
    for name, value in {**isolated_home_env(root), **ring.env}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    reset_keyring_backend()
    return root / "home"


def ask_claude(home: Path, project: Path, ring: PrivateKeyring, endpoint: FakeEndpoint) -> Any:
    endpoint.clear()
    env = {
        **ring.env,
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }
    result = run_claude(home, project, extra_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = endpoint.model_calls()
    assert calls, endpoint.describe()
    return calls


def shape(call: RecordedRequest) -> tuple[str, str, str]:
    """What a request asks for, without its credential: method, path, model."""
    body = call.json() if call.body else {}
    return call.method, call.decoded_path, str(body.get("model", ""))


def credential_scope(call: RecordedRequest) -> str:
    header = call.headers["authorization"]
    match = re.match(r"AWS4-HMAC-SHA256 Credential=\S+?/\d{8}/(\S+?),", header)
    assert match, call.headers
    return match.group(1)


CASES = {
    "anthropic": (
        ["--provider", "anthropic", "--auth", "api-key", "--model", "claude-sonnet-4-6"],
        ANTHROPIC_KEY,
        [],
        TEAMMATE_KEY,
    ),
    "bedrock": (
        ["--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
         "--aws-access-key-id", KEY_ID, "--model", "eu.anthropic.claude-sonnet-4-6"],
        AWS_SECRET,
        ["--aws-access-key-id", TEAMMATE_KEY_ID],
        TEAMMATE_SECRET,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_team_setup_exported_and_imported_sends_the_same_requests(
    case: str,
    tmp_path: Path,
    keyring_env: PrivateKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, secret, own, teammate_secret = CASES[case]
    project = tmp_path / "project"
    project.mkdir()
    team_file = tmp_path / "team.json"
    with FakeEndpoint() as endpoint:
        lead = enter_home(tmp_path / "lead", monkeypatch, keyring_env)
        applied = claude_setup(
            "apply", *args, "--base-url", endpoint.url, "--profile", "team",
            "--secret-stdin", "--yes", input=secret + "\n",
        )  # fmt: skip
        assert applied.returncode == 0, applied.stderr
        exported = claude_setup(
            "export", "team", "--output", str(team_file), "--description", "Our setup"
        )
        assert exported.returncode == 0, exported.stderr
        lead_calls = ask_claude(lead, project, keyring_env, endpoint)

        mate = enter_home(tmp_path / "mate", monkeypatch, keyring_env)
        keyring_env.clear("claude-setup")
        imported = claude_setup(
            "import", str(team_file), *own, "--secret-stdin", "--yes",
            input=teammate_secret + "\n",
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        mate_calls = ask_claude(mate, project, keyring_env, endpoint)

    assert sorted(map(shape, mate_calls)) == sorted(map(shape, lead_calls))
    lead_headers = {k for k in lead_calls[-1].headers if k.lower() not in CREDENTIAL_HEADERS}
    mate_headers = {k for k in mate_calls[-1].headers if k.lower() not in CREDENTIAL_HEADERS}
    assert mate_headers == lead_headers
    if case == "anthropic":
        assert lead_calls[-1].headers["x-api-key"] == ANTHROPIC_KEY
        assert mate_calls[-1].headers["x-api-key"] == TEAMMATE_KEY
    else:
        assert KEY_ID in lead_calls[-1].headers["authorization"]
        assert TEAMMATE_KEY_ID in mate_calls[-1].headers["authorization"]
        assert credential_scope(mate_calls[-1]) == credential_scope(lead_calls[-1])
    team = json.loads(team_file.read_text())
    assert team["description"] == "Our setup"
    assert files_containing([tmp_path], SECRETS) == []
    assert str(lead) not in team_file.read_text()
    assert os.environ["HOME"] == str(mate)
