"""The newer providers' own fields in the wizard: a required workspace is asked for where it
is typed, and an AWS region field shows an AWS region as its example."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_discovery import FakeDiscovery
from textual.widgets import Input
from walk import SIZE, run, settle, step_of, type_text

from wizard.tui.app import make_app


def test_an_empty_workspace_id_is_refused_beside_its_field(tmp_home: Path) -> None:
    """Claude Platform on AWS cannot run without a workspace: Enter on an empty one stays on
    the field, instead of walking every later screen and coming back to it."""
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "6", "6")  # Claude Platform on AWS, default chain
            await settle(pilot)
            assert step_of(app) == "auth_form"
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            reason = str(app.screen.query_one("#reason-workspace_id").render())
            assert "is required" in reason

    run(scenario)
    assert not (tmp_home / ".claude").exists()


@pytest.mark.parametrize(
    "keys", [("6", "6", "wrkspc_01", "enter"), ("8", "6")], ids=["anthropic-aws", "mantle"]
)
def test_an_aws_providers_region_field_shows_an_aws_region(
    keys: tuple[str, ...], tmp_home: Path
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", *keys[:2])
            await settle(pilot)
            if len(keys) > 2:
                await type_text(pilot, keys[2])
                await pilot.press(keys[3])
                await settle(pilot)
            assert step_of(app) == "region"
            assert app.screen.query_one("#input-region", Input).placeholder == "us-east-1"

    run(scenario)


def test_a_refused_value_stays_visible_while_it_is_corrected(tmp_home: Path) -> None:
    """A field one row high: a refused, focused input keeps no border, which would cover the
    text being corrected."""
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "5")  # LLM gateway
            await settle(pilot)
            field = app.screen.query_one("#input-base_url", Input)
            field.focus()
            await type_text(pilot, "https://llm.example.com/#v1")
            await settle(pilot)
            assert field.has_focus and field.has_class("-invalid")
            assert field.styles.border_top[0] in ("", "none")
            assert field.content_region.height == 1

    run(scenario)


def test_every_auth_method_has_a_title_on_the_sign_in_screen() -> None:
    """The gateway's ``header`` method was listed by its bare code name."""
    from wizard.providers.registry import REGISTRY
    from wizard.tui.screens.auth import METHOD_TITLES

    methods = {name for module in REGISTRY.values() for name in module.auth_methods}
    assert methods <= set(METHOD_TITLES)
