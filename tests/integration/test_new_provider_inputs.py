"""Odd values for the newer providers, gateway mode and the Bedrock service tier, as a user
or an attacker types them: each is one line, with every file and keyring entry as it was."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error

TOKEN = "gw-token-EXAMPLE-0123456789"
AWS = ("apply", "--provider", "anthropic-aws", "--auth", "default-chain")
GATEWAY_MODE = ("apply", "--provider", "gateway", "--auth", "token", "--gateway-mode",
                "--secret-stdin", "--yes")  # fmt: skip


def tree(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    return one_line_error(result)


GOOGLE = ("apply", "--provider", "anthropic-google-cloud", "--auth", "adc", "--project-id", "p1")
BEDROCK = ("apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "us-east-1")
MANTLE = ("apply", "--provider", "mantle", "--region", "us-east-1", "--auth")
EMPTY_VALUES = {
    "workspace": ([*AWS, "--region", "us-east-1", "--workspace-id", ""], "--workspace-id"),
    "aws-region": ([*AWS, "--region", "", "--workspace-id", "wrkspc_1"], "--region"),
    "mantle-region": ([*MANTLE, "default-chain", "--region", ""], "--region"),
    "location": ([*GOOGLE, "--workspace-id", "w1", "--region", ""], "--region"),
    "service-tier": ([*BEDROCK, "--service-tier", ""], "--service-tier"),
    "aws-profile": ([*MANTLE, "aws-profile", "--aws-profile", ""], "--aws-profile"),
    "gateway-url": ([*GATEWAY_MODE, "--base-url", ""], "--base-url"),
}


@pytest.mark.parametrize("case", sorted(EMPTY_VALUES))
def test_an_empty_option_value_is_a_usage_error_not_a_crash_or_a_silent_setup(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    args, option = EMPTY_VALUES[case]
    before = tree(tmp_home)
    line = refused(claude_setup(*args, "--yes", input=TOKEN + "\n"), 2)
    assert f"{option}: is empty" in line
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []


@pytest.mark.parametrize(
    "url, reason",
    [
        ("https://llm.example.com/#v1", "has a ? or # part"),
        ("https://llm.example.com/?team=a", "has a ? or # part"),
        ("https://llm.example.com?", "has a ? or # part"),
        ("https://llm.example.com:99999", "is not an http(s) URL"),
        ("https://llm.example.com:port", "is not an http(s) URL"),
        ("https://[::1", "is not an http(s) URL"),
    ],
)
def test_a_base_url_claude_code_would_mangle_is_a_usage_error(
    url: str, reason: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    before = tree(tmp_home)
    line = refused(claude_setup(*GATEWAY_MODE, "--base-url", url, input=TOKEN + "\n"), 2)
    assert line.startswith("claude-setup: usage error: --base-url:") and reason in line
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []


@pytest.mark.parametrize("url", ["http://127.0.0.2:4000", "http://127.0.0.1.nip.io:4000"])
def test_gateway_mode_refuses_plain_http_where_claude_code_refuses_to_start(
    url: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """Claude Code 2.1.332 allows plain http in gateway mode for localhost, 127.0.0.1 and ::1
    only; any other host makes it refuse to start."""
    before = tree(tmp_home)
    line = refused(claude_setup(*GATEWAY_MODE, "--base-url", url, input=TOKEN + "\n"), 2)
    assert "usage error: --base-url: gateway mode needs an https:// address" in line
    assert tree(tmp_home) == before


GATEWAY = ("apply", "--provider", "gateway", "--base-url", "https://llm.example.com",
           "--gateway-mode", "--yes")  # fmt: skip


@pytest.mark.parametrize(
    "args, reason",
    [
        (["--auth", "token", "--gateway-api", "bedrock"], "applies only to an Anthropic-format"),
        (["--auth", "api-key"], "needs the gateway token in ANTHROPIC_AUTH_TOKEN"),
        (["--auth", "helper", "--helper-command", "print-key"], "needs the gateway token"),
        (["--auth", "token", "--scope", "project"], "ignores gateway mode in a project's"),
    ],
    ids=["bedrock-api", "api-key", "helper", "project"],
)
def test_a_gateway_mode_refusal_is_a_bad_option_value(
    args: list[str], reason: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """A bad option value exits 2, as the README says, gateway mode's refusals as the rest."""
    project = tmp_home / "repo"
    project.mkdir()
    before = tree(tmp_home)
    result = claude_setup(*GATEWAY, *args, "--secret-stdin", input=TOKEN + "\n", cwd=project)
    line = refused(result, 2)
    assert "usage error: --gateway-mode: " in line and reason in line
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []


