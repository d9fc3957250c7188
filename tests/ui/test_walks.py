"""Walk the wizard, key by key, to a written settings file with the real keyring."""

from __future__ import annotations

import json
from pathlib import Path

from fake_discovery import FakeDiscovery
from keyring_env import PrivateKeyring
from walk import SIZE, run, settle, step_of, type_text

from wizard.tui.app import make_app

API_KEY = "sk-ant-api03-EXAMPLEwizardKEY0123456789abcdef"


def test_anthropic_api_key_walk_writes_settings_and_keyring(
    keyring_env: PrivateKeyring, settings_path: Path, discovery: FakeDiscovery
) -> None:
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # Start
            assert step_of(app) == "provider"
            await pilot.press("1")  # Anthropic API
            assert step_of(app) == "auth"
            await pilot.press("1")  # API key
            assert step_of(app) == "auth_form"
            await type_text(pilot, "  " + API_KEY + "\n")
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "models"
            await pilot.press("enter", "enter")  # the preselected main and fast models
            assert step_of(app) == "options"
            await pilot.press("enter")  # profile name: anthropic
            await settle(pilot)
            assert step_of(app) == "review"
            assert not settings_path.exists()
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen" or step_of(app) is None

    run(scenario)
    settings = json.loads(settings_path.read_text())
    assert settings["apiKeyHelper"].endswith(" key anthropic")
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == API_KEY
