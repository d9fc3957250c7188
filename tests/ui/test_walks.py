"""Walk the wizard, key by key, to a written settings file, with the real keyring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cases import CASES, Case, walk_to_review, write_machine
from fake_discovery import FakeDiscovery
from keyring_env import PrivateKeyring
from runner import files_containing
from walk import SIZE, run, settle, step_of

from wizard.tui.app import make_app


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_provider_and_auth_method_walks_to_a_written_file(
    case: Case, keyring_env: PrivateKeyring, tmp_home: Path, discovery: FakeDiscovery
) -> None:
    write_machine(tmp_home)
    settings_path = tmp_home / ".claude" / "settings.json"
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await walk_to_review(pilot, case)
            assert step_of(app) == "review", app.screen.query_one("#notice").render()
            assert not settings_path.exists()
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen"
            assert "check_connection" in discovery.calls

    run(scenario)
    settings = json.loads(settings_path.read_text())
    for key, value in case.env.items():
        assert settings["env"][key] == value
    for key, tail in case.top.items():
        assert settings[key].endswith(tail)
    if case.keyring:
        entry, secret = case.keyring
        assert keyring_env.lookup("claude-setup", entry) == secret
        assert files_containing([tmp_home], [secret]) == []
