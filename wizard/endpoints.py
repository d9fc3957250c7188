"""Where a secret goes: the origin of an address, how to show it, and what to flag about it.

A secret is bound to the endpoint it was stored for. ``origin`` is what two addresses are
compared by (scheme, host in its ASCII form, port); ``shown`` is how a person reads a host
(a non-ASCII host with its punycode beside it, so ``аnthropic.com`` with a Cyrillic ``а`` is
told from ``anthropic.com``); ``concerns`` are the warnings a person must read before a
secret goes there. Nothing here opens a connection.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from wizard.i18n import _
from wizard.safetext import one_line

ANTHROPIC_API = "https://api.anthropic.com"
ANTHROPIC_HOSTS = ("anthropic.com",)
"""Hosts (and their sub-domains) that are Anthropic's own."""

LOOPBACK_NAMES = frozenset({"localhost"})


class BadAddress(ValueError):
    """An address that is not a usable http(s) URL (a bad IPv6 host, a port out of range)."""


def _parts(url: str) -> tuple[str, str, int | None]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        raise BadAddress(url) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise BadAddress(url)
    return parts.scheme.lower(), host, port


def ascii_host(host: str) -> str:
    """The host as DNS and TLS see it: lower case, a non-ASCII name in its punycode form."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host.encode("punycode").decode("ascii")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, the default port left out; ``BadAddress`` when it
    is not an http(s) URL."""
    scheme, host, port = _parts(url)
    name = ascii_host(host)
    if ":" in name:
        name = f"[{name}]"
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{name}" if port in (None, default) else f"{scheme}://{name}:{port}"


def same_origin(one: str, other: str) -> bool:
    try:
        return origin(one) == origin(other)
    except BadAddress:
        return False


def host_of(url: str) -> str:
    return _parts(url)[1].lower().rstrip(".")


def shown(url: str) -> str:
    """The origin as a person should read it: escaped, and a non-ASCII host with its punycode
    form beside it."""
    try:
        scheme, host, port = _parts(url)
    except BadAddress:
        return one_line(url)
    name = host.lower()
    suffix = f":{port}" if port is not None else ""
    text = f"{scheme}://{name}{suffix}"
    if not name.isascii():
        text += f" ({scheme}://{ascii_host(name)}{suffix})"
    return one_line(text)


def is_loopback(url: str) -> bool:
    """On this machine: ``localhost``, ``127.0.0.0/8`` or ``::1``."""
    try:
        host = host_of(url)
    except BadAddress:
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_plain_http(url: str) -> bool:
    """Plain http to a host off this machine: a secret sent there can be read on the way."""
    try:
        scheme = _parts(url)[0]
    except BadAddress:
        return False
    return scheme == "http" and not is_loopback(url)


def is_anthropic(url: str) -> bool:
    try:
        host = ascii_host(host_of(url))
    except BadAddress:
        return False
    return any(host == name or host.endswith("." + name) for name in ANTHROPIC_HOSTS)


def concerns(url: str, anthropic_key: bool = False) -> list[str]:
    """What a person must know before a secret goes to ``url``: plain http off this machine,
    a host written with non-ASCII letters, an Anthropic key bound for a host not Anthropic's."""
    found = []
    host = shown(url)
    if is_plain_http(url):
        found.append(
            _("{host} is plain http: anyone on the network between can read the secret").format(
                host=host
            )
        )
    try:
        non_ascii = not host_of(url).isascii()
    except BadAddress:
        non_ascii = False
    if non_ascii:
        found.append(
            _(
                "{host} is written with non-ASCII letters: make sure it is the host you mean"
            ).format(host=host)
        )
    if anthropic_key and not is_anthropic(url):
        text = _("an Anthropic API key (sk-ant-…) would go to {host}, which is not Anthropic's")
        found.append(text.format(host=host))
    return found


DEFAULT_AWS_REGION = "us-east-1"
REGION_NAME = re.compile(r"[a-z0-9-]{1,40}")
"""What a region must look like to be part of a host name (else the variable names the host)."""


def _region(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str | None]:
    """The region from the first of ``names`` that is set, and the variable when its value
    is no region (it then decides the host by itself)."""
    for name in names:
        value = env.get(name)
        if value:
            return value, None if REGION_NAME.fullmatch(value) else name
    return DEFAULT_AWS_REGION, None


def switched_on(env: Mapping[str, str], name: str) -> bool:
    """A ``CLAUDE_CODE_USE_*`` switch that is on (``""``, ``0`` and ``false`` are off)."""
    return (env.get(name) or "").strip().lower() not in ("", "0", "false", "no", "off")


def request_destination(env: Mapping[str, str]) -> tuple[str, str | None]:
    """Where Claude Code sends its requests, and with them the key, token or headers it was
    given, for the variables ``env`` (what its settings and environment set): the address, and
    the variable that named it (``None``: the provider's own host).

    The provider is chosen as Claude Code chooses it (gateway mode, then the ``USE`` switches);
    AWS-signed requests carry a signature, not the secret, but go to the same host."""

    aws_region, odd_region = _region(env, ("AWS_REGION", "AWS_DEFAULT_REGION"))

    def pick(variable: str, default: str, odd: str | None = None) -> tuple[str, str | None]:
        value = env.get(variable)
        return (value, variable) if value else (default, odd)

    if switched_on(env, "CLAUDE_CODE_USE_BEDROCK"):
        host = f"bedrock-runtime.{aws_region}.amazonaws.com"
        return pick("ANTHROPIC_BEDROCK_BASE_URL", f"https://{host}", odd_region)
    if switched_on(env, "CLAUDE_CODE_USE_VERTEX"):
        region, odd = _region(env, ("CLOUD_ML_REGION",))
        region = region if env.get("CLOUD_ML_REGION") else "global"
        host = "aiplatform.googleapis.com" if region == "global" else (
            f"{region}-aiplatform.googleapis.com")
        return pick("ANTHROPIC_VERTEX_BASE_URL", f"https://{host}", odd)
    if switched_on(env, "CLAUDE_CODE_USE_FOUNDRY"):
        resource = env.get("ANTHROPIC_FOUNDRY_RESOURCE")
        default = f"https://{resource or 'RESOURCE'}.services.ai.azure.com"
        named = "ANTHROPIC_FOUNDRY_RESOURCE" if resource else None
        return pick("ANTHROPIC_FOUNDRY_BASE_URL", default, named)
    if switched_on(env, "CLAUDE_CODE_USE_ANTHROPIC_AWS"):
        host = f"aws-external-anthropic.{aws_region}.api.aws"
        return pick("ANTHROPIC_AWS_BASE_URL", f"https://{host}", odd_region)
    if switched_on(env, "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD"):
        return pick("ANTHROPIC_GOOGLE_CLOUD_BASE_URL", "https://claude.googleapis.com")
    if switched_on(env, "CLAUDE_CODE_USE_MANTLE"):
        host = f"bedrock-mantle.{aws_region}.api.aws"
        return pick("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", f"https://{host}", odd_region)
    return pick("ANTHROPIC_BASE_URL", ANTHROPIC_API)
