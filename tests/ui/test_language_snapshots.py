"""The main screens in each language at 80x24 (``--snapshot-update`` to renew): German's long
words and the double-width characters of Japanese and Chinese must fit, nothing cut off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scenes import SCENES
from test_snapshots import FIXED_HELPER, TODAY
from walk import SIZE

from wizard import i18n, machine
from wizard.tui.app import make_app

LANGUAGES = ("fr", "de", "ja", "zh_TW")
MAIN_SCREENS = (
    "welcome-rerun", "welcome-rerun-team-project", "provider", "gateway-mode",
    "auth-form-api-key", "options-bedrock", "review", "done",
)  # fmt: skip
BY_NAME = {scene.name: scene for scene in SCENES}


@pytest.fixture
def speaking() -> Iterator[Callable[[str], None]]:
    yield i18n.set_language
    i18n.set_language(None)


@pytest.mark.parametrize("name", MAIN_SCREENS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_screen_in(
    language: str,
    name: str,
    speaking: Callable[[str], None],
    snap_compare: Callable[..., bool],
    tmp_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    fixed_project_names: None,
) -> None:
    speaking(language)
    monkeypatch.setattr(machine, "helper_executable", lambda: FIXED_HELPER)
    scene = BY_NAME[name]
    if scene.seed:
        scene.seed()
    discovery: Any = scene.discovery()
    assert snap_compare(make_app(discovery, TODAY), terminal_size=SIZE, run_before=scene.keys)
