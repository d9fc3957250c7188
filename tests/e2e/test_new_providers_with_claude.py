"""End to end over the providers' real host names: Claude Platform on AWS and on Google Cloud,
Bedrock Mantle, gateway mode and the Bedrock service tier.

``claude-setup apply`` writes the files (the secret in the real keyring), then the real Claude
Code runs (through ``claude-setup run`` when it needs a secret in its environment) with
``HTTPS_PROXY`` pointing at the fake behind a TLS-ending proxy with the test's own CA (see
``tls_proxy.py``). Each test asserts the host, path, credential header, workspace and model
that reached the fake, and that no secret's text is in any file afterwards.

Every AWS credential method is run for both Claude Platform on AWS and Bedrock Mantle: access
keys (``credential_process``), a named profile, SSO (claude-setup's own sign-in against a local
SSO service, then Claude Code's AWS SDK asks the SSO portal for the role's credentials through
the proxy), the user's own export command (``awsCredentialExport``), the SDK's default chain,
and the environment-only API key through ``claude-setup run``. One fake and proxy serve the
whole module.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from claude_cli import claude_bin, run_claude, scrubbed_env
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from fake_sso import START_URL, FakeSso
from fakes import RecordedRequest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, files_containing
from tls_proxy import (
    GOOGLE_ACCESS_TOKEN,
    GOOGLE_SERVICE_ACCOUNT_TOKEN,
    JWT_BEARER_GRANT,
    SSO_ROLE_KEY_ID,
    SSO_ROLE_SECRET,
    SSO_ROLE_SESSION,
    HttpsProxy,
    ProviderFake,
    form_or_json,
)

AWS_PLATFORM_KEY = "sk-ant-api03-EXAMPLEawsE2Ekey0123456789abcdef"
BEDROCK_API_KEY = "ABSKEXAMPLEmantleE2Ekey0123456789abcdef"
GATEWAY_TOKEN = "gw-EXAMPLE-e2e-token-0123456789abcdef"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
OTHER_SECRET = "je7MtGbClwBF2Zp9Utk0h3yCo8nvbEXAMPLEKEY"
EXPORT_KEY_ID = "ASIAIOSFODNN7EXPORT1"
EXPORT_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYexportEXAMPLE"
EXPORT_SESSION = "EXAMPLE-exported-session-token"
GOOGLE_REFRESH_TOKEN = "1//EXAMPLE-google-refresh-token"
ALL_SECRETS = (
    AWS_PLATFORM_KEY, BEDROCK_API_KEY, GATEWAY_TOKEN, AWS_SECRET, OTHER_SECRET, EXPORT_SECRET,
    SSO_ROLE_SECRET, GOOGLE_REFRESH_TOKEN,
)
WORKSPACE = "wrkspc_01EXAMPLEe2e"
ROLE_VARIABLES = (
    "ANTHROPIC_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "ANTHROPIC_DEFAULT_FABLE_MODEL",
)


@pytest.fixture(scope="module")
def proxied(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ProviderFake, HttpsProxy]]:
    with ProviderFake() as endpoint, HttpsProxy(endpoint, tmp_path_factory.mktemp("tls")) as proxy:
        yield endpoint, proxy


@pytest.fixture
def fake(
    proxied: tuple[ProviderFake, HttpsProxy],
) -> Iterator[tuple[ProviderFake, HttpsProxy]]:
    """The module's fake and proxy, with nothing recorded yet."""
    endpoint, proxy = proxied
    endpoint.clear()
    proxy.hosts.clear()
    yield proxied


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
    fields = form_or_json(token[0].body)
    assert (fields["grant_type"], fields["refresh_token"]) == (
        "refresh_token", GOOGLE_REFRESH_TOKEN
    )
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "claude.googleapis.com"
    assert call.path == (
        f"/v1/projects/my-project_01/locations/europe-west4/workspaces/{WORKSPACE}"
        "/invoke/v1/messages?beta=true"
    )
    assert call.headers["authorization"] == f"Bearer {GOOGLE_ACCESS_TOKEN}"
    assert "anthropic-workspace-id" not in call.headers
    assert call.model == settings(world)["env"]["ANTHROPIC_MODEL"]


