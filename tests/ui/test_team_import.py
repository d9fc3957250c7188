"""The wizard's "Import a team setup": the file, what it configures, only the teammate's own
fields and secret, then the normal review and write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_discovery import FakeDiscovery
from keyring_env import PrivateKeyring
from walk import SIZE, notice_of, open_team_file, run, settle, step_of, type_text

from wizard import backups, profiles
from wizard.services.sso_profiles import write_profile
from wizard.tui.app import make_app
from wizard.tui.widgets.field import Field

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
TEAM = {
    "format": "claude-setup-team",
    "version": 1,
    "name": "team",
    "description": "Bedrock in Ireland for the platform team",
    "setup": {
        "provider": "bedrock",
        "auth": "access-keys",
        "region": "eu-west-1",
        "model": "eu.anthropic.claude-sonnet-4-6",
    },
    "asked_on_import": ["aws_access_key_id"],
}


def write_team(folder: Path, **changes: object) -> Path:
    path = folder / "team.json"
    path.write_text(json.dumps({**TEAM, **changes}, indent=2))
    return path


def test_importing_a_team_setup_asks_only_the_teammates_values_then_writes(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = write_team(tmp_path)
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            assert step_of(app) == "ImportScreen"
            await type_text(pilot, str(path))
            await pilot.press("enter")
            await settle(pilot)
            summary = str(app.screen.query_one("#team-summary").render())
            assert "eu-west-1" in summary and "Bedrock in Ireland" in summary
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            names = [field.field_name for field in app.screen.query(Field)]
            assert names == ["aws_access_key_id", "secret"]
            await type_text(pilot, KEY_ID)
            await pilot.press("enter")
            await type_text(pilot, AWS_SECRET)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "review", notice_of(app)
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen", notice_of(app)

    run(scenario)
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["env"]["AWS_REGION"] == "eu-west-1"
    assert settings["env"]["ANTHROPIC_MODEL"] == "eu.anthropic.claude-sonnet-4-6"
    assert [saved.name for saved in profiles.all_profiles()] == ["team"]
    assert profiles.load("team").setup.aws_access_key_id == KEY_ID
    assert keyring_env.lookup("claude-setup", "team/aws-secret-access-key") == AWS_SECRET


def test_a_refused_team_file_is_one_sentence_and_nothing_goes_on(
    tmp_home: Path, tmp_path: Path
) -> None:
    path = write_team(tmp_path, version=9)
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_team_file(pilot, path)
            assert step_of(app) == "ImportScreen"
            assert "newer claude-setup" in notice_of(app)

    run(scenario)
    assert not (tmp_home / ".claude").exists()


class WritingDiscovery(FakeDiscovery):
    """The fake sign-in, and a real profile written to ``~/.aws/config`` as the wizard does."""

    def sso_write_profile(
        self, profile: str, sign_in: Any, token: Any, choice: Any, region: str
    ) -> None:
        super().sso_write_profile(profile, sign_in, token, choice, region)
        write_profile(
            profile, profile, SSO["start_url"], SSO["sso_region"], choice.account_id,
            choice.role_name, region,
        )  # fmt: skip


SSO = {
    "start_url": "https://corp.awsapps.com/start",
    "sso_region": "eu-west-1",
    "account_id": "123456789012",
    "role_name": "ClaudeDeveloper",
}
SSO_SETUP = {"provider": "bedrock", "auth": "sso", "region": "eu-central-1",
             "model": "eu.anthropic.claude-sonnet-4-6"}  # fmt: skip


def test_an_sso_team_setup_asks_only_the_sign_in_with_the_teams_values(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = write_team(tmp_path, setup=SSO_SETUP, sso=SSO, asked_on_import=[])
    discovery = WritingDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_team_file(pilot, path)
            dialog = app.screen
            assert type(dialog).__name__ == "SsoSignInScreen", step_of(app)
            texts = [field.text for field in dialog.query(Field)]
            assert texts == [SSO["start_url"], SSO["sso_region"], "team"]
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.3)
            await settle(pilot)
            assert step_of(app) == "review", notice_of(app)
            assert not (tmp_home / ".aws" / "config").exists()  # written with the settings
            assert "[profile team]" in str(app.screen.query_one("#plan").render())
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen", notice_of(app)

    run(scenario)
    assert discovery.written == []
    assert "sso_keep_sign_in" in discovery.calls
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["env"]["AWS_PROFILE"] == "team"
    assert settings["env"]["AWS_REGION"] == "eu-central-1"
    assert "sso-login team" in settings["awsAuthRefresh"] or "--profile team" in settings[
        "awsAuthRefresh"
    ]
    config = (tmp_home / ".aws" / "config").read_text()
    assert "sso_role_name = ClaudeDeveloper" in config and SSO["start_url"] in config
    assert "region = eu-central-1" in config
    backups.undo()  # one import, one undo: the profile and the settings both go
    assert not (tmp_home / ".aws" / "config").exists()
    assert not (tmp_home / ".claude" / "settings.json").exists()


def test_a_team_role_not_open_to_the_teammate_is_said_and_the_list_shown(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = write_team(
        tmp_path, setup=SSO_SETUP, sso={**SSO, "role_name": "Admin"}, asked_on_import=[]
    )
    discovery = WritingDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_team_file(pilot, path)
            await pilot.press("enter")
            await pilot.pause(0.3)
            await settle(pilot)
            said = str(app.screen.query_one("#code").render())
            assert "Admin" in said and "not open to you" in said
            assert app.screen.query_one("#roles").display

    run(scenario)
    assert discovery.written == []


@pytest.mark.parametrize(
    ("name", "files", "reason"),
    [
        ("team", {"config": "[profile team]\nregion = us-west-2\n"}, "already exists"),
        ("team", {"credentials": f"[team]\naws_access_key_id = {KEY_ID}\n"}, "keys of yours"),
        ("team", {"config": "[sso-session team]\nsso_start_url = https://other.awsapps.com/start"
                            "\nsso_region = eu-west-1\n"}, "sso-session 'team' already signs in"),
        ("default", {}, "never writes the AWS profile 'default'"),
    ],
    ids=["profile-in-config", "keys-in-credentials", "session-elsewhere", "default"],
)
def test_the_sign_in_refuses_a_name_that_is_the_teammates_own_before_signing_in(
    name: str,
    files: dict[str, str],
    reason: str,
    keyring_env: PrivateKeyring,
    tmp_home: Path,
    tmp_path: Path,
) -> None:
    (tmp_home / ".aws").mkdir(exist_ok=True)
    for file_name, text in files.items():
        (tmp_home / ".aws" / file_name).write_text(text)
    before = {p: p.read_bytes() for p in (tmp_home / ".aws").iterdir()}
    path = write_team(tmp_path, name=name, setup=SSO_SETUP, sso=SSO, asked_on_import=[])
    discovery = WritingDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_team_file(pilot, path)
            await pilot.press("enter")
            await settle(pilot)
            field = app.screen.query(Field).last(Field)
            assert reason in str(field.query_one(".field-reason").render())
            assert discovery.calls.count("sso_start") == 0

    run(scenario)
    assert {p: p.read_bytes() for p in (tmp_home / ".aws").iterdir()} == before
