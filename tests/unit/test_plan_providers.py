"""Every provider × auth method: the exact settings keys, AWS profile and secret a plan writes.

The rows start from no settings file at all, so ``env`` and the top-level keys of the planned
file are exactly what the provider contributes. ``{exe}`` in an expected value stands for the
machine's helper executable, ``{sa_file}`` for the fake service-account key file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wizard.model import Setup
from wizard.plan import MASK, model_warnings, plan
from wizard.providers.base import MODEL_ROLE_VARIABLES
from wizard.secrets.value import Secret

ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEKEY-EXAMPLEKEY-EXAMPLEKEY-0000"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
BEDROCK_KEY = "ABSKEXAMPLEEXAMPLEEXAMPLEEXAMPLE0000"
FOUNDRY_KEY = "EXAMPLEfoundrykeyEXAMPLE0123456789"
GATEWAY_KEY = "sk-litellm-EXAMPLE-0123456789"
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_PLATFORM_KEY = "sk-ant-api03-EXAMPLEAWSKEY-EXAMPLE-0000"
GATEWAY_TOKEN = "gw-EXAMPLE-token-0123456789"
WORKSPACE = "wrkspc_01EXAMPLE"

SSO_PROFILES = {
    "corp-sso": {"sso_session": "corp", "sso_account_id": "111122223333", "region": "us-east-1"},
    "dev": {"region": "eu-west-1"},
}
SA_PROJECT = "sa-project-123"


@dataclass(frozen=True)
class Row:
    id: str
    setup: dict[str, Any]
    env: dict[str, str]
    top: dict[str, str] = field(default_factory=dict)
    secret: str | None = None
    stored_kind: str | None = None
    env_secret_var: str | None = None
    aws_profile_block: str | None = None


def _row(id: str, provider: str, auth: str, **kw: Any) -> Any:
    setup_keys = {k: kw.pop(k) for k in list(kw) if k not in Row.__dataclass_fields__}
    return pytest.param(
        Row(id=id, setup={"provider": provider, "auth": auth, "profile": "work", **setup_keys},
            **kw),
        id=id,
    )


BEDROCK_BASE = {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"}
VERTEX_BASE = {
    "CLAUDE_CODE_USE_VERTEX": "1",
    "CLOUD_ML_REGION": "us-east5",
    "ANTHROPIC_VERTEX_PROJECT_ID": "my-project-123",
}
HELPER_CMD = "/usr/local/bin/print-key --team platform"

AWS_PLATFORM_BASE = {
    "CLAUDE_CODE_USE_ANTHROPIC_AWS": "1",
    "AWS_REGION": "us-west-2",
    "ANTHROPIC_AWS_WORKSPACE_ID": WORKSPACE,
}
GOOGLE_CLOUD_BASE = {
    "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD": "1",
    "ANTHROPIC_GOOGLE_CLOUD_PROJECT": "my-project-123",
    "ANTHROPIC_GOOGLE_CLOUD_LOCATION": "global",
    "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID": WORKSPACE,
}
MANTLE_BASE = {"CLAUDE_CODE_USE_MANTLE": "1", "AWS_REGION": "us-east-1"}


def _aws_rows(provider: str, base: dict[str, str], **common: Any) -> list[Any]:
    """The AWS credential methods Bedrock, Claude Platform on AWS and Mantle share."""
    region = base["AWS_REGION"]
    return [
        _row(
            f"{provider}-access-keys",
            provider,
            "access-keys",
            aws_access_key_id=ACCESS_KEY_ID,
            env={**base, "AWS_PROFILE": "claude-setup-work"},
            secret=AWS_SECRET,
            stored_kind="aws-secret-access-key",
            aws_profile_block=(
                "[profile claude-setup-work]\n"
                "credential_process = {exe} aws-credentials work\n"
                f"region = {region}\n"
            ),
            **common,
        ),
        _row(
            f"{provider}-sso",
            provider,
            "sso",
            aws_profile="corp-sso",
            env={**base, "AWS_PROFILE": "corp-sso"},
            top={"awsAuthRefresh": "aws sso login --profile corp-sso"},
            **common,
        ),
        _row(
            f"{provider}-aws-profile",
            provider,
            "aws-profile",
            aws_profile="dev",
            env={**base, "AWS_PROFILE": "dev"},
            **common,
        ),
        _row(
            f"{provider}-credential-export",
            provider,
            "credential-export",
            helper_command=HELPER_CMD,
            env=base,
            top={"awsCredentialExport": HELPER_CMD},
            **common,
        ),
        _row(f"{provider}-default-chain", provider, "default-chain", env=base, **common),
    ]


ROWS = [
    # --- anthropic -------------------------------------------------------------------------
    _row(
        "anthropic-api-key",
        "anthropic",
        "api-key",
        env={},
        top={"apiKeyHelper": "{exe} key work"},
        secret=ANTHROPIC_KEY,
        stored_kind="api-key",
    ),
    _row(
        "anthropic-api-key-base-url-models-ttl",
        "anthropic",
        "api-key",
        base_url="https://proxy.example.com/anthropic",
        helper_ttl_ms=600000,
        model="claude-sonnet-4-6",
        fast_model="claude-haiku-4-5",
        env={
            "ANTHROPIC_BASE_URL": "https://proxy.example.com/anthropic",
            "ANTHROPIC_MODEL": "claude-sonnet-4-6",
            "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5",
            "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "600000",
        },
        top={"apiKeyHelper": "{exe} key work"},
        secret=ANTHROPIC_KEY,
        stored_kind="api-key",
    ),
    _row(
        "anthropic-helper",
        "anthropic",
        "helper",
        helper_command=HELPER_CMD,
        env={},
        top={"apiKeyHelper": HELPER_CMD},
    ),
    _row("anthropic-claude-login", "anthropic", "claude-login", env={}),
    _row(
        "anthropic-claude-login-options",
        "anthropic",
        "claude-login",
        model="opus",
        disable_prompt_caching=True,
        max_output_tokens=4096,
        max_thinking_tokens=1024,
        env={
            "ANTHROPIC_MODEL": "opus",
            "DISABLE_PROMPT_CACHING": "1",
            "CLAUDE_CODE_MAX_OUTPUT_TOKENS": "4096",
            "MAX_THINKING_TOKENS": "1024",
        },
    ),
    # --- bedrock ---------------------------------------------------------------------------
    _row(
        "bedrock-access-keys",
        "bedrock",
        "access-keys",
        region="us-east-1",
        aws_access_key_id=ACCESS_KEY_ID,
        env={**BEDROCK_BASE, "AWS_PROFILE": "claude-setup-work"},
        secret=AWS_SECRET,
        stored_kind="aws-secret-access-key",
        aws_profile_block=(
            "[profile claude-setup-work]\n"
            "credential_process = {exe} aws-credentials work\n"
            "region = us-east-1\n"
        ),
    ),
    _row(
        "bedrock-sso",
        "bedrock",
        "sso",
        region="us-east-1",
        aws_profile="corp-sso",
        env={**BEDROCK_BASE, "AWS_PROFILE": "corp-sso"},
        top={"awsAuthRefresh": "aws sso login --profile corp-sso"},
    ),
    _row(
        "bedrock-aws-profile",
        "bedrock",
        "aws-profile",
        region="us-east-1",
        aws_profile="dev",
        env={**BEDROCK_BASE, "AWS_PROFILE": "dev"},
    ),
    _row(
        "bedrock-api-key",
        "bedrock",
        "bedrock-api-key",
        region="us-east-1",
        env=BEDROCK_BASE,
        secret=BEDROCK_KEY,
        stored_kind="bedrock-api-key",
        env_secret_var="AWS_BEARER_TOKEN_BEDROCK",
    ),
    _row(
        "bedrock-api-key-plaintext",
        "bedrock",
        "bedrock-api-key",
        region="us-east-1",
        plaintext_secrets=True,
        env={**BEDROCK_BASE, "AWS_BEARER_TOKEN_BEDROCK": BEDROCK_KEY},
        secret=BEDROCK_KEY,
        stored_kind="bedrock-api-key",
        env_secret_var="AWS_BEARER_TOKEN_BEDROCK",
    ),
    _row(
        "bedrock-credential-export",
        "bedrock",
        "credential-export",
        region="us-east-1",
        helper_command="/usr/local/bin/sts-export --role dev",
        env=BEDROCK_BASE,
        top={"awsCredentialExport": "/usr/local/bin/sts-export --role dev"},
    ),
    _row("bedrock-default-chain", "bedrock", "default-chain", region="us-east-1", env=BEDROCK_BASE),
    _row(
        "bedrock-default-chain-everything",
        "bedrock",
        "default-chain",
        region="eu-west-1",
        fast_model_region="eu-central-1",
        base_url="https://bedrock-proxy.example.com",
        model="eu.anthropic.claude-sonnet-4-6",
        fast_model="eu.anthropic.claude-haiku-4-5-20251001-v1:0",
        disable_prompt_caching=True,
        max_output_tokens=4096,
        max_thinking_tokens=1024,
        env={
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "AWS_REGION": "eu-west-1",
            "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": "eu-central-1",
            "ANTHROPIC_BEDROCK_BASE_URL": "https://bedrock-proxy.example.com",
            "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
            "ANTHROPIC_DEFAULT_HAIKU_MODEL": "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
            "DISABLE_PROMPT_CACHING": "1",
            "CLAUDE_CODE_MAX_OUTPUT_TOKENS": "4096",
            "MAX_THINKING_TOKENS": "1024",
        },
    ),
    # --- vertex ----------------------------------------------------------------------------
    _row(
        "vertex-adc",
        "vertex",
        "adc",
        region="us-east5",
        project_id="my-project-123",
        env=VERTEX_BASE,
        top={"gcpAuthRefresh": "gcloud auth application-default login"},
    ),
    _row(
        "vertex-adc-base-url-models",
        "vertex",
        "adc",
        region="global",
        project_id="my-project-123",
        base_url="https://vertex-proxy.example.com/v1",
        model="claude-sonnet-4-5@20250929",
        fast_model="claude-haiku-4-5",
        env={
            "CLAUDE_CODE_USE_VERTEX": "1",
            "CLOUD_ML_REGION": "global",
            "ANTHROPIC_VERTEX_PROJECT_ID": "my-project-123",
            "ANTHROPIC_VERTEX_BASE_URL": "https://vertex-proxy.example.com/v1",
            "ANTHROPIC_MODEL": "claude-sonnet-4-5@20250929",
            "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5",
        },
        top={"gcpAuthRefresh": "gcloud auth application-default login"},
    ),
    _row(
        "vertex-service-account-project-from-file",
        "vertex",
        "service-account",
        region="europe-west1",
        credentials_file="{sa_file}",
        env={
            "CLAUDE_CODE_USE_VERTEX": "1",
            "CLOUD_ML_REGION": "europe-west1",
            "ANTHROPIC_VERTEX_PROJECT_ID": SA_PROJECT,
            "GOOGLE_APPLICATION_CREDENTIALS": "{sa_file}",
        },
    ),
    _row(
        "vertex-service-account-project-given",
        "vertex",
        "service-account",
        region="us-east5",
        project_id="my-project-123",
        credentials_file="{sa_file}",
        env={**VERTEX_BASE, "GOOGLE_APPLICATION_CREDENTIALS": "{sa_file}"},
    ),
    # --- foundry ---------------------------------------------------------------------------
    _row(
        "foundry-api-key-resource",
        "foundry",
        "api-key",
        foundry_resource="my-resource",
        model="claude-opus-4-6",
        env={
            "CLAUDE_CODE_USE_FOUNDRY": "1",
            "ANTHROPIC_FOUNDRY_RESOURCE": "my-resource",
            "ANTHROPIC_MODEL": "claude-opus-4-6",
        },
        secret=FOUNDRY_KEY,
        stored_kind="foundry-api-key",
        env_secret_var="ANTHROPIC_FOUNDRY_API_KEY",
    ),
    _row(
        "foundry-api-key-base-url-plaintext",
        "foundry",
        "api-key",
        base_url="https://my-resource.services.ai.azure.com/anthropic",
        plaintext_secrets=True,
        env={
            "CLAUDE_CODE_USE_FOUNDRY": "1",
            "ANTHROPIC_FOUNDRY_BASE_URL": "https://my-resource.services.ai.azure.com/anthropic",
            "ANTHROPIC_FOUNDRY_API_KEY": FOUNDRY_KEY,
        },
        secret=FOUNDRY_KEY,
        stored_kind="foundry-api-key",
        env_secret_var="ANTHROPIC_FOUNDRY_API_KEY",
    ),
    _row(
        "foundry-azure-login",
        "foundry",
        "azure-login",
        foundry_resource="my-resource",
        env={"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "my-resource"},
    ),
    # --- gateway × api ---------------------------------------------------------------------
    _row(
        "gateway-api-key-default-api",
        "gateway",
        "api-key",
        base_url="https://llm.example.com:4000",
        env={"ANTHROPIC_BASE_URL": "https://llm.example.com:4000"},
        top={"apiKeyHelper": "{exe} key work"},
        secret=GATEWAY_KEY,
        stored_kind="api-key",
    ),
    _row(
        "gateway-api-key-anthropic",
        "gateway",
        "api-key",
        gateway_api="anthropic",
        base_url="https://llm.example.com:4000",
        disable_experimental_betas=True,
        model="claude-sonnet-4-6",
        env={
            "ANTHROPIC_BASE_URL": "https://llm.example.com:4000",
            "ANTHROPIC_MODEL": "claude-sonnet-4-6",
            "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1",
        },
        top={"apiKeyHelper": "{exe} key work"},
        secret=GATEWAY_KEY,
        stored_kind="api-key",
    ),
    _row(
        "gateway-api-key-bedrock",
        "gateway",
        "api-key",
        gateway_api="bedrock",
        base_url="https://llm.example.com/bedrock",
        region="us-west-2",
        env={
            "ANTHROPIC_BEDROCK_BASE_URL": "https://llm.example.com/bedrock",
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
            "AWS_REGION": "us-west-2",
        },
        top={"apiKeyHelper": "{exe} key work"},
        secret=GATEWAY_KEY,
        stored_kind="api-key",
    ),
    _row(
        "gateway-api-key-vertex",
        "gateway",
        "api-key",
        gateway_api="vertex",
        base_url="https://llm.example.com/vertex_ai/v1",
        region="us-east5",
        project_id="my-project-123",
        env={
            "ANTHROPIC_VERTEX_BASE_URL": "https://llm.example.com/vertex_ai/v1",
            **VERTEX_BASE,
            "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1",
        },
        top={"apiKeyHelper": "{exe} key work"},
        secret=GATEWAY_KEY,
        stored_kind="api-key",
    ),
    _row(
        "gateway-helper-anthropic",
        "gateway",
        "helper",
        gateway_api="anthropic",
        base_url="http://localhost:4000",
        helper_command=HELPER_CMD,
        helper_ttl_ms=60000,
        env={
            "ANTHROPIC_BASE_URL": "http://localhost:4000",
            "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "60000",
        },
        top={"apiKeyHelper": HELPER_CMD},
    ),
    _row(
        "gateway-helper-bedrock",
        "gateway",
        "helper",
        gateway_api="bedrock",
        base_url="https://llm.example.com/bedrock",
        helper_command=HELPER_CMD,
        env={
            "ANTHROPIC_BEDROCK_BASE_URL": "https://llm.example.com/bedrock",
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
        },
        top={"apiKeyHelper": HELPER_CMD},
    ),
    _row(
        "gateway-helper-vertex",
        "gateway",
        "helper",
        gateway_api="vertex",
        base_url="https://llm.example.com/vertex_ai/v1",
        region="us-east5",
        project_id="my-project-123",
        helper_command=HELPER_CMD,
        env={
            "ANTHROPIC_VERTEX_BASE_URL": "https://llm.example.com/vertex_ai/v1",
            **VERTEX_BASE,
            "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1",
        },
        top={"apiKeyHelper": HELPER_CMD},
    ),
    _row(
        "gateway-none-anthropic",
        "gateway",
        "none",
        gateway_api="anthropic",
        base_url="http://127.0.0.1:4000/anthropic",
        # Claude Code sends nothing without some credential: a placeholder bearer token
        env={
            "ANTHROPIC_BASE_URL": "http://127.0.0.1:4000/anthropic",
            "ANTHROPIC_AUTH_TOKEN": "no-key",
        },
    ),
    _row(
        "gateway-header-anthropic",
        "gateway",
        "header",
        base_url="https://llm.example.com:4000",
        secret_header="x-litellm-api-key",
        custom_header=("X-Team: platform",),
        # every header comes through claude-setup run (a settings value would beat it)
        env={
            "ANTHROPIC_BASE_URL": "https://llm.example.com:4000",
            "ANTHROPIC_AUTH_TOKEN": "no-key",
        },
        secret=GATEWAY_KEY,
        stored_kind="gateway-header",
        env_secret_var="ANTHROPIC_CUSTOM_HEADERS",
    ),
    _row(
        "gateway-none-bedrock",
        "gateway",
        "none",
        gateway_api="bedrock",
        base_url="https://llm.example.com/bedrock",
        region="eu-west-1",
        model="eu.anthropic.claude-sonnet-4-6",
        env={
            "ANTHROPIC_BEDROCK_BASE_URL": "https://llm.example.com/bedrock",
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
            "AWS_REGION": "eu-west-1",
            "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
        },
    ),
    _row(
        "gateway-none-vertex",
        "gateway",
        "none",
        gateway_api="vertex",
        base_url="https://llm.example.com/vertex_ai/v1",
        region="global",
        project_id="my-project-123",
        env={
            "ANTHROPIC_VERTEX_BASE_URL": "https://llm.example.com/vertex_ai/v1",
            "CLAUDE_CODE_USE_VERTEX": "1",
            "CLOUD_ML_REGION": "global",
            "ANTHROPIC_VERTEX_PROJECT_ID": "my-project-123",
            "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1",
        },
    ),
    _row(
        "gateway-token-gateway-mode",
        "gateway",
        "token",
        base_url="https://llm.example.com",
        gateway_mode=True,
        env={"ANTHROPIC_BASE_URL": "https://llm.example.com", "CLAUDE_CODE_USE_GATEWAY": "1"},
        secret=GATEWAY_TOKEN,
        stored_kind="gateway-token",
        env_secret_var="ANTHROPIC_AUTH_TOKEN",
    ),
    _row(
        "gateway-none-gateway-mode-loopback",
        "gateway",
        "none",
        base_url="http://127.0.0.1:4000",
        gateway_mode=True,
        env={
            "ANTHROPIC_BASE_URL": "http://127.0.0.1:4000",
            "ANTHROPIC_AUTH_TOKEN": "no-key",
            "CLAUDE_CODE_USE_GATEWAY": "1",
        },
    ),
    _row(
        "bedrock-service-tier",
        "bedrock",
        "default-chain",
        region="us-east-1",
        service_tier="priority",
        env={**BEDROCK_BASE, "ANTHROPIC_BEDROCK_SERVICE_TIER": "priority"},
    ),
    # --- Claude Platform on AWS ------------------------------------------------------------
    _row(
        "anthropic-aws-api-key",
        "anthropic-aws",
        "api-key",
        region="us-west-2",
        workspace_id=WORKSPACE,
        env=AWS_PLATFORM_BASE,
        secret=AWS_PLATFORM_KEY,
        stored_kind="anthropic-aws-api-key",
        env_secret_var="ANTHROPIC_AWS_API_KEY",
    ),
    _row(
        "anthropic-aws-api-key-base-url-models",
        "anthropic-aws",
        "api-key",
        region="us-west-2",
        workspace_id=WORKSPACE,
        base_url="https://aws-proxy.example.com",
        model="claude-sonnet-4-6",
        env={
            **AWS_PLATFORM_BASE,
            "ANTHROPIC_AWS_BASE_URL": "https://aws-proxy.example.com",
            "ANTHROPIC_MODEL": "claude-sonnet-4-6",
        },
        secret=AWS_PLATFORM_KEY,
        stored_kind="anthropic-aws-api-key",
        env_secret_var="ANTHROPIC_AWS_API_KEY",
    ),
    *_aws_rows("anthropic-aws", AWS_PLATFORM_BASE, region="us-west-2", workspace_id=WORKSPACE),
    # --- Claude Platform on Google Cloud ---------------------------------------------------
    _row(
        "anthropic-google-cloud-adc",
        "anthropic-google-cloud",
        "adc",
        project_id="my-project-123",
        workspace_id=WORKSPACE,
        env=GOOGLE_CLOUD_BASE,
        top={"gcpAuthRefresh": "gcloud auth application-default login"},
    ),
    _row(
        "anthropic-google-cloud-adc-location",
        "anthropic-google-cloud",
        "adc",
        project_id="My_Project-1",
        region="europe-west4",
        workspace_id=WORKSPACE,
        env={
            **GOOGLE_CLOUD_BASE,
            "ANTHROPIC_GOOGLE_CLOUD_PROJECT": "My_Project-1",
            "ANTHROPIC_GOOGLE_CLOUD_LOCATION": "europe-west4",
        },
        top={"gcpAuthRefresh": "gcloud auth application-default login"},
    ),
    _row(
        "anthropic-google-cloud-service-account",
        "anthropic-google-cloud",
        "service-account",
        credentials_file="{sa_file}",
        workspace_id=WORKSPACE,
        # the project comes from the key file
        env={
            **GOOGLE_CLOUD_BASE,
            "ANTHROPIC_GOOGLE_CLOUD_PROJECT": SA_PROJECT,
            "GOOGLE_APPLICATION_CREDENTIALS": "{sa_file}",
        },
    ),
    # --- Bedrock Mantle --------------------------------------------------------------------
    _row(
        "mantle-bedrock-api-key",
        "mantle",
        "bedrock-api-key",
        region="us-east-1",
        env=MANTLE_BASE,
        secret=BEDROCK_KEY,
        stored_kind="bedrock-api-key",
        env_secret_var="AWS_BEARER_TOKEN_BEDROCK",
    ),
    _row(
        "mantle-base-url-models",
        "mantle",
        "default-chain",
        region="us-east-1",
        base_url="https://mantle-proxy.example.com/anthropic",
        opus_model="anthropic.claude-opus-4-8",
        env={
            **MANTLE_BASE,
            "ANTHROPIC_BEDROCK_MANTLE_BASE_URL": "https://mantle-proxy.example.com/anthropic",
            "ANTHROPIC_DEFAULT_OPUS_MODEL": "anthropic.claude-opus-4-8",
        },
    ),
    *_aws_rows("mantle", MANTLE_BASE, region="us-east-1"),
]

ALL_AUTHS = {
    "anthropic": {"api-key", "helper", "claude-login"},
    "bedrock": {
        "access-keys",
        "sso",
        "aws-profile",
        "bedrock-api-key",
        "credential-export",
        "default-chain",
    },
    "vertex": {"adc", "service-account"},
    "foundry": {"api-key", "azure-login"},
    "gateway": {"api-key", "helper", "none", "header", "token"},
    "anthropic-aws": {
        "api-key",
        "access-keys",
        "sso",
        "aws-profile",
        "credential-export",
        "default-chain",
    },
    "anthropic-google-cloud": {"adc", "service-account"},
    "mantle": {
        "access-keys",
        "sso",
        "aws-profile",
        "bedrock-api-key",
        "credential-export",
        "default-chain",
    },
}


@pytest.fixture
def sa_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "vertex-sa.json"
    path.parent.mkdir()
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": SA_PROJECT,
                "private_key_id": "EXAMPLE0000",
                "client_email": "claude@sa-project-123.iam.gserviceaccount.com",
            }
        )
    )
    return path


def _fill(value: Any, exe: str, sa_file: Path) -> Any:
    if isinstance(value, str):
        return value.replace("{exe}", exe).replace("{sa_file}", str(sa_file.resolve()))
    if isinstance(value, dict):
        return {k: _fill(v, exe, sa_file) for k, v in value.items()}
    return value


def _plan_row(row: Row, make_machine: Any, exe: str, sa_file: Path) -> Any:
    setup_kwargs = _fill(row.setup, exe, sa_file)
    if "credentials_file" in setup_kwargs:
        setup_kwargs["credentials_file"] = str(sa_file)
    setup = Setup(**setup_kwargs)
    machine = make_machine(aws_profiles=SSO_PROFILES)
    secret = Secret(row.secret) if row.secret else None
    return plan(setup, machine, secret)


def test_table_covers_every_provider_and_auth() -> None:
    from wizard.providers.registry import REGISTRY

    covered: dict[str, set[str]] = {}
    for param in ROWS:
        row = param.values[0]
        covered.setdefault(row.setup["provider"], set()).add(row.setup["auth"])
    assert covered == ALL_AUTHS
    assert {name: set(m.auth_methods) for name, m in REGISTRY.items()} == ALL_AUTHS
    gateway_apis = {
        p.values[0].setup.get("gateway_api")
        for p in ROWS
        if p.values[0].setup["provider"] == "gateway"
    }
    assert {"anthropic", "bedrock", "vertex"} <= gateway_apis


@pytest.mark.parametrize("row", ROWS)
def test_settings_written(row: Row, make_machine: Any, helper_exe: str, sa_file: Path) -> None:
    result = _plan_row(row, make_machine, helper_exe, sa_file)
    data = json.loads(result.settings.after)
    assert result.settings.before is None
    assert result.settings.changed
    pinned = {MODEL_ROLE_VARIABLES[role] for role in result.preselected}
    env = {k: v for k, v in data.get("env", {}).items() if k not in pinned}
    assert env == _fill(row.env, helper_exe, sa_file)
    top = {key: value for key, value in data.items() if key != "env"}
    assert top == _fill(row.top, helper_exe, sa_file)
    for value in data.get("env", {}).values():
        assert isinstance(value, str)
    # a setup that uses a key helper never leaves a static key that beats it
    if "apiKeyHelper" in top:
        assert "ANTHROPIC_API_KEY" not in data.get("env", {})
        assert "ANTHROPIC_AUTH_TOKEN" not in data.get("env", {})


@pytest.mark.parametrize("row", ROWS)
def test_every_model_role_is_pinned_to_a_usable_model(
    row: Row, make_machine: Any, helper_exe: str, sa_file: Path
) -> None:
    result = _plan_row(row, make_machine, helper_exe, sa_file)
    env = json.loads(result.settings.after)["env"]
    for role, variable in MODEL_ROLE_VARIABLES.items():
        assert env[variable] == getattr(result.setup, role), (role, env)
        chosen = row.setup.get(role)
        assert (role in result.preselected) == (chosen is None)
        if chosen is None:
            assert f"models: {variable} = {env[variable]}, preselected" in result.describe()
    preselected = replace(result.setup, **{role: None for role in row.setup if role in
                                           MODEL_ROLE_VARIABLES})
    assert not [w for w in model_warnings(preselected, date(2026, 11, 30)) if "retire" in w]


@pytest.mark.parametrize("row", ROWS)
def test_secret_stored(row: Row, make_machine: Any, helper_exe: str, sa_file: Path) -> None:
    result = _plan_row(row, make_machine, helper_exe, sa_file)
    if row.stored_kind is None:
        assert result.store_secret is None
    else:
        assert result.store_secret is not None
        assert result.store_secret.kind == row.stored_kind
        assert result.store_secret.profile == "work"
        assert result.store_secret.value == Secret(row.secret or "")
    assert result.env_secret_var == row.env_secret_var
    assert result.kept_secrets == ()


@pytest.mark.parametrize("row", ROWS)
def test_secret_not_in_file_unless_plaintext(
    row: Row, make_machine: Any, helper_exe: str, sa_file: Path
) -> None:
    result = _plan_row(row, make_machine, helper_exe, sa_file)
    if row.secret is None:
        assert result.store_secret is None
        return
    in_file = row.secret.encode() in result.settings.after
    assert in_file is bool(row.setup.get("plaintext_secrets"))
    if result.aws_config is not None:
        assert row.secret.encode() not in result.aws_config.after
    # the human-readable plan never shows the secret, even when it is written
    described = result.describe()
    assert row.secret not in described
    if in_file:
        assert MASK in described


@pytest.mark.parametrize("row", ROWS)
def test_aws_config_profile(row: Row, make_machine: Any, helper_exe: str, sa_file: Path) -> None:
    result = _plan_row(row, make_machine, helper_exe, sa_file)
    if row.aws_profile_block is None:
        assert result.aws_config is None
    else:
        assert result.aws_config is not None
        assert result.aws_config.before is None
        assert result.aws_config.path.name == "config"
        assert result.aws_config.after.decode() == _fill(row.aws_profile_block, helper_exe, sa_file)


@pytest.mark.parametrize("row", ROWS)
def test_env_secret_warning(row: Row, make_machine: Any, helper_exe: str, sa_file: Path) -> None:
    result = _plan_row(row, make_machine, helper_exe, sa_file)
    text = " ".join(result.warnings)
    if row.env_secret_var and not row.setup.get("plaintext_secrets"):
        assert row.env_secret_var in text
        assert "claude-setup run" in text
    elif row.env_secret_var:
        assert "plain text" in text
    else:
        # an Anthropic key bound for another host is flagged: only with a base URL
        flagged = [w for w in result.warnings if "which is not Anthropic's" in w]
        assert len(flagged) <= (1 if row.setup.get("base_url") else 0)
        others = [w for w in result.warnings if w not in flagged]
        assert others == model_warnings(result.setup, date.today())
    for warning in result.warnings:
        assert "\n" not in warning


def test_access_keys_profile_appended_to_existing_config(
    make_machine: Any, helper_exe: str
) -> None:
    config = "# my settings\n[default]\nregion = eu-west-1\noutput = json\n"
    setup = Setup(
        "bedrock", "access-keys", profile="work", region="us-east-1",
        aws_access_key_id=ACCESS_KEY_ID,
    )
    result = plan(setup, make_machine(aws_config=config), Secret(AWS_SECRET))
    assert result.aws_config is not None
    assert result.aws_config.before == config.encode()
    assert result.aws_config.after.decode() == (
        config
        + "\n[profile claude-setup-work]\n"
        + f"credential_process = {helper_exe} aws-credentials work\n"
        + "region = us-east-1\n"
    )


def test_default_profile_name_is_the_provider(make_machine: Any, helper_exe: str) -> None:
    setup = Setup("bedrock", "access-keys", region="us-east-1", aws_access_key_id=ACCESS_KEY_ID)
    result = plan(setup, make_machine(), Secret(AWS_SECRET))
    data = json.loads(result.settings.after)
    assert data["env"]["AWS_PROFILE"] == "claude-setup-bedrock"
    assert result.aws_config is not None
    assert f"credential_process = {helper_exe} aws-credentials bedrock\n" in (
        result.aws_config.after.decode()
    )
    assert result.store_secret is not None and result.store_secret.profile == "bedrock"


def test_stored_secret_is_enough(make_machine: Any, helper_exe: str) -> None:
    """Re-applying with the key already in the keyring needs no secret on stdin."""
    setup = Setup("anthropic", "api-key", profile="work")
    result = plan(setup, make_machine(previous=setup, secret_stored=True))
    assert result.store_secret is None
    after = json.loads(result.settings.after)
    assert {k: v for k, v in after.items() if k != "env"} == {
        "apiKeyHelper": f"{helper_exe} key work"
    }


def test_helper_warns_about_exported_key(make_machine: Any) -> None:
    machine = make_machine(shell_env={"ANTHROPIC_API_KEY": "sk-ant-api03-EXAMPLEEXAMPLE"})
    result = plan(Setup("anthropic", "api-key"), machine, Secret(ANTHROPIC_KEY))
    assert any("ANTHROPIC_API_KEY" in w and "unset" in w for w in result.warnings)
    assert all("EXAMPLEEXAMPLE" not in w for w in result.warnings)


def test_plan_uses_the_machine_state_paths(make_machine: Any, unit_home: Path) -> None:
    path = unit_home / "project" / ".claude" / "settings.local.json"
    result = plan(
        Setup("anthropic", "claude-login", scope="local"), make_machine(settings_path=path)
    )
    assert result.settings.path == path
    assert str(path) in result.describe()


def _richest_row_per_provider_auth() -> list[Row]:
    """The row with the most keys for each provider × auth method (its settings are the most
    that a later switch must take away)."""
    best: dict[tuple[str, str], Row] = {}
    for param in ROWS:
        row = param.values[0]
        key = (row.setup["provider"], row.setup["auth"])
        if key not in best or len(row.env) + len(row.top) > len(best[key].env) + len(
            best[key].top
        ):
            best[key] = row
    return list(best.values())


SWITCH_ROWS = _richest_row_per_provider_auth()


@pytest.mark.parametrize("first", SWITCH_ROWS, ids=lambda r: r.id)
def test_switching_from_any_setup_leaves_nothing_of_it(
    first: Row, make_machine: Any, helper_exe: str, sa_file: Path
) -> None:
    """From each provider × auth setup to every other: the file holds exactly what the
    second setup writes from scratch (the owned-key list covers every provider)."""
    before = _plan_row(first, make_machine, helper_exe, sa_file).settings.after
    for second in SWITCH_ROWS:
        if second.setup["provider"] == first.setup["provider"]:
            continue
        setup = Setup(**{**_fill(second.setup, helper_exe, sa_file), "profile": "other"})
        if "credentials_file" in second.setup:
            setup = replace(setup, credentials_file=str(sa_file))
        secret = Secret(second.secret) if second.secret else None
        fresh = plan(setup, make_machine(aws_profiles=SSO_PROFILES), secret)
        switched = plan(setup, make_machine(settings=before, aws_profiles=SSO_PROFILES), secret)
        assert json.loads(switched.settings.after) == json.loads(fresh.settings.after), (
            first.id,
            second.id,
        )
