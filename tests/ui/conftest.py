"""Fixtures of the wizard's tests: the app on a fake discovery, in a temporary HOME."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_discovery import FakeDiscovery


@pytest.fixture
def discovery() -> FakeDiscovery:
    return FakeDiscovery()


@pytest.fixture
def settings_path(tmp_home: Path) -> Path:
    return tmp_home / ".claude" / "settings.json"


@pytest.fixture(autouse=True)
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty project folder: the checkout's own .claude/ must not count."""
    folder = tmp_path / "project"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


SNAPSHOT_PROJECT = Path("/home/user/project")
"""The folder snapshots name: a profile bound to a project is named after its real folder,
which is another temporary one on every run."""


@pytest.fixture
def fixed_project_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles bound to the current project named as if it were ``SNAPSHOT_PROJECT``."""
    from wizard import profiles
    from wizard.tui import state

    def named(provider: str, folder: Path) -> str:
        return profiles.project_profile_name(provider, SNAPSHOT_PROJECT)

    monkeypatch.setattr(state, "project_profile_name", named)
