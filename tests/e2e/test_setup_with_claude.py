"""End to end: ``claude-setup apply`` writes the files, the real Claude Code reads only those.

Each test applies a setup with the secret piped to ``--secret-stdin`` (the real gnome-keyring
keeps it), runs ``claude -p`` with a scrubbed environment against a local fake endpoint, and
checks what Claude Code sent. Afterwards no secret's text is in any file under HOME or the
project folder. Google's and Azure's token services cannot be reached here, so ``adc``,
``service-account`` and ``azure-login`` are checked in the written files.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from claude_cli import claude_bin, run_claude, scrubbed_env
from fakes import FakeEndpoint, RecordedRequest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, files_containing

REPO = Path(__file__).resolve().parents[2]
ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEe2eKEY0123456789abcdef"
GATEWAY_KEY = "sk-litellm-EXAMPLEgatewayKEY0123456789"
BEDROCK_API_KEY = "ABSKEXAMPLEbedrockE2Ekey0123456789abcdef"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
OTHER_SECRET = "je7MtGbClwBF2Zp9Utk0h3yCo8nvbEXAMPLEKEY"
FOUNDRY_KEY = "EXAMPLEfoundryE2Ekey0123456789abcdef"
ALL_SECRETS = (ANTHROPIC_KEY, GATEWAY_KEY, BEDROCK_API_KEY, AWS_SECRET, OTHER_SECRET, FOUNDRY_KEY)

AWS_CONFIG = """# work laptop
[default]
region = us-west-2

[profile corp-sso]
sso_session = corp   # the company's Identity Center
sso_account_id = 111122223333
sso_role_name = Developer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
"""


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as ep:
        yield ep


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


@pytest.fixture
def world(keyring_env: PrivateKeyring, tmp_home: Path, project: Path) -> Iterator[Path]:
    """The keyring, an isolated HOME with an ~/.aws/config, and, after the test, the check that
    no secret reached a file."""
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(AWS_CONFIG)
    yield tmp_home
    assert files_containing([tmp_home, project], ALL_SECRETS) == []


def apply(*args: str, secret: str | None = None, cwd: Path | None = None) -> None:
    flags = ("--secret-stdin",) if secret else ()
    result = claude_setup(
        "apply", *args, *flags, "--yes",
        input=None if secret is None else secret + "\n", cwd=cwd,
    )
    assert result.returncode == 0, result.stderr


def claude(home: Path, project: Path, keyring: PrivateKeyring) -> subprocess.CompletedProcess[str]:
    """``claude -p`` seeing only HOME, the keyring's bus, and the XDG folders of the test."""
    result = run_claude(home, project, extra_env=claude_env(home, keyring))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pong" in result.stdout
    return result


ROLE_VARIABLES = (
    "ANTHROPIC_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "ANTHROPIC_DEFAULT_FABLE_MODEL",
)


def pinned_models(home: Path) -> set[str]:
    """The model of every role the written settings pin (all of them: a role left open is
    preselected)."""
    env = settings(home)["env"]
    assert set(ROLE_VARIABLES) <= set(env), env
    return {env[name] for name in ROLE_VARIABLES}


def called_models(endpoint: FakeEndpoint) -> set[str]:
    """Every model ID Claude Code asked for an answer (body ``model`` or the URL's)."""
    found = {r.model for r in endpoint.model_calls()}
    assert None not in found, endpoint.describe()
    return {m for m in found if m is not None}


def assert_only_pinned_models_called(home: Path, endpoint: FakeEndpoint) -> None:
    called = called_models(endpoint)
    assert called, endpoint.describe()
    assert called <= pinned_models(home), (called, settings(home)["env"])


def claude_env(home: Path, keyring: PrivateKeyring) -> dict[str, str]:
    return {
        **keyring.env,
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }


def settings(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / ".claude" / "settings.json").read_text())
    return data


def only_model_call(endpoint: FakeEndpoint) -> RecordedRequest:
    calls = endpoint.model_calls()
    assert calls, endpoint.describe()
    return calls[-1]


def sigv4(request: RecordedRequest) -> str:
    header = request.headers.get("authorization", "")
    match = re.match(r"AWS4-HMAC-SHA256 Credential=(\S+?),", header)
    assert match, header
    return match.group(1)


def today() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")


SESSION_CLAUDE_CODE_BIN = os.environ.get("CLAUDE_CODE_BIN")
"""As the test session started (scripts/test sets it), before any fixture ran."""


