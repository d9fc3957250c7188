"""Gateway mode on the gateway path and Bedrock's service tier on the options: what each
offers, what it refuses as the engine does, and a saved profile opening on its values."""

from __future__ import annotations

import json
from pathlib import Path

from cases import GATEWAY_KEY
from fake_discovery import FakeDiscovery
from keyring_env import PrivateKeyring
from textual.pilot import Pilot
from textual.widgets import OptionList, RadioSet
from walk import SIZE, notice_of, run, settle, step_of, type_text

from wizard import engine
from wizard.model import Setup
from wizard.tui.app import make_app, screen_for
from wizard.tui.widgets.field import Field
from wizard.tui.widgets.inline_choice import InlineChoice

GATEWAY_MODE_DIGIT = "4"


async def to_gateway(pilot: Pilot[int], url: str) -> None:
    await settle(pilot)
    await pilot.press("enter", "5")
    await settle(pilot)
    await type_text(pilot, url)
    await pilot.press("enter")
    await settle(pilot)


def test_gateway_mode_says_its_trade_offs_only_when_highlighted(tmp_home: Path) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_gateway(pilot, "https://llm.example.com")
            note = app.screen.query_one("#mode-note")
            project = app.screen.query_one("#field-project_id")
            assert not note.display and project.display
            await pilot.press("down", "down", "down")
            await settle(pilot)
            assert note.display and not project.display
            text = str(note.render())
            for words in ("Anthropic's own hosts", "model IDs", "https://", "claude-setup run"):
                assert words in text
            assert "project scope" in text
            await pilot.press("up")
            await settle(pilot)
            assert not note.display and project.display

    run(scenario)


