"""SVG snapshots of every screen in its main states at 80x24 (``--snapshot-update`` to renew).

Deterministic: a fresh HOME, an empty project folder, the fake discovery, no cursor blink, and
the helper command shown at a fixed path instead of this checkout's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cases import AWS_SECRET, BEDROCK_KEY, FOUNDRY_KEY, GATEWAY_KEY
from scenes import API_KEY, SCENES, WRONG_KEY, Scene
from walk import SIZE

from wizard import machine
from wizard.tui.app import make_app

FIXED_HELPER = "/usr/local/bin/claude-setup"
TODAY = date(2026, 6, 1)
"""The day the model notes are computed for, so the pictures do not change with the calendar."""
SNAPSHOTS = Path(__file__).with_name("__snapshots__")
SECRETS = (API_KEY, WRONG_KEY, AWS_SECRET, BEDROCK_KEY, FOUNDRY_KEY, GATEWAY_KEY)


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
def test_screen(
    scene: Scene,
    snap_compare: Callable[..., bool],
    tmp_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    fixed_project_names: None,
) -> None:
    monkeypatch.setattr(machine, "helper_executable", lambda: FIXED_HELPER)
    if scene.seed:
        scene.seed()
    discovery: Any = scene.discovery()
    try:
        assert snap_compare(make_app(discovery, TODAY), terminal_size=SIZE, run_before=scene.keys)
    finally:
        release = getattr(discovery, "release", None)
        if release is not None:
            release.set()


def test_no_snapshot_or_screenshot_holds_a_secret() -> None:
    pictures = [*SNAPSHOTS.rglob("*.svg"), *Path(__file__).parents[2].glob("screenshots/*.svg")]
    assert len(pictures) >= len(SCENES)
    for picture in pictures:
        text = picture.read_text(encoding="utf-8")
        for secret in SECRETS:
            for piece in (secret, secret[:12], secret[-12:]):
                assert piece not in text, picture.name
