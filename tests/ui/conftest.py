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
