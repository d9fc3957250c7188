"""Secrets in text: the shapes they come in, and masking them in text that is about to be shown.

A secret can appear as itself, JSON-escaped (a key holding ``"`` or ``\\`` in a diff of
settings.json), with non-ASCII characters escaped, URL-encoded, or inside ``Bearer …``; text
shaped like a known kind of key or token is masked even when its value is not known.

``CREDENTIAL_SHAPES`` is the one list of those shapes (and of the ways a command or a header
carries a credential: ``Authorization:``, ``token=…``, ``user:password``); ``secret_kind`` says
which kind a text holds, without quoting it. A team file, a helper command, a header and every
other free-text value are checked with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from wizard.i18n import N_, _

MASK = "********"
"""What a secret value is shown as."""


@dataclass(frozen=True)
class Shape:
    """One shape a credential comes in: its kind, for a person (``N_``), and its pattern."""

    kind: str
    pattern: re.Pattern[str]
    masked: bool = True
    """Masked wherever text is shown (a secret in itself), not only refused as a value."""


_BEFORE = r"(?<![A-Za-z0-9_])"
"""A token starts a word: ``desk-…`` or ``xghp_…`` are not ``sk-`` or ``ghp_``."""

CREDENTIAL_SHAPES: tuple[Shape, ...] = (
    Shape(N_("an Anthropic API key"), re.compile(r"sk-ant-[A-Za-z0-9_-]{8,}")),
    Shape(N_("a Bedrock API key"), re.compile(r"ABSK[A-Za-z0-9+/=]{20,}")),
    Shape(N_("an API key (sk-…)"), re.compile(_BEFORE + r"sk-[A-Za-z0-9_-]{20,}")),
    Shape(
        N_("a GitHub token"),
        re.compile(_BEFORE + r"(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
    ),
    Shape(N_("a Vault token"), re.compile(_BEFORE + r"hv[sbr]\.[A-Za-z0-9_-]{20,}")),
    Shape(
        N_("a Vault token"),
        re.compile(r"(?<![A-Za-z0-9_.])s\.[A-Za-z0-9]{24}(?![A-Za-z0-9])"),
        masked=False,
    ),
    Shape(N_("a Slack token"), re.compile(_BEFORE + r"xox[a-z]-[A-Za-z0-9-]{10,}")),
    Shape(
        N_("a GitLab token"), re.compile(_BEFORE + r"gl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}")
    ),
    Shape(N_("a Google API key"), re.compile(_BEFORE + r"AIza[0-9A-Za-z_-]{35}")),
    Shape(N_("an npm token"), re.compile(_BEFORE + r"npm_[A-Za-z0-9]{36}")),
    Shape(
        N_("a hexadecimal key"),
        re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])"),
        masked=False,
    ),
    Shape(
        N_("a JSON Web Token"),
        re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"),
    ),
    Shape(
        N_("an AWS access key ID"),
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"),
        masked=False,
    ),
    Shape(
        N_("a user name and password"),
        re.compile(
            r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:]*:[^\s/?#@]*@"  # https://user:password@host
            r"|(?:^|\s)(?:-[A-Za-z]*u|--user)(?:\s+|=)?['\"]?(?![0-9]+:[0-9]+\b)"  # curl -su u:p,
            r"[^\s:'\"]+:[^\s'\"]+"  # not a uid:gid
        ),
        masked=False,
    ),
    Shape(
        N_("an Authorization header"),
        re.compile(r"\b(?:proxy-)?authorization\s*:", re.IGNORECASE),
        masked=False,
    ),
    Shape(
        N_("a credential header"),
        re.compile(
            r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]*(?:token|api[_-]?key|[_-]key|secret|password|auth)"
            r"[A-Za-z0-9_-]*\s*:\s*[^\s'\"]{8,}",
            re.IGNORECASE,
        ),
        masked=False,
    ),
    Shape(
        N_("a bearer token"),
        re.compile(r"\bbearer\s+(?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE),
        masked=False,
    ),
    Shape(
        N_("a credential argument (token=, api_key=, password=…)"),
        re.compile(
            r"(?<![A-Za-z0-9])[A-Za-z0-9_-]*(?:token|api[_-]?key|apikey|access[_-]?key|secret"
            r"|password|passwd)\s*=\s*[^\s&'\"]",
            re.IGNORECASE,
        ),
        masked=False,
    ),
)
"""The shapes secrets come in, and the ways a command line or a header carries one."""

SECRET_SHAPES = re.compile("|".join(s.pattern.pattern for s in CREDENTIAL_SHAPES if s.masked))
"""Text that is a secret by its shape alone (an Anthropic, Bedrock, OpenAI or LiteLLM key, a
GitHub, Vault or Slack token, a JWT): masked wherever it is shown."""

KEY_LIKE = re.compile(
    r"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/=]*[a-z])(?=[A-Za-z0-9+/=]*[A-Z])"
    r"(?=[A-Za-z0-9+/=]*[0-9])[A-Za-z0-9+/=]{32,}(?![A-Za-z0-9+/=])"
)
"""A long run of mixed-case letters and digits (base64): an AWS secret key, a token, a key."""

GENERIC_KEY = N_("a key")
"""The kind of a value that is only key-like (``KEY_LIKE``), of no known vendor."""

WORD_BREAKS = re.compile(r"[\s='\":,;]+")
"""Where a word ends in a command or a header, for ``KEY_LIKE`` (which needs the whole word)."""


def secret_kind(text: str) -> str | None:
    """The kind of credential ``text`` holds (translated, e.g. "a GitHub token"), or ``None``.

    Only the kind is returned, never the value: a refusal can name it without quoting it."""
    for shape in CREDENTIAL_SHAPES:
        if shape.pattern.search(text):
            return _(shape.kind)
    if any(KEY_LIKE.fullmatch(word) for word in (text, *WORD_BREAKS.split(text)) if word):
        return _(GENERIC_KEY)
    return None


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
