"""The keys claude-setup owns in ``settings.json``.

An owned key that a new setup does not need is removed, so a switch leaves nothing of the
previous provider behind. Every other key is the user's and is never touched.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from wizard import redact, validation

PROVIDER_SWITCHES = (
    "CLAUDE_CODE_USE_BEDROCK",
    "CLAUDE_CODE_USE_VERTEX",
    "CLAUDE_CODE_USE_FOUNDRY",
    "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
    "CLAUDE_CODE_SKIP_VERTEX_AUTH",
    "CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
    "CLAUDE_CODE_USE_ANTHROPIC_AWS",
    "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD",
    "CLAUDE_CODE_USE_MANTLE",
    "CLAUDE_CODE_USE_GATEWAY",
    "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH",
    "CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH",
    "CLAUDE_CODE_SKIP_MANTLE_AUTH",
)
ENDPOINTS = (
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_BEDROCK_BASE_URL",
    "ANTHROPIC_VERTEX_BASE_URL",
    "ANTHROPIC_FOUNDRY_BASE_URL",
    "ANTHROPIC_FOUNDRY_RESOURCE",
    "ANTHROPIC_AWS_BASE_URL",
    "ANTHROPIC_GOOGLE_CLOUD_BASE_URL",
    "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
)
CREDENTIALS = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_FOUNDRY_API_KEY",
    "ANTHROPIC_AWS_API_KEY",
    "AWS_BEARER_TOKEN_BEDROCK",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "GOOGLE_APPLICATION_CREDENTIALS",
)
LOCATIONS = (
    "AWS_REGION",
    "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION",
    "CLOUD_ML_REGION",
    "ANTHROPIC_VERTEX_PROJECT_ID",
    "ANTHROPIC_AWS_WORKSPACE_ID",
    "ANTHROPIC_GOOGLE_CLOUD_PROJECT",
    "ANTHROPIC_GOOGLE_CLOUD_LOCATION",
    "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID",
)
MODELS = (
    "ANTHROPIC_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "ANTHROPIC_DEFAULT_FABLE_MODEL",
    "ANTHROPIC_SMALL_FAST_MODEL",
)
OPTIONS = (
    "DISABLE_PROMPT_CACHING",
    "CLAUDE_CODE_MAX_OUTPUT_TOKENS",
    "MAX_THINKING_TOKENS",
    "CLAUDE_CODE_API_KEY_HELPER_TTL_MS",
    "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS",
    "ANTHROPIC_CUSTOM_HEADERS",
    "ANTHROPIC_BEDROCK_SERVICE_TIER",
)

OWNED_ENV: frozenset[str] = frozenset(
    PROVIDER_SWITCHES + ENDPOINTS + CREDENTIALS + LOCATIONS + MODELS + OPTIONS
)
OWNED_ENV_PREFIXES = ("VERTEX_REGION_CLAUDE_",)
"""Per-model Vertex region overrides."""

OWNED_TOP: frozenset[str] = frozenset(
    {"apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "gcpAuthRefresh"}
)

CREDENTIAL_ENV: frozenset[str] = frozenset((*CREDENTIALS, "CLAUDE_CODE_API_KEY_HELPER_TTL_MS"))
"""The user's own part of a setup, with ``OWNED_TOP`` (helpers, refresh commands): what a
credential-only apply beside a team's project settings writes."""

SECRET_ENV = frozenset(
    {
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_FOUNDRY_API_KEY",
        "ANTHROPIC_AWS_API_KEY",
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    }
)
"""Variables whose value is a secret: masked whenever shown (``shown_value``)."""

CUSTOM_HEADERS = "ANTHROPIC_CUSTOM_HEADERS"
"""``Name: Value`` lines Claude Code sends with every request: shown line by line, since a
header a file sets is for the person to see; only the credentials among them are masked."""

MASK = redact.MASK
"""What a secret value is shown as (one mask, defined with the masking itself)."""


def is_owned_env(name: str) -> bool:
    return name in OWNED_ENV or name.startswith(OWNED_ENV_PREFIXES)


def _header_lines(value: str, secret_headers: Collection[str]) -> list[tuple[str, str | None]]:
    """Each ``Name: Value`` line as it is shown, with the credential it carries (``None``:
    none). A credential is the value of the secret header (``secret_headers``: its names, any
    case), of a header named like one (``validation.CREDENTIAL_HEADER``), or a value shaped
    like one (``redact.secret_kind``)."""
    wanted = {header.lower() for header in secret_headers}
    found: list[tuple[str, str | None]] = []
    for line in value.split("\n"):
        name, colon, rest = line.partition(":")
        if not colon:
            found.append((MASK, line) if redact.secret_kind(line) else (line, None))
        elif rest.strip() and (
            name.strip().lower() in wanted
            or validation.CREDENTIAL_HEADER.search(name)
            or redact.secret_kind(rest)
        ):
            space = rest[: len(rest) - len(rest.lstrip())]
            found.append((f"{name}:{space}{MASK}", rest.strip()))
        else:
            found.append((line, None))
    return found


def shown_value(key: str, value: Any, secret_headers: Collection[str] = ()) -> Any:
    """What a person is shown of ``env`` variable ``key``: a secret variable's value masked;
    of ``ANTHROPIC_CUSTOM_HEADERS`` every line, only the credentials' values masked, so that
    a header a file sets is seen. The one rule behind the plan's diff, ``status`` and
    ``doctor``."""
    if key == CUSTOM_HEADERS and isinstance(value, str):
        return "\n".join(line for line, _secret in _header_lines(value, secret_headers))
    if key in SECRET_ENV and value:
        return MASK
    return value


def secret_values(env: Mapping[str, Any], secret_headers: Collection[str] = ()) -> list[str]:
    """Every secret in an ``env`` mapping (what ``shown_value`` masks), to mask it wherever
    else it appears: in a diff's other lines, in what a server answers."""
    found = [str(v) for k, v in env.items() if k in SECRET_ENV and isinstance(v, str) and v]
    headers = env.get(CUSTOM_HEADERS)
    if isinstance(headers, str):
        found += [secret for _line, secret in _header_lines(headers, secret_headers) if secret]
    return found
