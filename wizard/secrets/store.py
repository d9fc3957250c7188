"""The keyring, through the ``keyring`` library, refusing insecure backends and never hanging.

Every call runs in a worker thread with a deadline: a stopped Secret Service daemon makes
D-Bus calls block forever, and a wizard must say so instead of freezing.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from wizard.errors import SecretStoreError
from wizard.secrets import messages
from wizard.secrets.names import SERVICE, entry_name

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
MIN_PRIORITY = 1


def timeout_seconds(
    variable: str = "CLAUDE_SETUP_KEYRING_TIMEOUT", default: float = DEFAULT_TIMEOUT
) -> float:
    """Seconds from ``variable``; anything but a number from 0.1 to 600 is refused."""
    text = os.environ.get(variable)
    if text is None or not text.strip():
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0.1 <= seconds <= 600:  # also refuses nan and inf
        raise SecretStoreError(messages.bad_seconds(variable, text))
    return seconds


def with_deadline(call: Callable[[], T], seconds: float) -> T:
    """Run ``call`` in a daemon thread; raise ``SecretStoreError`` if it does not return in time."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: B036 - handed back to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="keyring-call", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise SecretStoreError(messages.not_answering(seconds))
    if "error" in outcome:
        raise translate(outcome["error"]) from None
    return outcome["value"]  # type: ignore[no-any-return]


def translate(exc: BaseException) -> BaseException:
    """A keyring exception as a ``SecretStoreError`` with a sentence that says what to do."""
    if isinstance(exc, SecretStoreError):
        return exc
    from keyring import errors

    if isinstance(exc, errors.NoKeyringError):
        return SecretStoreError(messages.no_keyring())
    if isinstance(exc, errors.KeyringLocked) or (
        isinstance(exc, errors.InitError) and "unlock" in str(exc).lower()
    ):
        return SecretStoreError(messages.locked())
    if isinstance(exc, errors.InitError | errors.KeyringError):
        return SecretStoreError(messages.failed(_first_line(exc)))
    if isinstance(exc, OSError | EOFError | ConnectionError):
        return SecretStoreError(messages.no_keyring())
    return exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class SecretStore:
    """Secrets of claude-setup's profiles in the OS keyring."""

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout_seconds() if timeout is None else timeout
        self._backend: Any = None

    def backend(self) -> Any:
        """The keyring backend that secrets are written to, checked to be a real keyring."""
        if self._backend is None:
            _refuse_stopped_secret_service(self.timeout)
            self._backend = with_deadline(_secure_backend, self.timeout)
        return self._backend

    def check(self) -> None:
        """Raise unless the keyring answers: the backend is real and a read goes through."""
        self.get("~check", "api-key")

    def get(self, profile: str, kind: str) -> str | None:
        backend = self.backend()
        name = entry_name(profile, kind)
        value = with_deadline(lambda: backend.get_password(SERVICE, name), self.timeout)
        return value if isinstance(value, str) else None

    def set(self, profile: str, kind: str, value: str) -> None:
        backend = self.backend()
        name = entry_name(profile, kind)
        with_deadline(lambda: backend.set_password(SERVICE, name, value), self.timeout)

    def delete(self, profile: str, kind: str) -> None:
        backend = self.backend()
        name = entry_name(profile, kind)

        def delete() -> None:
            from keyring.errors import PasswordDeleteError

            try:
                backend.delete_password(SERVICE, name)
            except PasswordDeleteError:
                pass

        with_deadline(delete, self.timeout)


def _refuse_stopped_secret_service(timeout: float) -> None:
    """A stopped Secret Service daemon is reported at once, not after the whole timeout."""
    pinned = os.environ.get("PYTHON_KEYRING_BACKEND", "")
    if pinned and "SecretService" not in pinned:
        return
    from wizard.secrets.bus import stopped_secret_service

    pid = stopped_secret_service(timeout)
    if pid is not None:
        raise SecretStoreError(messages.stopped(pid))


def _secure_backend() -> Any:
    try:
        import keyring
        from keyring.backends import chainer

        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a PYTHON_KEYRING_BACKEND keyring cannot load
        pinned = os.environ.get("PYTHON_KEYRING_BACKEND")
        if pinned and isinstance(exc, ImportError | AttributeError | TypeError | ValueError):
            raise SecretStoreError(messages.bad_backend(pinned, type(exc).__name__)) from None
        raise SecretStoreError(messages.no_keyring()) from None  # it loads, but cannot run
    writer: Any = backend
    if isinstance(backend, chainer.ChainerBackend):
        chained = backend.backends
        writer = chained[0] if chained else None
    if writer is None or type(writer).__module__.startswith("keyring.backends.fail"):
        raise SecretStoreError(messages.no_keyring())
    try:
        priority = float(writer.priority)
    except Exception:  # noqa: BLE001 - a backend that cannot say how good it is: not usable
        raise SecretStoreError(messages.no_keyring()) from None
    if not priority >= MIN_PRIORITY:
        raise SecretStoreError(messages.insecure_keyring(type(writer).__module__))
    return writer
