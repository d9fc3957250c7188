"""The fields a person types, their labels, and the engine's own checks on each of them.

No Textual here: the screens and validators call ``check`` so the wizard refuses, beside the
field, exactly what ``apply`` would refuse.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wizard import validation
from wizard.i18n import N_, _
from wizard.labels import FIELD_LABELS
from wizard.model import Setup, SetupError
from wizard.providers.gateway import check_gateway_mode_url
from wizard.providers.registry import REGISTRY

LABELS = FIELD_LABELS

SECRET_LABELS: dict[str, str] = {
    "api-key": N_("API key"),
    "aws-secret-access-key": N_("Secret access key"),
    "bedrock-api-key": N_("Bedrock API key"),
    "foundry-api-key": N_("Foundry API key"),
    "anthropic-aws-api-key": N_("API key"),
    "gateway-token": N_("Gateway token"),
}

INTEGER_FIELDS = {
    "helper_ttl_ms": 86_400_000,
    "max_output_tokens": 10_000_000,
    "max_thinking_tokens": 10_000_000,
}


def label(name: str, secret_kind: str | None = None) -> str:
    if name == "secret" and secret_kind:
        return _(SECRET_LABELS.get(secret_kind, LABELS["secret"]))
    return _(LABELS.get(name, name))


def parse(name: str, text: str) -> Any:
    """The typed value of a field's text; ``None`` for an empty optional field."""
    text = text.strip()
    if not text:
        return None
    if name in INTEGER_FIELDS:
        return int(text)
    return text


def check(name: str, text: str, values: Mapping[str, Any]) -> str | None:
    """Why ``text`` cannot be the value of field ``name`` (translated), or ``None`` if it can."""
    text = text.strip()
    if not text:
        return None
    try:
        _check(name, text, values)
    except SetupError as exc:
        return exc.reason
    return None


def _check(name: str, text: str, values: Mapping[str, Any]) -> None:
    provider = values.get("provider")
    api = values.get("gateway_api") or "anthropic"
    if validation.has_control_characters(text):
        raise SetupError(name, _("contains a line break or a control character"))
    if name in INTEGER_FIELDS:
        if not text.isdigit():
            raise SetupError(name, _("'{value}' is not a whole number").format(value=text))
        validation.check_positive(name, int(text), INTEGER_FIELDS[name])
    elif name == "region":
        if provider == "vertex" or (provider == "gateway" and api == "vertex"):
            validation.check_vertex_region(name, text)
        elif provider == "anthropic-google-cloud":
            validation.check_google_cloud_name(name, text)
        else:
            validation.check_aws_region(name, text)
    elif name == "fast_model_region":
        validation.check_aws_region(name, text)
    elif name == "project_id" and provider == "anthropic-google-cloud":
        validation.check_google_cloud_name(name, text)
    elif name == "project_id":
        validation.check_project_id(name, text)
    elif name == "workspace_id":
        validation.check_google_cloud_name(name, text)
    elif name == "base_url":
        validation.check_base_url(name, text)
        if provider == "gateway" and values.get("gateway_mode"):
            check_gateway_mode_url(name, text)
    elif name == "aws_profile":
        validation.check_aws_profile_name(name, text)
    elif name == "aws_access_key_id":
        validation.check_access_key_id(name, text)
    elif name == "foundry_resource":
        validation.check_foundry_resource(name, text)
    elif name in ("helper_command", "credentials_file"):
        validation.check_plain_text(name, text)
    elif name == "secret_header":
        validation.check_header_name(name, text)
    elif name == "custom_header":
        validation.check_custom_header(name, text)
    elif name == "profile":
        validation.check_profile_name(name, text)
    elif name in ("model", "fast_model") and provider in REGISTRY:
        auth = values.get("auth") or next(iter(REGISTRY[provider].auth_methods))
        setup = Setup(provider=provider, auth=auth, gateway_api=values.get("gateway_api"))
        REGISTRY[provider].model_check(setup)(name, text)


def clean_secret(text: str) -> str:
    """A pasted secret without the whitespace around it (and inside it, from a wrapped line)."""
    return "".join(text.split())


def check_secret(text: str, kind: str | None, provider: str | None = None) -> str | None:
    """Why a pasted secret cannot be stored, or ``None``; ``text`` is already cleaned."""
    if not text:
        return _("is required")
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 8 and text[:half] == text[half:]:
        return _("was pasted twice; paste it once")
    try:
        validation.check_secret(text)
        validation.check_secret_kind(text, kind, provider)
    except SetupError as exc:
        return exc.reason
    return None


def last_four(text: str) -> str:
    return _("ends in …{tail}").format(tail=text[-4:]) if len(text) >= 8 else ""


def shown_path(path: Path | str) -> str:
    """A path as a person reads it: inside the current folder (a project's), relative to it;
    else the home folder as ``~``."""
    text, home, here = str(path), str(Path.home()), os.getcwd()
    if here != home and here != "/" and text.startswith(here + os.sep):
        return text[len(here) + 1 :]
    return "~" + text[len(home) :] if text == home or text.startswith(home + "/") else text
