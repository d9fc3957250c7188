"""Checks of single values: regions, model IDs, URLs, names, secrets.

Each check raises ``SetupError(field, reason)`` with a reason a person can act on.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from wizard import endpoints, redact
from wizard.i18n import _
from wizard.model import SetupError

AWS_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
VERTEX_REGION = re.compile(r"^(global|us|eu|[a-z]+-[a-z]+\d{1,2})$")
GCP_PROJECT = re.compile(r"^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$")
PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
AWS_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.+=,@/-]{1,128}$")
ACCESS_KEY_ID = re.compile(r"^[A-Z0-9]{16,128}$")
SSO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$")
"""An AWS profile or sso-session name claude-setup writes into ``~/.aws/config``."""
AWS_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
IAM_ROLE_NAME = re.compile(r"^[A-Za-z0-9_+=,.@-]{1,64}$")
"""IAM's own rule for a role name: ASCII letters and digits, ``_+=,.@-`` (no ``é``)."""
FOUNDRY_RESOURCE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")

MODEL_ALIASES = frozenset(
    {"opus", "sonnet", "haiku", "opusplan", "best", "default"}
    | {f"{alias}[1m]" for alias in ("opus", "sonnet", "opusplan")}
)
ANTHROPIC_MODEL = re.compile(r"^claude-[a-z0-9][a-z0-9.-]*(\[1m\])?$")
BEDROCK_PREFIXES = ("global", "us", "eu", "jp", "apac", "au", "ca", "us-gov")
BEDROCK_PROFILE_ID = re.compile(
    r"^(" + "|".join(BEDROCK_PREFIXES) + r")\.anthropic\.claude-[a-z0-9.-]+"
    r"(-v\d+(:\d+)?)?(\[1m\])?$"
)
BEDROCK_BASE_ID = re.compile(r"^anthropic\.claude-[a-z0-9.-]+(:\d+)?$")
BEDROCK_ARN = re.compile(
    r"^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:"
    r"(application-inference-profile|inference-profile)/[A-Za-z0-9.:-]+$"
)
VERTEX_MODEL = re.compile(r"^claude-[a-z0-9][a-z0-9.-]*(@\d{8})?(\[1m\])?$")
DEPLOYMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
MAX_GOOGLE_CLOUD_NAME = 128
GOOGLE_CLOUD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
"""What Claude Code accepts in a Claude Platform on Google Cloud project, location or workspace
[seen: anything else makes it refuse to start]; also used for a Claude Platform workspace ID."""
MANTLE_MODEL = re.compile(r"^anthropic\.claude-[a-z0-9][a-z0-9.-]*(\[1m\])?$")
SERVICE_TIER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
GATEWAY_MODEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}(\[1m\])?$")

HEADER_SAFE_SECRET = re.compile(r"[\x21-\x7e]+")
"""Printable ASCII: what an HTTP header (x-api-key, Authorization) carries as it is."""

MAX_SECRET_BYTES = 2560
"""Windows Credential Locker's limit (UTF-16): refused up front on every platform."""


def check_aws_region(field: str, value: str) -> None:
    if not AWS_REGION.fullmatch(value):
        raise SetupError(
            field, _("'{value}' is not an AWS region (like us-east-1)").format(value=value)
        )


def check_vertex_region(field: str, value: str) -> None:
    if not VERTEX_REGION.fullmatch(value):
        raise SetupError(
            field,
            _("'{value}' is not a Vertex AI region (like us-east5, europe-west1 or global)").format(
                value=value
            ),
        )


def check_project_id(field: str, value: str) -> None:
    if not GCP_PROJECT.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{value}' is not a Google Cloud project ID (6-30 lowercase letters, digits, "
                "hyphens)"
            ).format(value=value),
        )


def check_profile_name(field: str, value: str) -> None:
    if not PROFILE_NAME.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{value}' is not a profile name (letters, digits, '.', '_', '-'; at most 64)"
            ).format(value=value),
        )


def check_aws_profile_name(field: str, value: str) -> None:
    if not AWS_PROFILE_NAME.fullmatch(value):
        raise SetupError(field, _("'{value}' is not an AWS profile name").format(value=value))


def check_access_key_id(field: str, value: str) -> None:
    if value.startswith("ASIA"):
        raise SetupError(
            field,
            _(
                "'{value}' is a temporary key (ASIA…); for temporary credentials use the sso "
                "or credential-export auth method"
            ).format(value=value),
        )
    if not ACCESS_KEY_ID.fullmatch(value):
        raise SetupError(
            field, _("'{value}' is not an AWS access key ID (like AKIA…)").format(value=value)
        )


def check_foundry_resource(field: str, value: str) -> None:
    if not FOUNDRY_RESOURCE.fullmatch(value):
        raise SetupError(field, _("'{value}' is not an Azure resource name").format(value=value))


