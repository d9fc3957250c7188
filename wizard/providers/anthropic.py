"""The Anthropic API, directly (or through a corporate proxy with ``--base-url``)."""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_
from wizard.model import Setup
from wizard.providers.base import (
    AuthMethod,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    api_key_helper,
    keyring_key_method,
    model_env,
    own_helper_method,
)


class Anthropic(ProviderModule):
    name = "anthropic"
    title = N_("Anthropic API")
    summary = N_("an API key or your Claude subscription")
    common_optional = ProviderModule.common_optional | {"base_url"}
    auth_methods = {
        "api-key": keyring_key_method(
            N_("an API key kept in the keyring, served by claude-setup's key helper")
        ),
        "helper": own_helper_method(N_("your own command that prints the key")),
        "claude-login": AuthMethod(
            "claude-login", N_("a Claude subscription: sign in with /login in Claude Code")
        ),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_anthropic_model

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        out = Contribution(env=model_env(setup))
        if setup.base_url:
            out.env["ANTHROPIC_BASE_URL"] = setup.base_url
        out.top.update(api_key_helper(setup, context))
        return out


PROVIDER = Anthropic()
