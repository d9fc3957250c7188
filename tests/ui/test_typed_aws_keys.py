"""Discovery signs with the AWS access keys (or sends the Bedrock API key) just typed, held in
memory until review.

Real boto3 against the local fake AWS (``test_services_aws_fake.FakeAws``); HOME has no AWS
configuration, so only the typed keys can sign anything.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import files_containing
from test_services_aws_fake import ACCESS_KEY_ID, SECRET_ACCESS_KEY, FakeAws, system_profile
from walk import SIZE, run, settle, step_of, type_text

from wizard.tui.app import make_app
from wizard.tui.discovery import ServiceDiscovery

TYPED_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
TYPED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
BEDROCK_KEY = "ABSKEXAMPLEtypedBedrockKEY0123456789abcdef"
SONNET = "anthropic.claude-sonnet-4-6"
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")


@pytest.mark.parametrize("environment", ["nothing", "other-keys"])
def test_discovery_signs_with_the_typed_keys_and_nothing_is_written_before_review(
    environment: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not (tmp_home / ".aws").exists()
    if environment == "other-keys":  # the default chain would sign as someone else
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2")  # Amazon Bedrock
            await settle(pilot)
            await pilot.press("1")  # access keys
            await settle(pilot)
            for name, text in (("aws_access_key_id", TYPED_KEY_ID), ("secret", TYPED_SECRET)):
                app.screen.query_one(f"#input-{name}").focus()
                await pilot.pause()
                await type_text(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "region", app.screen.query_one("#notice").render()
            app.screen.query_one("#input-region").focus()
            await pilot.pause()
            await type_text(pilot, "eu-west-1")
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "models"
            assert app.state.callable_models == [f"global.{SONNET}", f"eu.{SONNET}"]
            await pilot.press("enter", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "review"

    with FakeAws() as fake:
        fake.profiles["eu-west-1"] = [
            system_profile(prefix, SONNET, "eu-west-1") for prefix in ("eu", "global")
        ]
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        run(scenario)
        signed_by = {
            found.group(1)
            for request in fake.requests
            if (found := _CREDENTIAL.search(request.headers.get("authorization", "")))
        }
        assert fake.calls("ListInferenceProfiles", "eu-west-1")
        assert signed_by == {TYPED_KEY_ID}
        assert not any(TYPED_SECRET in str(r.headers) for r in fake.requests)

    assert files_containing([tmp_path], [TYPED_SECRET, TYPED_KEY_ID]) == []
    assert keyring_env.lookup("claude-setup", "bedrock/aws-secret-access-key") is None
    assert TYPED_SECRET not in "".join(os.environ.values())


def test_discovery_sends_the_typed_bedrock_api_key_and_nothing_is_written_before_review(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)  # the default chain's, never used
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
    app = make_app(ServiceDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "4")  # Amazon Bedrock, a Bedrock API key
            await settle(pilot)
            app.screen.query_one("#input-secret").focus()
            await pilot.pause()
            await type_text(pilot, BEDROCK_KEY)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "region", app.screen.query_one("#notice").render()
            app.screen.query_one("#input-region").focus()
            await pilot.pause()
            await type_text(pilot, "eu-west-1")
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "models"
            assert app.state.callable_models == [f"global.{SONNET}", f"eu.{SONNET}"]

    (tmp_path / "tls").mkdir()
    with FakeAws(tls_folder=tmp_path / "tls") as fake:
        fake.bearer_region = "eu-west-1"
        fake.profiles["eu-west-1"] = [
            system_profile(prefix, SONNET, "eu-west-1") for prefix in ("eu", "global")
        ]
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_CA_BUNDLE", str(fake.ca_bundle))
        run(scenario)
        assert fake.calls("ListInferenceProfiles")
        assert {r.headers.get("authorization") for r in fake.requests} == {
            f"Bearer {BEDROCK_KEY}"
        }

    assert files_containing([tmp_path], [BEDROCK_KEY]) == []
    assert keyring_env.lookup("claude-setup", "bedrock/bedrock-api-key") is None
    assert BEDROCK_KEY not in "".join(os.environ.values())


@pytest.mark.parametrize("auth", ["bedrock-api-key", "access-keys"])
def test_keys_kept_in_the_keyring_never_fall_back_to_the_default_chain(
    auth: str, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A saved setup opened again, its secret not typed anew: the catalogue's models stay, as
    the environment's keys are not the setup's."""
    from wizard.model import Setup

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
    setup = Setup(provider="bedrock", auth=auth, region="eu-west-1",
                  aws_access_key_id=TYPED_KEY_ID if auth == "access-keys" else None)
    with FakeAws() as fake:
        fake.profiles["eu-west-1"] = [system_profile("eu", SONNET, "eu-west-1")]
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        assert ServiceDiscovery().models(setup, None) == []
        assert fake.requests == []


def test_a_typed_secret_that_aws_refuses_is_one_sentence_without_the_secret(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_services_aws_fake import AwsError

    from wizard.model import Setup
    from wizard.secrets.value import Secret
    from wizard.services.errors import ServiceError

    setup = Setup(provider="bedrock", auth="access-keys", region="eu-west-1",
                  aws_access_key_id=TYPED_KEY_ID)
    with FakeAws() as fake:
        fake.errors["*"] = AwsError(403, "SignatureDoesNotMatch", "signature mismatch")
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        with pytest.raises(ServiceError) as refused:
            ServiceDiscovery().models(setup, Secret(TYPED_SECRET))
    message = str(refused.value)
    assert "secret access key does not belong to the access key ID" in message
    assert "\n" not in message and TYPED_SECRET not in message
