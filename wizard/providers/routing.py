"""How Claude Code picks a provider from its variables, and where it then sends its requests.

Claude Code reads its switches in one order and the first one on wins: gateway mode (with a base
URL), then Bedrock, Foundry, Claude Platform on AWS, Claude Platform on Google Cloud, Mantle,
Vertex AI; with none on, the Anthropic API (or the base URL that replaces it). Each provider's
``Route`` is its switch, the variable that makes its requests unsigned, and its address; the
provider module carries it (``ProviderModule.route``).

Kept apart from the provider modules and free of dataclasses: the key helper reads it on Claude
Code's start-up path, where every millisecond of import counts (``bench/helper_latency``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from wizard.endpoints import ANTHROPIC_API

Destination = tuple[str, str | None]
"""An address Claude Code sends requests to, and the variable that named it (``None``: the
provider's own host)."""

JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``trim()`` removes (Python's ``strip()`` removes other characters too)."""
SWITCHED_ON = ("1", "true", "yes", "on")

DEFAULT_AWS_REGION = "us-east-1"
REGION_NAME = re.compile(r"[a-z0-9-]{1,40}")
"""What a region must look like to be part of a host name (else the variable names the host)."""


def switched_on(env: Mapping[str, object], name: str) -> bool:
    """A ``CLAUDE_CODE_*`` switch that Claude Code takes as on: ``1``, ``true``, ``yes`` or
    ``on`` in any case, trimmed as JavaScript trims; any other value is off."""
    value = env.get(name)
    return isinstance(value, str) and value.strip(JS_SPACE).lower() in SWITCHED_ON


def named_or(
    env: Mapping[str, str], variable: str, default: str, odd: str | None = None
) -> Destination:
    """The address ``variable`` sets, else ``default`` (decided by ``odd`` if not ``None``)."""
    value = env.get(variable)
    return (value, variable) if value else (default, odd)


def region_from(
    env: Mapping[str, str], names: tuple[str, ...], default: str = DEFAULT_AWS_REGION
) -> tuple[str, str | None]:
    """The region from the first of ``names`` that is set, and the variable when its value
    is no region (it then decides the host by itself)."""
    for name in names:
        value = env.get(name)
        if value:
            return value, None if REGION_NAME.fullmatch(value) else name
    return default, None


Address = Callable[[Mapping[str, str], str], Destination]
"""A provider's address for ``env``: what its base URL variable (the second argument) sets,
else its own host."""


def aws_host(host: str) -> Address:
    """An AWS provider's address: its base URL variable, else ``host`` with ``{region}`` filled
    from the AWS region variables (as the AWS SDK reads them)."""

    def address(env: Mapping[str, str], variable: str) -> Destination:
        region, odd = region_from(env, ("AWS_REGION", "AWS_DEFAULT_REGION"))
        return named_or(env, variable, "https://" + host.format(region=region), odd)

    return address


def anthropic_api(env: Mapping[str, str], variable: str) -> Destination:
    """The Anthropic API, or the base URL that replaces it."""
    return named_or(env, variable, ANTHROPIC_API)


def foundry_host(env: Mapping[str, str], variable: str) -> Destination:
    resource = env.get("ANTHROPIC_FOUNDRY_RESOURCE")
    default = f"https://{resource or 'RESOURCE'}.services.ai.azure.com"
    named = "ANTHROPIC_FOUNDRY_RESOURCE" if resource else None
    return named_or(env, variable, default, named)


def vertex_host(env: Mapping[str, str], variable: str) -> Destination:
    region, odd = region_from(env, ("CLOUD_ML_REGION",), default="global")
    host = "aiplatform.googleapis.com" if region == "global" else (
        f"{region}-aiplatform.googleapis.com")  # fmt: skip
    return named_or(env, variable, f"https://{host}", odd)


def google_cloud_host(env: Mapping[str, str], variable: str) -> Destination:
    return named_or(env, variable, "https://claude.googleapis.com")


class Route:
    """A provider as Claude Code's routing sees it."""

    __slots__ = ("address", "base_url", "provider", "skip_auth", "switch")

    def __init__(
        self,
        provider: str,
        base_url: str,
        address: Address,
        switch: str | None = None,
        skip_auth: str | None = None,
    ) -> None:
        self.provider = provider
        self.base_url = base_url
        """The variable that sends its requests to another address (a gateway, a proxy)."""
        self.address = address
        self.switch = switch
        """The ``CLAUDE_CODE_USE_*`` variable that makes Claude Code use this provider."""
        self.skip_auth = skip_auth
        """The ``CLAUDE_CODE_SKIP_*_AUTH`` variable: Claude Code sends the requests unsigned
        (to a gateway that signs them)."""

    def destination(self, env: Mapping[str, str]) -> Destination:
        """Where Claude Code sends its requests (and the key, token or headers it was given)
        when ``env`` has chosen this provider."""
        return self.address(env, self.base_url)

    def __repr__(self) -> str:
        return f"Route({self.provider!r})"


ANTHROPIC = Route("anthropic", "ANTHROPIC_BASE_URL", anthropic_api)
GATEWAY = Route("gateway", "ANTHROPIC_BASE_URL", anthropic_api, switch="CLAUDE_CODE_USE_GATEWAY")
"""On with ``ANTHROPIC_BASE_URL``: Claude Code's gateway mode. A Bedrock or Vertex AI gateway
is chosen by that provider's switch with its ``skip_auth``."""
BEDROCK = Route(
    "bedrock",
    "ANTHROPIC_BEDROCK_BASE_URL",
    aws_host("bedrock-runtime.{region}.amazonaws.com"),
    switch="CLAUDE_CODE_USE_BEDROCK",
    skip_auth="CLAUDE_CODE_SKIP_BEDROCK_AUTH",
)
FOUNDRY = Route(
    "foundry",
    "ANTHROPIC_FOUNDRY_BASE_URL",
    foundry_host,
    switch="CLAUDE_CODE_USE_FOUNDRY",
    skip_auth="CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
)
ANTHROPIC_AWS = Route(
    "anthropic-aws",
    "ANTHROPIC_AWS_BASE_URL",
    aws_host("aws-external-anthropic.{region}.api.aws"),
    switch="CLAUDE_CODE_USE_ANTHROPIC_AWS",
    skip_auth="CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH",
)
GOOGLE_CLOUD = Route(
    "anthropic-google-cloud",
    "ANTHROPIC_GOOGLE_CLOUD_BASE_URL",
    google_cloud_host,
    switch="CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD",
    skip_auth="CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH",
)
MANTLE = Route(
    "mantle",
    "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
    aws_host("bedrock-mantle.{region}.api.aws"),
    switch="CLAUDE_CODE_USE_MANTLE",
    skip_auth="CLAUDE_CODE_SKIP_MANTLE_AUTH",
)
VERTEX = Route(
    "vertex",
    "ANTHROPIC_VERTEX_BASE_URL",
    vertex_host,
    switch="CLAUDE_CODE_USE_VERTEX",
    skip_auth="CLAUDE_CODE_SKIP_VERTEX_AUTH",
)

CLAUDE_CODE_ORDER: tuple[Route, ...] = (
    BEDROCK,
    FOUNDRY,
    ANTHROPIC_AWS,
    GOOGLE_CLOUD,
    MANTLE,
    VERTEX,
)
"""The providers chosen by a ``USE`` switch alone, in the order Claude Code 2.1.332 reads them."""


def gateway_mode(env: Mapping[str, object]) -> bool:
    """Claude Code's gateway mode: its switch on, with a base URL."""
    assert GATEWAY.switch is not None
    return switched_on(env, GATEWAY.switch) and bool(env.get("ANTHROPIC_BASE_URL"))


def switched_route(
    env: Mapping[str, object], order: tuple[Route, ...] = CLAUDE_CODE_ORDER
) -> Route | None:
    """The provider the ``USE`` switches choose, as Claude Code reads them (``None``: none)."""
    return next((r for r in order if r.switch and switched_on(env, r.switch)), None)


def request_destination(
    env: Mapping[str, str], order: tuple[Route, ...] = CLAUDE_CODE_ORDER
) -> Destination:
    """Where Claude Code sends its requests, and with them the key, token or headers it was
    given, for the variables ``env`` (what its settings and environment set): the address, and
    the variable that named it (``None``: the provider's own host).

    AWS-signed requests carry a signature, not the secret, but go to the same host."""
    if gateway_mode(env):
        return GATEWAY.destination(env)
    return (switched_route(env, order) or ANTHROPIC).destination(env)


# --- what Claude Code makes of its settings files ---------------------------------------------


def js_string(value: object) -> str:
    """A settings file's ``env`` value as the variable Claude Code makes of it: JavaScript's
    ``String()`` [seen, 2.1.332: ``["https://…"]`` sends the requests to that address]. An
    array joins its items with ``,``; ``true``, ``null``, ``1`` are that text."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return ",".join("" if item is None else js_string(item) for item in value)
    return "[object Object]"


def variables_of(env: object) -> dict[str, str]:
    """The variables a settings file's ``env`` object gives Claude Code (none if not one)."""
    if not isinstance(env, dict):
        return {}
    return {str(name): js_string(value) for name, value in env.items()}


INTERPOSING = frozenset(
    {
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "ALL_PROXY",
        "NODE_TLS_REJECT_UNAUTHORIZED",
        "NODE_EXTRA_CA_CERTS",
        "NODE_OPTIONS",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    }
)
"""Variables (in any case) that put another party between Claude Code and the address of its
requests, a proxy, or change which certificates it trusts on the way: set by a folder's
settings, they could read a key wherever the requests go."""
AWS_INTERPOSING = frozenset({"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE"})
AWS_INTERPOSING_PREFIX = "AWS_ENDPOINT_URL"
"""For the AWS providers, where the AWS SDK sends the requests (a Bedrock API key with them):
``AWS_ENDPOINT_URL*``, and the files and profile whose ``endpoint_url`` or ``[services]``
section names another address [seen, 2.1.332: a folder's ``AWS_CONFIG_FILE`` sent the Bedrock
API key to its ``endpoint_url``]."""
AWS_ROUTES = ("bedrock", "mantle", "anthropic-aws")


def aws_switched(*layers: Mapping[str, str]) -> bool:
    """Whether any of ``layers`` switches on a provider the AWS SDK sends for."""
    return any(
        switched_on(layer, route.switch)
        for route in CLAUDE_CODE_ORDER
        if route.provider in AWS_ROUTES and route.switch
        for layer in layers
    )


def interposing(values: Mapping[str, str], aws: bool = True) -> str | None:
    """The first variable of ``values`` that sets a proxy, a certificate trust, or (``aws``:
    when an AWS provider may be chosen) where the AWS SDK sends; ``None``: none does. An empty
    value switches nothing on."""
    for name, value in values.items():
        upper = name.upper()
        if not value:
            continue
        if upper in INTERPOSING:
            return name
        if aws and (upper in AWS_INTERPOSING or upper.startswith(AWS_INTERPOSING_PREFIX)):
            return name
    return None


def possible_destinations(
    below: Mapping[str, str],
    folder: tuple[Mapping[str, str], ...],
    above: Mapping[str, str] = {},  # noqa: B006 - never changed
    destination: Callable[[Mapping[str, str]], Destination] = request_destination,
) -> list[Destination]:
    """Where Claude Code may send its requests with these variables: ``below`` (the
    environment, the user's file), the folder's files in their order, then ``above`` (managed
    settings). First with every file counted; then with some of the folder's files dropped, as
    Claude Code drops a file that breaks its settings schema by rules finer than JSON's, where
    that uncovers an address a setting names (uncovering the provider's own host sends a key
    to no one the folder chose)."""
    found: list[Destination] = []
    for dropped in range(1 << len(folder)):
        env = dict(below)
        for index, values in enumerate(folder):
            if not dropped >> index & 1:
                env.update(values)
        env.update(above)
        there = destination(env)
        if dropped == 0 or (there[1] is not None and there not in found):
            found.append(there)
    return found