def service_account_key(path: Path) -> rsa.RSAPrivateKey:
    """A service-account key file (a fresh RSA key) at ``path``; its private key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({
        "type": "service_account",
        "project_id": "sa-project_02",
        "private_key_id": "0123456789abcdefEXAMPLE",
        "private_key": pem,
        "client_email": "claude-code@sa-project_02.iam.gserviceaccount.com",
        "client_id": "100000000000000000001",
        "token_uri": "https://oauth2.googleapis.com/token",
    }))
    return key


def jwt_part(text: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def test_claude_platform_on_google_cloud_with_a_service_account(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring, tmp_path: Path,
) -> None:
    endpoint, proxy = fake
    key_file = tmp_path / "keys" / "claude-code-sa.json"  # the user's own, outside HOME
    key = service_account_key(key_file)
    # no --project-id: the project is the key file's
    apply("--provider", "anthropic-google-cloud", "--auth", "service-account",
          "--credentials-file", str(key_file), "--workspace-id", WORKSPACE,
          "--model", "claude-sonnet-4-6")
    env = settings(world)["env"]
    assert env["GOOGLE_APPLICATION_CREDENTIALS"] == str(key_file)
    assert env["ANTHROPIC_GOOGLE_CLOUD_PROJECT"] == "sa-project_02"
    claude(world, project, keyring_env, proxy, through_run=False)
    assert_only_pinned_models_called(world, endpoint)
    # the token request is a JWT-bearer grant whose assertion the key file's key signed
    [token] = endpoint.requests_to("/token", "POST")
    assert token.headers["host"] == "oauth2.googleapis.com"
    fields = form_or_json(token.body)
    assert fields["grant_type"] == JWT_BEARER_GRANT
    header, claims, signature = fields["assertion"].split(".")
    assert jwt_part(header)["alg"] == "RS256"
    key.public_key().verify(
        base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)),
        f"{header}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256(),
    )
    claims_json = jwt_part(claims)
    assert claims_json["iss"] == "claude-code@sa-project_02.iam.gserviceaccount.com"
    assert claims_json["aud"] == "https://oauth2.googleapis.com/token"
    assert "https://www.googleapis.com/auth/cloud-platform" in claims_json["scope"].split()
    call = model_calls(endpoint)[-1]
    assert call.headers["host"] == "claude.googleapis.com"
    assert call.path == (
        f"/v1/projects/sa-project_02/locations/global/workspaces/{WORKSPACE}"
        "/invoke/v1/messages?beta=true"
    )
    assert call.headers["authorization"] == f"Bearer {GOOGLE_SERVICE_ACCOUNT_TOKEN}"
    assert "anthropic-workspace-id" not in call.headers
    assert call.model == "claude-sonnet-4-6"
    private_line = json.loads(key_file.read_text())["private_key"].splitlines()[2]
    assert files_containing([world, project], [private_line]) == []  # only the path was written


# -- Bedrock Mantle -------------------------------------------------------------------------


def test_mantle_bedrock_api_key_through_run(
    world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    apply("--provider", "mantle", "--auth", "bedrock-api-key", "--region", "us-east-1",
          secret=BEDROCK_API_KEY)
    claude(world, project, keyring_env, proxy, through_run=True)
    assert_only_pinned_models_called(world, endpoint)
    # no start-up Opus probe (non-streaming, max_tokens 1): the Opus role is pinned
    assert "ANTHROPIC_DEFAULT_OPUS_MODEL" in settings(world)["env"]
    [call] = model_calls(endpoint)
    assert len(endpoint.requests) == 1, endpoint.describe()
    assert call.json()["stream"] is True
    assert call.headers["host"] == "bedrock-mantle.us-east-1.api.aws"
    assert call.path == "/anthropic/v1/messages?beta=true"
    assert call.headers["authorization"] == f"Bearer {BEDROCK_API_KEY}"
    assert call.model == settings(world)["env"]["ANTHROPIC_MODEL"]


# -- every AWS credential method, for both providers that sign with AWS ----------------------


@dataclass(frozen=True)
class AwsTarget:
    """A provider signing with AWS credentials: how its model call must look."""

    provider: str
    service: str  # SigV4 service name
    host: str  # with {region}
    path: str
    workspace: bool  # the anthropic-workspace-id header (and --workspace-id)


AWS_TARGETS = [
    AwsTarget("anthropic-aws", "aws-external-anthropic", "aws-external-anthropic.{region}.api.aws",
              "/v1/messages?beta=true", workspace=True),
    AwsTarget("mantle", "bedrock-mantle", "bedrock-mantle.{region}.api.aws",
              "/anthropic/v1/messages?beta=true", workspace=False),
]
aws_targets = pytest.mark.parametrize("target", AWS_TARGETS, ids=lambda t: t.provider)


def apply_aws(target: AwsTarget, region: str, *args: str, secret: str | None = None) -> None:
    workspace = ("--workspace-id", WORKSPACE) if target.workspace else ()
    apply("--provider", target.provider, "--region", region, *workspace, *args, secret=secret)


def assert_signed_call(
    home: Path, endpoint: ProviderFake, target: AwsTarget, region: str, key_id: str,
    session_token: str | None = None,
) -> None:
    """One model call, to the target's host and path, SigV4-signed by ``key_id`` for the
    target's service in ``region``, with the workspace header when the target has one."""
    assert_only_pinned_models_called(home, endpoint)
    host = target.host.format(region=region)
    calls = model_calls(endpoint)
    # one call only: for Mantle, no start-up probe of Claude Code's default Opus
    # (non-streaming, max_tokens 1), because the Opus role is pinned
    assert len(calls) == 1, endpoint.describe()
    assert [r for r in endpoint.requests if r.headers.get("host") == host] == calls
    call = calls[0]
    assert call.json()["stream"] is True and call.json()["max_tokens"] > 1
    assert call.headers["host"] == host
    assert call.path == target.path
    scope, signed = sigv4(call)
    assert scope == f"{key_id}/{today()}/{region}/{target.service}/aws4_request"
    assert call.headers.get("x-amz-security-token") == session_token
    assert "x-api-key" not in call.headers
    if target.workspace:
        assert call.headers["anthropic-workspace-id"] == WORKSPACE
        assert "anthropic-workspace-id" in signed.split(";")
    else:
        assert "anthropic-workspace-id" not in call.headers
        assert "ANTHROPIC_DEFAULT_OPUS_MODEL" in settings(home)["env"]
    assert call.model == settings(home)["env"]["ANTHROPIC_MODEL"]
    # Claude Code checks AWS credentials with STS only when it has an awsAuthRefresh to run
    checks = [r for r in endpoint.requests if r.kind == "sts.get-caller-identity"]
    assert len(checks) == ("awsAuthRefresh" in settings(home)), endpoint.describe()


