"""End to end over the providers' real host names: Claude Platform on AWS and on Google Cloud,
Bedrock Mantle, gateway mode and the Bedrock service tier.

``claude-setup apply`` writes the files (the secret in the real keyring), then the real Claude
Code runs (through ``claude-setup run`` when it needs a secret in its environment) with
``HTTPS_PROXY`` pointing at the fake behind a TLS-ending proxy with the test's own CA (see
``tls_proxy.py``). Each test asserts the host, path, credential header, workspace and model
that reached the fake, and that no secret's text is in any file afterwards.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from claude_cli import claude_bin, run_claude, scrubbed_env
from fakes import RecordedRequest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, files_containing
from tls_proxy import GOOGLE_ACCESS_TOKEN, HttpsProxy, ProviderFake

AWS_PLATFORM_KEY = "sk-ant-api03-EXAMPLEawsE2Ekey0123456789abcdef"
BEDROCK_API_KEY = "ABSKEXAMPLEmantleE2Ekey0123456789abcdef"
GATEWAY_TOKEN = "gw-EXAMPLE-e2e-token-0123456789abcdef"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
GOOGLE_REFRESH_TOKEN = "1//EXAMPLE-google-refresh-token"
ALL_SECRETS = (AWS_PLATFORM_KEY, BEDROCK_API_KEY, GATEWAY_TOKEN, AWS_SECRET, GOOGLE_REFRESH_TOKEN)
WORKSPACE = "wrkspc_01EXAMPLEe2e"
ROLE_VARIABLES = (
    "ANTHROPIC_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "ANTHROPIC_DEFAULT_FABLE_MODEL",
)


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[tuple[ProviderFake, HttpsProxy]]:
    folder = tmp_path / "tls"
    folder.mkdir()
    with ProviderFake() as endpoint, HttpsProxy(endpoint, folder) as proxy:
        yield endpoint, proxy


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


@pytest.fixture
def world(keyring_env: PrivateKeyring, tmp_home: Path, project: Path) -> Iterator[Path]:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[default]\nregion = us-west-2\n")
    yield tmp_home
    assert files_containing([tmp_home, project], ALL_SECRETS) == []


def apply(*args: str, secret: str | None = None) -> None:
    flags = ("--secret-stdin",) if secret else ()
    result = claude_setup(
        "apply", *args, *flags, "--yes", input=None if secret is None else secret + "\n"
    )
    assert result.returncode == 0, result.stderr


def claude_env(home: Path, keyring: PrivateKeyring, proxy: HttpsProxy) -> dict[str, str]:
    return {
        **keyring.env,
        **proxy.env,
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }


def claude(home: Path, project: Path, keyring: PrivateKeyring, proxy: HttpsProxy,
           through_run: bool) -> None:
    """``claude -p``, or ``claude-setup run -- claude -p`` for an environment-only secret."""
    if through_run:
        env = scrubbed_env(home, claude_env(home, keyring, proxy))
        result = subprocess.run(
            [str(CLAUDE_SETUP), "run", "--", str(claude_bin()), "-p", "say pong"],
            cwd=project, env=env, capture_output=True, text=True, timeout=90,
            stdin=subprocess.DEVNULL,
        )
    else:
        result = run_claude(home, project, extra_env=claude_env(home, keyring, proxy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pong" in result.stdout


def settings(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / ".claude" / "settings.json").read_text())
    return data


def model_calls(endpoint: ProviderFake) -> list[RecordedRequest]:
    calls = endpoint.model_calls()
    assert calls, endpoint.describe()
    return calls


def assert_only_pinned_models_called(home: Path, endpoint: ProviderFake) -> None:
    env = settings(home)["env"]
    pinned = {env[name] for name in ROLE_VARIABLES}
    called = {r.model for r in model_calls(endpoint)}
    assert called <= pinned, (called, env)


def sigv4(request: RecordedRequest) -> tuple[str, str]:
    """``(credential scope, signed headers)`` of a SigV4 ``Authorization`` header."""
    header = request.headers.get("authorization", "")
    match = re.match(r"AWS4-HMAC-SHA256 Credential=(\S+?), ?SignedHeaders=(\S+?),", header)
    assert match, header
    return match.group(1), match.group(2)


def today() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")


# -- Claude Platform on AWS -----------------------------------------------------------------


def test_claude_platform_on_aws_api_key_through_run(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "anthropic-aws", "--auth", "api-key", "--region", "us-west-2",
          "--workspace-id", WORKSPACE, "--model", "claude-sonnet-4-6", secret=AWS_PLATFORM_KEY)
    assert "ANTHROPIC_AWS_API_KEY" not in json.dumps(settings(world))
    claude(world, project, keyring_env, proxy, through_run=True)
    assert_only_pinned_models_called(world, endpoint)
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "aws-external-anthropic.us-west-2.api.aws"
    assert call.path == "/v1/messages?beta=true"
    assert call.headers["x-api-key"] == AWS_PLATFORM_KEY
    assert "authorization" not in call.headers
    assert call.headers["anthropic-workspace-id"] == WORKSPACE
    assert call.model == "claude-sonnet-4-6"


def test_claude_platform_on_aws_access_keys_sign_for_its_service(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "anthropic-aws", "--auth", "access-keys", "--region", "eu-west-1",
          "--workspace-id", WORKSPACE, "--aws-access-key-id", KEY_ID, secret=AWS_SECRET)
    claude(world, project, keyring_env, proxy, through_run=False)
    assert_only_pinned_models_called(world, endpoint)
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "aws-external-anthropic.eu-west-1.api.aws"
    scope, signed = sigv4(call)
    assert scope == f"{KEY_ID}/{today()}/eu-west-1/aws-external-anthropic/aws4_request"
    assert "anthropic-workspace-id" in signed.split(";")
    assert call.headers["anthropic-workspace-id"] == WORKSPACE
    assert "x-api-key" not in call.headers
    assert call.model == settings(world)["env"]["ANTHROPIC_MODEL"]


# -- Claude Platform on Google Cloud --------------------------------------------------------


def test_claude_platform_on_google_cloud_with_adc(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    adc = world / ".config" / "gcloud" / "application_default_credentials.json"
    adc.parent.mkdir(parents=True)
    adc.write_text(json.dumps({
        "type": "authorized_user",
        "client_id": "0000-EXAMPLE.apps.googleusercontent.com",
        "client_secret": "EXAMPLE-client-secret",
        "refresh_token": GOOGLE_REFRESH_TOKEN,
    }))
    apply("--provider", "anthropic-google-cloud", "--auth", "adc", "--project-id",
          "my-project_01", "--region", "europe-west4", "--workspace-id", WORKSPACE)
    claude(world, project, keyring_env, proxy, through_run=False)
    adc.unlink()  # the test's own refresh token, not one claude-setup wrote
    assert_only_pinned_models_called(world, endpoint)
    token = endpoint.requests_to("/token", "POST")
    assert token and token[0].headers["host"] == "oauth2.googleapis.com"
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "claude.googleapis.com"
    assert call.path == (
        f"/v1/projects/my-project_01/locations/europe-west4/workspaces/{WORKSPACE}"
        "/invoke/v1/messages?beta=true"
    )
    assert call.headers["authorization"] == f"Bearer {GOOGLE_ACCESS_TOKEN}"
    assert "anthropic-workspace-id" not in call.headers
    assert call.model == settings(world)["env"]["ANTHROPIC_MODEL"]


# -- Bedrock Mantle -------------------------------------------------------------------------


def test_mantle_access_keys_sign_for_bedrock_mantle(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "mantle", "--auth", "access-keys", "--region", "us-east-2",
          "--aws-access-key-id", KEY_ID, "--model", "anthropic.claude-sonnet-5",
          secret=AWS_SECRET)
    claude(world, project, keyring_env, proxy, through_run=False)
    # Claude Code probes its default Opus at start (max_tokens 1) and falls back on its own
    # to an older one when that fails, unless the Opus role is pinned: it is, so the one call
    # is the chosen model's
    assert_only_pinned_models_called(world, endpoint)
    assert "ANTHROPIC_DEFAULT_OPUS_MODEL" in settings(world)["env"]
    calls = model_calls(endpoint)
    assert len(endpoint.requests) == len(calls) == 1, endpoint.describe()
    for call in calls:
        assert call.headers["host"] == "bedrock-mantle.us-east-2.api.aws"
        assert call.path == "/anthropic/v1/messages?beta=true"
        scope, _signed = sigv4(call)
        assert scope == f"{KEY_ID}/{today()}/us-east-2/bedrock-mantle/aws4_request"
    assert calls[-1].model == "anthropic.claude-sonnet-5"


def test_mantle_bedrock_api_key_through_run(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "mantle", "--auth", "bedrock-api-key", "--region", "us-east-1",
          secret=BEDROCK_API_KEY)
    claude(world, project, keyring_env, proxy, through_run=True)
    assert_only_pinned_models_called(world, endpoint)
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "bedrock-mantle.us-east-1.api.aws"
    assert call.headers["authorization"] == f"Bearer {BEDROCK_API_KEY}"
    assert call.model == settings(world)["env"]["ANTHROPIC_MODEL"]


# -- gateway mode and the Bedrock service tier ----------------------------------------------


def test_gateway_mode_token_through_run_and_nothing_else_called(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "gateway", "--auth", "token", "--base-url",
          "https://llm.example.com/anthropic", "--gateway-mode", secret=GATEWAY_TOKEN)
    assert settings(world)["env"]["CLAUDE_CODE_USE_GATEWAY"] == "1"
    claude(world, project, keyring_env, proxy, through_run=True)
    assert_only_pinned_models_called(world, endpoint)
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "llm.example.com"
    assert call.path == "/anthropic/v1/messages?beta=true"
    assert call.headers["authorization"] == f"Bearer {GATEWAY_TOKEN}"
    assert "cc_gateway=env" in json.dumps(call.json())  # Claude Code is in its gateway mode
    assert set(proxy.hosts) == {"llm.example.com"}


def test_bedrock_service_tier_header(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "bedrock", "--auth", "access-keys", "--region", "us-east-1",
          "--aws-access-key-id", KEY_ID, "--service-tier", "priority", secret=AWS_SECRET)
    claude(world, project, keyring_env, proxy, through_run=False)
    assert_only_pinned_models_called(world, endpoint)
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "bedrock-runtime.us-east-1.amazonaws.com"
    assert call.headers["x-amzn-bedrock-service-tier"] == "priority"
    scope, _signed = sigv4(call)
    assert scope == f"{KEY_ID}/{today()}/us-east-1/bedrock/aws4_request"
