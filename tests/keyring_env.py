"""A real, private Secret Service (gnome-keyring) for tests.

``PrivateKeyring`` starts its own D-Bus session bus and its own ``gnome-keyring-daemon`` in a
fresh temporary folder, so a test never reaches the user's real keyring. It needs the Debian
packages ``dbus``, ``gnome-keyring`` and ``libsecret-tools``, and works as root and without an
outer ``dbus-run-session``::

    with PrivateKeyring() as ring:
        with ring.activate():           # os.environ points at the private bus
            keyring.set_password("claude-setup", "u", "s3cret")
        assert ring.lookup("claude-setup", "u") == "s3cret"
        subprocess.run(cmd, env=ring.child_env())   # a child process sees the same keyring

The bus is started from a configuration file of our own that lists no service directories, so
nothing is D-Bus-activatable on it: when the daemon is killed, no other daemon (or password
prompter) is started behind our back, and prompts fail at once instead of waiting for a user.

Scenarios: ``stop_daemon()`` (SIGSTOP: every call hangs), ``resume_daemon()``,
``kill_daemon()`` (the name ``org.freedesktop.secrets`` disappears), ``start_daemon()``
(restart; secrets on disk survive), ``lock()``/``unlock()`` the default collection, and
``no_bus_env()`` (an environment with no session bus at all). ``ensure_ready()`` undoes any of
these.

The ``keyring`` library caches its backend twice: ``keyring.core._keyring_backend`` (the chosen
backend) and ``keyring.backend.get_all_keyring`` (the list of viable backends, computed once
per process by ``jaraco.functools.once``). A backend found unviable while there was no bus
stays excluded for the whole process unless both are cleared: ``reset_keyring_backend()`` does
that. ``secretstorage`` opens a new D-Bus connection for every keyring call and reads
``DBUS_SESSION_BUS_ADDRESS`` at that moment, so changing ``os.environ`` is enough after that.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from jeepney import DBusAddress, DBusErrorResponse, Properties, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import unwrap_msg

__all__ = [
    "DEFAULT_PASSWORD",
    "SECRETS_BUS_NAME",
    "KeyringEnvError",
    "PrivateKeyring",
    "activated",
    "isolated_home_env",
    "no_bus_env",
    "reset_keyring_backend",
    "run_with_timeout",
]

SECRETS_BUS_NAME = "org.freedesktop.secrets"
SECRETS_PATH = "/org/freedesktop/secrets"
DEFAULT_PASSWORD = "claude-setup-test-keyring"
SECRET_TOOL = "secret-tool"

# Variables that change what keyring, Claude Code or the cloud SDKs do; tmp_home removes them.
SCRUBBED_PREFIXES = ("ANTHROPIC_", "CLAUDE_", "AWS_", "GOOGLE_", "CLOUDSDK_", "VERTEX_REGION_")
SCRUBBED_NAMES = (
    "CLOUD_ML_REGION",
    "DISABLE_PROMPT_CACHING",
    "MAX_THINKING_TOKENS",
    "PYTHON_KEYRING_BACKEND",
)
KEPT_NAMES = ("CLAUDE_CODE_BIN",)
"""The tests' own variables: which Claude Code executable the e2e tests run (never passed to it)."""

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <!-- No <servicedir>: nothing is activatable, so a killed keyring daemon stays dead. -->
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

T = TypeVar("T")


class KeyringEnvError(RuntimeError):
    """The private keyring could not be started or did not behave as expected."""


def reset_keyring_backend() -> None:
    """Make the ``keyring`` library detect its backend again on its next call."""
    import keyring.backend
    import keyring.core

    with contextlib.suppress(KeyError):  # reset() raises KeyError when nothing is cached yet
        keyring.backend.get_all_keyring.reset()
    keyring.core._keyring_backend = None


@contextlib.contextmanager
def activated(env: Mapping[str, str | None]) -> Iterator[None]:
    """Apply ``env`` to ``os.environ`` (``None`` unsets), then restore it; re-detect keyring."""
    saved = {name: os.environ.get(name) for name in env}
    _apply_environ(env)
    reset_keyring_backend()
    try:
        yield
    finally:
        _apply_environ(saved)
        reset_keyring_backend()


