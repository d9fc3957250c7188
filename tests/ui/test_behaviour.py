"""How the wizard behaves: back keeps what was typed, refusals stay beside their field,
discovery failures and a cancelled sign-in are one sentence, quitting writes nothing, and a
re-run switches profile in three keys."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from cases import ANTHROPIC_KEY, CASES, walk_to_review, write_machine
from fake_discovery import FakeDiscovery
from keyring_env import PrivateKeyring
from scenes import WaitingDiscovery, seed_profiles
from walk import SIZE, notice_of, run, settle, step_of, type_text

from wizard import profiles
from wizard.secrets.store import SecretStore
from wizard.tui.app import make_app
from wizard.tui.widgets.field import Field


def reason_of(app: object, name: str) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(f"#reason-{name}").render())


def test_escape_goes_back_one_screen_keeping_what_was_typed(tmp_home: Path) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "1", "2")  # Anthropic API, key helper
            await settle(pilot)
            await type_text(pilot, "pass show anthropic")
            await pilot.press("escape")
            assert step_of(app) == "auth"
            await pilot.press("escape")
            assert step_of(app) == "provider"
            await pilot.press("1", "2")
            await settle(pilot)
            assert app.screen.query_one("#field-helper_command", Field).text == (
                "pass show anthropic"
            )
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "models"
            await pilot.press("escape")
            assert step_of(app) == "auth_form"

    run(scenario)


def test_escape_keeps_a_typed_secret_without_showing_it(tmp_home: Path) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "1", "1")
            await settle(pilot)
            await type_text(pilot, ANTHROPIC_KEY)
            hint = str(app.screen.query_one("#hint-secret").render())
            assert hint == "ends in …" + ANTHROPIC_KEY[-4:]
            await pilot.press("escape", "1")
            await settle(pilot)
            field = app.screen.query_one("#field-secret", Field)
            assert field.text == ANTHROPIC_KEY and field.input.password

    run(scenario)


def test_a_key_of_the_wrong_provider_is_refused_beside_the_field(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "4")  # Bedrock, Bedrock API key
            await settle(pilot)
            await type_text(pilot, ANTHROPIC_KEY)
            assert "Anthropic API key" in reason_of(app, "secret")
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            await type_text(pilot, "ABSKEXAMPLE0123456789" * 2)
            await pilot.press("enter")
            assert "pasted twice" in reason_of(app, "secret")
            assert step_of(app) == "auth_form"

    run(scenario)
    assert not (tmp_home / ".claude").exists()
    assert keyring_env.lookup("claude-setup", "bedrock/bedrock-api-key") is None


def test_foundry_asks_for_the_resource_or_the_base_url_in_the_providers_own_words(
    tmp_home: Path,
) -> None:
    """The one-of-two rule is the provider's (``draft_problem``): the form says what ``apply``
    says, beside the resource field, for neither and for both."""
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "4", "2")  # Foundry, Azure login
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            assert "exactly one" in reason_of(app, "foundry_resource")
            for name, text in (("foundry_resource", "my-resource"),
                               ("base_url", "https://my-resource.services.ai.azure.com")):
                app.screen.query_one(f"#input-{name}").focus()
                await pilot.pause()
                await type_text(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            assert "exactly one" in reason_of(app, "foundry_resource")

    run(scenario)
    assert not (tmp_home / ".claude").exists()


def test_a_malformed_region_is_refused_with_the_fields_label_not_an_option(
    tmp_home: Path,
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "6")  # Bedrock, default chain
            await settle(pilot)
            app.screen.query_one("#input-region").focus()
            await pilot.pause()
            await type_text(pilot, "moon-base")
            await pilot.press("enter")
            assert step_of(app) == "region"
            reason = reason_of(app, "region")
            assert "is not an AWS region" in reason and "--region" not in reason

    run(scenario)


def test_a_refusal_of_the_engine_returns_to_the_field_with_its_reason(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """The project scope refuses a setup that keeps a secret: the review sends the person
    back to the options, the reason beside the scope, nothing written."""
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "1", "1")
            await settle(pilot)
            await type_text(pilot, ANTHROPIC_KEY)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter", "enter")
            await settle(pilot)
            app.screen.query_one("#scopes").focus()
            await pilot.pause()
            await pilot.press("2")  # project
            await pilot.press("enter")  # on the profile name
            await settle(pilot)
            assert step_of(app) == "options"
            assert "shared project file" in notice_of(app)
            assert "--scope" not in notice_of(app).split(":", 1)[0]

    run(scenario)
    assert not (tmp_home / ".claude").exists()


def test_a_discovery_failure_is_one_sentence_and_the_walk_goes_on(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    discovery = FakeDiscovery(fail={"regions", "models"})
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "6")
            await settle(pilot)
            assert step_of(app) == "region"
            notice = notice_of(app)
            assert "unreachable" in notice and "Traceback" not in notice
            assert len(notice.splitlines()) == 1
            await pilot.press("1")  # from the built-in list
            await settle(pilot)
            assert step_of(app) == "models"
            assert "showing the catalogue's models" in notice_of(app)
            await pilot.press("enter", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["env"]["AWS_REGION"] == "us-east-1"


def test_a_cancelled_sso_sign_in_writes_nothing(tmp_home: Path) -> None:
    write_machine(tmp_home)
    config_before = (tmp_home / ".aws" / "config").read_bytes()
    discovery = WaitingDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "2")  # Bedrock, SSO
            await settle(pilot)
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert step_of(app) == "SsoSignInScreen"
            for text in ("https://example.awsapps.com/start", "us-east-1", "claude"):
                await type_text(pilot, text)
                await pilot.press("enter")
            await pilot.pause(0.3)
            shown = str(app.screen.query_one("#code").render())
            assert "ABCD-EFGH" in shown and "9:59" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            await pilot.pause(0.2)

    run(scenario)
    discovery.release.set()
    assert "sso_accounts" not in discovery.calls
    assert discovery.written == []
    assert (tmp_home / ".aws" / "config").read_bytes() == config_before


def test_a_finished_sso_sign_in_writes_the_profile_and_picks_it(tmp_home: Path) -> None:
    write_machine(tmp_home)
    discovery = FakeDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "2", "2", "ctrl+n")
            await pilot.pause()
            for text in ("https://example.awsapps.com/start", "us-east-1", "claude"):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            await pilot.press("1")  # the one account and role
            await settle(pilot)
            assert step_of(app) == "auth_form"
            assert app.screen.query_one("#field-aws_profile", Field).text == "claude"

    run(scenario)
    assert discovery.written == [("claude", "123456789012", "us-east-1")]


class ProfileWritingDiscovery(FakeDiscovery):
    """The fake sign-in, and the real profile written to ``~/.aws/config``."""

    def sso_start(self, start_url: str, sso_region: str, session_name: str) -> Any:
        self.signed_in_at = (start_url, sso_region)
        return super().sso_start(start_url, sso_region, session_name)

    def sso_write_profile(
        self, profile: str, sign_in: Any, token: Any, choice: Any, region: str
    ) -> None:
        from wizard.services.sso_profiles import write_profile

        super().sso_write_profile(profile, sign_in, token, choice, region)
        write_profile(
            profile, profile, *self.signed_in_at, choice.account_id, choice.role_name, region
        )


async def fill_new_sso_profile(pilot: Any, start_url: str, name: str) -> None:
    await settle(pilot)
    await pilot.press("enter", "2", "2", "ctrl+n")  # Bedrock, SSO, new profile
    await pilot.pause()
    for text in (start_url, "us-east-1", name):
        await type_text(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(
    ("start_url", "account"),
    [("https://other.awsapps.com/start", None), ("https://example.awsapps.com/start", "999")],
    ids=["other-start-url", "other-account"],
)
def test_a_new_sso_profile_never_writes_over_one_with_other_settings(
    tmp_home: Path, start_url: str, account: str | None
) -> None:
    write_machine(tmp_home)
    config = tmp_home / ".aws" / "config"
    if account:  # the same sign-in, another account: found once the role is picked
        config.write_text(config.read_text().replace("123456789012", "999999999999"))
    before = config.read_bytes()
    discovery = ProfileWritingDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await fill_new_sso_profile(pilot, start_url, "dev-sso")
            if account:
                await pilot.press("1")  # the one account and role
                await settle(pilot)
            assert step_of(app) == "SsoSignInScreen"
            assert "'dev-sso' already exists with other settings" in reason_of(
                app, "profile_name"
            )
            assert app.screen.query_one("#field-profile_name", Field).input.disabled is False

    run(scenario)
    assert discovery.calls.count("sso_start") == (1 if account else 0)
    assert config.read_bytes() == before


def test_a_new_sso_profile_that_signs_in_the_same_way_is_reused(tmp_home: Path) -> None:
    write_machine(tmp_home)
    config = tmp_home / ".aws" / "config"
    before = config.read_bytes()
    discovery = ProfileWritingDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await fill_new_sso_profile(pilot, "https://example.awsapps.com/start", "dev-sso")
            await pilot.press("1")
            await settle(pilot)
            assert step_of(app) == "auth_form"
            assert app.screen.query_one("#field-aws_profile", Field).text == "dev-sso"

    run(scenario)
    assert config.read_bytes() == before


def test_quitting_before_the_confirm_writes_nothing(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    write_machine(tmp_home)
    case = next(c for c in CASES if c.name == "bedrock-access-keys")
    config_before = (tmp_home / ".aws" / "config").read_bytes()
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await walk_to_review(pilot, case)
            assert step_of(app) == "review"
            await pilot.press("ctrl+q")
            await pilot.pause()

    run(scenario)
    assert not (tmp_home / ".claude").exists()
    assert (tmp_home / ".aws" / "config").read_bytes() == config_before
    assert keyring_env.lookup("claude-setup", "bedrock/aws-secret-access-key") is None
    assert profiles.all_profiles() == []


def test_a_rerun_switches_profile_in_three_keys(tmp_home: Path) -> None:
    seed_profiles()
    settings_path = tmp_home / ".claude" / "settings.json"
    assert "CLAUDE_CODE_USE_VERTEX" in json.loads(settings_path.read_text())["env"]
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "Now: Google Vertex AI" in str(app.screen.query_one("#current").render())
            await pilot.press("1", "enter")  # profile 1 ('personal'), switch
            await settle(pilot)
            assert step_of(app) == "ConfirmScreen"
            await pilot.press("y")  # the third key
            await settle(pilot)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    settings = json.loads(settings_path.read_text())
    assert "CLAUDE_CODE_USE_VERTEX" not in settings.get("env", {})
    assert profiles.active_name() == "personal"


def test_removing_a_profile_asks_then_deletes_it_and_its_keyring_entry(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    seed_profiles()
    from wizard import engine
    from wizard.model import Setup
    from wizard.secrets.value import Secret

    engine.apply_plan(
        engine.prepare_plan(Setup("anthropic", "api-key", profile="keyed"), Secret(ANTHROPIC_KEY))
    )
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("1", "d")  # 'keyed' sorts first
            await settle(pilot)
            assert step_of(app) == "ConfirmScreen"
            assert "API key" in str(app.screen.query_one("#details").render())
            await pilot.press("y")
            await settle(pilot)

    run(scenario)
    assert [p.name for p in profiles.all_profiles()] == ["personal", "work"]
    assert SecretStore().get("keyed", "api-key") is None


def test_edit_opens_the_wizard_on_the_profiles_values(tmp_home: Path) -> None:
    seed_profiles()
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("2", "e")  # 'work'
            await settle(pilot)
            assert step_of(app) == "provider"
            await pilot.press("enter", "enter")  # Vertex AI and ADC, as saved
            await settle(pilot)
            assert app.screen.query_one("#field-project_id", Field).text == "example-project"
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "region"
            assert app.screen.query_one("#field-region", Field).text == "global"

    run(scenario)


def test_try_it_runs_the_key_helper_and_the_gateway_is_probed(tmp_home: Path) -> None:
    discovery = FakeDiscovery()
    app = make_app(discovery)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "5")
            await settle(pilot)
            await type_text(pilot, "https://llm.example.com")
            await pilot.press("enter")
            await settle(pilot)
            assert "answers in 12 ms" in notice_of(app)
            await pilot.press("1", "2")  # Anthropic API format, key helper
            await settle(pilot)
            await type_text(pilot, "print-gateway-key")
            await pilot.press("ctrl+t")
            await settle(pilot)
            assert "answers with a key" in notice_of(app)

    run(scenario)
    assert discovery.calls.count("probe_gateway") == 1
    assert "try_helper" in discovery.calls


def test_the_welcome_shows_what_managed_settings_and_the_shell_force(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_profiles()
    managed = Path(os.environ["CLAUDE_SETUP_MANAGED_DIR"])
    managed.mkdir(parents=True, exist_ok=True)
    (managed / "managed-settings.json").write_text(
        '{"env": {"ANTHROPIC_MODEL": "claude-opus-4-8"}}'
    )
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            current = str(app.screen.query_one("#current").render())
            assert "ANTHROPIC_MODEL = claude-opus-4-8  (managed)" in current
            assert "forced by managed settings: ANTHROPIC_MODEL" in current
            assert "from your shell's environment: AWS_REGION" in current

    run(scenario)


def test_editing_a_profile_keeps_its_stored_key_when_none_is_typed(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    from wizard import engine
    from wizard.model import Setup
    from wizard.secrets.value import Secret

    engine.apply_plan(
        engine.prepare_plan(Setup("anthropic", "api-key", profile="keyed"), Secret(ANTHROPIC_KEY))
    )
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("1", "e")
            await settle(pilot)
            await pilot.press("enter", "enter")  # Anthropic API, API key: as saved
            await settle(pilot)
            assert "keep the key" in str(app.screen.query_one("#hint-secret").render())
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert app.screen.query_one("#field-profile", Field).text == "keyed"
            await pilot.press("enter")
            await settle(pilot)
            assert step_of(app) == "review"
            assert "keyring: store" not in str(app.screen.query_one("#plan").render())
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    assert keyring_env.lookup("claude-setup", "keyed/api-key") == ANTHROPIC_KEY
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["apiKeyHelper"].endswith(" key keyed")


def test_options_offer_no_betas_for_a_bedrock_gateway(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "5")
            await settle(pilot)
            await type_text(pilot, "https://llm.example.com/bedrock")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("2", "3", "1")  # Bedrock pass-through, no key, first region
            await settle(pilot)
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert step_of(app) == "options"
            assert not app.screen.query("#plaintext")
            app.screen.query_one("#betas").focus()
            await pilot.press("space")
            app.screen.query_one("#input-profile").focus()
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    env = json.loads((tmp_home / ".claude" / "settings.json").read_text())["env"]
    assert env["CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"] == "1"


def test_the_welcome_says_whether_the_keyring_holds_the_active_profiles_key(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    from wizard import engine
    from wizard.model import Setup
    from wizard.secrets.value import Secret

    engine.apply_plan(
        engine.prepare_plan(Setup("anthropic", "api-key", profile="keyed"), Secret(ANTHROPIC_KEY))
    )

    async def look() -> str:
        app = make_app(FakeDiscovery())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            return str(app.screen.query_one("#keyring").render())

    shown: list[str] = []
    run(lambda: _collect(look, shown))
    SecretStore().delete("keyed", "api-key")
    run(lambda: _collect(look, shown))
    assert "the API key is stored" in shown[0]
    assert "the API key is missing" in shown[1]
    assert ANTHROPIC_KEY[-12:] not in "".join(shown)


async def _collect(look: Callable[[], Awaitable[str]], into: list[str]) -> None:
    into.append(await look())
