"""Which provider a configuration makes Claude Code use, read from the provider modules' own
switches (``wizard.providers.detect``), and how it is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wizard import labels
from wizard.helpers import key
from wizard.providers import detect
from wizard.providers.base import ProviderChoice, ProviderModule
from wizard.providers.registry import REGISTRY
from wizard.settings import owned


@pytest.mark.parametrize(
    ("env", "choice", "described"),
    [
        ({}, ProviderChoice("anthropic"), "anthropic"),
        ({"ANTHROPIC_BASE_URL": "https://gw"}, ProviderChoice("gateway", "anthropic"),
         "anthropic-compatible endpoint"),
        ({"CLAUDE_CODE_USE_GATEWAY": "1", "ANTHROPIC_BASE_URL": "https://gw"},
         ProviderChoice("gateway", "anthropic", gateway_mode=True), "gateway (gateway mode)"),
        ({"CLAUDE_CODE_USE_GATEWAY": "1"}, ProviderChoice("anthropic"), "anthropic"),
        ({"CLAUDE_CODE_USE_GATEWAY": "1", "CLAUDE_CODE_USE_ANTHROPIC_AWS": "1",
          "ANTHROPIC_BASE_URL": "https://gw"},
         ProviderChoice("gateway", "anthropic", gateway_mode=True), "gateway (gateway mode)"),
        ({"CLAUDE_CODE_USE_BEDROCK": "1", "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "true"},
         ProviderChoice("gateway", "bedrock"), "gateway (bedrock)"),
        ({"CLAUDE_CODE_USE_VERTEX": "1", "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1"},
         ProviderChoice("gateway", "vertex"), "gateway (vertex)"),
        ({"CLAUDE_CODE_USE_MANTLE": "1", "CLAUDE_CODE_SKIP_MANTLE_AUTH": "1"},
         ProviderChoice("mantle"), "mantle"),
        ({"CLAUDE_CODE_USE_BEDROCK": "0", "CLAUDE_CODE_USE_VERTEX": "yes"},
         ProviderChoice("vertex"), "vertex"),
    ],
)  # fmt: skip
def test_the_provider_is_detected_as_claude_code_chooses_it(
    env: dict[str, str], choice: ProviderChoice, described: str
) -> None:
    assert detect.detect(env) == choice
    assert choice.describe() == described


@pytest.mark.parametrize("module", [m for m in REGISTRY.values() if m.switch])
def test_each_switch_alone_chooses_its_provider(module: ProviderModule) -> None:
    assert module.switch is not None
    env = {module.switch: "1", "ANTHROPIC_BASE_URL": "https://gw"}
    assert detect.detect(env).provider == module.name


def test_every_switch_a_provider_declares_is_a_key_claude_setup_owns() -> None:
    """A switch claude-setup does not own would survive a switch to another provider."""
    declared = {v for m in REGISTRY.values() for v in (m.switch, m.skip_auth) if v}
    assert declared <= set(owned.PROVIDER_SWITCHES)
    assert set(detect.switches()) == {m.switch for m in REGISTRY.values() if m.switch}


def test_a_configuration_is_titled_for_a_person() -> None:
    assert labels.choice_title(ProviderChoice("bedrock")) == "Amazon Bedrock"
    assert labels.choice_title(ProviderChoice("gateway", "vertex")) == (
        "LLM gateway (Vertex AI pass-through)"
    )
    assert labels.choice_title(ProviderChoice("gateway", "anthropic", gateway_mode=True)) == (
        "LLM gateway, gateway mode"
    )


class Recording(dict[str, str]):
    """A mapping that remembers every variable asked of it."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: object = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)


def test_the_key_helpers_quick_answer_is_the_one_detect_gives() -> None:
    """The key helper skips loading the providers when no switch and no base URL is set: then
    whatever else names an address (every variable a provider's destination reads), the
    requests go to the Anthropic API, which no variable named."""
    asked = Recording()
    for module in REGISTRY.values():
        module.destination(asked)
    assert all(m.switch.startswith(key.SWITCH_PREFIX) for m in REGISTRY.values() if m.switch)
    env = {name: "https://evil.example" for name in asked.asked if name != "ANTHROPIC_BASE_URL"}
    assert key.on_anthropic_api(env)
    assert detect.request_destination(env) == ("https://api.anthropic.com", None)
    assert not key.on_anthropic_api({**env, "CLAUDE_CODE_USE_MANTLE": "0"})


@pytest.mark.parametrize("endpoint", [None, "https://gateway.example.com"])
def test_the_key_helper_reads_a_profiles_record_alone(
    unit_home: Path, monkeypatch: pytest.MonkeyPatch, endpoint: str | None
) -> None:
    """A record of where the key goes (``null``: the provider's own host) is the answer: the
    slower way through the saved setup is for profiles saved before records."""
    from wizard import binding
    from wizard.appdirs import profiles_dir

    def slow(name: str, kind: str) -> None:
        raise AssertionError("the saved setup was read")

    monkeypatch.setattr(binding, "profile_binding", slow)
    record = {"bindings": {"api-key": {"provider": "anthropic", "endpoint": endpoint}}}
    folder = profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "p.json").write_text(json.dumps(record))
    assert key.bound_endpoint("p") == endpoint
