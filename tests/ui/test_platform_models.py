"""The models step of Claude Platform on AWS, Bedrock Mantle and Claude Platform on Google Cloud
lists what the endpoint serves, asked with the credential just chosen and held in memory.

Real discovery against the local fake endpoints (``fake_platforms``), reached through the base
URL variables Claude Code itself reads; HOME has no AWS or Google configuration.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_platforms import (
    ACCESS_KEY_ID,
    AWS_API_KEY,
    GOOGLE_TOKEN,
    MODELS,
    SECRET_ACCESS_KEY,
    FakePlatforms,
    fake_platforms,
)
from keyring_env import PrivateKeyring
from runner import files_containing
from textual.pilot import Pilot
from walk import SIZE, notice_of, run, settle, step_of, type_text

from wizard.tui.app import WizardApp, make_app
from wizard.tui.discovery import NotDiscovered, ServiceDiscovery
from wizard.tui.screens.models import TARGETS
from wizard.tui.widgets.choices import NumberedList
from wizard.tui.widgets.field import Field

WORKSPACE = "wrkspc_01EXAMPLEworkspace"
OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
OTHER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"


@pytest.fixture
def fake(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePlatforms]:
    """The fake endpoints, in an empty HOME."""
    with fake_platforms() as running:
        monkeypatch.setenv("ANTHROPIC_AWS_BASE_URL", running.base)
        monkeypatch.setenv("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", running.base + "/anthropic")
        monkeypatch.setenv("ANTHROPIC_GOOGLE_CLOUD_BASE_URL", running.base + "/invoke")
        # the default chain's keys: never the ones a typed credential should be signed with
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", OTHER_KEY_ID)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", OTHER_SECRET)
        yield running


async def _to_models(
    pilot: Pilot[int], app: WizardApp, provider: str, auth: str, form: dict[str, str],
    region: str | None = "eu-west-1",
) -> None:
    await settle(pilot)
    await pilot.press("enter", provider)
    await settle(pilot)
    await pilot.press(auth)
    await settle(pilot)
    for name, text in form.items():
        app.screen.query_one(f"#input-{name}").focus()
        await pilot.pause()
        await type_text(pilot, text)
    if form:
        await pilot.press("enter")
        await settle(pilot)
    if region:
        assert step_of(app) == "region", notice_of(app)
        app.screen.query_one("#input-region").focus()
        await pilot.pause()
        await type_text(pilot, region)
        await pilot.press("enter")
        await settle(pilot)
    assert step_of(app) == "models", notice_of(app)


def _offered(app: WizardApp) -> list[str]:
    listing = app.screen.query_one(NumberedList)
    return [str(listing.get_option_at_index(i).id) for i in range(listing.option_count)]


def test_claude_platform_on_aws_lists_the_workspace_models_with_the_typed_api_key(
    fake: FakePlatforms, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _to_models(pilot, app, "6", "1",
                             {"workspace_id": WORKSPACE, "secret": AWS_API_KEY})
            assert app.state.callable_models == MODELS, notice_of(app)
            chosen = {app.screen.query_one(f"#field-{n}", Field).text for n in TARGETS}
            assert app.screen.query_one("#field-model", Field).text in MODELS
            # what the workspace serves, and a role's choice where it lists none of the family
            assert set(MODELS) <= set(_offered(app)) <= set(MODELS) | chosen
            assert "catalogue" not in notice_of(app)

    run(scenario)
    seen = fake.models_calls()
    assert seen and {s.headers.get("x-api-key") for s in seen} == {AWS_API_KEY}
    assert {s.headers["anthropic-workspace-id"] for s in seen} == {WORKSPACE}
    assert files_containing([tmp_path], [AWS_API_KEY]) == []
    assert keyring_env.lookup("claude-setup", "anthropic-aws/anthropic-aws-api-key") is None
    assert AWS_API_KEY not in "".join(os.environ.values())


def test_bedrock_mantle_signs_with_the_typed_access_keys_not_the_default_chain(
    fake: FakePlatforms, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _to_models(pilot, app, "8", "1",
                             {"aws_access_key_id": ACCESS_KEY_ID, "secret": SECRET_ACCESS_KEY})
            assert app.state.callable_models == MODELS, notice_of(app)

    run(scenario)
    seen = fake.models_calls()
    assert seen and {(s.service, s.region) for s in seen} == {("bedrock-mantle", "eu-west-1")}
    assert all(f"Credential={ACCESS_KEY_ID}/" in s.headers["authorization"] for s in seen)
    assert not any(SECRET_ACCESS_KEY in str(s.headers) for s in seen)
    assert files_containing([tmp_path], [SECRET_ACCESS_KEY]) == []
    assert keyring_env.lookup("claude-setup", "mantle/aws-secret-access-key") is None
    assert not (tmp_home / ".aws").exists()


def test_claude_platform_on_google_cloud_asks_with_the_chosen_service_account_file(
    fake: FakePlatforms, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    (tmp_home / "sa.json").write_text(json.dumps({
        "type": "service_account", "project_id": "proj-file", "private_key_id": "0123456789ab",
        "private_key": pem, "client_email": "dev@proj-file.iam.gserviceaccount.com",
        "client_id": "100000000000000000001", "token_uri": fake.base + "/token"}))
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _to_models(pilot, app, "7", "2",
                             {"credentials_file": "~/sa.json", "workspace_id": WORKSPACE},
                             region=None)
            assert app.state.callable_models == MODELS, notice_of(app)

    run(scenario)
    seen = fake.models_calls()
    assert seen and {s.headers["authorization"] for s in seen} == {f"Bearer {GOOGLE_TOKEN}"}
    assert all(s.path.startswith("/invoke/v1/models") for s in seen)
    assert files_containing([tmp_home], [GOOGLE_TOKEN]) == []


def test_a_refusal_names_the_iam_action_and_the_catalogue_stays(
    fake: FakePlatforms, tmp_home: Path
) -> None:
    fake.status = 403
    fake.message = ("User: arn:aws:iam::123456789012:user/dev is not authorized to perform: "
                    "aws-external-anthropic:ListModels on resource: workspace")
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _to_models(pilot, app, "6", "6", {"workspace_id": WORKSPACE})
            notice = notice_of(app)
            assert "aws-external-anthropic:ListModels" in notice
            assert "catalogue" in notice and "\n" not in notice.strip()
            assert app.state.callable_models is None
            assert _offered(app)  # the catalogue's

    run(scenario)
    assert fake.models_calls()


@pytest.mark.parametrize("provider", ["2", "8"])  # Amazon Bedrock, Bedrock Mantle
def test_an_own_credential_command_is_not_run_and_the_catalogue_is_said(
    provider: str, fake: FakePlatforms, tmp_home: Path
) -> None:
    ran = tmp_home / "ran"
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _to_models(pilot, app, provider, "5", {"helper_command": f"touch {ran}"})
            assert "not run before the review" in notice_of(app)
            assert app.state.callable_models is None
            assert _offered(app)

    run(scenario)
    assert not ran.exists()
    assert fake.requests == []


def test_a_key_kept_in_the_keyring_is_not_replaced_by_the_default_chain(
    fake: FakePlatforms, tmp_home: Path
) -> None:
    from wizard.model import Setup

    for setup in (
        Setup("anthropic-aws", "api-key", region="eu-west-1", workspace_id=WORKSPACE),
        Setup("mantle", "access-keys", region="eu-west-1", aws_access_key_id=ACCESS_KEY_ID),
    ):
        with pytest.raises(NotDiscovered, match="keyring"):
            ServiceDiscovery().models(setup, None)
    assert fake.requests == []


def test_the_choice_is_made_among_what_the_workspace_serves(
    fake: FakePlatforms, keyring_env: PrivateKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fake_platforms as served

    listed = ["claude-opus-4-8", "claude-haiku-4-5-20251001"]
    monkeypatch.setattr(served, "MODELS", listed)
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _to_models(pilot, app, "6", "1",
                             {"workspace_id": WORKSPACE, "secret": AWS_API_KEY})
            assert app.state.callable_models == listed, notice_of(app)
            chosen = [app.screen.query_one(f"#field-{n}", Field).text for n in TARGETS]
            assert chosen == listed  # not the catalogue's newest, which it does not serve
            assert _offered(app) == listed

    run(scenario)
