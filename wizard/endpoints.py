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


UNPARSED_ALIKE = re.compile(r"[\\\x00-\x20\x7f-\x9f\u2028\u2029]")
"""What Node's URL parser (the one Claude Code sends with) reads otherwise than Python's: a
backslash (a ``/`` to it), controls and spaces (tabs and line breaks dropped)."""
C0_AND_SPACE = "".join(map(chr, range(0x21)))
AUTHORITY_ALIKE = re.compile(r"[@%]")
"""In the host part: user info, or a percent escape Node decodes into the host name."""


def _parts(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port; ``BadAddress`` for anything Claude Code might read as another
    host than Python does, so that two addresses compared equal lead to the same host."""
    url = url.strip(C0_AND_SPACE)  # what Node strips from both ends
    if UNPARSED_ALIKE.search(url):
        raise BadAddress(url)
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        raise BadAddress(url) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise BadAddress(url)
    if AUTHORITY_ALIKE.search(parts.netloc):
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
    """Whether both go to the same origin. A non-ASCII host is the same only when written the
    same way: Python's IDNA and Node's (UTS 46) map some letters differently (``ß``)."""
    try:
        if origin(one) != origin(other):
            return False
        hosts = (host_of(one), host_of(other))
    except BadAddress:
        return False
    return all(host.isascii() for host in hosts) or hosts[0] == hosts[1]


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


JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``trim()`` removes (Python's ``strip()`` removes other characters too)."""
SWITCHED_ON = ("1", "true", "yes", "on")
PROVIDER_SWITCH_ORDER = (
    ("CLAUDE_CODE_USE_BEDROCK", "bedrock"),
    ("CLAUDE_CODE_USE_FOUNDRY", "foundry"),
    ("CLAUDE_CODE_USE_ANTHROPIC_AWS", "anthropic-aws"),
    ("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "anthropic-google-cloud"),
    ("CLAUDE_CODE_USE_MANTLE", "mantle"),
    ("CLAUDE_CODE_USE_VERTEX", "vertex"),
)
"""The ``USE`` switches in the order Claude Code 2.1.332 reads them: the first on wins."""


def switched_on(env: Mapping[str, str], name: str) -> bool:
    """A ``CLAUDE_CODE_USE_*`` switch that Claude Code takes as on: ``1``, ``true``, ``yes``
    or ``on`` in any case, trimmed as JavaScript trims; any other value is off."""
    value = env.get(name)
    return isinstance(value, str) and value.strip(JS_SPACE).lower() in SWITCHED_ON


def switched_provider(env: Mapping[str, str]) -> str | None:
    """The provider the ``USE`` switches choose, as Claude Code reads them (``None``: none)."""
    return next((name for switch, name in PROVIDER_SWITCH_ORDER if switched_on(env, switch)), None)


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

    provider = switched_provider(env)
    if provider == "bedrock":
        host = f"bedrock-runtime.{aws_region}.amazonaws.com"
        return pick("ANTHROPIC_BEDROCK_BASE_URL", f"https://{host}", odd_region)
    if provider == "foundry":
        resource = env.get("ANTHROPIC_FOUNDRY_RESOURCE")
        default = f"https://{resource or 'RESOURCE'}.services.ai.azure.com"
        named = "ANTHROPIC_FOUNDRY_RESOURCE" if resource else None
        return pick("ANTHROPIC_FOUNDRY_BASE_URL", default, named)
    if provider == "anthropic-aws":
        host = f"aws-external-anthropic.{aws_region}.api.aws"
        return pick("ANTHROPIC_AWS_BASE_URL", f"https://{host}", odd_region)
    if provider == "anthropic-google-cloud":
        return pick("ANTHROPIC_GOOGLE_CLOUD_BASE_URL", "https://claude.googleapis.com")
    if provider == "mantle":
        host = f"bedrock-mantle.{aws_region}.api.aws"
        return pick("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", f"https://{host}", odd_region)
    if provider == "vertex":
        region, odd = _region(env, ("CLOUD_ML_REGION",))
        region = region if env.get("CLOUD_ML_REGION") else "global"
        host = "aiplatform.googleapis.com" if region == "global" else (
            f"{region}-aiplatform.googleapis.com")
        return pick("ANTHROPIC_VERTEX_BASE_URL", f"https://{host}", odd)
    return pick("ANTHROPIC_BASE_URL", ANTHROPIC_API)
