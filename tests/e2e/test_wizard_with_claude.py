"""End to end through the wizard: a person walks the Textual wizard (Pilot, key by key, with the
real discovery probing the local fake endpoint and the real keyring), and the real Claude Code
then runs with nothing but what the wizard wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import Case, walk_to_review
from fakes import FakeEndpoint
from keyring_env import PrivateKeyring
from runner import files_containing
from test_setup_with_claude import (  # noqa: F401 - endpoint, project, world are fixtures
    assert_only_pinned_models_called,
    claude,
    endpoint,
    only_model_call,
    project,
    settings,
    world,
)
from walk import SIZE, run, settle, step_of

from wizard.tui.app import make_app

GATEWAY_KEY = "sk-litellm-EXAMPLEwizardE2Ekey0123456789"


def test_the_wizard_sets_up_a_gateway_that_claude_code_uses(
    world: Path,  # noqa: F811
    project: Path,  # noqa: F811
    endpoint: FakeEndpoint,  # noqa: F811
    keyring_env: PrivateKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(project)
    case = Case("gateway-api-key", "5", "1", {"secret": GATEWAY_KEY},
                gateway=(endpoint.url, "1"))  # fmt: skip
    app = make_app()  # the real discovery: it probes the fake gateway

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await walk_to_review(pilot, case)
            assert step_of(app) == "review", app.screen.query_one("#notice").render()
            await pilot.press("y")
            await settle(pilot, timeout=20)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    written = settings(world)
    assert written["env"]["ANTHROPIC_BASE_URL"] == endpoint.url
    assert written["apiKeyHelper"].endswith(" key gateway")
    assert keyring_env.lookup("claude-setup", "gateway/api-key") == GATEWAY_KEY
    assert files_containing([world, project], [GATEWAY_KEY]) == []

    endpoint.clear()
    claude(world, project, keyring_env)
    assert_only_pinned_models_called(world, endpoint)
    call = only_model_call(endpoint)
    assert call.headers["x-api-key"] == GATEWAY_KEY