def _apply_environ(env: Mapping[str, str | None]) -> None:
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def no_bus_env(root: Path) -> dict[str, str]:
    """Variables for a process that has no session bus at all.

    The bus address names a socket that does not exist and ``XDG_RUNTIME_DIR`` is an empty
    folder (so nothing can fall back to ``$XDG_RUNTIME_DIR/bus``).
    """
    runtime = root / "no-bus-runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={root / 'no-bus-socket-does-not-exist'}",
        "XDG_RUNTIME_DIR": str(runtime),
    }


def isolated_home_env(
    root: Path, environ: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Changes that give a process a fresh HOME with no provider settings and no session bus.

    Returns a mapping for ``activated()`` or ``monkeypatch``: ``None`` means "unset". Creates
    the folders under ``root``. ``environ`` (default ``os.environ``) is scanned for variables
    to remove.
    """
    environ = os.environ if environ is None else environ
    home = root / "home"
    dirs = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    changes: dict[str, str | None] = {name: str(path) for name, path in dirs.items()}
    for name in environ:
        if name in KEPT_NAMES:
            continue
        if name.startswith(SCRUBBED_PREFIXES) or name in SCRUBBED_NAMES:
            changes[name] = None
    changes["CLAUDE_CONFIG_DIR"] = None
    changes["CLAUDE_SETUP_MANAGED_DIR"] = str(root / "managed")  # not the machine's /etc
    changes.update(no_bus_env(root))
    return changes


def run_with_timeout(func: Callable[[], T], timeout: float) -> T:
    """Run ``func`` in a daemon thread; raise ``TimeoutError`` if it takes over ``timeout`` s.

    For calls that may hang on a stopped daemon. On timeout the thread is left behind (it
    finishes once the daemon is resumed or killed).
    """
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(func())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            error.append(exc)

    thread = threading.Thread(target=target, daemon=True, name="run_with_timeout")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"call did not return within {timeout} s")
    if error:
        raise error[0]
    return result[0]


def _die_with_parent() -> None:
    """preexec_fn: the child is killed if the test process dies (even by SIGKILL)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def _end_process(proc: subprocess.Popen[Any] | None) -> None:
    """SIGCONT (in case it is stopped), SIGTERM, then SIGKILL after 3 s; always reaps it."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGCONT)
        proc.terminate()
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=3)


class PrivateKeyring:
    """A private session bus plus an unlocked gnome-keyring, in a temporary folder.

    Attributes after ``__enter__``: ``root`` (temporary folder), ``address`` (bus address),
    ``env`` (what a client needs), ``daemon_env`` (what the daemon itself got),
    ``startup_seconds`` (time of the first start, bus included).
    """

    def __init__(self, password: str = DEFAULT_PASSWORD, ready_timeout: float = 10.0) -> None:
        self.password = password
        self.ready_timeout = ready_timeout
        self.root = Path()
        self.address = ""
        self.startup_seconds = 0.0
        self._bus: subprocess.Popen[bytes] | None = None
        self._daemon: subprocess.Popen[bytes] | None = None
        self._daemon_log: Any = None

    # -- life cycle -------------------------------------------------------------------------

    def __enter__(self) -> PrivateKeyring:
        started = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix="claude-setup-keyring-"))
        if len(str(self.root)) > 80:  # a unix socket path must fit in 108 bytes
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = Path(tempfile.mkdtemp(prefix="csk-", dir="/tmp"))
        try:
            for name in ("home", "data", "config", "cache"):
                (self.root / name).mkdir()
            (self.root / "runtime").mkdir(mode=0o700)
            self._start_bus()
            self.start_daemon()
            self._check_round_trip()
        except BaseException:
            self.close()
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the daemon and the bus (by PID) and remove the temporary folder."""
        _end_process(self._daemon)
        _end_process(self._bus)
        for proc in (self._daemon, self._bus):
            if proc is not None and proc.stdout is not None:
                proc.stdout.close()
        if self._daemon_log is not None:
            self._daemon_log.close()
        self._daemon = self._bus = self._daemon_log = None
        if self.root != Path():
            shutil.rmtree(self.root, ignore_errors=True)

    @property
    def pids(self) -> dict[str, int | None]:
        """PIDs of the running ``bus`` and ``daemon`` (None when not running)."""
        return {
            "bus": self._bus.pid if self._bus and self._bus.poll() is None else None,
            "daemon": self._daemon.pid if self._daemon and self._daemon.poll() is None else None,
        }

    # -- environments -----------------------------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        """What a client (this process or a child) needs to reach the private keyring.

        Deliberately without ``XDG_DATA_HOME``: the keyring files live under the *daemon's*
        ``XDG_DATA_HOME`` (see ``daemon_env``); a client talks to it only over D-Bus. Make sure
        ``PYTHON_KEYRING_BACKEND`` is unset too: ``activate()`` and ``child_env()`` do.
        """
        return {
            "DBUS_SESSION_BUS_ADDRESS": self.address,
            "XDG_RUNTIME_DIR": str(self.root / "runtime"),
        }

    @property
    def daemon_env(self) -> dict[str, str]:
        """The environment gnome-keyring-daemon runs with (its files: ``XDG_DATA_HOME``)."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.root / "home"),
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "GSETTINGS_BACKEND": "memory",
            **self.env,
        }

    def child_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """A full environment for ``subprocess``: ``base`` (default ``os.environ``) + ``env``,
        without ``PYTHON_KEYRING_BACKEND``."""
        merged = dict(os.environ if base is None else base)
        merged.pop("PYTHON_KEYRING_BACKEND", None)
        merged.update(self.env)
        return merged

    def activate(self) -> contextlib.AbstractContextManager[None]:
        """Point ``os.environ`` at the private keyring and make ``keyring`` re-detect."""
        return activated({**self.env, "PYTHON_KEYRING_BACKEND": None})

    def no_bus_env(self) -> dict[str, str]:
        """Variables for "no session bus at all" (see the module function)."""
        return no_bus_env(self.root)

    # -- processes --------------------------------------------------------------------------

    def _start_bus(self) -> None:
        config = self.root / "bus.conf"
        config.write_text(_BUS_CONFIG.format(socket=self.root / "bus"), encoding="utf-8")
        bus_log = (self.root / "dbus-daemon.log").open("wb")
        with bus_log:
            self._bus = subprocess.Popen(
                ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=bus_log,  # "Failed to set fd limit" lands here; it is harmless
                env={k: v for k, v in self.daemon_env.items() if not k.startswith("DBUS_")},
                cwd=self.root,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        assert self._bus.stdout is not None
        # dbus-daemon prints its address once it listens; a read on a pipe blocks, so bound it.
        ready, _, _ = select.select([self._bus.stdout], [], [], self.ready_timeout)
        line = self._bus.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("unix:"):
            raise KeyringEnvError(f"dbus-daemon did not start: {self._log('dbus-daemon.log')}")
        self.address = line

    def start_daemon(self) -> None:
        """Start (or restart) gnome-keyring-daemon and wait until the default collection is
        unlocked. A restart reuses the same files, so stored secrets survive it."""
        if self._daemon is not None and self._daemon.poll() is None:
            raise KeyringEnvError("the keyring daemon is already running")
        if self._daemon_log is None:
            self._daemon_log = (self.root / "gnome-keyring.log").open("ab")
        self._daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=self._daemon_log,  # never a pipe nobody reads: a full pipe blocks the daemon
            stderr=self._daemon_log,
            env=self.daemon_env,
            cwd=self.root,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        assert self._daemon.stdin is not None
        self._daemon.stdin.write(self.password.encode())
        self._daemon.stdin.close()  # --unlock reads the password up to end of file
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        problem = "not started"
        while time.monotonic() < deadline:
            if self._daemon is None or self._daemon.poll() is not None:
                raise KeyringEnvError(
                    f"gnome-keyring-daemon exited: {self._log('gnome-keyring.log')}"
                )
            try:
                with self._connect() as conn:
                    problem = self._collection_problem(conn)
            except (OSError, TimeoutError, DBusErrorResponse) as exc:
                problem = repr(exc)
            if not problem:
                return
            time.sleep(0.02)
        raise KeyringEnvError(
            f"keyring not ready after {self.ready_timeout} s ({problem}); "
            f"daemon log: {self._log('gnome-keyring.log')}"
        )

    def _collection_problem(self, conn: DBusConnection) -> str:
        """'' when the name is owned and the default collection exists and is unlocked."""
        owned = unwrap_msg(
            conn.send_and_get_reply(message_bus.NameHasOwner(SECRETS_BUS_NAME), timeout=2)
        )[0]
        if not owned:
            return f"{SECRETS_BUS_NAME} not owned yet"
        path = self._default_collection(conn)
        if path == "/":
            return "no default collection yet"
        if self._is_locked(conn, path):
            return "default collection is locked"
        return ""

    def _check_round_trip(self) -> None:
        probe = "claude-setup-test-probe"
        self.store(probe, "probe", "ok")
        found = self.lookup(probe, "probe")
        self.clear(probe)
        if found != "ok":
            raise KeyringEnvError(f"secret-tool round trip failed: got {found!r}")

    def _log(self, name: str) -> str:
        path = self.root / name
        if self._daemon_log is not None:
            self._daemon_log.flush()
        return path.read_text(errors="replace").strip() if path.exists() else "(no log)"

    # -- scenarios --------------------------------------------------------------------------

    def stop_daemon(self) -> None:
        """SIGSTOP the daemon: every Secret Service call now blocks (``keyring`` forever,
        ``secret-tool`` until its own 25 s D-Bus timeouts)."""
        assert self._daemon is not None
        self._daemon.send_signal(signal.SIGSTOP)

    def resume_daemon(self) -> None:
        """SIGCONT the daemon; calls that were waiting are answered."""
        if self._daemon is not None and self._daemon.poll() is None:
            self._daemon.send_signal(signal.SIGCONT)

    def kill_daemon(self) -> None:
        """Kill the daemon and check its bus name is gone and not activatable."""
        _end_process(self._daemon)
        with self._connect() as conn:
            deadline = time.monotonic() + self.ready_timeout
            while unwrap_msg(
                conn.send_and_get_reply(message_bus.NameHasOwner(SECRETS_BUS_NAME), timeout=2)
            )[0]:
                if time.monotonic() > deadline:
                    raise KeyringEnvError(f"{SECRETS_BUS_NAME} still owned after the kill")
                time.sleep(0.02)
            activatable = unwrap_msg(
                conn.send_and_get_reply(message_bus.ListActivatableNames(), timeout=2)
            )[0]
        if SECRETS_BUS_NAME in activatable:
            raise KeyringEnvError(f"{SECRETS_BUS_NAME} is D-Bus-activatable on the private bus")

    def lock(self) -> None:
        """Lock the default collection (Secret Service ``Lock``) and check it is locked."""
        with self._connect() as conn:
            path = self._default_collection(conn)
            call = new_method_call(self._service(), "Lock", "ao", ([path],))
            unwrap_msg(conn.send_and_get_reply(call, timeout=5))
            if not self._is_locked(conn, path):
                raise KeyringEnvError(f"{path} is still unlocked after Lock")

    def unlock(self) -> None:
        """Unlock the default collection with the password, without any prompt.

        Uses gnome-keyring's own ``UnlockWithMasterPassword``: the standard ``Unlock`` needs
        a prompter, and this bus has none.
        """
        with self._connect() as conn:
            path = self._default_collection(conn)
            opened = unwrap_msg(
                conn.send_and_get_reply(
                    new_method_call(self._service(), "OpenSession", "sv", ("plain", ("s", ""))),
                    timeout=5,
                )
            )
            session = opened[1]
            internal = DBusAddress(
                SECRETS_PATH,
                bus_name=SECRETS_BUS_NAME,
                interface="org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
            )
            secret = (session, b"", self.password.encode(), "text/plain")
            call = new_method_call(
                internal, "UnlockWithMasterPassword", "o(oayays)", (path, secret)
            )
            unwrap_msg(conn.send_and_get_reply(call, timeout=5))
            if self._is_locked(conn, path):
                raise KeyringEnvError(f"{path} is still locked after UnlockWithMasterPassword")

    def is_locked(self) -> bool:
        with self._connect() as conn:
            return self._is_locked(conn, self._default_collection(conn))

    def ensure_ready(self) -> None:
        """Undo any scenario: resume a stopped daemon, restart a dead one, unlock a locked
        collection. Cheap when nothing needs doing."""
        if self._daemon is None or self._daemon.poll() is not None:
            self.start_daemon()
            return
        self.resume_daemon()
        with self._connect() as conn:
            problem = self._collection_problem(conn)
        if problem == "default collection is locked":
            self.unlock()
        elif problem:
            self._wait_ready()

    # -- secret-tool ------------------------------------------------------------------------

    def secret_tool(
        self, *args: str, input: bytes | None = None, timeout: float = 10.0
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``secret-tool`` against the private keyring (raises TimeoutExpired on a hang)."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.root / "home"),
            **self.env,
        }
        return subprocess.run(
            [SECRET_TOOL, *args],
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            env=env,
            timeout=timeout,
            check=False,
        )

    def lookup(self, service: str, username: str, timeout: float = 10.0) -> str | None:
        """The secret stored for (service, username), read natively by ``secret-tool``.

        None when there is no such item. Note that ``secret-tool`` also answers "nothing"
        (exit 1, no message) when the collection is locked: check ``is_locked()`` if needed.
        """
        done = self.secret_tool("lookup", "service", service, "username", username, timeout=timeout)
        if done.returncode == 0:
            return done.stdout.decode()
        if done.returncode == 1 and not done.stderr.strip():
            return None
        raise KeyringEnvError(f"secret-tool lookup failed: {done.stderr.decode().strip()}")

    def store(self, service: str, username: str, secret: str, timeout: float = 10.0) -> None:
        """Store a secret with ``secret-tool`` (the secret goes on stdin, never in argv)."""
        done = self.secret_tool(
            "store",
            f"--label={service} {username}",
            "service",
            service,
            "username",
            username,
            input=secret.encode(),
            timeout=timeout,
        )
        if done.returncode != 0:
            raise KeyringEnvError(f"secret-tool store failed: {done.stderr.decode().strip()}")

    def clear(self, service: str, timeout: float = 10.0) -> None:
        """Delete every item whose ``service`` attribute is ``service``."""
        done = self.secret_tool("clear", "service", service, timeout=timeout)
        if done.returncode not in (0, 1) or done.stderr.strip():
            raise KeyringEnvError(f"secret-tool clear failed: {done.stderr.decode().strip()}")

    def search(self, **attributes: str) -> list[str]:
        """D-Bus paths of all items (locked or not) whose attributes include ``attributes``."""
        with self._connect() as conn:
            call = new_method_call(self._service(), "SearchItems", "a{ss}", (attributes,))
            unlocked, locked = unwrap_msg(conn.send_and_get_reply(call, timeout=5))
        return [*unlocked, *locked]

    # -- D-Bus helpers ----------------------------------------------------------------------

    def _connect(self) -> DBusConnection:
        if not self.address:
            raise KeyringEnvError("the private bus is not running")
        return open_dbus_connection(bus=self.address)

    @staticmethod
    def _service() -> DBusAddress:
        return DBusAddress(
            SECRETS_PATH, bus_name=SECRETS_BUS_NAME, interface="org.freedesktop.Secret.Service"
        )

    def _default_collection(self, conn: DBusConnection) -> str:
        call = new_method_call(self._service(), "ReadAlias", "s", ("default",))
        path: str = unwrap_msg(conn.send_and_get_reply(call, timeout=5))[0]
        return path

    @staticmethod
    def _is_locked(conn: DBusConnection, path: str) -> bool:
        collection = DBusAddress(
            path, bus_name=SECRETS_BUS_NAME, interface="org.freedesktop.Secret.Collection"
        )
        reply = unwrap_msg(conn.send_and_get_reply(Properties(collection).get("Locked"), timeout=5))
        return bool(reply[0][1])