def test_the_tests_run_the_claude_code_named_by_claude_code_bin(tmp_home: Path) -> None:
    assert SESSION_CLAUDE_CODE_BIN, "scripts/test sets CLAUDE_CODE_BIN"
    assert os.environ.get("CLAUDE_CODE_BIN") == SESSION_CLAUDE_CODE_BIN
    assert claude_bin() == Path(shutil.which(SESSION_CLAUDE_CODE_BIN) or SESSION_CLAUDE_CODE_BIN)
    version = subprocess.run([str(claude_bin()), "--version"], capture_output=True, text=True,
                             timeout=60, env=scrubbed_env(tmp_home))
    pinned = re.search(r"^CLAUDE_CODE_VERSION=(\S+)$",
                       (REPO / "scripts" / "test").read_text(), re.MULTILINE)
    assert pinned and version.stdout.startswith(pinned.group(1) + " ")


# -- Anthropic API ---------------------------------------------------------------------------


def test_anthropic_api_key(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "anthropic", "--auth", "api-key", "--base-url", endpoint.url,
          "--model", "claude-sonnet-4-6", secret=ANTHROPIC_KEY)
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.headers["x-api-key"] == ANTHROPIC_KEY
    assert call.json()["model"] == "claude-sonnet-4-6"


def test_anthropic_own_helper(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring,
    tmp_path: Path,
) -> None:
    helper = tmp_path / "print-key"
    helper.write_text("#!/bin/sh\nprintf '%s\\n' sk-ant-own-helper-value\n")
    helper.chmod(0o755)
    apply("--provider", "anthropic", "--auth", "helper", "--helper-command", str(helper),
          "--base-url", endpoint.url, "--helper-ttl-ms", "60000")
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    assert only_model_call(endpoint).headers["x-api-key"] == "sk-ant-own-helper-value"
    assert settings(world)["env"]["CLAUDE_CODE_API_KEY_HELPER_TTL_MS"] == "60000"


# -- Amazon Bedrock --------------------------------------------------------------------------


def test_bedrock_access_keys(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
          "--aws-access-key-id", KEY_ID, "--base-url", endpoint.url,
          "--model", "eu.anthropic.claude-sonnet-4-6", secret=AWS_SECRET)
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.kind == "bedrock.invoke-stream"
    assert "/model/eu.anthropic.claude-sonnet-4-6/" in call.decoded_path
    assert sigv4(call) == f"{KEY_ID}/{today()}/eu-west-1/bedrock/aws4_request"
    config = (world / ".aws" / "config").read_text()
    assert config.startswith(AWS_CONFIG)
    assert "[profile claude-setup-bedrock]\ncredential_process = " in config


def test_bedrock_sso_profile_in_the_files(
    world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "aws").write_text("#!/bin/sh\necho 'aws-cli/2.31.0 Python/3.13.7 Linux'\n")
    (fake_bin / "aws").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}:/usr/bin:/bin")
    apply("--provider", "bedrock", "--auth", "sso", "--aws-profile", "corp-sso",
          "--region", "eu-central-1")
    data = settings(world)
    assert data["env"]["AWS_PROFILE"] == "corp-sso"
    assert data["env"]["CLAUDE_CODE_USE_BEDROCK"] == "1"
    assert data["awsAuthRefresh"] == "aws sso login --profile corp-sso"  # the AWS CLI v2
    assert (world / ".aws" / "config").read_text() == AWS_CONFIG


