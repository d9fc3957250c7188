"""``discover`` and ``iam-policy`` from the command line, against local fakes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import FakeEndpoint
from runner import claude_setup, one_line_error
from test_services_aws_fake import (
    ACCOUNT,
    FakeAws,
    foundation_model,
    static_credentials_env,
    system_profile,
)

SONNET = "anthropic.claude-sonnet-4-6"


@pytest.fixture
def aws(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAws]:
    with FakeAws() as fake:
        for name, value in {**fake.env(), **static_credentials_env()}.items():
            monkeypatch.setenv(name, value)
        fake.profiles["eu-west-1"] = [system_profile("eu", SONNET, "eu-west-1")]
        fake.profiles["us-east-1"] = [system_profile("us", SONNET, "us-east-1")]
        for region in ("eu-west-1", "us-east-1"):
            fake.models[region] = [foundation_model(SONNET, "Claude Sonnet 4.6")]
        yield fake


def test_discover_bedrock_over_two_regions(aws: FakeAws) -> None:
    result = claude_setup("discover", "bedrock", "--region", "eu-west-1", "--region", "us-east-1",
                          "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["account"] == ACCOUNT
    assert [o["model_id"] for o in data["regions"]["eu-west-1"]] == [f"eu.{SONNET}"]
    assert [o["model_id"] for o in data["regions"]["us-east-1"]] == [f"us.{SONNET}"]
    text = claude_setup("discover", "bedrock", "--region", "eu-west-1").stdout
    assert f"  eu.{SONNET}  " in text


def test_iam_policy(aws: FakeAws) -> None:
    result = claude_setup("iam-policy", "--region", "eu-west-1", "--model", f"eu.{SONNET}")
    assert result.returncode == 0, result.stderr
    policy = json.loads(result.stdout)
    resources = json.dumps(policy)
    assert f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{SONNET}" in resources
    actions = {a for s in policy["Statement"] for a in s["Action"]}
    assert "bedrock:InvokeModelWithResponseStream" in actions
    assert not any("*" in a for a in actions)


def test_iam_policy_of_a_saved_profile_covers_exactly_its_pinned_models(
    tmp_home: Path,
) -> None:
    applied = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "eu-west-1",
        "--fast-model-region", "us-east-1", "--model", f"eu.{SONNET}",
        "--sonnet-model", f"eu.{SONNET}", "--profile", "team",
    )
    assert applied.returncode == 0, applied.stderr
    env = json.loads((tmp_home / ".claude" / "settings.json").read_text())["env"]
    result = claude_setup("iam-policy", "--profile", "team", "--account-id", ACCOUNT)
    assert result.returncode == 0, result.stderr
    [invoke, read] = json.loads(result.stdout)["Statement"]
    profiles = sorted(r.rsplit("/", 1)[1] for r in invoke["Resource"]
                      if ":inference-profile/" in r)
    pinned = {env[name] for name in ("ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL",
                                     "ANTHROPIC_DEFAULT_SONNET_MODEL",
                                     "ANTHROPIC_DEFAULT_HAIKU_MODEL",
                                     "ANTHROPIC_DEFAULT_FABLE_MODEL")}
    assert profiles == sorted(pinned)
    fast = env["ANTHROPIC_DEFAULT_HAIKU_MODEL"]
    assert fast == "us.anthropic.claude-haiku-5-5"  # preselected with the fast region's prefix
    assert f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/{fast}" in invoke["Resource"]
    assert f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/*" in read["Resource"]
    for model in pinned - {fast}:
        assert f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/{model}" in (
            invoke["Resource"]
        )


def test_iam_policy_refuses_a_profile_that_is_not_bedrock(tmp_home: Path) -> None:
    assert claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login",
                        "--profile", "home").returncode == 0
    result = claude_setup("iam-policy", "--profile", "home", "--account-id", ACCOUNT)
    assert result.returncode == 1
    assert "for a Bedrock profile" in one_line_error(result)
    result = claude_setup("iam-policy", "--account-id", ACCOUNT)
    assert result.returncode == 2
    assert "needs --profile, or --region and --model" in one_line_error(result)


def test_iam_policy_refuses_a_base_model_id(aws: FakeAws) -> None:
    result = claude_setup("iam-policy", "--region", "eu-west-1", "--model", SONNET,
                          "--account-id", ACCOUNT)
    assert result.returncode == 2  # a bad option value: a malformed command line
    assert "on-demand" in one_line_error(result)


def test_discover_anthropic_models(tmp_home: Path) -> None:
    with FakeEndpoint() as endpoint:
        result = claude_setup("discover", "anthropic", "--base-url", endpoint.url,
                              "--secret-stdin", input="sk-ant-api03-EXAMPLEdiscoverKEY\n")
        seen = endpoint.requests_to("/v1/models")
    assert result.returncode == 0, result.stderr
    assert seen[-1].headers["x-api-key"] == "sk-ant-api03-EXAMPLEdiscoverKEY"
    assert "sk-ant-api03-EXAMPLEdiscoverKEY" not in result.stdout


def test_discover_gateway_prints_the_litellm_configuration(tmp_home: Path) -> None:
    with FakeEndpoint() as endpoint:
        result = claude_setup("discover", "gateway", "--base-url", endpoint.url + "/vertex_ai/v1",
                              "--gateway-api", "vertex")
    assert result.returncode == 0, result.stderr
    assert "model_list:" in result.stdout
    assert "--disable-experimental-betas" in result.stdout


def test_discover_vertex_without_credentials_says_how_to_make_them(tmp_home: Path) -> None:
    result = claude_setup("discover", "vertex")
    assert result.returncode == 1
    assert "gcloud auth application-default login" in one_line_error(result)


def test_discover_aws_profiles_marks_sso_and_sign_in(tmp_home: Path) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(
        "[profile plain]\nregion = us-east-1\n\n"
        "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\n"
        "sso_role_name = Dev\nregion = eu-west-1\n\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = eu-west-1\n"
    )
    result = claude_setup("discover", "aws-profiles")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert lines["plain"].split() == ["plain", "us-east-1"]
    assert "not signed in: claude-setup sso-login corp" in lines["corp"]
    data = json.loads(claude_setup("discover", "aws-profiles", "--json").stdout)
    assert {p["name"]: p["sso"] for p in data} == {"plain": False, "corp": True}
