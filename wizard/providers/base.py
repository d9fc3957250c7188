"""What every provider module declares, and the pieces they share.

A provider turns a validated ``Setup`` into a ``Contribution``: the ``env`` variables and
top-level keys for ``settings.json``, an optional ``~/.aws/config`` profile, and which secret
(if any) it keeps in the keyring. It never reads or writes a file itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from wizard.model import GatewayApi, Provider, Setup, SetupError
from wizard.providers import routing
from wizard.providers.routing import Destination

SecretKind = Literal[
    "api-key",
    "aws-secret-access-key",
    "bedrock-api-key",
    "foundry-api-key",
    "gateway-header",
    "anthropic-aws-api-key",
    "gateway-token",
]

MODEL_ROLE_VARIABLES: dict[str, str] = {
    "model": "ANTHROPIC_MODEL",
    "opus_model": "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "sonnet_model": "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "fast_model": "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "fable_model": "ANTHROPIC_DEFAULT_FABLE_MODEL",
}
"""Each model role Claude Code may call: the ``Setup`` field that pins it, and its variable."""
MODEL_FIELDS = frozenset(MODEL_ROLE_VARIABLES)
TUNING_FIELDS = frozenset({"disable_prompt_caching", "max_output_tokens", "max_thinking_tokens"})


@dataclass(frozen=True)
class AuthMethod:
    """One way to authenticate: the fields it needs and may use, and its secret."""

    name: str
    summary: str
    """Marked with ``N_``: shown through ``_(method.summary)``."""
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    secret: SecretKind | None = None
    env_secret_var: str | None = None
    """Set when Claude Code reads the secret only from its environment (``claude-setup run``)."""


@dataclass(frozen=True)
class AwsProfileBlock:
    """A ``[profile NAME]`` section that claude-setup owns in ``~/.aws/config``."""

    name: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class Context:
    """What a provider needs to know about the machine, read before planning."""

    helper_executable: str
    """The absolute command that runs claude-setup, quoted for ``/bin/sh``."""
    aws_profiles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Profiles of ``~/.aws/config`` and ``~/.aws/credentials`` by name, with their keys."""
    aws_cli_sso_login: bool = True
    """The AWS CLI v2 is installed (v1 has no ``aws sso login``)."""

    def helper(self, *args: str) -> str:
        return " ".join((self.helper_executable, *args))


@dataclass
class Contribution:
    env: dict[str, str] = field(default_factory=dict)
    top: dict[str, str] = field(default_factory=dict)
    aws_profile: AwsProfileBlock | None = None


ModelCheck = Callable[[str, str], None]

@dataclass(frozen=True)
class ProviderChoice:
    """The provider a set of variables makes Claude Code use, named as a ``Setup`` names it."""

    provider: Provider
    gateway_api: GatewayApi | None = None
    """For ``gateway``: the API the gateway speaks (``anthropic`` for gateway mode too)."""
    gateway_mode: bool = False
    """``CLAUDE_CODE_USE_GATEWAY`` with a base URL: Claude Code's own gateway mode."""

    def describe(self) -> str:
        """The choice in a word or two, as ``status`` prints it."""
        if self.provider != "gateway":
            return self.provider
        if self.gateway_mode:
            return "gateway (gateway mode)"
        if self.gateway_api == "anthropic":
            return "anthropic-compatible endpoint"
        return f"gateway ({self.gateway_api})"


