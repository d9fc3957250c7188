"""The session bus and the Secret Service on it: where the bus is, and whether the daemon that
owns the Secret Service is stopped (every call to it would then wait for its whole timeout).

Free of ``keyring``: both the fast lookup of the key helpers and the secret store use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

SECRETS_BUS_NAME = "org.freedesktop.secrets"


def session_bus_address() -> str | None:
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={runtime}/bus"
    return None


def owner_if_stopped(conn: Any, timeout: float) -> int | None:
    """The PID of the Secret Service daemon if it is stopped (SIGSTOP, Ctrl-Z): every call to
    it would wait for the whole timeout. Asked of the bus itself, which always answers."""
    from jeepney.bus_messages import message_bus

    try:
        reply = conn.send_and_get_reply(
            message_bus.GetConnectionUnixProcessID(SECRETS_BUS_NAME), timeout=min(timeout, 2.0)
        )
        if reply.header.message_type.name == "error":
            return None
        pid = int(reply.body[0])
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        state = stat.rsplit(")", 1)[1].split()[0]
    except Exception:  # noqa: BLE001 - unknown means "not known to be stopped"
        return None
    return pid if state in ("T", "t") else None


def stopped_secret_service(timeout: float) -> int | None:
    """``owner_if_stopped`` on its own connection; ``None`` when there is no bus to ask."""
    if not sys.platform.startswith("linux"):
        return None
    address = session_bus_address()
    if address is None:
        return None
    try:
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(bus=address, auth_timeout=min(timeout, 2.0)) as conn:
            return owner_if_stopped(conn, timeout)
    except Exception:  # noqa: BLE001 - no bus: the keyring call itself says so
        return None
