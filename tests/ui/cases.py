"""Every provider and auth method as the keys a person presses, and what must be written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot
from walk import settle, type_text

from wizard.tui.app import WizardApp
from wizard.tui.widgets.field import Field

ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEwizardKEY0123456789abcdef"
AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
BEDROCK_KEY = "ABSKEXAMPLEbedrockKEY0123456789abcdefgh"
FOUNDRY_KEY = "EXAMPLEfoundryKEY0123456789abcdef"
GATEWAY_KEY = "sk-gw-EXAMPLEgatewayKEY0123456789"
AWS_PLATFORM_KEY = "sk-ant-api03-EXAMPLEawsPlatformKEY0123456789"
WORKSPACE = "wrkspc_01EXAMPLE"

AWS_CONFIG = """[profile dev-sso]
sso_session = dev
sso_account_id = 123456789012
sso_role_name = ClaudeDeveloper
region = eu-west-1

[sso-session dev]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
"""
AWS_CREDENTIALS = """[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = EXAMPLEdefaultPROFILEsecret000000000000
"""


def write_machine(home: Path) -> None:
    """What the AWS and Google cases expect to find: AWS profiles and a service-account key."""
    (home / ".aws").mkdir(exist_ok=True)
    (home / ".aws" / "config").write_text(AWS_CONFIG)
    (home / ".aws" / "credentials").write_text(AWS_CREDENTIALS)
    (home / "sa.json").write_text(
        '{"type": "service_account", "project_id": "example-sa-project", '
        '"client_email": "claude@example-sa-project.iam.gserviceaccount.com"}\n'
    )


@dataclass
class Case:
    name: str
    provider: str
    """The digit of the provider."""
    auth: str
    """The digit of the auth method."""
    form: dict[str, str] = field(default_factory=dict)
    """Text for the auth form's fields, by field name."""
    gateway: tuple[str, str] | None = None
    """The gateway's address and the digit of the API it speaks."""
    pick_profile: str | None = None
    """The digit of an AWS profile in the list."""
    region: bool = False
    env: dict[str, str] = field(default_factory=dict)
    """Values the written settings' ``env`` must hold."""
    top: dict[str, str] = field(default_factory=dict)
    """Top-level keys of the settings and the text their value ends with."""
    keyring: tuple[str, str] | None = None
    """The keyring entry (``profile/kind``) and the secret it must hold."""
    apply_args: tuple[str, ...] = ()
    """The same choices as ``claude-setup apply`` options (for the parity test)."""
    secret: str | None = None
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """On the options screen: a widget to focus and the keys pressed there, in turn."""
    fast_model: str | None = None
    """Typed as the fast model instead of the one preselected."""


CASES = [
    Case("anthropic-api-key", "1", "1", {"secret": ANTHROPIC_KEY},
         top={"apiKeyHelper": " key anthropic"}, keyring=("anthropic/api-key", ANTHROPIC_KEY),
         apply_args=("--provider", "anthropic", "--auth", "api-key"), secret=ANTHROPIC_KEY),
    Case("anthropic-helper", "1", "2", {"helper_command": "pass show anthropic"},
         top={"apiKeyHelper": "pass show anthropic"},
         apply_args=("--provider", "anthropic", "--auth", "helper",
                     "--helper-command", "pass show anthropic")),
    Case("anthropic-claude-login", "1", "3",
         apply_args=("--provider", "anthropic", "--auth", "claude-login")),
    Case("bedrock-access-keys", "2", "1",
         {"aws_access_key_id": AWS_KEY_ID, "secret": AWS_SECRET}, region=True,
         env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1",
              "AWS_PROFILE": "claude-setup-bedrock"},
         keyring=("bedrock/aws-secret-access-key", AWS_SECRET),
         apply_args=("--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
                     "--aws-access-key-id", AWS_KEY_ID), secret=AWS_SECRET),
    Case("bedrock-sso", "2", "2", pick_profile="1", region=True,
         env={"AWS_PROFILE": "dev-sso", "AWS_REGION": "eu-west-1"},
         top={"awsAuthRefresh": "dev-sso"},
         apply_args=("--provider", "bedrock", "--auth", "sso", "--region", "eu-west-1",
                     "--aws-profile", "dev-sso")),
    Case("bedrock-aws-profile", "2", "3", pick_profile="2", region=True,
         env={"AWS_PROFILE": "default", "AWS_REGION": "eu-west-1"},
         apply_args=("--provider", "bedrock", "--auth", "aws-profile", "--region", "eu-west-1",
                     "--aws-profile", "default")),
    Case("bedrock-api-key", "2", "4", {"secret": BEDROCK_KEY}, region=True,
         env={"CLAUDE_CODE_USE_BEDROCK": "1"},
         keyring=("bedrock/bedrock-api-key", BEDROCK_KEY),
         apply_args=("--provider", "bedrock", "--auth", "bedrock-api-key",
                     "--region", "eu-west-1"), secret=BEDROCK_KEY),
    Case("bedrock-credential-export", "2", "5", {"helper_command": "print-sts-credentials"},
         region=True, top={"awsCredentialExport": "print-sts-credentials"},
         apply_args=("--provider", "bedrock", "--auth", "credential-export",
                     "--region", "eu-west-1", "--helper-command", "print-sts-credentials")),
    Case("bedrock-service-tier", "2", "6", region=True,
         options=(("#radios-service_tier", ("right", "enter")),),
         env={"CLAUDE_CODE_USE_BEDROCK": "1", "ANTHROPIC_BEDROCK_SERVICE_TIER": "priority"},
         apply_args=("--provider", "bedrock", "--auth", "default-chain",
                     "--region", "eu-west-1", "--service-tier", "priority")),
    Case("bedrock-default-chain", "2", "6", region=True,
         env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1"},
         apply_args=("--provider", "bedrock", "--auth", "default-chain",
                     "--region", "eu-west-1")),
    Case("vertex-adc", "3", "1", region=True,
         env={"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global",
              "ANTHROPIC_VERTEX_PROJECT_ID": "example-project"},
         top={"gcpAuthRefresh": "application-default login"},
         apply_args=("--provider", "vertex", "--auth", "adc", "--region", "global",
                     "--project-id", "example-project")),
    Case("vertex-adc-regional-fast-model", "3", "1", region=True,
         env={"CLOUD_ML_REGION": "global", "VERTEX_REGION_CLAUDE_3_5_HAIKU": "us-east5"},
         apply_args=("--provider", "vertex", "--auth", "adc", "--region", "global",
                     "--project-id", "example-project",
                     "--vertex-region", "claude-3-5-haiku@20241022=us-east5"),
         fast_model="claude-3-5-haiku@20241022"),
    Case("vertex-service-account", "3", "2", {"credentials_file": "~/sa.json"}, region=True,
         env={"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "example-project"}),
    Case("foundry-api-key", "4", "1",
         {"foundry_resource": "example-resource", "secret": FOUNDRY_KEY},
         env={"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "example-resource"},
         keyring=("foundry/foundry-api-key", FOUNDRY_KEY),
         apply_args=("--provider", "foundry", "--auth", "api-key",
                     "--foundry-resource", "example-resource"), secret=FOUNDRY_KEY),
    Case("foundry-azure-login", "4", "2", {"foundry_resource": "example-resource"},
         env={"CLAUDE_CODE_USE_FOUNDRY": "1"},
         apply_args=("--provider", "foundry", "--auth", "azure-login",
                     "--foundry-resource", "example-resource")),
    Case("gateway-api-key", "5", "1", {"secret": GATEWAY_KEY},
         gateway=("https://llm.example.com", "1"),
         env={"ANTHROPIC_BASE_URL": "https://llm.example.com"},
         top={"apiKeyHelper": " key gateway"}, keyring=("gateway/api-key", GATEWAY_KEY),
         apply_args=("--provider", "gateway", "--auth", "api-key",
                     "--base-url", "https://llm.example.com"), secret=GATEWAY_KEY),
    Case("gateway-helper", "5", "2", {"helper_command": "print-gateway-key"},
         gateway=("https://llm.example.com", "1"), top={"apiKeyHelper": "print-gateway-key"}),
    Case("gateway-none", "5", "3", gateway=("https://llm.example.com", "1"),
         env={"ANTHROPIC_AUTH_TOKEN": "no-key"},
         apply_args=("--provider", "gateway", "--auth", "none",
                     "--base-url", "https://llm.example.com")),
    Case("gateway-mode-token", "5", "5", {"secret": GATEWAY_KEY},
         gateway=("https://llm.example.com", "4"),
         env={"ANTHROPIC_BASE_URL": "https://llm.example.com", "CLAUDE_CODE_USE_GATEWAY": "1"},
         keyring=("gateway/gateway-token", GATEWAY_KEY),
         apply_args=("--provider", "gateway", "--auth", "token", "--gateway-mode",
                     "--base-url", "https://llm.example.com"), secret=GATEWAY_KEY),
    Case("gateway-mode-none", "5", "3", gateway=("http://127.0.0.1:4000", "4"),
         env={"ANTHROPIC_AUTH_TOKEN": "no-key", "CLAUDE_CODE_USE_GATEWAY": "1"},
         apply_args=("--provider", "gateway", "--auth", "none", "--gateway-mode",
                     "--base-url", "http://127.0.0.1:4000")),
    Case("gateway-bedrock-none", "5", "3", gateway=("https://llm.example.com/bedrock", "2"),
         region=True,
         env={"ANTHROPIC_BEDROCK_BASE_URL": "https://llm.example.com/bedrock",
              "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1", "AWS_REGION": "eu-west-1"},
         apply_args=("--provider", "gateway", "--auth", "none", "--gateway-api", "bedrock",
                     "--base-url", "https://llm.example.com/bedrock",
                     "--region", "eu-west-1")),
    Case("anthropic-aws-api-key", "6", "1", {"workspace_id": WORKSPACE, "secret": AWS_PLATFORM_KEY},
         region=True,
         env={"CLAUDE_CODE_USE_ANTHROPIC_AWS": "1", "AWS_REGION": "eu-west-1",
              "ANTHROPIC_AWS_WORKSPACE_ID": WORKSPACE},
         keyring=("anthropic-aws/anthropic-aws-api-key", AWS_PLATFORM_KEY),
         apply_args=("--provider", "anthropic-aws", "--auth", "api-key", "--region", "eu-west-1",
                     "--workspace-id", WORKSPACE), secret=AWS_PLATFORM_KEY),
    Case("anthropic-aws-default-chain", "6", "6", {"workspace_id": WORKSPACE}, region=True,
         env={"CLAUDE_CODE_USE_ANTHROPIC_AWS": "1", "AWS_REGION": "eu-west-1",
              "ANTHROPIC_AWS_WORKSPACE_ID": WORKSPACE},
         apply_args=("--provider", "anthropic-aws", "--auth", "default-chain",
                     "--region", "eu-west-1", "--workspace-id", WORKSPACE)),
    Case("anthropic-google-cloud-adc", "7", "1",
         {"project_id": "example-project", "workspace_id": WORKSPACE},
         env={"CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD": "1",
              "ANTHROPIC_GOOGLE_CLOUD_PROJECT": "example-project",
              "ANTHROPIC_GOOGLE_CLOUD_LOCATION": "global",
              "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID": WORKSPACE},
         top={"gcpAuthRefresh": "application-default login"},
         apply_args=("--provider", "anthropic-google-cloud", "--auth", "adc",
                     "--project-id", "example-project", "--workspace-id", WORKSPACE)),
    Case("mantle-bedrock-api-key", "8", "4", {"secret": BEDROCK_KEY}, region=True,
         env={"CLAUDE_CODE_USE_MANTLE": "1", "AWS_REGION": "eu-west-1"},
         keyring=("mantle/bedrock-api-key", BEDROCK_KEY),
         apply_args=("--provider", "mantle", "--auth", "bedrock-api-key",
                     "--region", "eu-west-1"), secret=BEDROCK_KEY),
    Case("mantle-default-chain", "8", "6", region=True,
         env={"CLAUDE_CODE_USE_MANTLE": "1", "AWS_REGION": "eu-west-1"},
         apply_args=("--provider", "mantle", "--auth", "default-chain",
                     "--region", "eu-west-1")),
]  # fmt: skip


async def walk_to_review(pilot: Pilot[int], case: Case) -> None:
    """From launch to the review screen, as a person would."""
    app = pilot.app
    assert isinstance(app, WizardApp)
    await settle(pilot)
    await pilot.press("enter", case.provider)
    await settle(pilot)
    if case.gateway:
        url, api = case.gateway
        await type_text(pilot, url)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(api)
        await settle(pilot)
    await pilot.press(case.auth)
    await settle(pilot)
    if case.pick_profile:
        await pilot.press(case.pick_profile)
        await settle(pilot)
    elif case.form or app.screen.query(Field):
        for name, text in case.form.items():
            app.screen.query_one(f"#input-{name}").focus()
            await pilot.pause()
            await type_text(pilot, text)
        await pilot.press("enter")
        await settle(pilot)
    if case.region:
        await pilot.press("1")
        await settle(pilot)
    if case.fast_model:
        await pilot.press("enter")  # the preselected main model
        app.screen.query_one("#input-fast_model").focus()
        await pilot.pause()
        await type_text(pilot, case.fast_model)
        await pilot.press("enter")
    else:
        await pilot.press("enter", "enter")  # the preselected main and fast models
    await settle(pilot)
    for selector, keys in case.options:
        app.screen.query_one(selector).focus()
        await pilot.pause()
        await pilot.press(*keys)
        await settle(pilot)
    if case.options:
        app.screen.query_one("#input-profile").focus()
        await pilot.pause()
    await pilot.press("enter")  # the options as offered, or as changed above
    await settle(pilot)