class ProviderModule(ABC):
    name: Provider
    title: str
    """Marked with ``N_``: shown through ``_(provider.title)``."""
    summary: str
    """What it is, in a few words (marked with ``N_``): the wizard's line for the provider."""
    route: routing.Route = routing.ANTHROPIC
    """Its switch, the variable that makes its requests unsigned, and its address."""
    common_required: frozenset[str] = frozenset()
    common_optional: frozenset[str] = MODEL_FIELDS | TUNING_FIELDS
    credential_fields: frozenset[str] = frozenset()
    """Its own fields that the wizard asks beside the credentials (Vertex AI's project,
    Foundry's resource, a Claude Platform workspace), whatever the auth method."""
    auth_methods: Mapping[str, AuthMethod]

    @abstractmethod
    def model_check(self, setup: Setup) -> ModelCheck:
        """The check that the provider's model IDs must pass."""

    def draft_problem(self, values: Mapping[str, Any]) -> SetupError | None:
        """A rule across fields, on what a draft has so far (the wizard's form; ``check`` gives
        it the whole setup): the one place each such rule is written. Default: none."""
        return None

    def check(self, setup: Setup, context: Context) -> None:
        """Checks that need more than one field, or the machine's files: the rules of
        ``draft_problem``, and more in a provider that needs them."""
        problem = self.draft_problem(vars(setup))
        if problem is not None:
            raise problem

    @abstractmethod
    def contribute(self, setup: Setup, context: Context) -> Contribution:
        """The keys and files this setup needs. ``setup`` has passed every check."""

    def secret_env_value(self, setup: Setup, secret: str) -> str:
        """The value of the auth method's ``env_secret_var`` for ``secret`` (``claude-setup
        run``, or ``--plaintext-secrets``). Default: the secret itself."""
        return secret

    @property
    def switch(self) -> str | None:
        """The ``CLAUDE_CODE_USE_*`` variable that makes Claude Code use this provider."""
        return self.route.switch

    @property
    def skip_auth(self) -> str | None:
        """The ``CLAUDE_CODE_SKIP_*_AUTH`` variable: Claude Code sends the requests unsigned
        (to a gateway that signs them)."""
        return self.route.skip_auth

    def switch_env(self) -> dict[str, str]:
        """The variable that switches Claude Code to this provider, on."""
        assert self.switch is not None, self.name
        return {self.switch: "1"}

    def skip_auth_env(self) -> dict[str, str]:
        """The variable that makes Claude Code send this provider's requests unsigned, on."""
        assert self.skip_auth is not None, self.name
        return {self.skip_auth: "1"}

    def destination(self, env: Mapping[str, str]) -> Destination:
        """Where Claude Code sends its requests (and the key, token or headers it was given)
        when ``env`` has chosen this provider."""
        return self.route.destination(env)

    def needed_fields(self, auth: str) -> frozenset[str]:
        """The fields a setup with the auth method ``auth`` must have (the wizard's form asks
        the same)."""
        return self.common_required | self.auth_methods[auth].required

    def required_fields(self, setup: Setup) -> frozenset[str]:
        return self.needed_fields(setup.auth)

    def allowed_fields(self, setup: Setup) -> frozenset[str]:
        method = self.auth_methods[setup.auth]
        return self.required_fields(setup) | self.common_optional | method.optional


def model_env(setup: Setup) -> dict[str, str]:
    """Model choices and tuning options, the same variables for every provider."""
    env: dict[str, str] = {}
    for role, variable in MODEL_ROLE_VARIABLES.items():
        value = getattr(setup, role)
        if value:
            env[variable] = value
    if setup.disable_prompt_caching:
        env["DISABLE_PROMPT_CACHING"] = "1"
    if setup.max_output_tokens is not None:
        env["CLAUDE_CODE_MAX_OUTPUT_TOKENS"] = str(setup.max_output_tokens)
    if setup.max_thinking_tokens is not None:
        env["MAX_THINKING_TOKENS"] = str(setup.max_thinking_tokens)
    if setup.helper_ttl_ms is not None:
        env["CLAUDE_CODE_API_KEY_HELPER_TTL_MS"] = str(setup.helper_ttl_ms)
    if setup.disable_experimental_betas:
        env["CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"] = "1"
    return env


def keyring_key_method(summary: str) -> AuthMethod:
    """``api-key``: a key kept in the keyring and served by ``claude-setup key``."""
    return AuthMethod("api-key", summary, optional=frozenset({"helper_ttl_ms"}), secret="api-key")


def own_helper_method(summary: str) -> AuthMethod:
    """``helper``: the user's own command that prints the key."""
    return AuthMethod(
        "helper",
        summary,
        required=frozenset({"helper_command"}),
        optional=frozenset({"helper_ttl_ms"}),
    )


def api_key_helper(setup: Setup, context: Context) -> dict[str, str]:
    """``apiKeyHelper`` for the ``api-key`` and ``helper`` methods; nothing for the others."""
    if setup.auth == "api-key":
        return {"apiKeyHelper": context.helper("key", setup.profile_name)}
    if setup.auth == "helper" and setup.helper_command:
        return {"apiKeyHelper": setup.helper_command}
    return {}
