"""Masking secrets in text that is about to be shown: every form a secret can take there.

A secret can appear as itself, JSON-escaped (a key holding ``"`` or ``\\`` in a diff of
settings.json), with non-ASCII characters escaped, URL-encoded, or inside ``Bearer …``; text
shaped like an Anthropic or Bedrock API key is masked even when its value is not known.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "********"
"""What a secret value is shown as."""

SECRET_SHAPES = re.compile(r"sk-ant-[A-Za-z0-9_-]{8,}|ABSK[A-Za-z0-9+/=]{20,}")
"""Text that looks like an Anthropic key or a Bedrock API key."""

KEY_LIKE = re.compile(
    r"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/=]*[a-z])(?=[A-Za-z0-9+/=]*[A-Z])"
    r"(?=[A-Za-z0-9+/=]*[0-9])[A-Za-z0-9+/=]{32,}(?![A-Za-z0-9+/=])"
)
"""A long run of mixed-case letters and digits (base64): an AWS secret key, a token, a key."""


_REMEMBERED: set[str] = set()


def remember(secret: str) -> None:
    """A secret this process read: masked in an error report even where it was not expected."""
    if secret:
        _REMEMBERED.add(secret)


def remembered() -> set[str]:
    return set(_REMEMBERED)


def looks_like_key(value: str) -> bool:
    """A command-line value shaped like a key: never echoed back in an error."""
    return bool(SECRET_SHAPES.search(value) or KEY_LIKE.fullmatch(value))


def forms(secret: str) -> set[str]:
    """Every way ``secret`` can be written in JSON, a URL or a header."""
    if not secret:
        return set()
    return {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret),
    } - {""}


def mask(text: str, secrets: Iterable[str] = (), shapes: bool = True) -> str:
    """``text`` with every form of every secret, and anything shaped like a key, masked."""
    found = set()
    for secret in secrets:
        if secret and len(secret) >= 4:
            found |= forms(secret)
    for form in sorted(found, key=len, reverse=True):
        text = text.replace(form, MASK)
    if shapes:
        text = SECRET_SHAPES.sub(MASK, text)
    return text


def mask_key_like(text: str, secrets: Iterable[str] = ()) -> str:
    """``mask``, and also every long mixed-case token (for echoing what a person typed)."""
    return KEY_LIKE.sub(MASK, mask(text, secrets))
