"""Claude Platform on AWS: Anthropic's API run by AWS, billed to a workspace.

Claude Code sends an ``ANTHROPIC_AWS_API_KEY`` (environment only) as ``x-api-key``, else signs
with AWS credentials (SigV4, service ``aws-external-anthropic``); the workspace ID goes in an
``anthropic-workspace-id`` header and is required.
"""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_
from wizard.model import Setup
from wizard.providers import routing
from wizard.providers.aws_auth import AWS_CREDENTIAL_METHODS, add_aws_credentials, check_aws_profile
from wizard.providers.base import (
    AuthMethod,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)


class AnthropicAws(ProviderModule):
    name = "anthropic-aws"
    title = N_("Claude Platform on AWS")
    summary = N_("Anthropic's API via your AWS account")
    route = routing.ANTHROPIC_AWS
    common_required = frozenset({"region", "workspace_id"})
    credential_fields = frozenset({"workspace_id"})
    common_optional = ProviderModule.common_optional | {"base_url"}
    auth_methods = {
        "api-key": AuthMethod(
            "api-key",
            N_(
                "a Claude Platform on AWS API key, kept in the keyring and given by "
                "claude-setup run"
            ),
            secret="anthropic-aws-api-key",
            env_secret_var="ANTHROPIC_AWS_API_KEY",
        ),
        **AWS_CREDENTIAL_METHODS,
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_anthropic_model

    def check(self, setup: Setup, context: Context) -> None:
        check_aws_profile(setup, context)

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.region and setup.workspace_id
        out = Contribution(
            env={
                **self.switch_env(),
                "AWS_REGION": setup.region,
                "ANTHROPIC_AWS_WORKSPACE_ID": setup.workspace_id,
            }
        )
        if setup.base_url:
            out.env["ANTHROPIC_AWS_BASE_URL"] = setup.base_url
        add_aws_credentials(out, setup, context)
        out.env.update(model_env(setup))
        return out


PROVIDER = AnthropicAws()
