"""The Anthropic API, directly (or through a corporate proxy with ``--base-url``)."""

from __future__ import annotations

from wizard.i18n import _
from wizard.model import Setup
from wizard.providers.base import (
    AuthMethod,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    anthropic_models,
    key_helper,
    model_env,
)


class Anthropic(ProviderModule):
    name = "anthropic"
    title = _("Anthropic API")
    common_optional = ProviderModule.common_optional | {"base_url"}
    auth_methods = {
        "api-key": AuthMethod(
            "api-key",
            _("an API key kept in the keyring, served by claude-setup's key helper"),
            optional=frozenset({"helper_ttl_ms"}),
            secret="api-key",
        ),
        "helper": AuthMethod(
            "helper",
            _("your own command that prints the key"),
            required=frozenset({"helper_command"}),
            optional=frozenset({"helper_ttl_ms"}),
        ),
        "claude-login": AuthMethod(
            "claude-login", _("a Claude subscription: sign in with /login in Claude Code")
        ),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return anthropic_models(setup)

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        out = Contribution(env=model_env(setup))
        if setup.base_url:
            out.env["ANTHROPIC_BASE_URL"] = setup.base_url
        if setup.auth == "api-key":
            out.top.update(key_helper(setup, context))
        elif setup.auth == "helper" and setup.helper_command:
            out.top["apiKeyHelper"] = setup.helper_command
        return out


PROVIDER = Anthropic()