def test_bedrock_named_aws_profile(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    (world / ".aws" / "credentials").write_text(
        f"[team]\naws_access_key_id = {OTHER_KEY_ID}\naws_secret_access_key = {OTHER_SECRET}\n"
    )
    apply("--provider", "bedrock", "--auth", "aws-profile", "--aws-profile", "team",
          "--region", "us-east-2", "--base-url", endpoint.url,
          "--model", "us.anthropic.claude-opus-4-6-v1")
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert sigv4(call) == f"{OTHER_KEY_ID}/{today()}/us-east-2/bedrock/aws4_request"
    assert "/model/us.anthropic.claude-opus-4-6-v1/" in call.decoded_path
    (world / ".aws" / "credentials").unlink()


def test_bedrock_api_key_through_run(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
          "--base-url", endpoint.url, "--model", "global.anthropic.claude-sonnet-4-6",
          secret=BEDROCK_API_KEY)
    assert "AWS_BEARER_TOKEN_BEDROCK" not in json.dumps(settings(world))
    env = scrubbed_env(world, claude_env(world, keyring_env))
    result = subprocess.run(
        [str(CLAUDE_SETUP), "run", "--", str(claude_bin()), "-p", "say pong"],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.headers["authorization"] == f"Bearer {BEDROCK_API_KEY}"
    assert "/model/global.anthropic.claude-sonnet-4-6/" in call.decoded_path


# -- gateways --------------------------------------------------------------------------------


def test_gateway_anthropic_api_with_key(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--auth", "api-key", "--base-url", endpoint.url,
          "--model", "claude-sonnet-4-6", secret=GATEWAY_KEY)
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.kind.startswith("anthropic")
    assert call.headers["x-api-key"] == GATEWAY_KEY
    assert call.headers["authorization"] == f"Bearer {GATEWAY_KEY}"


def test_gateway_without_key(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--auth", "none", "--base-url", endpoint.url + "/anthropic")
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.url_path == "/anthropic/v1/messages"
    assert call.headers["authorization"] == "Bearer no-key"


def test_gateway_bedrock_api(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--gateway-api", "bedrock", "--auth", "api-key",
          "--base-url", endpoint.url + "/bedrock", "--region", "us-west-2",
          "--model", "us.anthropic.claude-sonnet-4-6", secret=GATEWAY_KEY)
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.decoded_path.startswith("/bedrock/model/us.anthropic.claude-sonnet-4-6/")
    assert call.headers["authorization"] == f"Bearer {GATEWAY_KEY}"


def test_gateway_vertex_api(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--gateway-api", "vertex", "--auth", "api-key",
          "--base-url", endpoint.url + "/vertex_ai/v1", "--region", "europe-west1",
          "--project-id", "team-project-42", "--model", "claude-sonnet-4-6",
          secret=GATEWAY_KEY)
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.url_path.startswith(
        "/vertex_ai/v1/projects/team-project-42/locations/europe-west1/"
        "publishers/anthropic/models/claude-sonnet-4-6:"
    )
    assert call.headers["authorization"] == f"Bearer {GATEWAY_KEY}"


# -- checked in the files: Google and Azure sign-in cannot run here --------------------------


def test_vertex_adc_in_the_files(world: Path) -> None:
    apply("--provider", "vertex", "--auth", "adc", "--region", "us-east5",
          "--project-id", "my-project-01", "--model", "claude-opus-4-6")
    data = settings(world)
    assert data["env"] == {
        "CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "us-east5",
        "ANTHROPIC_VERTEX_PROJECT_ID": "my-project-01", "ANTHROPIC_MODEL": "claude-opus-4-6",
        "ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-5-5",
        "ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-5-5",
        "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-5-5",
        "ANTHROPIC_DEFAULT_FABLE_MODEL": "claude-fable-5-2",
    }
    assert data["gcpAuthRefresh"] == "gcloud auth application-default login"


def test_vertex_service_account_in_the_files(world: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps({
        "type": "service_account", "project_id": "sa-project-01",
        "client_email": "claude@sa-project-01.iam.gserviceaccount.com",
    }))
    apply("--provider", "vertex", "--auth", "service-account", "--region", "global",
          "--credentials-file", str(key_file))
    env = settings(world)["env"]
    assert env["GOOGLE_APPLICATION_CREDENTIALS"] == str(key_file.resolve())
    assert env["ANTHROPIC_VERTEX_PROJECT_ID"] == "sa-project-01"
    assert "gcpAuthRefresh" not in settings(world)


def test_foundry_azure_login_in_the_files(world: Path) -> None:
    apply("--provider", "foundry", "--auth", "azure-login", "--foundry-resource", "my-foundry",
          "--model", "claude-sonnet-4-6")
    assert settings(world)["env"] == {
        "CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "my-foundry",
        "ANTHROPIC_MODEL": "claude-sonnet-4-6",
        "ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-5-5",
        "ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-5-5",
        "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-5-5",
        "ANTHROPIC_DEFAULT_FABLE_MODEL": "claude-fable-5-2",
    }


# -- only the chosen models are called, per provider -----------------------------------------

CHOSEN: dict[str, tuple[str, ...]] = {
    # provider: --model, --opus-model, --sonnet-model, --fast-model, --fable-model
    "anthropic": ("claude-sonnet-4-6", "claude-opus-4-8", "claude-sonnet-4-6",
                  "claude-haiku-4-5", "claude-fable-5-1"),
    "bedrock": ("eu.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-opus-4-6-v1",
                "eu.anthropic.claude-sonnet-4-6", "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
                "eu.anthropic.claude-fable-5-1"),
    "gateway-bedrock": ("us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-opus-4-7",
                        "us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-haiku-5-5",
                        "us.anthropic.claude-fable-5"),
    "gateway-vertex": ("claude-sonnet-4-6", "claude-opus-4-7", "claude-sonnet-4-6",
                       "claude-haiku-4-5@20251001", "claude-fable-5-2"),
    "foundry": ("team-sonnet", "team-opus", "team-sonnet", "team-haiku", "team-fable"),
}
ROLE_OPTIONS = ("--model", "--opus-model", "--sonnet-model", "--fast-model", "--fable-model")


def provider_args(name: str, endpoint: FakeEndpoint) -> tuple[list[str], str | None]:
    if name == "anthropic":
        return ["--provider", "anthropic", "--auth", "api-key", "--base-url", endpoint.url], (
            ANTHROPIC_KEY)
    if name == "bedrock":
        return ["--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
                "--aws-access-key-id", KEY_ID, "--base-url", endpoint.url], AWS_SECRET
    if name == "gateway-bedrock":
        return ["--provider", "gateway", "--gateway-api", "bedrock", "--auth", "api-key",
                "--base-url", endpoint.url + "/bedrock", "--region", "us-west-2"], GATEWAY_KEY
    if name == "gateway-vertex":
        return ["--provider", "gateway", "--gateway-api", "vertex", "--auth", "api-key",
                "--base-url", endpoint.url + "/vertex_ai/v1", "--region", "europe-west1",
                "--project-id", "team-project-42"], GATEWAY_KEY
    return ["--provider", "foundry", "--auth", "api-key", "--base-url", endpoint.url], None


@pytest.mark.parametrize("name", sorted(CHOSEN))
def test_only_the_chosen_models_are_called(
    name: str, world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    args, secret = provider_args(name, endpoint)
    chosen = CHOSEN[name]
    roles = [part for option, model in zip(ROLE_OPTIONS, chosen, strict=True)
             for part in (option, model)]
    if name == "foundry":
        apply(*args, *roles, secret=FOUNDRY_KEY)
        env = scrubbed_env(world, claude_env(world, keyring_env))
        result = subprocess.run(
            [str(CLAUDE_SETUP), "run", "--", str(claude_bin()), "-p", "say pong"],
            cwd=project, env=env, capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert only_model_call(endpoint).headers["x-api-key"] == FOUNDRY_KEY
    else:
        apply(*args, *roles, secret=secret)
        claude(world, project, keyring_env)
    called = called_models(endpoint)
    assert chosen[0] in called
    assert called <= set(chosen), called
    assert pinned_models(world) == set(chosen)


# -- a gateway's custom headers and a model in another Vertex AI region ----------------------


def test_gateway_secret_header_through_run(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--auth", "header", "--secret-header", "x-litellm-api-key",
          "--custom-header", "X-Team: platform", "--custom-header", "X-Env: dev",
          "--base-url", endpoint.url, "--model", "claude-sonnet-4-6", secret=GATEWAY_KEY)
    assert "ANTHROPIC_CUSTOM_HEADERS" not in settings(world)["env"]
    env = scrubbed_env(world, claude_env(world, keyring_env))
    result = subprocess.run(
        [str(CLAUDE_SETUP), "run", "--", str(claude_bin()), "-p", "say pong"],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    call = only_model_call(endpoint)
    assert call.headers["x-litellm-api-key"] == GATEWAY_KEY
    assert call.headers["x-team"] == "platform" and call.headers["x-env"] == "dev"
    assert call.headers["authorization"] == "Bearer no-key"
    assert_only_pinned_models_called(world, endpoint)


def test_gateway_plain_custom_headers_in_the_settings(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--auth", "api-key", "--custom-header", "X-Team: platform",
          "--base-url", endpoint.url, secret=GATEWAY_KEY)
    assert settings(world)["env"]["ANTHROPIC_CUSTOM_HEADERS"] == "X-Team: platform"
    claude(world, project, keyring_env)
    call = only_model_call(endpoint)
    assert call.headers["x-team"] == "platform"
    assert call.headers["x-api-key"] == GATEWAY_KEY


def test_a_model_in_another_vertex_region(
    world: Path, project: Path, endpoint: FakeEndpoint, keyring_env: PrivateKeyring
) -> None:
    apply("--provider", "gateway", "--gateway-api", "vertex", "--auth", "api-key",
          "--base-url", endpoint.url + "/vertex_ai/v1", "--region", "europe-west1",
          "--project-id", "team-project-42", "--model", "claude-sonnet-4-6",
          "--vertex-region", "claude-sonnet-4-6=us-east5", secret=GATEWAY_KEY)
    assert settings(world)["env"]["VERTEX_REGION_CLAUDE_4_6_SONNET"] == "us-east5"
    claude(world, project, keyring_env)
    main = [c for c in endpoint.model_calls() if c.model == "claude-sonnet-4-6"]
    assert main, endpoint.describe()
    for call in main:
        assert "/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-6:" in (
            call.url_path
        )