def split_url(value: str) -> SplitResult | None:
    """``value`` split into its parts, or ``None`` when it is no URL: ``urlsplit`` raises on a
    bad IPv6 host (``http://[::1``) and reading the port on one that is not a number from 0 to
    65535. Every URL read from a file or a server is parsed here, never by ``urlsplit`` alone."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a port that is not a number from 0 to 65535 raises
    except ValueError:
        return None
    return parts


def check_base_url(field: str, value: str) -> None:
    parts = split_url(value)
    if parts is not None and (parts.username or parts.password or "@" in parts.netloc):
        raise SetupError(
            field, _("the URL holds credentials; give the key as the secret instead")
        )
    check_no_credential(field, value)  # a key in the path: refused before any error quotes it
    if parts is None:
        raise SetupError(field, _("'{value}' is not an http(s) URL").format(value=value))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SetupError(field, _("'{value}' is not an http(s) URL").format(value=value))
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise SetupError(field, _("the URL contains spaces or control characters"))
    try:
        endpoints.origin(value)
    except endpoints.BadAddress:
        raise SetupError(
            field,
            _(
                "'{value}' has a \\ or a % escape, which Claude Code reads otherwise than it "
                "looks (another host, perhaps): write the address plainly"
            ).format(value=value),
        ) from None
    if "?" in value or "#" in value:
        raise SetupError(
            field,
            _("'{value}' has a ? or # part; Claude Code adds its own path after it").format(
                value=value
            ),
        )


def has_control_characters(value: str) -> bool:
    """A control character of any kind: C0, DEL, C1 (``\\x85``), line and paragraph
    separators, and invisible format characters (zero-width space, BOM, bidi overrides)."""
    return any(unicodedata.category(ch) in CONTROL_CATEGORIES for ch in value)


CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def check_plain_text(field: str, value: str) -> None:
    """A one-line value without control characters and without anything shaped like a key."""
    if not value.strip():
        raise SetupError(field, _("is empty"))
    if has_control_characters(value):
        raise SetupError(field, _("contains a line break or a control character"))
    check_no_credential(field, value)


def check_no_credential(field: str, value: str) -> None:
    """No credential in a value that is written where anyone may read it (settings.json, a
    team file): a key or token of a known shape, ``user:password``, ``Authorization:``,
    ``token=…``; the refusal names the kind found, never the value."""
    kind = redact.secret_kind(value)
    if kind is not None:
        raise SetupError(
            field,
            _("holds what looks like {kind}; secrets are never taken as plain values").format(
                kind=kind
            ),
        )


def check_positive(field: str, value: int, maximum: int) -> None:
    if not 0 < value <= maximum:
        raise SetupError(
            field, _("{value} is not between 1 and {maximum}").format(value=value, maximum=maximum)
        )


def check_anthropic_model(field: str, value: str) -> None:
    if value not in MODEL_ALIASES and not ANTHROPIC_MODEL.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{value}' is not a Claude model ID (like claude-sonnet-4-6) or alias "
                "(opus, sonnet, haiku)"
            ).format(value=value),
        )


def check_bedrock_model(field: str, value: str) -> None:
    if (
        value in MODEL_ALIASES
        or BEDROCK_PROFILE_ID.fullmatch(value)
        or BEDROCK_ARN.fullmatch(value)
    ):
        return
    if BEDROCK_BASE_ID.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{value}' is a base model ID, which Bedrock refuses (\"on-demand throughput isn't "
                'supported"); use an inference profile such as global.{value} or us.{value}'
            ).format(value=value),
        )
    if value.startswith("arn:"):
        raise SetupError(
            field,
            _(
                "'{value}' is not a Bedrock inference-profile ARN "
                "(arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID)"
            ).format(value=value),
        )
    raise SetupError(
        field,
        _(
            "'{value}' is not a Bedrock inference profile ID (like "
            "global.anthropic.claude-sonnet-4-6) or ARN"
        ).format(value=value),
    )


def check_vertex_model(field: str, value: str) -> None:
    if value not in MODEL_ALIASES and not VERTEX_MODEL.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{value}' is not a Vertex AI Claude model ID (like claude-sonnet-4-6 or "
                "claude-sonnet-4-5@20250929)"
            ).format(value=value),
        )


def check_deployment_name(field: str, value: str) -> None:
    if value not in MODEL_ALIASES and not DEPLOYMENT_NAME.fullmatch(value):
        raise SetupError(field, _("'{value}' is not an Azure deployment name").format(value=value))


def check_google_cloud_name(field: str, value: str) -> None:
    if not value:
        raise SetupError(field, _("is empty"))
    if len(value) > MAX_GOOGLE_CLOUD_NAME:
        raise SetupError(field, _("is longer than {n} characters").format(n=MAX_GOOGLE_CLOUD_NAME))
    if not GOOGLE_CLOUD_NAME.fullmatch(value):
        raise SetupError(
            field,
            _("'{value}' may only contain letters, digits, hyphens and underscores").format(
                value=value
            ),
        )


def check_mantle_model(field: str, value: str) -> None:
    if value not in MODEL_ALIASES and not MANTLE_MODEL.fullmatch(value):
        raise SetupError(
            field,
            _(
                "'{value}' is not a Bedrock Mantle model ID (like anthropic.claude-opus-5-5)"
            ).format(value=value),
        )


def check_service_tier(field: str, value: str) -> None:
    if not SERVICE_TIER.fullmatch(value):
        raise SetupError(
            field,
            _("'{value}' is not a Bedrock service tier (like priority or flex)").format(
                value=value
            ),
        )


GATEWAY_PLAIN_HTTP_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""The only hosts Claude Code's gateway mode accepts over plain http [seen: 127.0.0.2 and
127.0.0.1.nip.io make it refuse to start]."""


