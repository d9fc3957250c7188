"""Which provider a set of variables makes Claude Code use, and where its requests then go.

Claude Code reads its switches in one order and the first one on wins: gateway mode (with a base
URL), then Bedrock, Foundry, Claude Platform on AWS, Claude Platform on Google Cloud, Mantle,
Vertex AI; with none on, the Anthropic API (or the base URL that replaces it). Each provider
module names its own switch and address; this module only reads them in that order.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.model import GATEWAY_APIS
from wizard.providers import (
    REGISTRY,
    anthropic_aws,
    bedrock,
    foundry,
    gateway,
    google_cloud,
    mantle,
    vertex,
)
from wizard.providers.base import Destination, ProviderChoice, ProviderModule

JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``trim()`` removes (Python's ``strip()`` removes other characters too)."""
SWITCHED_ON = ("1", "true", "yes", "on")

CLAUDE_CODE_ORDER: tuple[ProviderModule, ...] = (
    bedrock.PROVIDER,
    foundry.PROVIDER,
    anthropic_aws.PROVIDER,
    google_cloud.PROVIDER,
    mantle.PROVIDER,
    vertex.PROVIDER,
)
"""The providers chosen by a ``USE`` switch alone, in the order Claude Code 2.1.332 reads them."""


def switch_order() -> tuple[ProviderModule, ...]:
    """The providers a ``USE`` switch chooses, in the order they are read: Claude Code's, then
    any other registered provider with a switch of its own."""
    others = (
        m
        for m in REGISTRY.values()
        if m.switch and m not in CLAUDE_CODE_ORDER and m is not gateway.PROVIDER
    )
    return (*CLAUDE_CODE_ORDER, *others)


def switches() -> tuple[str, ...]:
    """Every ``CLAUDE_CODE_USE_*`` variable, gateway mode's first."""
    return tuple(m.switch for m in (gateway.PROVIDER, *switch_order()) if m.switch)


def choosing_keys() -> tuple[str, ...]:
    """The variables that choose a provider other than the Anthropic API when set."""
    return (*switches(), "ANTHROPIC_BASE_URL")


def switched_on(env: Mapping[str, object], name: str) -> bool:
    """A ``CLAUDE_CODE_*`` switch that Claude Code takes as on: ``1``, ``true``, ``yes`` or
    ``on`` in any case, trimmed as JavaScript trims; any other value is off."""
    value = env.get(name)
    return isinstance(value, str) and value.strip(JS_SPACE).lower() in SWITCHED_ON


def switched_module(env: Mapping[str, object]) -> ProviderModule | None:
    """The provider the ``USE`` switches choose, as Claude Code reads them (``None``: none)."""
    return next((m for m in switch_order() if m.switch and switched_on(env, m.switch)), None)


def gateway_mode(env: Mapping[str, object]) -> bool:
    return switched_on(env, gateway.GATEWAY_MODE) and bool(env.get("ANTHROPIC_BASE_URL"))


def detect(env: Mapping[str, object]) -> ProviderChoice:
    """The provider Claude Code uses for ``env``, its switches read as it reads them."""
    if gateway_mode(env):
        return ProviderChoice("gateway", "anthropic", gateway_mode=True)
    module = switched_module(env)
    if module is not None:
        unsigned = module.skip_auth is not None and switched_on(env, module.skip_auth)
        if unsigned and module.name in GATEWAY_APIS:
            return ProviderChoice("gateway", module.name)
        return ProviderChoice(module.name)
    if env.get("ANTHROPIC_BASE_URL"):
        return ProviderChoice("gateway", "anthropic")
    return ProviderChoice("anthropic")


def request_destination(env: Mapping[str, str]) -> Destination:
    """Where Claude Code sends its requests, and with them the key, token or headers it was
    given, for the variables ``env`` (what its settings and environment set): the address, and
    the variable that named it (``None``: the provider's own host).

    AWS-signed requests carry a signature, not the secret, but go to the same host."""
    if gateway_mode(env):
        return gateway.PROVIDER.destination(env)
    module = switched_module(env) or REGISTRY["anthropic"]
    return module.destination(env)
