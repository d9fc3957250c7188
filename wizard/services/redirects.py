"""A ``urllib`` opener that never sends credentials where the user did not send them.

``urllib`` copies every header, ``Authorization`` and ``X-Api-Key`` included, onto a redirected
request. Here a redirect to another host (or port), or from ``https`` to plain ``http``, keeps
only the headers that carry no credential.
"""

from __future__ import annotations

import urllib.request
from typing import IO, Any

from wizard.validation import split_url

HARMLESS_HEADERS = frozenset(
    {"accept", "accept-encoding", "anthropic-version", "content-type", "user-agent"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None] | None:
    parts = split_url(url)
    if parts is None:
        return None
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(
        parts.scheme.lower()
    ))


def same_origin(old_url: str, new_url: str) -> bool:
    """A redirect that may keep the credentials: same scheme, host and port (a server's
    ``Location`` that is no URL, such as a bad IPv6 host, is another origin)."""
    old = _origin(old_url)
    return old is not None and old == _origin(new_url)


class DropCredentialsOnRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is None or same_origin(req.full_url, newurl):
            return new
        kept = {k: v for k, v in new.header_items() if k.lower() in HARMLESS_HEADERS}
        new.headers = {}
        new.unredirected_hdrs = {}
        for key, value in kept.items():
            new.add_header(key, value)
        return new


def opener() -> urllib.request.OpenerDirector:
    """Like ``urllib.request.urlopen``'s opener (proxies, HTTPS), with the safe redirects."""
    return urllib.request.build_opener(DropCredentialsOnRedirect)
