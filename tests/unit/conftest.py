"""Fixtures of the unit tests: an isolated HOME for every test, and ``MachineState`` builders.

Every unit test runs with HOME, the XDG folders, CLAUDE_CONFIG_DIR and the AWS files inside its
own ``tmp_path``, and without any ANTHROPIC_*, CLAUDE_*, AWS_*… variable of whoever runs the
tests, so nothing here can read or write the real home folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from keyring_env import isolated_home_env

from wizard import awsconfig
from wizard.machine import MachineState, OverridingFile
from wizard.model import Setup
from wizard.profiles import Binding

HELPER_EXE = "/opt/claude-setup/bin/claude-setup"
"""The helper executable the machine states claim (an absolute path outside HOME)."""

@pytest.fixture(autouse=True)
def unit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOME under ``tmp_path`` with every folder claude-setup uses inside it."""
    for name, value in isolated_home_env(tmp_path).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    home = tmp_path / "home"
    (home / ".claude").mkdir(exist_ok=True)
    (home / ".aws").mkdir(exist_ok=True)
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(home / ".claude"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / ".aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / ".aws" / "credentials"))
    return home


@pytest.fixture
def helper_exe() -> str:
    return HELPER_EXE


MakeMachine = Callable[..., MachineState]


@pytest.fixture
def make_machine(unit_home: Path) -> MakeMachine:
    """Build a ``MachineState`` directly (never ``machine.read()``).

    ``settings``/``aws_config`` may be ``str`` or ``bytes`` (``None``: no file). When
    ``aws_profiles`` is not given it is read from ``aws_config``.
    """

    def make(
        settings: str | bytes | None = None,
        aws_config: str | bytes | None = None,
        aws_profiles: Mapping[str, Mapping[str, str]] | None = None,
        previous: Setup | None = None,
        secret_stored: bool = False,
        previous_bindings: Mapping[str, Binding] | None = None,
        overriding: tuple[OverridingFile, ...] = (),
        shell_env: Mapping[str, str] | None = None,
        settings_path: Path | None = None,
    ) -> MachineState:
        if isinstance(settings, str):
            settings = settings.encode("utf-8")
        if isinstance(aws_config, str):
            aws_config = aws_config.encode("utf-8")
        if aws_profiles is None:
            aws_profiles = awsconfig.profiles((aws_config or b"").decode("utf-8"))
        return MachineState(
            settings_path=settings_path or unit_home / ".claude" / "settings.json",
            settings=settings,
            aws_config_path=unit_home / ".aws" / "config",
            aws_config=aws_config,
            aws_profiles=aws_profiles,
            helper_executable=HELPER_EXE,
            home=unit_home,
            previous=previous,
            previous_bindings=dict(previous_bindings or {}),
            secret_stored=secret_stored,
            overriding=overriding,
            shell_env=dict(shell_env or {}),
        )

    return make
