"""anthropic -> bedrock -> vertex -> Claude Platform on AWS -> Claude Platform on Google Cloud ->
Bedrock Mantle -> a gateway in gateway mode -> Bedrock with a service tier -> anthropic, over
real settings files that others wrote.

After each switch no key of the previous provider is left, every key claude-setup does not own
keeps its value and its place, and the file validates against Claude Code's settings schema.
``undo`` then gives back the earlier bytes, of ``settings.json`` and of ``~/.aws/config``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from keyring_env import PrivateKeyring

from wizard.cli.dispatch import run_command
from wizard.providers.base import MODEL_ROLE_VARIABLES
from wizard.settings.owned import OWNED_TOP, is_owned_env

DATA = Path(__file__).resolve().parents[1] / "data"  # copies; see tests/data/README.md
EXAMPLES = sorted((DATA / "settings-examples").glob("*.json"))
SCHEMA = json.loads((DATA / "claude-code-settings.schema.json").read_text())

MODEL_VARIABLES = set(MODEL_ROLE_VARIABLES.values())

AWS_CONFIG = """# my AWS set-up, by hand
[default]
region = us-west-2   ; keep this comment

[profile dev]
sso_session = corp
sso_account_id = 111122223333
"""

STEPS: list[tuple[list[str], str | None, set[str]]] = [
    (
        ["--provider", "anthropic", "--auth", "api-key", "--model", "claude-sonnet-4-6"],
        "sk-ant-api03-EXAMPLEswitchKEY0123456789",
        {"apiKeyHelper", "ANTHROPIC_MODEL"},
    ),
    (
        ["--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
         "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE",
         "--model", "eu.anthropic.claude-sonnet-4-6"],
        "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        {"CLAUDE_CODE_USE_BEDROCK", "AWS_REGION", "AWS_PROFILE", "ANTHROPIC_MODEL"},
    ),
    (
        ["--provider", "vertex", "--auth", "adc", "--region", "us-east5",
         "--project-id", "my-project-01", "--model", "claude-sonnet-4-6"],
        None,
        {"CLAUDE_CODE_USE_VERTEX", "CLOUD_ML_REGION", "ANTHROPIC_VERTEX_PROJECT_ID",
         "gcpAuthRefresh", "ANTHROPIC_MODEL"},
    ),
    (
        ["--provider", "anthropic-aws", "--auth", "api-key", "--region", "us-west-2",
         "--workspace-id", "wrkspc_01EXAMPLE"],
        "sk-ant-api03-EXAMPLEawsKEY0123456789",
        {"CLAUDE_CODE_USE_ANTHROPIC_AWS", "AWS_REGION", "ANTHROPIC_AWS_WORKSPACE_ID"},
    ),
    (
        ["--provider", "anthropic-google-cloud", "--auth", "adc", "--project-id", "my-project-01",
         "--workspace-id", "wrkspc_01EXAMPLE", "--base-url", "https://claude.example.com"],
        None,
        {"CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "ANTHROPIC_GOOGLE_CLOUD_PROJECT",
         "ANTHROPIC_GOOGLE_CLOUD_LOCATION", "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID",
         "ANTHROPIC_GOOGLE_CLOUD_BASE_URL", "gcpAuthRefresh"},
    ),
    (
        ["--provider", "mantle", "--auth", "sso", "--region", "us-east-1", "--aws-profile", "dev"],
        None,
        {"CLAUDE_CODE_USE_MANTLE", "AWS_REGION", "AWS_PROFILE", "awsAuthRefresh"},
    ),
    (
        ["--provider", "gateway", "--auth", "token", "--base-url", "https://llm.example.com",
         "--gateway-mode"],
        "gw-EXAMPLE-token-0123456789",
        {"CLAUDE_CODE_USE_GATEWAY", "ANTHROPIC_BASE_URL"},
    ),
    (
        ["--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
         "--service-tier", "priority"],
        "ABSKEXAMPLEEXAMPLEEXAMPLEEXAMPLE0000",
        {"CLAUDE_CODE_USE_BEDROCK", "AWS_REGION", "ANTHROPIC_BEDROCK_SERVICE_TIER"},
    ),
    (
        ["--provider", "anthropic", "--auth", "api-key"],
        None,
        {"apiKeyHelper"},
    ),
]


def not_owned(data: dict[str, Any]) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """The user's own keys, in order: top level (without ``env``), and ``env``'s."""
    top = [(k, v) for k, v in data.items() if k != "env" and k not in OWNED_TOP]
    env = data.get("env") or {}
    return top, [(k, v) for k, v in env.items() if not is_owned_env(k)]


def owned(data: dict[str, Any]) -> set[str]:
    env = data.get("env") or {}
    return {k for k in data if k in OWNED_TOP} | {k for k in env if is_owned_env(k)}


def apply(args: list[str], secret: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    flags = ["--secret-stdin"] if secret else []
    monkeypatch.setattr("sys.stdin", io.StringIO((secret or "") + "\n"))
    assert run_command(["apply", *args, *flags, "--yes"]) == 0


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_switch_round_trip(
    example: Path,
    keyring_env: PrivateKeyring,
    tmp_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    aws_config = tmp_home / ".aws" / "config"
    settings.parent.mkdir(parents=True)
    aws_config.parent.mkdir(parents=True)
    original = example.read_bytes()
    settings.write_bytes(original)
    aws_config.write_text(AWS_CONFIG)
    users_keys = not_owned(json.loads(original))
    mode = settings.stat().st_mode

    for args, secret, expected_owned in STEPS:
        apply(args, secret, monkeypatch)
        data = json.loads(settings.read_text())
        assert owned(data) == expected_owned | MODEL_VARIABLES, args  # every role pinned
        assert not_owned(data) == users_keys
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft7Validator)
        assert settings.stat().st_mode == mode
        if "access-keys" in args:
            assert "[profile claude-setup-bedrock]" in aws_config.read_text()

    config_after = aws_config.read_text()
    assert config_after.startswith(AWS_CONFIG.rstrip("\n"))
    # the profile's last Bedrock setup (a Bedrock API key) took its access-key profile away
    assert "[profile claude-setup-bedrock]" not in config_after

    for _ in STEPS:
        assert run_command(["undo"]) == 0
    assert settings.read_bytes() == original
    assert aws_config.read_text() == AWS_CONFIG
    assert run_command(["undo"]) == 1
