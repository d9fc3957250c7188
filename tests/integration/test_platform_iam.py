"""``iam-policy --profile`` for Claude Platform on AWS, Bedrock Mantle and Claude Platform on
Google Cloud: the actions and resources their documentation names (see
``wizard.services.platform_iam``), no network call needed."""

from __future__ import annotations

import json
from pathlib import Path

from keyring_env import PrivateKeyring
from runner import claude_setup

WORKSPACE = "wrkspc_01EXAMPLEworkspace"


def test_claude_platform_on_aws_policy_is_scoped_to_the_workspace(tmp_home: Path) -> None:
    applied = claude_setup(
        "apply", "--provider", "anthropic-aws", "--auth", "default-chain", "--region",
        "eu-west-1", "--workspace-id", WORKSPACE, "--profile", "cpaws")
    assert applied.returncode == 0, applied.stderr
    result = claude_setup("iam-policy", "--profile", "cpaws")
    assert result.returncode == 0, result.stderr
    [statement] = json.loads(result.stdout)["Statement"]
    assert statement["Action"] == [
        "aws-external-anthropic:CreateInference", "aws-external-anthropic:CountTokens",
        "aws-external-anthropic:GetModel", "aws-external-anthropic:ListModels"]
    assert statement["Resource"] == (
        f"arn:aws:aws-external-anthropic:eu-west-1:*:workspace/{WORKSPACE}")
    with_account = claude_setup("iam-policy", "--profile", "cpaws", "--account-id",
                                "123456789012")
    assert f"eu-west-1:123456789012:workspace/{WORKSPACE}" in with_account.stdout


def test_mantle_policy_adds_the_bearer_token_action_only_for_a_bedrock_api_key(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    assert claude_setup(
        "apply", "--provider", "mantle", "--auth", "default-chain", "--region", "us-east-1",
        "--profile", "m-chain").returncode == 0
    applied = claude_setup(
        "apply", "--provider", "mantle", "--auth", "bedrock-api-key", "--region", "us-east-1",
        "--profile", "m-key", "--secret-stdin",
        input="ABSKEXAMPLEiamPolicyToken0123456789abcdef\n")
    assert applied.returncode == 0, applied.stderr
    chain = json.loads(claude_setup("iam-policy", "--profile", "m-chain").stdout)
    key = claude_setup("iam-policy", "--profile", "m-key")
    assert "ABSKEXAMPLE" not in key.stdout + key.stderr
    actions = [a for s in chain["Statement"] for a in s["Action"]]
    assert actions == ["bedrock-mantle:CreateInference", "bedrock-mantle:GetProject",
                       "bedrock-mantle:ListProjects"]
    assert {s["Resource"] for s in chain["Statement"]} == {"*"}
    key_actions = [a for s in json.loads(key.stdout)["Statement"] for a in s["Action"]]
    assert key_actions == [*actions, "bedrock-mantle:CallWithBearerToken"]


def test_google_cloud_gets_advice_naming_the_role(tmp_home: Path) -> None:
    applied = claude_setup(
        "apply", "--provider", "anthropic-google-cloud", "--auth", "adc", "--project-id",
        "proj-1", "--workspace-id", WORKSPACE, "--profile", "gc")
    assert applied.returncode == 0, applied.stderr
    result = claude_setup("iam-policy", "--profile", "gc")
    assert result.returncode == 0, result.stderr
    assert "roles/claude.user" in result.stdout
    assert "gcloud projects add-iam-policy-binding proj-1 --member=PRINCIPAL " \
           "--role=roles/claude.user" in result.stdout
    assert "claude-models-on-google-cloud-anthropic-managed-iam-permissions" in result.stdout
