"""Which provider a set of variables makes Claude Code use, as a typed ``ProviderChoice``.

``routing`` reads the switches as Claude Code reads them; this module adds the registry (a
provider registered beyond Claude Code's own list is read after them) and names the choice as a
``Setup`` names it.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.model import GATEWAY_APIS
from wizard.providers import gateway, routing
from wizard.providers.base import ProviderChoice, ProviderModule
from wizard.providers.registry import REGISTRY
from wizard.providers.routing import Destination, switched_on


def switch_order() -> tuple[ProviderModule, ...]:
    """The providers a ``USE`` switch chooses, in the order they are read: Claude Code's, then
    any other registered provider with a switch of its own."""
    by_route = {m.route: m for m in REGISTRY.values()}
    known = tuple(by_route[r] for r in routing.CLAUDE_CODE_ORDER)
    others = (
        m for m in REGISTRY.values() if m.switch and m not in known and m is not gateway.PROVIDER
    )
    return (*known, *others)


def switches() -> tuple[str, ...]:
    """Every ``CLAUDE_CODE_USE_*`` variable, gateway mode's first."""
    return tuple(m.switch for m in (gateway.PROVIDER, *switch_order()) if m.switch)


def choosing_keys() -> tuple[str, ...]:
    """The variables that choose a provider other than the Anthropic API when set."""
    return (*switches(), "ANTHROPIC_BASE_URL")


def switched_module(env: Mapping[str, object]) -> ProviderModule | None:
    """The provider the ``USE`` switches choose, as Claude Code reads them (``None``: none)."""
    return next((m for m in switch_order() if m.switch and switched_on(env, m.switch)), None)


def detect(env: Mapping[str, object]) -> ProviderChoice:
    """The provider Claude Code uses for ``env``, its switches read as it reads them."""
    if routing.gateway_mode(env):
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
    """``routing.request_destination`` over every registered provider."""
    return routing.request_destination(env, tuple(m.route for m in switch_order()))