@aws_targets
def test_aws_access_keys_through_credential_process(
    target: AwsTarget, world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    model = "claude-sonnet-4-6" if target.workspace else "anthropic.claude-sonnet-5"
    apply_aws(target, "us-east-2", "--auth", "access-keys", "--aws-access-key-id", KEY_ID,
              "--model", model, secret=AWS_SECRET)
    profile = f"claude-setup-{target.provider}"
    assert settings(world)["env"]["AWS_PROFILE"] == profile
    config = (world / ".aws" / "config").read_text()
    assert f"[profile {profile}]\ncredential_process = " in config  # the keyring's secret
    claude(world, project, keyring_env, proxy, through_run=False)
    assert_signed_call(world, endpoint, target, "us-east-2", KEY_ID)
    assert model_calls(endpoint)[0].model == model


@aws_targets
def test_aws_named_profile(
    target: AwsTarget, world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    credentials = world / ".aws" / "credentials"
    credentials.write_text(
        f"[team]\naws_access_key_id = {OTHER_KEY_ID}\naws_secret_access_key = {OTHER_SECRET}\n"
    )
    apply_aws(target, "ap-southeast-2", "--auth", "aws-profile", "--aws-profile", "team")
    assert settings(world)["env"]["AWS_PROFILE"] == "team"
    claude(world, project, keyring_env, proxy, through_run=False)
    credentials.unlink()  # the test's own key, not one claude-setup wrote
    assert_signed_call(world, endpoint, target, "ap-southeast-2", OTHER_KEY_ID)


@aws_targets
def test_aws_default_chain(
    target: AwsTarget, world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring,
) -> None:
    endpoint, proxy = fake
    credentials = world / ".aws" / "credentials"
    credentials.write_text(
        f"[default]\naws_access_key_id = {OTHER_KEY_ID}\n"
        f"aws_secret_access_key = {OTHER_SECRET}\n"
    )
    apply_aws(target, "ca-central-1", "--auth", "default-chain")
    written = settings(world)
    assert "AWS_PROFILE" not in written["env"]
    assert "awsCredentialExport" not in written and "awsAuthRefresh" not in written
    claude(world, project, keyring_env, proxy, through_run=False)
    credentials.unlink()
    assert_signed_call(world, endpoint, target, "ca-central-1", OTHER_KEY_ID)


@aws_targets
def test_aws_own_export_command(
    target: AwsTarget, world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring, tmp_path: Path,
) -> None:
    endpoint, proxy = fake
    command = tmp_path / "bin" / "export-aws-credentials"  # the user's own, outside HOME
    command.parent.mkdir()
    credentials = {"Credentials": {
        "AccessKeyId": EXPORT_KEY_ID, "SecretAccessKey": EXPORT_SECRET,
        "SessionToken": EXPORT_SESSION, "Expiration": "2099-01-01T00:00:00Z",
    }}
    command.write_text(f"#!/bin/sh\necho '{json.dumps(credentials)}'\n")
    command.chmod(0o755)
    apply_aws(target, "eu-north-1", "--auth", "credential-export",
              "--helper-command", str(command), "--model",
              "claude-haiku-4-5-20251001" if target.workspace else "anthropic.claude-haiku-4-5")
    assert settings(world)["awsCredentialExport"] == str(command)
    claude(world, project, keyring_env, proxy, through_run=False)
    assert_signed_call(world, endpoint, target, "eu-north-1", EXPORT_KEY_ID, EXPORT_SESSION)


@pytest.fixture
def sso_profile(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``claude-setup sso-setup`` signed in against a local AWS SSO service: the profile
    ``claude-dev`` (role BedrockUser of account 222222222222, SSO region eu-west-1) and its
    cached token. Yields that token. No AWS CLI on PATH, so claude-setup refreshes on its own."""
    server = FakeSso()
    server.token_errors = []
    server.thread.start()
    monkeypatch.setenv("PATH", f"{CLAUDE_SETUP.parent}:/usr/bin:/bin")
    try:
        result = claude_setup(
            "sso-setup", "--start-url", START_URL, "--sso-region", "eu-west-1",
            "--profile-name", "claude-dev", "--account-id", "222222222222",
            "--role-name", "BedrockUser", "--region", "eu-central-1", "--no-browser",
            env={**os.environ, "AWS_ENDPOINT_URL_SSO": server.url,
                 "AWS_ENDPOINT_URL_SSO_OIDC": server.url},
            timeout=60,
        )
    finally:
        server.server.shutdown()
        server.server.server_close()
    assert result.returncode == 0, result.stderr
    [token] = server.valid_tokens
    yield token


@aws_targets
def test_aws_sso_signed_in_by_claude_setup(
    target: AwsTarget, world: Path, project: Path, fake: tuple[ProviderFake, HttpsProxy],
    keyring_env: PrivateKeyring, sso_profile: str,
) -> None:
    endpoint, proxy = fake
    apply_aws(target, "eu-central-1", "--auth", "sso", "--aws-profile", "claude-dev")
    written = settings(world)
    assert written["env"]["AWS_PROFILE"] == "claude-dev"
    assert written["awsAuthRefresh"] == f"{CLAUDE_SETUP} sso-login claude-dev"
    claude(world, project, keyring_env, proxy, through_run=False)
    # Claude Code's AWS SDK read claude-setup's cached token and asked the SSO portal for the
    # role's credentials; with an awsAuthRefresh set, Claude Code first checks them with STS
    # (and asks the portal again); they were valid, so no refresh ran (no SSO OIDC host)
    portal = endpoint.requests_to("/federation/credentials", "GET")
    assert portal, endpoint.describe()
    for request in portal:
        assert request.headers["host"] == "portal.sso.eu-west-1.amazonaws.com"
        assert request.query == {"role_name": ["BedrockUser"], "account_id": ["222222222222"]}
        assert request.headers["x-amz-sso_bearer_token"] == sso_profile
    host = target.host.format(region="eu-central-1")
    assert set(proxy.hosts) <= {
        "portal.sso.eu-west-1.amazonaws.com", "sts.eu-central-1.amazonaws.com", host
    }, proxy.hosts
    [check] = [r for r in endpoint.requests if r.kind == "sts.get-caller-identity"]
    scope, _signed = sigv4(check)
    assert scope == f"{SSO_ROLE_KEY_ID}/{today()}/eu-central-1/sts/aws4_request"
    assert_signed_call(
        world, endpoint, target, "eu-central-1", SSO_ROLE_KEY_ID, SSO_ROLE_SESSION
    )


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
