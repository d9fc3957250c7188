"""Amazon Bedrock (Mantle): Bedrock's Anthropic-format endpoint, ``bedrock-mantle``.

Claude Code signs with AWS credentials (SigV4, service ``bedrock-mantle``) or sends a Bedrock
API key; models have their ``anthropic.``-prefixed Mantle IDs. At start it probes its default
Opus and falls back on its own to an older one, so the Opus role is always pinned.
"""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_
from wizard.model import Setup
from wizard.providers import routing
from wizard.providers.aws_auth import (
    AWS_CREDENTIAL_METHODS,
    add_aws_credentials,
    check_aws_profile,
    with_bedrock_api_key,
)
from wizard.providers.base import (
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)


class Mantle(ProviderModule):
    name = "mantle"
    title = N_("Amazon Bedrock (Mantle)")
    summary = N_("Bedrock's Anthropic-format endpoint")
    route = routing.MANTLE
    common_required = frozenset({"region"})
    common_optional = ProviderModule.common_optional | {"base_url"}
    auth_methods = {
        **with_bedrock_api_key(AWS_CREDENTIAL_METHODS),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_mantle_model

    def check(self, setup: Setup, context: Context) -> None:
        check_aws_profile(setup, context)

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.region
        out = Contribution(env={**self.switch_env(), "AWS_REGION": setup.region})
        if setup.base_url:
            out.env["ANTHROPIC_BEDROCK_MANTLE_BASE_URL"] = setup.base_url
        add_aws_credentials(out, setup, context)
        out.env.update(model_env(setup))
        return out


PROVIDER = Mantle()
