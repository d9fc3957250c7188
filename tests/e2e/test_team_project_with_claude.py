"""End to end: a repository whose shared ``.claude/settings.json`` is the team's (provider,
region, models, endpoint), and a teammate who adds only their own credential in local scope,
through the wizard's ``t`` path (the state it builds, then the engine) or ``apply
--only-credential``. The real Claude Code, merging the two files, sends the teammate's
credential and the team's models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeEndpoint
from keyring_env import PrivateKeyring
from runner import claude_setup, files_containing, trusted_in_claude_code
from test_team_setup_with_claude import ask_claude, enter_home

from wizard import engine, status
from wizard.secrets.value import Secret
from wizard.tui.state import WizardState

GATEWAY_KEY = "sk-litellm-EXAMPLE-teammate-0123456789"
KEY_ID = "AKIAI44QH8DHBEXAMPLE"
AWS_SECRET = "je7MtGbClwBF2Zp9Utk0h3yCo8nvbEXAMPLEKEY"
TEAM_MODEL = {"gateway": "claude-opus-4-6", "bedrock": "eu.anthropic.claude-opus-4-6-v1"}
SONNET_MODEL = {"gateway": "claude-sonnet-4-6", "bedrock": "eu.anthropic.claude-sonnet-4-6"}
FAST_MODEL = {
    "gateway": "claude-haiku-4-5",
    "bedrock": "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
}
TEAM_MODELS = {p: {TEAM_MODEL[p], SONNET_MODEL[p], FAST_MODEL[p]} for p in TEAM_MODEL}


def team_settings(provider: str, url: str) -> dict[str, Any]:
    models = {
        "ANTHROPIC_MODEL": TEAM_MODEL[provider],
        "ANTHROPIC_DEFAULT_OPUS_MODEL": TEAM_MODEL[provider],
        "ANTHROPIC_DEFAULT_SONNET_MODEL": SONNET_MODEL[provider],
        "ANTHROPIC_DEFAULT_HAIKU_MODEL": FAST_MODEL[provider],
    }
    if provider == "gateway":
        return {"env": {"ANTHROPIC_BASE_URL": url, **models}}
    return {
        "env": {
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "AWS_REGION": "eu-west-1",
            "ANTHROPIC_BEDROCK_BASE_URL": url,
            **models,
        }
    }


def own_part(provider: str) -> tuple[dict[str, str], str]:
    """The teammate's auth method and fields, and their secret."""
    if provider == "gateway":
        return {"auth": "api-key"}, GATEWAY_KEY
    return {"auth": "access-keys", "aws_access_key_id": KEY_ID}, AWS_SECRET


def through_the_wizard_state(provider: str) -> None:
    """What ``t`` on the first screen builds, then the engine call its review makes."""
    choice = status.team_choice(status.collect())
    assert choice is not None and choice["provider"] == provider
    state = WizardState.from_project_choice(choice, Path.cwd())
    fields, secret = own_part(provider)
    for name, value in fields.items():
        state.set(name, value)
    the_plan = engine.prepare_plan(state.to_setup(), Secret(secret))
    engine.apply_plan(the_plan)


def through_the_command_line(provider: str, project: Path) -> None:
    fields, secret = own_part(provider)
    options = [f"--{name.replace('_', '-')}={value}" for name, value in fields.items()]
    done = claude_setup(
        "apply", "--provider", provider, *options, "--scope", "local", "--only-credential",
        "--profile", "mine", "--secret-stdin", "--yes", input=secret + "\n", cwd=project,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("face", ["wizard", "cli"])
@pytest.mark.parametrize("provider", ["gateway", "bedrock"])
def test_the_local_credential_and_the_teams_project_settings_work_together(
    provider: str,
    face: str,
    tmp_path: Path,
    keyring_env: PrivateKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    shared = project / ".claude" / "settings.json"
    with FakeEndpoint() as endpoint:
        shared.write_text(json.dumps(team_settings(provider, endpoint.url), indent=2))
        before = shared.read_bytes()
        home = enter_home(tmp_path / "mate", monkeypatch, keyring_env)
        trusted_in_claude_code(project, home)  # the teammate trusted the project in Claude Code
        monkeypatch.chdir(project)
        if face == "wizard":
            through_the_wizard_state(provider)
        else:
            through_the_command_line(provider, project)
        calls = ask_claude(home, project, keyring_env, endpoint)

    local = json.loads((project / ".claude" / "settings.local.json").read_text())
    team_env = team_settings(provider, "x")["env"]
    assert not set(local.get("env", {})) & set(team_env), local
    assert {call.model for call in calls} <= TEAM_MODELS[provider]
    assert TEAM_MODEL[provider] in {call.model for call in calls}
    if provider == "gateway":
        assert set(local) == {"apiKeyHelper"}
        assert all(call.headers["x-api-key"] == GATEWAY_KEY for call in calls)
    else:
        assert local == {"env": {"AWS_PROFILE": local["env"]["AWS_PROFILE"]}}
        assert all(KEY_ID in call.headers["authorization"] for call in calls)
        assert all("/eu-west-1/bedrock/" in call.headers["authorization"] for call in calls)
    assert shared.read_bytes() == before
    assert not (home / ".claude" / "settings.json").exists()
    assert files_containing([tmp_path], (GATEWAY_KEY, AWS_SECRET)) == []
