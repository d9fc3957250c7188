"""Each screen of the wizard in its main states, reached key by key from launch.

Shared by the snapshot tests and ``scripts/screenshots``: a scene is a name, the fake discovery
it runs on, what is on the machine before launch, and the keys that lead to the screen.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cases import GATEWAY_KEY
from fake_discovery import FakeDiscovery
from textual.pilot import Pilot
from walk import settle, type_text

from wizard import engine
from wizard.errors import WizardError
from wizard.model import Setup
from wizard.secrets.value import Secret
from wizard.tui.discovery import SignIn

WRONG_KEY = "sk-ant-api03-EXAMPLEwrongPROVIDERkey0123456789"
API_KEY = "sk-ant-api03-EXAMPLEsnapshotKEY0123456789abcdef"


class WaitingDiscovery(FakeDiscovery):
    """The SSO sign-in stays pending (one countdown tick) until it is cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def sso_wait(self, sign_in: SignIn, on_tick: Callable[[float], None]) -> Any:
        on_tick(599.0)
        for _ in range(500):  # ten seconds at most, then the sign-in "expires"
            if self.release.wait(0.02):
                return "token"
            on_tick(599.0)
        raise WizardError("the sign-in was not approved in time (test)")


class WorkspaceDiscovery(FakeDiscovery):
    """A Claude Platform on AWS workspace that serves four models (not the newest Haiku)."""

    def models(self, setup: Setup, secret: Secret | None) -> list[str]:
        self._call("models")
        return ["claude-opus-5-5", "claude-sonnet-5-5", "claude-sonnet-4-6",
                "claude-haiku-4-5-20251001"]  # fmt: skip


def seed_profiles() -> None:
    """Two saved profiles, 'work' (Vertex AI) active, applied with the engine itself."""
    engine.apply_plan(engine.prepare_plan(Setup("anthropic", "claude-login", profile="personal")))
    engine.apply_plan(
        engine.prepare_plan(
            Setup(
                "vertex",
                "adc",
                profile="work",
                region="global",
                project_id="example-project",
                model="claude-sonnet-4-6",
            )
        )
    )


def seed_team_file() -> None:
    """A team setup file in HOME (typed as ``~/team.json``: the same text on every machine)."""
    team = {
        "format": "claude-setup-team",
        "version": 1,
        "name": "platform",
        "description": "Bedrock in Ireland for the platform team",
        "setup": {
            "provider": "bedrock",
            "auth": "sso",
            "region": "eu-west-1",
            "model": "eu.anthropic.claude-sonnet-4-6",
            "fast_model": "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
        },
        "asked_on_import": ["aws_profile"],
    }
    (Path.home() / "team.json").write_text(json.dumps(team, indent=2))


def seed_sso_team_file() -> None:
    """An SSO team setup file in HOME: the team's sign-in travels with it."""
    team = {
        "format": "claude-setup-team",
        "version": 1,
        "name": "platform",
        "description": "Bedrock in Frankfurt through the company's SSO",
        "setup": {"provider": "bedrock", "auth": "sso", "region": "eu-central-1"},
        "sso": {
            "start_url": "https://corp.awsapps.com/start",
            "sso_region": "eu-west-1",
            "account_id": "123456789012",
            "role_name": "ClaudeDeveloper",
        },
        "asked_on_import": [],
    }
    (Path.home() / "team.json").write_text(json.dumps(team, indent=2))


def seed_profiles_and_team_project() -> None:
    """Saved profiles and a team's choice: the welcome screen's longest footer."""
    seed_profiles()
    seed_team_project()


