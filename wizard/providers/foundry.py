"""Microsoft Foundry (Claude on Azure): an API key or the Azure login of the machine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard import validation
from wizard.i18n import N_, _
from wizard.model import Setup, SetupError
from wizard.providers import routing
from wizard.providers.base import (
    AuthMethod,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)


class Foundry(ProviderModule):
    name = "foundry"
    title = N_("Microsoft Foundry")
    summary = N_("Claude on Azure")
    route = routing.FOUNDRY
    common_optional = ProviderModule.common_optional | {"base_url", "foundry_resource"}
    credential_fields = frozenset({"foundry_resource", "base_url"})
    auth_methods = {
        "api-key": AuthMethod(
            "api-key",
            N_("a Foundry API key, kept in the keyring and given by claude-setup run"),
            secret="foundry-api-key",
            env_secret_var="ANTHROPIC_FOUNDRY_API_KEY",
        ),
        "azure-login": AuthMethod(
            "azure-login", N_("Microsoft Entra ID through the Azure CLI login (az login)")
        ),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_deployment_name

    def draft_problem(self, values: Mapping[str, Any]) -> SetupError | None:
        if bool(values.get("base_url")) == bool(values.get("foundry_resource")):
            return SetupError(
                "foundry_resource",
                _("give either the Azure resource name or the base URL, exactly one"),
            )
        return None

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        out = Contribution(env=self.switch_env())
        if setup.foundry_resource:
            out.env["ANTHROPIC_FOUNDRY_RESOURCE"] = setup.foundry_resource
        if setup.base_url:
            out.env["ANTHROPIC_FOUNDRY_BASE_URL"] = setup.base_url
        out.env.update(model_env(setup))
        return out


PROVIDER = Foundry()
