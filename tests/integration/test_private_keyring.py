"""The private gnome-keyring fixture behaves like a real Secret Service, failures included."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backends import SecretService
from keyring_env import (
    KeyringEnvError,
    PrivateKeyring,
    isolated_home_env,
    reset_keyring_backend,
    run_with_timeout,
)

SERVICE = "claude-setup"
CALL_TIMEOUT = 10.0  # seconds; a hang fails the test instead of blocking the run


def get_password(username: str) -> str | None:
    return run_with_timeout(lambda: keyring.get_password(SERVICE, username), CALL_TIMEOUT)


def set_password(username: str, secret: str) -> None:
    run_with_timeout(lambda: keyring.set_password(SERVICE, username, secret), CALL_TIMEOUT)


def test_uses_the_secret_service_backend(keyring_env: PrivateKeyring) -> None:
    assert isinstance(keyring.get_keyring(), SecretService.Keyring)
    assert os.environ["DBUS_SESSION_BUS_ADDRESS"] == keyring_env.address
    assert "PYTHON_KEYRING_BACKEND" not in os.environ


def test_keyring_library_to_secret_tool(keyring_env: PrivateKeyring) -> None:
    set_password("api-key", "sk-ant-λ-1 2")
    assert keyring_env.lookup(SERVICE, "api-key") == "sk-ant-λ-1 2"
    assert len(keyring_env.search(service=SERVICE, username="api-key")) == 1


def test_secret_tool_to_keyring_library(keyring_env: PrivateKeyring) -> None:
    keyring_env.store(SERVICE, "api-key", "from secret-tool\nline 2")
    assert get_password("api-key") == "from secret-tool\nline 2"
    assert get_password("someone-else") is None


def test_items_do_not_leak_between_tests(keyring_env: PrivateKeyring) -> None:
    assert keyring_env.search(service=SERVICE) == []


def test_child_process_reaches_the_private_keyring(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    keyring_env.store(SERVICE, "child", "seen-by-child")
    code = "import keyring; print(keyring.get_password('claude-setup', 'child'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=keyring_env.child_env(),
        capture_output=True,
        text=True,
        timeout=CALL_TIMEOUT,
        check=True,
    )
    assert done.stdout.strip() == "seen-by-child"


def test_locked_collection_raises_quickly(keyring_env: PrivateKeyring) -> None:
    set_password("api-key", "secret")
    keyring_env.lock()
    assert keyring_env.is_locked()

    started = time.monotonic()
    with pytest.raises(keyring.errors.KeyringLocked, match="Failed to unlock the collection"):
        get_password("api-key")
    with pytest.raises(keyring.errors.KeyringLocked):
        set_password("api-key", "other")
    assert time.monotonic() - started < 5  # the unlock prompt fails at once: no prompter

    # secret-tool neither prompts nor hangs: it finds nothing (exit 1, no message) ...
    assert keyring_env.lookup(SERVICE, "api-key", timeout=5) is None
    # ... and refuses to store.
    with pytest.raises(KeyringEnvError, match="locked collection"):
        keyring_env.store(SERVICE, "api-key", "other", timeout=5)

    keyring_env.unlock()
    assert get_password("api-key") == "secret"


def test_stopped_daemon_makes_calls_hang(keyring_env: PrivateKeyring) -> None:
    set_password("api-key", "secret")
    keyring_env.stop_daemon()

    results: list[str | None] = []
    waiting = threading.Thread(
        target=lambda: results.append(keyring.get_password(SERVICE, "api-key")), daemon=True
    )
    waiting.start()
    with pytest.raises(subprocess.TimeoutExpired):
        keyring_env.secret_tool("lookup", "service", SERVICE, "username", "api-key", timeout=3)
    assert waiting.is_alive()  # keyring (jeepney) has no timeout of its own

    keyring_env.resume_daemon()
    waiting.join(CALL_TIMEOUT)
    assert results == ["secret"]  # the waiting call is answered once the daemon runs again
    assert keyring_env.lookup(SERVICE, "api-key", timeout=3) == "secret"


def test_killed_daemon_is_not_restarted_by_dbus(keyring_env: PrivateKeyring) -> None:
    set_password("api-key", "secret")
    keyring_env.kill_daemon()
    assert keyring_env.pids["daemon"] is None

    with pytest.raises(KeyringEnvError, match="not provided by any .service files"):
        keyring_env.lookup(SERVICE, "api-key", timeout=5)
    # With the backend already chosen, the call fails when it opens the collection ...
    with pytest.raises(keyring.errors.InitError, match="not provided by any .service files"):
        get_password("api-key")
    # ... and a fresh detection finds no usable backend at all.
    reset_keyring_backend()
    with pytest.raises(keyring.errors.NoKeyringError):
        get_password("api-key")

    keyring_env.ensure_ready()  # restarts it: secrets on disk survive
    reset_keyring_backend()
    assert get_password("api-key") == "secret"


@pytest.mark.parametrize("how", ["socket-missing", "address-unset"])
def test_no_session_bus_raises_no_keyring_error(
    private_keyring: PrivateKeyring,
    tmp_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    for name, value in private_keyring.no_bus_env().items():
        monkeypatch.setenv(name, value)
    if how == "address-unset":
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    reset_keyring_backend()

    with pytest.raises(keyring.errors.NoKeyringError, match="No recommended backend"):
        get_password("api-key")
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.fail"


def test_tmp_home_cuts_the_bus_and_scrubs_variables(tmp_home: Path, tmp_path: Path) -> None:
    assert os.environ["HOME"] == str(tmp_home)
    assert os.environ["XDG_CONFIG_HOME"].startswith(str(tmp_home))
    assert "CLAUDE_CONFIG_DIR" not in os.environ
    with pytest.raises(keyring.errors.NoKeyringError):
        get_password("api-key")

    inherited = {"ANTHROPIC_API_KEY": "x", "AWS_PROFILE": "p", "GOOGLE_CLOUD_PROJECT": "g"}
    changes = isolated_home_env(tmp_path / "other", {**inherited, "PATH": "/bin"})
    assert {name: changes[name] for name in inherited} == dict.fromkeys(inherited)
    assert "PATH" not in changes


def test_close_leaves_no_process_or_folder() -> None:
    with PrivateKeyring() as ring:
        pids = [pid for pid in ring.pids.values() if pid is not None]
        root = ring.root
        assert len(pids) == 2
        assert ring.startup_seconds < 10
        ring.stop_daemon()  # closing must cope with a stopped daemon
    assert not root.exists()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
