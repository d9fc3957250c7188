"""Amazon Bedrock: every way Claude Code can get AWS credentials."""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_
from wizard.model import Setup
from wizard.providers import routing
from wizard.providers.aws_auth import (
    AWS_CREDENTIAL_METHODS,
    OWNED_AWS_PROFILE_PREFIX,
    add_aws_credentials,
    check_aws_profile,
    is_sso_profile,
    owned_aws_profile,
    sso_login_command,
    with_bedrock_api_key,
)
from wizard.providers.base import (
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)

__all__ = [
    "OWNED_AWS_PROFILE_PREFIX",
    "PROVIDER",
    "is_sso_profile",
    "owned_aws_profile",
    "sso_login_command",
]


class Bedrock(ProviderModule):
    name = "bedrock"
    title = N_("Amazon Bedrock")
    summary = N_("Claude in your AWS account")
    route = routing.BEDROCK
    common_required = frozenset({"region"})
    common_optional = ProviderModule.common_optional | {
        "fast_model_region",
        "base_url",
        "service_tier",
    }
    auth_methods = {
        **with_bedrock_api_key(AWS_CREDENTIAL_METHODS),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_bedrock_model

    def check(self, setup: Setup, context: Context) -> None:
        check_aws_profile(setup, context)

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.region
        out = Contribution(env={**self.switch_env(), "AWS_REGION": setup.region})
        if setup.fast_model_region:
            out.env["ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION"] = setup.fast_model_region
        if setup.base_url:
            out.env["ANTHROPIC_BEDROCK_BASE_URL"] = setup.base_url
        if setup.service_tier:
            out.env["ANTHROPIC_BEDROCK_SERVICE_TIER"] = setup.service_tier
        add_aws_credentials(out, setup, context)
        out.env.update(model_env(setup))
        return out


PROVIDER = Bedrock()
