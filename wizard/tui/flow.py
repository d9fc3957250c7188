"""Which steps a setup needs, in order, and which step asks for each field. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from wizard.providers.registry import REGISTRY

Step = Literal["provider", "gateway", "auth", "auth_form", "region", "models", "options", "review"]

FORM_ORDER = (
    "foundry_resource",
    "base_url",
    "aws_profile",
    "aws_access_key_id",
    "helper_command",
    "helper_ttl_ms",
    "credentials_file",
    "project_id",
    "workspace_id",
)
"""The auth form's fields in the order they are shown; a method declares which it needs."""

FIELD_STEPS: dict[str, Step] = {
    "provider": "provider",
    "gateway_api": "gateway",
    "auth": "auth",
    "region": "region",
    "fast_model_region": "region",
    "model": "models",
    "fast_model": "models",
    "disable_prompt_caching": "options",
    "max_output_tokens": "options",
    "max_thinking_tokens": "options",
    "scope": "options",
    "profile": "options",
    "plaintext_secrets": "options",
    "service_tier": "options",
    "gateway_mode": "gateway",
}


def gateway_api(values: Mapping[str, Any]) -> str:
    return str(values.get("gateway_api") or "anthropic")


def form_fields(values: Mapping[str, Any]) -> list[str]:
    """The auth form's fields for the chosen provider and method: what it needs, the secret,
    then what it may take."""
    provider, auth = str(values.get("provider")), str(values.get("auth"))
    if provider not in REGISTRY or auth not in REGISTRY[provider].auth_methods:
        return []
    method = REGISTRY[provider].auth_methods[auth]
    first = method.required | REGISTRY[provider].credential_fields
    found = [name for name in FORM_ORDER if name in first]
    if method.secret:
        found.append("secret")
    return found + [name for name in FORM_ORDER if name in method.optional - first]


def secret_kind(values: Mapping[str, Any]) -> str | None:
    provider, auth = str(values.get("provider")), str(values.get("auth"))
    if provider not in REGISTRY or auth not in REGISTRY[provider].auth_methods:
        return None
    return REGISTRY[provider].auth_methods[auth].secret


def needs_region(values: Mapping[str, Any]) -> bool:
    provider = values.get("provider")
    if provider == "gateway":
        return gateway_api(values) in ("bedrock", "vertex")
    return provider in ("bedrock", "vertex", "anthropic-aws", "mantle")


def steps(values: Mapping[str, Any]) -> list[Step]:
    """Every step of the walk for the choices made so far."""
    found: list[Step] = ["provider"]
    if values.get("provider") == "gateway":
        found.append("gateway")
    found.append("auth")
    if form_fields(values):
        found.append("auth_form")
    if needs_region(values):
        found.append("region")
    found += ["models", "options", "review"]
    return found


def next_step(current: Step | None, values: Mapping[str, Any]) -> Step:
    walk = steps(values)
    if current is None or current not in walk:
        return walk[0]
    return walk[min(walk.index(current) + 1, len(walk) - 1)]


def step_for_field(field: str, values: Mapping[str, Any]) -> Step:
    """The step whose screen shows ``field`` (the review, for anything it cannot place)."""
    if field == "secret" or field in form_fields(values):
        return "auth_form" if form_fields(values) else "auth"
    if field in ("base_url", "project_id") and values.get("provider") == "gateway":
        return "gateway"
    return FIELD_STEPS.get(field, "review")