def seed_team_project() -> None:
    """The current project's shared settings already choose Bedrock (the team's choice)."""
    folder = Path.cwd() / ".claude"
    folder.mkdir(exist_ok=True)
    env = {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1"}
    (folder / "settings.json").write_text(json.dumps({"env": env}, indent=2))


def seed_own_aws_profile() -> None:
    """An AWS profile ``claude`` of the person's own, which a new SSO profile must not replace."""
    folder = Path.home() / ".aws"
    folder.mkdir(exist_ok=True)
    (folder / "config").write_text("[profile claude]\nregion = us-west-2\n")


Keys = Callable[[Pilot[int]], Awaitable[None]]


@dataclass
class Scene:
    name: str
    keys: Keys
    seed: Callable[[], None] | None = None
    discovery: Callable[[], FakeDiscovery] = field(default=FakeDiscovery)


def press(*keys: str) -> Keys:
    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def then_type(before: Keys, text: str, *after: str) -> Keys:
    async def run(pilot: Pilot[int]) -> None:
        await before(pilot)
        await type_text(pilot, text)
        for key in after:
            await pilot.press(key)
            await settle(pilot)

    return run


async def anthropic_to_review(pilot: Pilot[int]) -> None:
    await press("enter", "1", "1")(pilot)
    await type_text(pilot, API_KEY)
    await press("enter", "enter", "enter", "enter")(pilot)


GATEWAY_URL = "https://llm.example.com"


async def gateway_mode_to_options(pilot: Pilot[int]) -> None:
    """An Anthropic-format gateway in gateway mode, with a gateway token, to the options."""
    await then_type(press("enter", "5"), GATEWAY_URL, "enter", "4", "5")(pilot)
    await type_text(pilot, GATEWAY_KEY)
    await press("enter", "enter", "enter")(pilot)


async def gateway_mode_to_review(pilot: Pilot[int]) -> None:
    await gateway_mode_to_options(pilot)
    await press("enter")(pilot)


async def service_tier_to_review(pilot: Pilot[int]) -> None:
    await press("enter", "2", "6", "1", "enter", "enter")(pilot)
    pilot.app.screen.query_one("#radios-service_tier").focus()
    await press("right", "enter")(pilot)
    pilot.app.screen.query_one("#input-profile").focus()
    await press("enter")(pilot)


async def team_project_to_review(pilot: Pilot[int]) -> None:
    """``t`` on the project's Bedrock choice, the folder trusted, access keys: only the
    teammate's own part."""
    await press("t", "y", "1")(pilot)
    for text in ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"):
        await type_text(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


async def vertex_regional_fast_model(pilot: Pilot[int]) -> None:
    """Vertex AI in global, a fast model served only in regions typed in."""
    await press("enter", "3", "1", "enter", "1", "enter")(pilot)
    pilot.app.screen.query_one("#input-fast_model").focus()
    await pilot.pause()
    await type_text(pilot, "claude-3-5-haiku@20241022")


async def sso_code(pilot: Pilot[int]) -> None:
    await press("enter", "2", "2", "ctrl+n")(pilot)
    for text in ("https://example.awsapps.com/start", "us-east-1", "claude"):
        await type_text(pilot, text)
        await pilot.press("enter")
    await pilot.pause(0.2)


SCENES: list[Scene] = [
    Scene("welcome-first-run", press()),
    Scene("welcome-rerun", press(), seed=seed_profiles),
    Scene("confirm-switch", press("1", "enter"), seed=seed_profiles),
    Scene("confirm-remove", press("1", "d"), seed=seed_profiles),
    Scene("provider", press("enter")),
    Scene("gateway", then_type(press("enter", "5"), "https://llm.example.com", "enter")),
    Scene(
        "gateway-mode",
        then_type(press("enter", "5"), GATEWAY_URL, "enter", "down", "down", "down"),
    ),
    Scene("auth-gateway-mode", then_type(press("enter", "5"), GATEWAY_URL, "enter", "4")),
    Scene("auth-bedrock", press("enter", "2")),
    Scene("auth-form-api-key", then_type(press("enter", "1", "1"), API_KEY)),
    Scene("auth-form-refused-key", then_type(press("enter", "2", "4"), WRONG_KEY)),
    Scene("auth-form-sso-profiles", press("enter", "2", "2")),
    Scene("auth-form-helper", then_type(press("enter", "1", "2"), "pass show anthropic")),
    Scene("auth-form-vertex-adc", press("enter", "3", "1")),
    Scene("region-bedrock", press("enter", "2", "6")),
    Scene(
        "region-discovery-failed",
        press("enter", "2", "6"),
        discovery=lambda: FakeDiscovery(fail={"regions"}),
    ),
    Scene("models", then_type(press("enter", "1", "1"), API_KEY, "enter")),
    Scene("models-vertex-region", vertex_regional_fast_model),
    Scene(
        "models-workspace",
        then_type(press("enter", "6", "6"), "wrkspc_01EXAMPLE", "enter", "1"),
        discovery=WorkspaceDiscovery,
    ),
    Scene("options-bedrock", press("enter", "2", "6", "1", "enter", "enter")),
    Scene("options-gateway-mode", gateway_mode_to_options),
    Scene("review", anthropic_to_review),
    Scene("review-gateway-mode", gateway_mode_to_review),
    Scene("review-service-tier", service_tier_to_review),
    Scene("done", press("enter", "1", "3", "enter", "enter", "enter", "y")),
    Scene("sso-sign-in", sso_code, discovery=WaitingDiscovery),
    Scene("sso-sign-in-name-taken", sso_code, seed=seed_own_aws_profile),
    Scene("import-team", then_type(press("i"), "~/team.json", "enter"), seed=seed_team_file),
    Scene(
        "import-team-sso", then_type(press("i"), "~/team.json", "enter"), seed=seed_sso_team_file
    ),
    Scene(
        "sso-sign-in-team",
        then_type(press("i"), "~/team.json", "enter", "enter"),
        seed=seed_sso_team_file,
    ),
    Scene("welcome-team-project", press(), seed=seed_team_project),
    Scene("welcome-rerun-team-project", press(), seed=seed_profiles_and_team_project),
    Scene("trust-team-project", press("t"), seed=seed_team_project),
    Scene("auth-form-team-project", press("t", "y", "1"), seed=seed_team_project),
    Scene("review-team-project", team_project_to_review, seed=seed_team_project),
]
