"""The words a person reads for a setup's fields and values: provider and auth method titles,
field labels, "on"/"off". Shared by the wizard and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.i18n import N_, _

if TYPE_CHECKING:
    from wizard.providers.base import ProviderChoice

FIELD_LABELS: dict[str, str] = {
    "profile": N_("Profile name"),
    "base_url": N_("Address (base URL)"),
    "gateway_api": N_("API it speaks"),
    "region": N_("Region"),
    "fast_model_region": N_("Fast model's region"),
    "project_id": N_("Google Cloud project ID"),
    "workspace_id": N_("Workspace ID"),
    "credentials_file": N_("Service-account key file"),
    "foundry_resource": N_("Azure resource name"),
    "aws_profile": N_("AWS profile"),
    "aws_access_key_id": N_("Access key ID"),
    "helper_command": N_("Command"),
    "helper_ttl_ms": N_("Key cache (ms)"),
    "model": N_("Main model"),
    "fast_model": N_("Fast model"),
    "max_output_tokens": N_("Max output tokens"),
    "max_thinking_tokens": N_("Max thinking tokens"),
    "disable_prompt_caching": N_("Prompt caching"),
    "scope": N_("Where to write"),
    "secret": N_("Secret"),
    "provider": N_("Provider"),
    "auth": N_("Auth method"),
    "plaintext_secrets": N_("Secret in plain text"),
    "allow_plain_http": N_("Plain http"),
    "disable_experimental_betas": N_("Experimental betas"),
    "service_tier": N_("Service tier"),
    "gateway_mode": N_("Gateway mode"),
}

METHOD_TITLES: dict[str, str] = {
    "api-key": N_("API key"),
    "helper": N_("Key helper command"),
    "claude-login": N_("Claude subscription"),
    "access-keys": N_("AWS access keys"),
    "sso": N_("AWS SSO profile"),
    "aws-profile": N_("AWS profile"),
    "bedrock-api-key": N_("Bedrock API key"),
    "credential-export": N_("Credential export command"),
    "default-chain": N_("AWS default chain"),
    "adc": N_("Application Default Credentials"),
    "service-account": N_("Service-account key file"),
    "azure-login": N_("Azure login"),
    "none": N_("No key"),
    "header": N_("Key in a header"),
    "token": N_("Gateway token"),
}

GATEWAY_API_TITLES: dict[str, str] = {
    "anthropic": N_("Anthropic API"),
    "bedrock": N_("Bedrock pass-through"),
    "vertex": N_("Vertex AI pass-through"),
}

TURNED_OFF_WHEN_TRUE = frozenset({"disable_prompt_caching", "disable_experimental_betas"})
"""Fields labelled by what they turn off: ``True`` reads "off"."""


def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


def provider_title(name: str) -> str:
    from wizard.providers.registry import REGISTRY

    module = REGISTRY.get(name)
    return _(module.title) if module is not None else name


def choice_title(choice: ProviderChoice) -> str:
    """The provider a configuration makes Claude Code use, as a person reads it."""
    title = provider_title(choice.provider)
    if choice.gateway_mode:
        return _("{title}, gateway mode").format(title=title)
    if choice.gateway_api is not None:
        return f"{title} ({_(GATEWAY_API_TITLES[choice.gateway_api])})"
    return title


def auth_title(name: str) -> str:
    return _(METHOD_TITLES.get(name, name))


def value_text(name: str, value: Any) -> str:
    """``value`` of field ``name`` as the wizard shows it."""
    if name == "provider":
        return provider_title(str(value))
    if name == "auth":
        return auth_title(str(value))
    if name == "gateway_api":
        return _(GATEWAY_API_TITLES.get(str(value), str(value)))
    if isinstance(value, bool):
        return _("on") if value != (name in TURNED_OFF_WHEN_TRUE) else _("off")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def value_lines(values: dict[str, Any]) -> list[str]:
    """One "Label: value" line for each of ``values``."""
    return [f"{field_label(name)}: {value_text(name, value)}" for name, value in values.items()]
