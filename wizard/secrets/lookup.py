"""Reading one secret fast, for the key helpers on Claude Code's start-up path.

Importing ``keyring`` costs about 100 ms; on Linux the helpers instead ask the Secret Service
over D-Bus directly (``jeepney``, about 20 ms), which finds the same items that ``keyring``'s
SecretService backend writes (attributes ``service`` and ``username``). A ``plain`` session is
used: the secret crosses only the user's private session bus, as with ``secret-tool``. When the
user pinned another backend (``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg``), or on macOS and
Windows, the ``keyring`` library is used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from wizard.secrets.bus import SECRETS_BUS_NAME, owner_if_stopped, session_bus_address
from wizard.secrets.names import SERVICE, entry_name

NO_SERVICE_ERRORS = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.NoReply",
    }
)


class LookupError_(Exception):
    """The keyring could not be read; ``str()`` is the sentence to print."""


def lookup(profile: str, kind: str, timeout: float) -> str | None:
    """The secret, ``None`` when there is none; raises ``LookupError_`` when the keyring fails."""
    username = entry_name(profile, kind)
    if uses_secret_service_directly():
        return secret_service_lookup(SERVICE, username, timeout)
    return keyring_lookup(SERVICE, username, timeout)


def uses_secret_service_directly() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return not (Path(config_home) / "python_keyring" / "keyringrc.cfg").exists()


def secret_service_lookup(service: str, username: str, timeout: float) -> str | None:
    from jeepney import DBusAddress, DBusErrorResponse, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    from wizard.secrets import messages

    address = session_bus_address()
    if address is None:
        raise LookupError_(messages.no_keyring())
    secrets = DBusAddress(
        "/org/freedesktop/secrets",
        bus_name=SECRETS_BUS_NAME,
        interface="org.freedesktop.Secret.Service",
    )
    try:
        conn = open_dbus_connection(bus=address, auth_timeout=min(timeout, 2.0))
    except Exception:  # noqa: BLE001 - an address jeepney cannot parse or reach: no keyring
        raise LookupError_(messages.no_keyring()) from None

    def call(method: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        reply = conn.send_and_get_reply(
            new_method_call(secrets, method, signature, body), timeout=timeout
        )
        if reply.header.message_type.name == "error":
            raise DBusErrorResponse(reply)
        return tuple(reply.body)

    try:
        with conn:
            stopped = owner_if_stopped(conn, timeout)
            if stopped is not None:
                raise LookupError_(messages.stopped(stopped))
            _, session = call("OpenSession", "sv", ("plain", ("s", "")))
            unlocked, locked = call(
                "SearchItems", "a{ss}", ({"service": service, "username": username},)
            )
            if not unlocked:
                if locked:
                    raise LookupError_(messages.locked())
                return None
            (found,) = call("GetSecrets", "aoo", (sorted(unlocked)[:1], session))
            for _session, _params, value, _content_type in found.values():
                return bytes(value).decode("utf-8")
            return None
    except TimeoutError:
        raise LookupError_(messages.not_answering(timeout)) from None
    except DBusErrorResponse as exc:
        if exc.name in NO_SERVICE_ERRORS:
            raise LookupError_(messages.no_keyring()) from None
        if exc.name.endswith("IsLocked"):
            raise LookupError_(messages.locked()) from None
        raise LookupError_(messages.failed(exc.name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LookupError_(messages.failed(type(exc).__name__)) from None


def keyring_lookup(service: str, username: str, timeout: float) -> str | None:
    from wizard.errors import SecretStoreError
    from wizard.secrets.store import _secure_backend, with_deadline

    try:
        backend = with_deadline(_secure_backend, timeout)
        value = with_deadline(lambda: backend.get_password(service, username), timeout)
    except SecretStoreError as exc:
        raise LookupError_(str(exc)) from None
    return value if isinstance(value, str) else None