def is_loopback_url(value: str) -> bool:
    parts = split_url(value)
    return parts is not None and (parts.hostname or "") in GATEWAY_PLAIN_HTTP_HOSTS


def check_gateway_model(field: str, value: str) -> None:
    if not GATEWAY_MODEL.fullmatch(value):
        raise SetupError(field, _("'{value}' is not a model name").format(value=value))


def check_secret(value: str) -> None:
    """A secret as read from standard input, already stripped of its line ending."""
    field = "secret"
    if not value:
        raise SetupError(field, _("the secret read from standard input is empty"))
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise SetupError(
            field, _("the secret contains spaces or control characters; paste it again")
        )
    if not HEADER_SAFE_SECRET.fullmatch(value):
        raise SetupError(
            field,
            _(
                "the secret contains a character an HTTP header cannot carry (non-ASCII, "
                "zero-width or a byte order mark); paste it again"
            ),
        )
    if len(value.encode("utf-16-le")) > MAX_SECRET_BYTES:
        raise SetupError(field, _("the secret is longer than the keyring can hold"))


def check_secret_kind(value: str, kind: str | None, provider: str | None = None) -> None:
    """A secret of the wrong kind for where it goes: an Anthropic key given as a Bedrock, AWS
    or Foundry key, a Bedrock API key given as an AWS secret key, an AWS key given as an
    Anthropic key. Each face checks with this before anything is stored."""
    field = "secret"
    anthropic_shaped = value.startswith("sk-ant-")
    bedrock_shaped = value.startswith("ABSK")
    if kind in ("aws-secret-access-key", "bedrock-api-key", "foundry-api-key") and (
        anthropic_shaped
    ):
        raise SetupError(
            field, _("this is an Anthropic API key (sk-ant-…), not a key for this provider")
        )
    if kind == "aws-secret-access-key" and bedrock_shaped:
        raise SetupError(
            field,
            _("this is a Bedrock API key (ABSK…); choose the Bedrock API key method for it"),
        )
    if provider == "anthropic" and (bedrock_shaped or value.startswith("AKIA")):
        raise SetupError(field, _("this is an AWS key, not an Anthropic API key (sk-ant-…)"))
    if kind == "bedrock-api-key" and value.startswith("AKIA"):
        raise SetupError(field, _("this is an AWS access key ID, not a Bedrock API key"))


HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$")
CREDENTIAL_HEADER = re.compile(r"authorization|key|token|secret|password|cookie", re.IGNORECASE)
"""Header names whose value is a credential: never a plain ``--custom-header``."""
ROUTING_HEADER = re.compile(
    r"host|forwarded|x-forwarded-.*|x-real-ip|connection|proxy-.*|content-length"
    r"|transfer-encoding|te|upgrade|keep-alive|via",
    re.IGNORECASE,
)
"""Header names that say where a request goes, through what, or how it is framed: set by a
file, they could send the request (and its credential) elsewhere or split it in two."""


def check_header_name(field: str, value: str) -> None:
    check_no_credential(field, value)
    if not HEADER_NAME.fullmatch(value):
        raise SetupError(
            field, _("'{value}' is not an HTTP header name").format(value=value)
        )
    if ROUTING_HEADER.fullmatch(value):
        raise SetupError(
            field,
            _(
                "{name} decides where or how a request travels; it cannot be set as a header "
                "of yours"
            ).format(name=value),
        )


def check_custom_header(field: str, value: str) -> None:
    """``Name: Value``, one line, no secret in it (a secret goes with --secret-header)."""
    name, colon, rest = value.partition(":")
    if not colon or not rest.strip():
        raise SetupError(field, _("'{value}' is not 'Name: Value'").format(value=value))
    check_header_name(field, name.strip())
    if CREDENTIAL_HEADER.search(name):
        raise SetupError(
            field,
            _(
                "{name} carries a credential: choose the header auth method with {name} as its "
                "secret header, so that its value stays in the keyring"
            ).format(name=name.strip()),
        )
    check_plain_text(field, rest)


def split_model_region(field: str, value: str) -> tuple[str, str]:
    """``MODEL=REGION`` → ``(MODEL, REGION)``, the region checked."""
    model, equals, region = value.partition("=")
    if not equals or not model.strip() or has_control_characters(value):
        raise SetupError(field, _("'{value}' is not MODEL=REGION").format(value=value))
    check_vertex_region(field, region.strip())
    return model.strip(), region.strip()
