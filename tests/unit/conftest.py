"""Fixtures of the unit tests: an isolated HOME for every test, and ``Snapshot`` builders.

Every unit test runs with HOME, the XDG folders, CLAUDE_CONFIG_DIR and the AWS files inside its
own ``tmp_path``, and without any ANTHROPIC_*, CLAUDE_*, AWS_*… variable of whoever runs the
tests, so nothing here can read or write the real home folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from wizard import awsconfig
from wizard.model import Setup
from wizard.snapshot import OverridingFile, Snapshot

HELPER_EXE = "/opt/claude-setup/bin/claude-setup"
"""The helper executable the snapshots claim (an absolute path outside HOME)."""

_SCRUBBED_PREFIXES = ("ANTHROPIC_", "CLAUDE_", "AWS_", "GOOGLE_", "CLOUDSDK_", "VERTEX_REGION_")
_SCRUBBED_NAMES = (
    "CLOUD_ML_REGION",
    "DISABLE_PROMPT_CACHING",
    "MAX_THINKING_TOKENS",
    "PYTHON_KEYRING_BACKEND",
)


@pytest.fixture(autouse=True)
def unit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOME under ``tmp_path`` with every folder claude-setup uses inside it."""
    for name in list(os.environ):
        if name.startswith(_SCRUBBED_PREFIXES) or name in _SCRUBBED_NAMES:
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    folders = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
        "CLAUDE_CONFIG_DIR": home / ".claude",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    (home / ".aws").mkdir()
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / ".aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / ".aws" / "credentials"))
    monkeypatch.setenv("CLAUDE_SETUP_MANAGED_DIR", str(tmp_path / "managed"))
    return home


@pytest.fixture
def helper_exe() -> str:
    return HELPER_EXE


MakeSnapshot = Callable[..., Snapshot]


@pytest.fixture
def make_snapshot(unit_home: Path) -> MakeSnapshot:
    """Build a ``Snapshot`` directly (never ``snapshot.take()``).

    ``settings``/``aws_config`` may be ``str`` or ``bytes`` (``None``: no file). When
    ``aws_profiles`` is not given it is read from ``aws_config``.
    """

    def make(
        settings: str | bytes | None = None,
        aws_config: str | bytes | None = None,
        aws_profiles: Mapping[str, Mapping[str, str]] | None = None,
        previous: Setup | None = None,
        secret_stored: bool = False,
        overriding: tuple[OverridingFile, ...] = (),
        shell_env: Mapping[str, str] | None = None,
        settings_path: Path | None = None,
    ) -> Snapshot:
        if isinstance(settings, str):
            settings = settings.encode("utf-8")
        if isinstance(aws_config, str):
            aws_config = aws_config.encode("utf-8")
        if aws_profiles is None:
            aws_profiles = awsconfig.profiles((aws_config or b"").decode("utf-8"))
        return Snapshot(
            settings_path=settings_path or unit_home / ".claude" / "settings.json",
            settings=settings,
            aws_config_path=unit_home / ".aws" / "config",
            aws_config=aws_config,
            aws_profiles=aws_profiles,
            helper_executable=HELPER_EXE,
            home=unit_home,
            previous=previous,
            secret_stored=secret_stored,
            overriding=overriding,
            shell_env=dict(shell_env or {}),
        )

    return make
