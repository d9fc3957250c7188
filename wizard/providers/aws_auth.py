"""The AWS credential methods that Bedrock, Claude Platform on AWS and Bedrock Mantle share.

Claude Code signs requests for all three with the AWS SDK's credentials, so each offers the
same ways to get them, written the same way.
"""

from __future__ import annotations

from wizard.i18n import N_, _
from wizard.model import Setup, SetupError
from wizard.providers.base import AuthMethod, AwsProfileBlock, Context, Contribution

OWNED_AWS_PROFILE_PREFIX = "claude-setup-"
"""``~/.aws/config`` profiles with this prefix are written by claude-setup (access keys)."""

AWS_CREDENTIAL_METHODS: dict[str, AuthMethod] = {
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
"""Keyed by method name, in the order they are offered."""

BEDROCK_API_KEY = AuthMethod(
    "bedrock-api-key",
    N_("a Bedrock API key, kept in the keyring and given by claude-setup run"),
    secret="bedrock-api-key",
    env_secret_var="AWS_BEARER_TOKEN_BEDROCK",
)


def with_bedrock_api_key(methods: dict[str, AuthMethod]) -> dict[str, AuthMethod]:
    """``methods`` with the Bedrock API key after the named profile, in the order offered."""
    found: dict[str, AuthMethod] = {}
    for name, method in methods.items():
        found[name] = method
        if name == "aws-profile":
            found[BEDROCK_API_KEY.name] = BEDROCK_API_KEY
    return found


def owned_aws_profile(profile_name: str) -> str:
    return OWNED_AWS_PROFILE_PREFIX + profile_name


def sso_login_command(aws_profile: str, context: Context) -> str:
    """``awsAuthRefresh``: the AWS CLI v2's sign-in, else claude-setup's own."""
    if context.aws_cli_sso_login:
        return f"aws sso login --profile {aws_profile}"
    return context.helper("sso-login", aws_profile)


def is_sso_profile(values: dict[str, str] | object) -> bool:
    return isinstance(values, dict) and bool({"sso_session", "sso_start_url"} & set(values))


def check_aws_profile(setup: Setup, context: Context) -> None:
    """The named profile exists, and is an SSO profile for the ``sso`` method."""
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


def add_aws_credentials(out: Contribution, setup: Setup, context: Context) -> None:
    """The profile, refresh or export command of the setup's AWS credential method."""
    if setup.auth == "access-keys":
        name = owned_aws_profile(setup.profile_name)
        values = {"credential_process": context.helper("aws-credentials", setup.profile_name)}
        if setup.region:
            values["region"] = setup.region
        out.aws_profile = AwsProfileBlock(name, values)
        out.env["AWS_PROFILE"] = name
    elif setup.auth in ("sso", "aws-profile") and setup.aws_profile:
        out.env["AWS_PROFILE"] = setup.aws_profile
        if setup.auth == "sso":
            out.top["awsAuthRefresh"] = sso_login_command(setup.aws_profile, context)
    elif setup.auth == "credential-export" and setup.helper_command:
        out.top["awsCredentialExport"] = setup.helper_command