def test_gateway_mode_refuses_plain_http_beside_the_address_but_not_on_this_machine(
    tmp_home: Path,
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_gateway(pilot, "http://llm.example.com")
            await pilot.press(GATEWAY_MODE_DIGIT)
            await settle(pilot)
            assert step_of(app) == "gateway"
            reason = str(app.screen.query_one("#reason-base_url").render())
            assert "https://" in reason and "--" not in reason
            assert app.focused is app.screen.query_one("#input-base_url")
            app.screen.query_one("#choices").focus()
            await pilot.press("1")  # plain Anthropic API: http is the person's choice there
            await settle(pilot)
            assert step_of(app) == "auth"
            assert not app.state.values.get("gateway_mode")
            await pilot.press("escape")
            await settle(pilot)
            field = app.screen.query_one("#field-base_url", Field)
            field.input.focus()
            await pilot.pause()
            await type_text(pilot, "http://127.0.0.1:4000")
            app.screen.query_one("#choices").focus()
            await pilot.press(GATEWAY_MODE_DIGIT)
            await settle(pilot)
            assert step_of(app) == "auth", app.screen.query_one("#reason-base_url").render()
            assert app.state.values["gateway_mode"] is True
            assert app.state.values["gateway_api"] == "anthropic"
            await pilot.press("escape")  # back: plain http elsewhere, for the plain API
            await settle(pilot)
            app.screen.query_one("#field-base_url", Field).input.focus()
            await pilot.pause()
            await type_text(pilot, "http://llm.example.com")
            app.screen.query_one("#choices").focus()
            await pilot.press("1")
            await settle(pilot)
            assert step_of(app) == "auth"
            assert not app.state.values.get("gateway_mode")

    run(scenario)


def test_gateway_mode_offers_only_the_methods_that_give_the_token_in_the_environment(
    tmp_home: Path,
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_gateway(pilot, "https://llm.example.com")
            await pilot.press(GATEWAY_MODE_DIGIT)
            await settle(pilot)
            assert "claude-setup run" in str(app.screen.query_one(".step-intro").render())
            methods = app.screen.query_one(OptionList)
            disabled = {
                methods.get_option_at_index(i).id
                for i in range(methods.option_count)
                if methods.get_option_at_index(i).disabled
            }
            assert disabled == {"api-key", "helper"}
            assert methods.highlighted == methods.get_option_index("token")
            await pilot.press("1", "2")  # the greyed-out API key and key helper
            await settle(pilot)
            assert step_of(app) == "auth"
            await pilot.press("5")
            await settle(pilot)
            assert step_of(app) == "auth_form"

    run(scenario)


def test_gateway_mode_cannot_be_written_to_the_projects_shared_settings(
    keyring_env: PrivateKeyring, tmp_home: Path, project_dir: Path
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_gateway(pilot, "https://llm.example.com")
            await pilot.press(GATEWAY_MODE_DIGIT, "3", "enter", "enter")  # no key, models
            await settle(pilot)
            assert step_of(app) == "options"
            scopes = app.screen.query_one("#scopes", OptionList)
            project = scopes.get_option("project")
            assert project.disabled
            scopes.focus()
            await pilot.press("2")
            await settle(pilot)
            assert scopes.highlighted == 0
            await pilot.press("3")  # local: Claude Code honours gateway mode there
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "review"
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    local = json.loads((project_dir / ".claude" / "settings.local.json").read_text())
    assert local["env"]["CLAUDE_CODE_USE_GATEWAY"] == "1"
    assert not (project_dir / ".claude" / "settings.json").exists()


def test_the_engines_refusal_of_gateway_mode_returns_to_the_gateway_step(
    tmp_home: Path,
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_gateway(pilot, "https://llm.example.com")
            await pilot.press(GATEWAY_MODE_DIGIT, "3", "enter", "enter")
            await settle(pilot)
            app.state.values["scope"] = "project"  # as an older saved choice would hold it
            app.push_screen(screen_for("review"))
            await settle(pilot)
            assert step_of(app) == "gateway"
            assert "local or user scope" in notice_of(app)

    run(scenario)


def test_the_review_says_gateway_mode_and_the_service_tier(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_gateway(pilot, "https://llm.example.com")
            await pilot.press(GATEWAY_MODE_DIGIT, "5")
            await settle(pilot)
            await type_text(pilot, GATEWAY_KEY)
            await pilot.press("enter", "enter", "enter", "enter")
            await settle(pilot)
            assert step_of(app) == "review"
            shown = str(app.screen.query_one("#plan").render())
            assert "gateway mode: on" in shown
            assert "service tier" not in shown

    run(scenario)
    app = make_app(FakeDiscovery())

    async def bedrock() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "6", "1", "enter", "enter")
            await settle(pilot)
            app.screen.query_one("#radios-service_tier").focus()
            await settle(pilot)
            assert "flex: cheaper" in notice_of(app)
            await pilot.press("right", "right", "enter")
            app.screen.query_one("#input-profile").focus()
            await settle(pilot)
            assert "flex: cheaper" not in notice_of(app)
            await pilot.press("enter")
            await settle(pilot)
            shown = str(app.screen.query_one("#plan").render())
            assert "Bedrock service tier: flex" in shown
            assert "gateway mode" not in shown

    run(bedrock)


def test_the_service_tier_is_offered_for_bedrock_only(tmp_home: Path) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "1", "3", "enter", "enter")  # Anthropic, subscription
            await settle(pilot)
            assert step_of(app) == "options"
            assert not app.screen.query(InlineChoice)

    run(scenario)


def test_editing_opens_on_the_saved_gateway_mode_and_service_tier(tmp_home: Path) -> None:
    for setup in (
        Setup("gateway", "none", profile="gw", base_url="https://llm.example.com",
              gateway_mode=True),
        Setup("bedrock", "default-chain", profile="tiered", region="eu-west-1",
              service_tier="priority"),
        Setup("bedrock", "default-chain", profile="standard", region="eu-west-1",
              service_tier="default"),
    ):  # fmt: skip
        engine.apply_plan(engine.prepare_plan(setup))
    app = make_app(FakeDiscovery())

    async def open_profile(pilot: Pilot[int], name: str) -> None:
        while len(app.screen_stack) > 2:
            app.pop_screen()
        await settle(pilot)
        app.edit(name)
        await settle(pilot)
        await pilot.press("enter")  # the provider, as saved
        await settle(pilot)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await open_profile(pilot, "gw")
            assert step_of(app) == "gateway"
            apis = app.screen.query_one("#choices", OptionList)
            assert apis.highlighted == 3
            assert app.screen.query_one("#mode-note").display
            for name, tier in (("tiered", "priority"), ("standard", "default")):
                await open_profile(pilot, name)
                await pilot.press("enter", "enter", "enter", "enter")  # method, region, models
                await settle(pilot)
                assert step_of(app) == "options"
                choice = app.screen.query_one(InlineChoice)
                assert choice.value == tier
                pressed = app.screen.query_one(RadioSet).pressed_button
                assert pressed is not None and str(pressed.label) == tier

    run(scenario)
