"""What each kind of secret is called, in the user's language."""

from __future__ import annotations

from wizard.i18n import N_, _

SECRET_LABELS: dict[str, str] = {
    "api-key": N_("API key"),
    "aws-secret-access-key": N_("AWS secret access key"),
    "bedrock-api-key": N_("Bedrock API key"),
    "foundry-api-key": N_("Foundry API key"),
    "gateway-header": N_("gateway key (a header value)"),
    "anthropic-aws-api-key": N_("Claude Platform on AWS API key"),
    "gateway-token": N_("gateway token"),
}
"""Every kind of secret claude-setup keeps, marked for translation."""


def secret_label(kind: str) -> str:
    """The secret's name in the user's language ("API key", …); an unknown kind as it is."""
    return _(SECRET_LABELS[kind]) if kind in SECRET_LABELS else kind
