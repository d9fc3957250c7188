"""Amazon Bedrock: every way Claude Code can get AWS credentials."""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_, _
from wizard.model import Setup, SetupError
from wizard.providers.base import (
    AuthMethod,
    AwsProfileBlock,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)

OWNED_AWS_PROFILE_PREFIX = "claude-setup-"
"""``~/.aws/config`` profiles with this prefix are written by claude-setup (access keys)."""


def owned_aws_profile(profile_name: str) -> str:
    return OWNED_AWS_PROFILE_PREFIX + profile_name


def sso_login_command(aws_profile: str, context: Context) -> str:
    """``awsAuthRefresh``: the AWS CLI v2's sign-in, else claude-setup's own."""
    if context.aws_cli_sso_login:
        return f"aws sso login --profile {aws_profile}"
    return context.helper("sso-login", aws_profile)


def is_sso_profile(values: dict[str, str] | object) -> bool:
    return isinstance(values, dict) and bool({"sso_session", "sso_start_url"} & set(values))


class Bedrock(ProviderModule):
    name = "bedrock"
    title = N_("Amazon Bedrock")
    common_required = frozenset({"region"})
    common_optional = ProviderModule.common_optional | {"fast_model_region", "base_url"}
    auth_methods = {
        "access-keys": AuthMethod(
            "access-keys",
            N_("an IAM access key; the secret key is kept in the keyring"),
            required=frozenset({"aws_access_key_id"}),
            secret="aws-secret-access-key",
        ),
        "sso": AuthMethod(
            "sso",
            N_("an AWS IAM Identity Center (SSO) profile, refreshed with aws sso login"),
            required=frozenset({"aws_profile"}),
        ),
        "aws-profile": AuthMethod(
            "aws-profile",
            N_("a named profile of ~/.aws/config or ~/.aws/credentials"),
            required=frozenset({"aws_profile"}),
        ),
        "bedrock-api-key": AuthMethod(
            "bedrock-api-key",
            N_("a Bedrock API key, kept in the keyring and given by claude-setup run"),
            secret="bedrock-api-key",
            env_secret_var="AWS_BEARER_TOKEN_BEDROCK",
        ),
        "credential-export": AuthMethod(
            "credential-export",
            N_("your own command that prints temporary STS credentials as JSON"),
            required=frozenset({"helper_command"}),
        ),
        "default-chain": AuthMethod(
            "default-chain",
            N_("the AWS SDK's default chain (environment, instance role, ~/.aws)"),
        ),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_bedrock_model

    def check(self, setup: Setup, context: Context) -> None:
        if setup.auth not in ("sso", "aws-profile") or not setup.aws_profile:
            return
        values = context.aws_profiles.get(setup.aws_profile)
        if values is None:
            raise SetupError(
                "aws_profile",
                _("no AWS profile named '{name}' in ~/.aws/config or ~/.aws/credentials").format(
                    name=setup.aws_profile
                ),
            )
        if setup.auth == "sso" and not is_sso_profile(dict(values)):
            raise SetupError(
                "aws_profile",
                _(
                    "AWS profile '{name}' has no sso_session or sso_start_url; use the "
                    "aws-profile auth method for it"
                ).format(name=setup.aws_profile),
            )

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.region
        out = Contribution(env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": setup.region})
        if setup.fast_model_region:
            out.env["ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION"] = setup.fast_model_region
        if setup.base_url:
            out.env["ANTHROPIC_BEDROCK_BASE_URL"] = setup.base_url
        if setup.auth == "access-keys":
            name = owned_aws_profile(setup.profile_name)
            out.aws_profile = AwsProfileBlock(
                name,
                {
                    "credential_process": context.helper("aws-credentials", setup.profile_name),
                    "region": setup.region,
                },
            )
            out.env["AWS_PROFILE"] = name
        elif setup.auth in ("sso", "aws-profile") and setup.aws_profile:
            out.env["AWS_PROFILE"] = setup.aws_profile
            if setup.auth == "sso":
                out.top["awsAuthRefresh"] = sso_login_command(setup.aws_profile, context)
        elif setup.auth == "credential-export" and setup.helper_command:
            out.top["awsCredentialExport"] = setup.helper_command
        out.env.update(model_env(setup))
        return out


PROVIDER = Bedrock()
