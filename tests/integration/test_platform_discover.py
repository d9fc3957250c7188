"""``discover anthropic-aws|mantle|anthropic-google-cloud`` against local fakes: the regions,
who the credentials are, and the models the endpoint lists; never a secret in the output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_platforms import (
    AWS_API_KEY,
    BEDROCK_API_KEY,
    MODELS,
    SECRET_ACCESS_KEY,
    FakePlatforms,
    fake_platforms,
)
from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error
from test_services_aws_fake import ACCOUNT, USER_ARN, FakeAws, static_credentials_env

from wizard.services import platforms

WORKSPACE = "wrkspc_01EXAMPLEworkspace"


@pytest.fixture
def fake() -> Iterator[FakePlatforms]:
    with fake_platforms() as running:
        yield running


@pytest.fixture
def aws(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAws]:
    with FakeAws() as sts:
        for name, value in {**sts.env(), **static_credentials_env()}.items():
            monkeypatch.setenv(name, value)
        yield sts


def test_regions_of_claude_platform_on_aws_are_every_commercial_region(tmp_home: Path) -> None:
    result = claude_setup("discover", "anthropic-aws", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"regions": list(platforms.ANTHROPIC_AWS_REGIONS)}
    text = claude_setup("discover", "anthropic-aws").stdout
    assert "ca-central-1" in text and "--workspace-id" in text
    mantle = json.loads(claude_setup("discover", "mantle", "--json").stdout)
    assert mantle["regions"] == list(platforms.MANTLE_REGIONS)


def test_the_wizard_offers_the_same_regions() -> None:
    from wizard.tui.discovery import ServiceDiscovery

    found = ServiceDiscovery()
    assert found.regions("anthropic-aws") == list(platforms.ANTHROPIC_AWS_REGIONS)
    assert found.regions("mantle") == list(platforms.MANTLE_REGIONS)
    assert found.regions("anthropic-google-cloud") == ["global"]


def test_discover_anthropic_aws_names_the_caller_and_lists_the_workspace_models(
    aws: FakeAws, fake: FakePlatforms
) -> None:
    result = claude_setup("discover", "anthropic-aws", "--region", "eu-west-1", "--workspace-id",
                          WORKSPACE, "--base-url", fake.base, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["account"], data["arn"], data["models"]) == (ACCOUNT, USER_ARN, MODELS)
    seen = fake.models_calls()[-1]
    assert (seen.service, seen.region) == ("aws-external-anthropic", "eu-west-1")
    assert seen.headers["anthropic-workspace-id"] == WORKSPACE
    assert SECRET_ACCESS_KEY not in result.stdout + result.stderr


def test_discover_mantle_with_a_bedrock_api_key(tmp_home: Path, fake: FakePlatforms) -> None:
    result = claude_setup("discover", "mantle", "--region", "us-east-1", "--base-url",
                          fake.base + "/anthropic", "--secret-stdin",
                          input=BEDROCK_API_KEY + "\n")
    assert result.returncode == 0, result.stderr
    assert "models in us-east-1:" in result.stdout and "  claude-opus-5-5" in result.stdout
    assert "AWS account" not in result.stdout  # a key, no AWS identity to show
    assert BEDROCK_API_KEY not in result.stdout + result.stderr
    assert fake.models_calls()[-1].headers["authorization"] == f"Bearer {BEDROCK_API_KEY}"


def test_discover_mantle_refused_is_one_line(aws: FakeAws, fake: FakePlatforms) -> None:
    fake.status = 403
    result = claude_setup("discover", "mantle", "--region", "us-east-1", "--base-url", fake.base)
    assert result.returncode == 1
    assert "bedrock-mantle:CreateInference" in one_line_error(result)


def test_discover_google_cloud(
    tmp_home: Path, tmp_path: Path, fake: FakePlatforms, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps({
        "type": "service_account", "project_id": "proj-file", "private_key_id": "0123456789ab",
        "private_key": pem, "client_email": "dev@proj-file.iam.gserviceaccount.com",
        "client_id": "100000000000000000001", "token_uri": fake.base + "/token"}))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    monkeypatch.setenv("ANTHROPIC_GOOGLE_CLOUD_PROJECT", "proj-env")
    monkeypatch.setenv("ANTHROPIC_VERTEX_PROJECT_ID", "not-this-one")
    only = claude_setup("discover", "anthropic-google-cloud", "--json")
    assert only.returncode == 0, only.stderr
    data = json.loads(only.stdout)
    assert data["project"] == {"value": "proj-env", "source": "ANTHROPIC_GOOGLE_CLOUD_PROJECT"}
    assert data["credentials"]["account"] == "dev@proj-file.iam.gserviceaccount.com"
    assert data["locations"] == ["global"] and "models" not in data
    prefix = f"/v1/projects/proj-env/locations/global/workspaces/{WORKSPACE}/invoke"
    listed = claude_setup("discover", "anthropic-google-cloud", "--workspace-id", WORKSPACE,
                          "--base-url", fake.base + prefix)
    assert listed.returncode == 0, listed.stderr
    assert f"models of workspace {WORKSPACE} in global:" in listed.stdout
    assert "  claude-sonnet-4-6" in listed.stdout
    assert "BEGIN PRIVATE KEY" not in listed.stdout + listed.stderr
    assert fake.models_calls()[-1].path.startswith(prefix + "/v1/models")


def test_discover_takes_a_saved_profiles_values_and_stored_key(
    keyring_env: PrivateKeyring, tmp_home: Path, fake: FakePlatforms
) -> None:
    applied = claude_setup(
        "apply", "--provider", "anthropic-aws", "--auth", "api-key", "--region", "ap-south-1",
        "--workspace-id", WORKSPACE, "--base-url", fake.base, "--profile", "cp",
        "--secret-stdin", input=AWS_API_KEY + "\n")
    assert applied.returncode == 0, applied.stderr
    result = claude_setup("discover", "anthropic-aws", "--profile", "cp", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["region"], data["workspace_id"], data["models"]) == (
        "ap-south-1", WORKSPACE, MODELS)
    assert "account" not in data  # an API key: no AWS identity
    assert AWS_API_KEY not in result.stdout + result.stderr
    assert fake.models_calls()[-1].headers["x-api-key"] == AWS_API_KEY