@pytest.mark.parametrize("url", ["HTTPS://llm.example.com", "http://[::1]:4000"])
def test_gateway_mode_takes_every_address_claude_code_takes(
    url: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    result = claude_setup(*GATEWAY_MODE, "--base-url", url, "--dry-run", input=TOKEN + "\n")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "value, reason", [("w" * 129, "is longer than 128 characters"), ("", "is empty")]
)
@pytest.mark.parametrize("command", ["apply", "discover"])
def test_a_workspace_id_too_long_or_empty_says_so_rather_than_naming_its_characters(
    command: str, value: str, reason: str, tmp_home: Path
) -> None:
    args = AWS if command == "apply" else ("discover", "anthropic-aws")
    line = refused(claude_setup(*args, "--region", "us-east-1", "--workspace-id", value), 2)
    assert "--workspace-id: " in line and reason in line
    assert "may only contain" not in line


TEAM = {
    "format": "claude-setup-team",
    "version": 1,
    "name": "team",
    "setup": {"provider": "anthropic-aws", "auth": "default-chain", "region": "eu-west-1",
              "workspace_id": "wrkspc_01"},
    "asked_on_import": [],
}  # fmt: skip


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\xff\xfe{}", "is not a team setup file: it is not UTF-8 text"),
        (b'{"format": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001, "it is nested too deeply"),
    ],
    ids=["not-utf8", "deep"],
)
def test_an_unreadable_team_file_is_refused_in_plain_words(
    content: bytes, reason: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(content)
    before = tree(tmp_home)
    line = refused(claude_setup("import", str(path), "--yes"), 1)
    assert reason in line and "codec" not in line and "recursion" not in line
    assert tree(tmp_home) == before


def test_a_team_file_saved_with_a_byte_order_mark_is_read(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(TEAM).encode())
    result = claude_setup("import", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "ANTHROPIC_AWS_WORKSPACE_ID" in result.stdout


@pytest.mark.parametrize("kind", ["missing", "folder", "device", "not-a-key"])
def test_claude_platform_on_google_cloud_checks_the_service_account_key_file(
    kind: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """As for Vertex AI: a key file that is missing, a folder, a device or no service-account
    key was written into GOOGLE_APPLICATION_CREDENTIALS as it was."""
    path = {"missing": tmp_home / "none.json", "folder": tmp_home, "device": Path("/dev/zero"),
            "not-a-key": tmp_home / "other.json"}[kind]  # fmt: skip
    (tmp_home / "other.json").write_text('{"type": "authorized_user"}')
    before = tree(tmp_home)
    line = refused(
        claude_setup(
            "apply", "--provider", "anthropic-google-cloud", "--auth", "service-account",
            "--credentials-file", str(path), "--project-id", "p1", "--workspace-id", "w1",
            "--yes",
        ),
        1,
    )  # fmt: skip
    assert line.startswith("claude-setup: error: --credentials-file:")
    assert tree(tmp_home) == before


def test_importing_a_gateway_mode_team_setup_in_project_scope_names_the_scope(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """The user never typed --gateway-mode: the refusal speaks of the file and the scope."""
    path = tmp_path / "team.json"
    team = {**TEAM, "setup": {"provider": "gateway", "auth": "token", "gateway_mode": True,
                              "base_url": "https://llm.example.com"}}  # fmt: skip
    path.write_text(json.dumps(team))
    project = tmp_home / "repo"
    project.mkdir()
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--scope", "project", "--secret-stdin", "--yes",
                          input=TOKEN + "\n", cwd=project)  # fmt: skip
    line = refused(result, 2)
    assert "--gateway-mode" not in line
    assert "--scope: this team setup uses gateway mode" in line and "--scope user or local" in line
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []
