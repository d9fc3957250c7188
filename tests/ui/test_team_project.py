"""A project whose shared ``.claude/settings.json`` already configures a provider: the first
screen says the team has chosen it, and ``t`` walks on that choice in local scope."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_discovery import FakeDiscovery
from walk import SIZE, run, settle, step_of

from wizard.tui.app import make_app

PROJECT_SETTINGS = {
    "env": {
        "CLAUDE_CODE_USE_BEDROCK": "1",
        "AWS_REGION": "eu-west-1",
        "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
    }
}


def test_the_teams_provider_is_named_and_t_walks_on_it_in_local_scope(
    tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(json.dumps(PROJECT_SETTINGS))
    monkeypatch.chdir(project)
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            line = str(app.screen.query_one("#team-choice").render())
            assert "bedrock" in line and "team" in line
            await pilot.press("t")
            await settle(pilot)
            assert step_of(app) == "auth"
            values = app.state.values
            assert values["provider"] == "bedrock" and values["scope"] == "local"
            assert values["region"] == "eu-west-1"
            assert values["model"] == "eu.anthropic.claude-sonnet-4-6"

    run(scenario)


def test_no_team_line_without_a_provider_in_the_project(
    tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert not app.screen.query("#team-choice")
            await pilot.press("t")
            await settle(pilot)
            assert step_of(app) == "WelcomeScreen"

    run(scenario)
