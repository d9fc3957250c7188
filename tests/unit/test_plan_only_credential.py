"""A credential-only setup beside a team's project settings: the local file gets only the
user's own part (the helper, the AWS profile...), nothing the project file already sets."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from wizard.machine import MachineState
from wizard.model import Setup, SetupError
from wizard.plan import plan
from wizard.secrets.value import Secret

KEY = "sk-ant-api03-EXAMPLEKEY-EXAMPLEKEY-EXAMPLEKEY-0000"
MakeMachine = Callable[..., MachineState]
TEAM_BEDROCK = {
    "CLAUDE_CODE_USE_BEDROCK": "1",
    "AWS_REGION": "eu-west-1",
    "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
}
TEAM_GATEWAY = {
    "ANTHROPIC_BASE_URL": "https://llm.example.com",
    "ANTHROPIC_MODEL": "claude-sonnet-4-6",
}


def local(make_machine: MakeMachine, unit_home: Path, team_env: dict[str, str]) -> Any:
    machine = make_machine(settings_path=unit_home / "p" / ".claude" / "settings.local.json")
    path = unit_home / "p" / ".claude" / "settings.json"
    return replace(machine, project_settings={"env": team_env}, project_settings_path=path)


def written(result: Any) -> dict[str, Any]:
    return dict(json.loads(result.settings.after))


def test_bedrock_sso_writes_only_the_users_profile_and_its_sign_in(
    make_machine: MakeMachine, unit_home: Path
) -> None:
    machine = replace(
        local(make_machine, unit_home, TEAM_BEDROCK),
        aws_profiles={"me-sso": {"sso_session": "corp", "sso_account_id": "111122223333"}},
    )
    setup = Setup(
        provider="bedrock", auth="sso", region="eu-west-1", aws_profile="me-sso",
        model="eu.anthropic.claude-sonnet-4-6", scope="local", only_credential=True,
    )  # fmt: skip
    data = written(plan(setup, machine))
    assert data["env"] == {"AWS_PROFILE": "me-sso"}
    assert set(data) == {"env", "awsAuthRefresh"}


def test_a_gateway_key_writes_only_the_helper(make_machine: MakeMachine, unit_home: Path) -> None:
    setup = Setup(
        provider="gateway", auth="api-key", base_url="https://llm.example.com",
        scope="local", profile="mine", only_credential=True,
    )  # fmt: skip
    result = plan(setup, local(make_machine, unit_home, TEAM_GATEWAY), Secret(KEY))
    data = written(result)
    assert list(data) == ["apiKeyHelper"]
    assert data["apiKeyHelper"].endswith(" key mine")
    assert result.preselected == ()
    assert result.store_secret is not None


def test_owned_keys_an_earlier_whole_setup_wrote_are_removed(
    make_machine: MakeMachine, unit_home: Path
) -> None:
    earlier = json.dumps({"env": {**TEAM_GATEWAY, "ANTHROPIC_DEFAULT_HAIKU_MODEL": "x"}, "k": 1})
    machine = replace(
        local(make_machine, unit_home, TEAM_GATEWAY), settings=earlier.encode()
    )
    setup = Setup(
        provider="gateway", auth="api-key", base_url="https://llm.example.com",
        scope="local", only_credential=True,
    )  # fmt: skip
    data = written(plan(setup, machine, Secret(KEY)))
    assert set(data) - {"env"} == {"k", "apiKeyHelper"}
    assert data.get("env", {}) == {}


@pytest.mark.parametrize(
    ("team_env", "scope", "reason"),
    [
        (TEAM_BEDROCK, "user", "local scope"),
        ({}, "local", "ANTHROPIC_BASE_URL"),
        ({**TEAM_GATEWAY, "CLAUDE_CODE_USE_VERTEX": "1"}, "local", "CLAUDE_CODE_USE_VERTEX"),
        ({"ANTHROPIC_BASE_URL": "https://other.example.com"}, "local", "ANTHROPIC_BASE_URL"),
    ],
)
def test_refused_unless_the_project_chooses_this_provider(
    make_machine: MakeMachine, unit_home: Path, team_env: dict[str, str], scope: str, reason: str
) -> None:
    setup = Setup(
        provider="gateway", auth="api-key", base_url="https://llm.example.com",
        scope=scope, only_credential=True,  # type: ignore[arg-type]
    )  # fmt: skip
    with pytest.raises(SetupError) as caught:
        plan(setup, local(make_machine, unit_home, team_env), Secret(KEY))
    assert caught.value.field == "only_credential"
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
