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
    if ":" in name:
        name = f"[{name}]"  # an IPv6 address, written as in a URL
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


