"""The AWS SSO token cache, in the format botocore and the AWS CLI v2 read and write.

- ``~/.aws/sso/cache/<sha1>.json``: the SHA-1 of the sso-session name (or, for a legacy profile
  without ``sso_session``, of the start URL), holding ``startUrl``, ``region``, ``accessToken``,
  ``expiresAt`` and, for an sso-session, the client registration (``clientId``,
  ``clientSecret``, ``registrationExpiresAt``) and ``refreshToken``; times are UTC,
  ``YYYY-MM-DDTHH:MM:SSZ``. botocore's ``SSOTokenLoader`` needs ``accessToken`` and
  ``expiresAt``; its ``SSOTokenProvider`` refreshes with the other four.
- The client registration the AWS CLI reuses: ``<sha1 of {"region", "scopes", "session_name",
  "startUrl", "tool": "botocore"} as sorted JSON>.json`` with ``clientId``, ``clientSecret``,
  ``expiresAt``, ``scopes``.

botocore resolves ``~/.aws/sso/cache`` once, when ``botocore.credentials`` is first imported;
claude-setup resolves it at each call. No boto3 or botocore here: reading a token stays cheap.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard import safefile
from wizard.appdirs import locks_dir
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.services.errors import ServiceError

SCOPES = ("sso:account:access",)
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def cache_dir() -> Path:
    """``~/.aws/sso/cache``: botocore and the AWS CLI read it under the user's home."""
    return Path.home() / ".aws" / "sso" / "cache"


def token_cache_key(start_url: str, session_name: str | None) -> str:
    return hashlib.sha1((session_name or start_url).encode("utf-8")).hexdigest()


def registration_cache_key(
    start_url: str, session_name: str | None, sso_region: str, scopes: Collection[str] = SCOPES
) -> str:
    args = {
        "tool": "botocore",
        "startUrl": start_url,
        "region": sso_region,
        "scopes": list(scopes),
        "session_name": session_name,
    }
    return hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest()


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: object) -> datetime | None:
    """``2026-01-01T10:00:00Z``, ``…+00:00``, or the older ``…UTC``; ``None`` if unreadable."""
    if not isinstance(text, str) or not text:
        return None
    value = text.strip()
    if value.endswith("UTC"):
        value = value[:-3] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class SsoToken:
    """An access token of the SSO portal, with what is needed to refresh it."""

    start_url: str
    sso_region: str
    session_name: str | None
    access_token: str = field(repr=False)
    expires_at: datetime
    refresh_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    registration_expires_at: datetime | None = None
    scopes: tuple[str, ...] = SCOPES  # of the client registration

    def valid(self, now: datetime | None = None) -> bool:
        return self.expires_at > (now or datetime.now(UTC))

    def refreshable(self, now: datetime | None = None) -> bool:
        """A refresh token and a client registration that has not expired."""
        now = now or datetime.now(UTC)
        return bool(
            self.refresh_token
            and self.client_id
            and self.client_secret
            and self.registration_expires_at is not None
            and self.registration_expires_at > now
        )

    def to_cache(self) -> dict[str, str]:
        data = {
            "startUrl": self.start_url,
            "region": self.sso_region,
            "accessToken": self.access_token,
            "expiresAt": format_time(self.expires_at),
        }
        if self.client_id and self.client_secret and self.registration_expires_at:
            data["clientId"] = self.client_id
            data["clientSecret"] = self.client_secret
            data["registrationExpiresAt"] = format_time(self.registration_expires_at)
        if self.refresh_token:
            data["refreshToken"] = self.refresh_token
        return data

    @classmethod
    def from_cache(cls, data: Mapping[str, Any], session_name: str | None) -> SsoToken | None:
        expires_at = parse_time(data.get("expiresAt"))
        access_token = data.get("accessToken")
        if expires_at is None or not isinstance(access_token, str) or not access_token:
            return None

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        return cls(
            start_url=text("startUrl") or "",
            sso_region=text("region") or "",
            session_name=session_name,
            access_token=access_token,
            expires_at=expires_at,
            refresh_token=text("refreshToken"),
            client_id=text("clientId"),
            client_secret=text("clientSecret"),
            registration_expires_at=parse_time(data.get("registrationExpiresAt")),
        )


def load_token(start_url: str, session_name: str | None) -> SsoToken | None:
    """The cached token of an sso-session (or legacy start URL); ``None`` if none is usable."""
    path = cache_dir() / f"{token_cache_key(start_url, session_name)}.json"
    try:
        raw = safefile.read_bytes(path)  # a FIFO or device in the cache is not read forever
        data = json.loads(raw) if raw is not None else None
    except (WizardError, OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    return SsoToken.from_cache(data, session_name)


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, Mapping):
        return [s for key, value in data.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(data, list | tuple):
        return [s for item in data for s in _strings(item)]
    return []


def cache_token(token: SsoToken) -> Path:
    """Write ``token`` where botocore and the AWS CLI look for it (mode 0600); its path."""
    if not token.start_url or not token.sso_region:
        raise ServiceError(_("the SSO token has no start URL or region; sign in again"))
    folder = cache_dir()
    path = folder / f"{token_cache_key(token.start_url, token.session_name)}.json"
    _write_json(path, token.to_cache())
    if token.session_name and token.client_id and token.client_secret:
        registration: dict[str, Any] = {
            "clientId": token.client_id,
            "clientSecret": token.client_secret,
            "expiresAt": format_time(token.registration_expires_at or token.expires_at),
            "scopes": list(token.scopes),
        }
        key = registration_cache_key(
            token.start_url, token.session_name, token.sso_region, token.scopes
        )
        _write_json(folder / f"{key}.json", registration)
    return path


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    for value in _strings(data):  # what the server sent, checked whole before it is written
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") for ch in value):
            raise ServiceError(
                _("the SSO server sent a value with a control character; nothing was written"),
                code="bad_answer",
            )
    content = json.dumps(data, indent=None).encode("utf-8")
    try:
        safefile.make_folder(path.parent)
        with safefile.locked(path, locks_dir()):
            safefile.replace(path, safefile.read_bytes(path), content, mode=0o600)
    except OSError as exc:
        raise ServiceError(
            _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    except WizardError as exc:
        raise ServiceError(str(exc)) from None
