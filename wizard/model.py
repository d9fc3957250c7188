"""The ``Setup``: one plain, typed value that the TUI and the command line both build.

Nothing here touches a file or the keyring. Which fields a provider and auth method need is
declared by the provider modules; the formats of single values are checked in ``validation``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from wizard.errors import WizardError
from wizard.i18n import _

Provider = Literal[
    "anthropic",
    "bedrock",
    "vertex",
    "foundry",
    "gateway",
    "anthropic-aws",
    "anthropic-google-cloud",
    "mantle",
]
GatewayApi = Literal["anthropic", "bedrock", "vertex"]
Scope = Literal["user", "project", "local"]

PROVIDERS: tuple[Provider, ...] = get_args(Provider)
GATEWAY_APIS: tuple[GatewayApi, ...] = get_args(GatewayApi)
SCOPES: tuple[Scope, ...] = get_args(Scope)


@dataclass(frozen=True)
class Setup:
    """Where Claude runs, how it authenticates, and with which models.

    Field names match the ``apply`` options (``aws_profile`` is ``--aws-profile``). A field left
    at its default means "not chosen": nothing is written for it.
    """

    provider: Provider
    auth: str
    profile: str = ""
    scope: Scope = "user"
    gateway_api: GatewayApi | None = None
    base_url: str | None = None
    region: str | None = None
    fast_model_region: str | None = None
    project_id: str | None = None
    credentials_file: str | None = None
    foundry_resource: str | None = None
    workspace_id: str | None = None
    """Claude Platform on AWS or Google Cloud: the workspace requests are billed to."""
    service_tier: str | None = None
    """Bedrock: the service tier sent with each request (unset: on demand)."""
    gateway_mode: bool = False
    """An Anthropic-format gateway in Claude Code's gateway mode (``CLAUDE_CODE_USE_GATEWAY``)."""
    aws_profile: str | None = None
    aws_access_key_id: str | None = None
    helper_command: str | None = None
    helper_ttl_ms: int | None = None
    model: str | None = None
    opus_model: str | None = None
    sonnet_model: str | None = None
    fast_model: str | None = None
    fable_model: str | None = None
    vertex_region: tuple[str, ...] = ()
    """``MODEL=REGION`` items: a Vertex AI model called in another region than ``region``."""
    custom_header: tuple[str, ...] = ()
    """``Name: Value`` lines a gateway gets in every request (no secret in them)."""
    secret_header: str | None = None
    """The header that carries the gateway key kept in the keyring (``--auth header``)."""
    disable_prompt_caching: bool = False
    disable_experimental_betas: bool = False
    max_output_tokens: int | None = None
    max_thinking_tokens: int | None = None
    plaintext_secrets: bool = False
    allow_plain_http: bool = False
    """The user confirmed that the credential may go to a plain-http address off this machine
    (each person confirms it: never part of a team file)."""
    only_credential: bool = False
    """Local scope beside a project's shared settings that already choose the provider: only
    the user's own credential is written (the team's values stay in the project file)."""

    @property
    def profile_name(self) -> str:
        """The saved profile's name: the one given, else the provider's name."""
        return self.profile or self.provider

    def chosen_fields(self) -> set[str]:
        """Names of the optional fields that hold a value (``provider``/``auth`` excluded)."""
        chosen = set()
        for f in fields(self):
            if f.name in ALWAYS_ALLOWED:
                continue
            if getattr(self, f.name) != f.default:
                chosen.add(f.name)
        return chosen

    def to_dict(self) -> dict[str, Any]:
        """The profile form: only the chosen values, in field order."""
        data = dataclasses.asdict(self)
        return {
            f.name: data[f.name]
            for f in fields(self)
            if f.name in ("provider", "auth") or data[f.name] != f.default
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Setup:
        """Rebuild a ``Setup`` from its profile form, refusing keys it does not know."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise WizardError(_("unknown field in profile: {name}").format(name=unknown[0]))
        for required in ("provider", "auth"):
            if not isinstance(data.get(required), str):
                raise WizardError(_("profile has no {name}").format(name=required))
        for name, value in data.items():
            if not _has_type(value, FIELD_TYPES[name]):
                raise WizardError(
                    _("profile field {name} holds {kind} where {expected} belongs").format(
                        name=name,
                        kind=repr(value)[:40] if isinstance(value, str) else type(value).__name__,
                        expected=_type_name(FIELD_TYPES[name]),
                    )
                )
        lists = {f.name for f in fields(cls) if f.default == ()}
        values: dict[str, Any] = {
            k: tuple(v) if k in lists and isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**values)


FIELD_TYPES: dict[str, Any] = get_type_hints(Setup)
"""Each field's type, to check a profile file read from disk (a text where a number belongs)."""


def _has_type(value: object, expected: Any) -> bool:
    options = get_args(expected) if get_origin(expected) in (Union, UnionType) else (expected,)
    for option in options:
        if option is type(None) and value is None:
            return True
        if get_origin(option) is Literal and isinstance(value, str) and value in get_args(option):
            return True
        if option is bool and isinstance(value, bool):
            return True
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if option is str and isinstance(value, str):
            return True
        if get_origin(option) is tuple and isinstance(value, (list, tuple)):
            return all(isinstance(item, str) for item in value)
    return False


def _type_name(expected: Any) -> str:
    options = get_args(expected) if get_origin(expected) in (Union, UnionType) else (expected,)
    for option in options:
        if option is int:
            return _("a whole number")
        if option is bool:
            return _("true or false")
        if get_origin(option) is Literal:
            return _("one of {choices}").format(choices=", ".join(get_args(option)))
        if get_origin(option) is tuple:
            return _("a list of texts")
    return _("a text")


ALWAYS_ALLOWED = frozenset(
    {"provider", "auth", "profile", "scope", "plaintext_secrets", "only_credential",
     "allow_plain_http"}
)  # fmt: skip


class SetupError(WizardError):
    """A field of the ``Setup`` is missing, not allowed or malformed.

    ``field`` is the ``Setup`` field's name (or ``secret`` for the secret given apart) and
    ``reason`` says why in words of no particular face: the command line prefixes its option
    (``--aws-profile: …``), the wizard shows the reason beside the field's label.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
