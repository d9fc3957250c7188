"""Shared fixtures: an isolated HOME, a real, private gnome-keyring (see keyring_env.py), and
the local endpoints of the hostile-folder suites."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from fakes import FakeEndpoint
from keyring_env import PrivateKeyring, isolated_home_env, reset_keyring_backend

SERVICE = "claude-setup"


def _apply(monkeypatch: pytest.MonkeyPatch, env: Mapping[str, str | None]) -> None:
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


@pytest.fixture
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh HOME (with XDG_CONFIG/STATE/DATA/CACHE_HOME inside it), no ANTHROPIC_*,
    CLAUDE_*, AWS_*, GOOGLE_*… variables, no PYTHON_KEYRING_BACKEND, and no session bus, so
    nothing can reach the user's real keyring. Yields the HOME path."""
    _apply(monkeypatch, isolated_home_env(tmp_path))
    reset_keyring_backend()
    yield tmp_path / "home"
    reset_keyring_backend()


@pytest.fixture(scope="session")
def private_keyring() -> Iterator[PrivateKeyring]:
    """One private bus + gnome-keyring-daemon for the whole test session."""
    with PrivateKeyring() as ring:
        yield ring


@pytest.fixture
def keyring_env(
    private_keyring: PrivateKeyring, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PrivateKeyring]:
    """``tmp_home`` plus ``os.environ`` pointing at the private keyring (healthy, unlocked and
    with no ``claude-setup`` item); every ``claude-setup`` item is deleted afterwards."""
    private_keyring.ensure_ready()
    private_keyring.clear(SERVICE)
    _apply(monkeypatch, {**private_keyring.env, "PYTHON_KEYRING_BACKEND": None})
    reset_keyring_backend()
    yield private_keyring
    private_keyring.ensure_ready()  # a test may have stopped, killed or locked it
    private_keyring.clear(SERVICE)
    reset_keyring_backend()


@pytest.fixture
def own() -> Iterator[FakeEndpoint]:
    """The user's own endpoint, which the stored key is for."""
    with FakeEndpoint() as endpoint:
        yield endpoint


@pytest.fixture
def attacker() -> Iterator[FakeEndpoint]:
    """The address a cloned repository names: it must never see a request with a key."""
    with FakeEndpoint() as endpoint:
        yield endpoint
