"""Per-model Vertex AI regions (``VERTEX_REGION_*``) and a gateway's custom headers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wizard.cli.dispatch import error_line
from wizard.model import Setup, SetupError
from wizard.plan import plan
from wizard.secrets.value import Secret

VERTEX: dict[str, Any] = {"region": "global", "project_id": "my-project-123"}
GATEWAY_KEY = "sk-litellm-EXAMPLE-headerKEY-0123456789"
ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEheaderKEY0123456789"


def env_of(setup: Setup, make_machine: Any, secret: str | None = None) -> dict[str, str]:
    result = plan(setup, make_machine(), Secret(secret) if secret else None)
    data: dict[str, str] = json.loads(result.settings.after)["env"]
    return data


def test_a_model_in_another_region_gets_its_variable(make_machine: Any) -> None:
    setup = Setup("vertex", "adc", **VERTEX, fast_model="claude-haiku-4-5@20251001",
                  vertex_region=("claude-haiku-4-5@20251001=us-east5",
                                 "claude-opus-5-5=global", "claude-fable-5-2=europe-west1"))
    env = env_of(setup, make_machine)
    regions = {k: v for k, v in env.items() if k.startswith("VERTEX_REGION_")}
    # the region of the setup itself needs no variable
    assert regions == {
        "VERTEX_REGION_CLAUDE_HAIKU_4_5": "us-east5",
        "VERTEX_REGION_CLAUDE_FABLE_5_2": "europe-west1",
    }


def test_a_vertex_gateway_gets_the_variables_too(make_machine: Any) -> None:
    setup = Setup("gateway", "none", gateway_api="vertex", base_url="https://gw.example.com/v1",
                  region="europe-west1", project_id="team-project-42",
                  vertex_region=("claude-sonnet-4-6=us-east5",))
    assert env_of(setup, make_machine)["VERTEX_REGION_CLAUDE_4_6_SONNET"] == "us-east5"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (Setup("vertex", "adc", **VERTEX, vertex_region=("claude-sonnet-4-6",)),
         "--vertex-region: 'claude-sonnet-4-6' is not MODEL=REGION"),
        (Setup("vertex", "adc", **VERTEX, vertex_region=("claude-sonnet-4-6=mars",)),
         "--vertex-region: 'mars' is not a Vertex AI region"),
        (Setup("vertex", "adc", **VERTEX, vertex_region=("gemini-pro=us-east5",)),
         "--vertex-region: no VERTEX_REGION_* variable is known for gemini-pro"),
        (Setup("bedrock", "default-chain", region="us-east-1",
               vertex_region=("claude-sonnet-4-6=us-east5",)),
         "--vertex-region: does not apply to bedrock"),
        (Setup("gateway", "none", base_url="https://gw.example.com",
               vertex_region=("claude-sonnet-4-6=us-east5",)),
         "--vertex-region: applies only to a Vertex AI gateway"),
        (Setup("gateway", "none", base_url="https://gw.example.com",
               custom_header=("X-Team platform",)),
         "--custom-header: 'X-Team platform' is not 'Name: Value'"),
        (Setup("gateway", "none", base_url="https://gw.example.com",
               custom_header=(f"X-Team: {ANTHROPIC_KEY}",)),
         "--custom-header: holds what looks like an Anthropic API key; secrets are never taken"),
        (Setup("gateway", "none", base_url="https://gw.example.com",
               custom_header=("X-LiteLLM-API-Key: abc",)),
         "--custom-header: X-LiteLLM-API-Key carries a credential: choose the header auth "
         "method with X-LiteLLM-API-Key as its secret header"),
        (Setup("gateway", "header", base_url="https://gw.example.com"),
         "--secret-header: the name of the header that carries the gateway key is required"),
        (Setup("gateway", "header", base_url="https://gw.example.com",
               secret_header="x-team", custom_header=("X-Team: a",)),
         "--custom-header: x-team is the secret header"),
        (Setup("gateway", "header", base_url="https://gw.example.com",
               secret_header="bad header"),
         "--secret-header: 'bad header' is not an HTTP header name"),
        (Setup("anthropic", "claude-login", custom_header=("X-Team: a",)),
         "--custom-header: does not apply to anthropic"),
    ],
)
def test_bad_regions_and_headers_are_refused(
    setup: Setup, message: str, make_machine: Any
) -> None:
    with pytest.raises(SetupError) as caught:
        plan(setup, make_machine(), Secret(GATEWAY_KEY) if setup.auth == "header" else None)
    assert error_line(caught.value).startswith(message)


def test_plain_custom_headers_go_into_the_settings(make_machine: Any) -> None:
    setup = Setup("gateway", "api-key", base_url="https://gw.example.com",
                  custom_header=("X-Team: platform", "X-Env: dev"))
    env = env_of(setup, make_machine, GATEWAY_KEY)
    assert env["ANTHROPIC_CUSTOM_HEADERS"] == "X-Team: platform\nX-Env: dev"


def test_a_secret_header_stays_in_the_keyring(make_machine: Any) -> None:
    setup = Setup("gateway", "header", base_url="https://gw.example.com",
                  secret_header="x-litellm-api-key", custom_header=("X-Team: platform",))
    result = plan(setup, make_machine(), Secret(GATEWAY_KEY))
    env = json.loads(result.settings.after)["env"]
    # every header travels through claude-setup run: a value here would beat it
    assert "ANTHROPIC_CUSTOM_HEADERS" not in env
    assert env["ANTHROPIC_AUTH_TOKEN"] == "no-key"
    assert result.store_secret is not None and result.store_secret.kind == "gateway-header"
    assert result.env_secret_var == "ANTHROPIC_CUSTOM_HEADERS"
    assert any("claude-setup run" in w for w in result.warnings)
    assert GATEWAY_KEY not in result.describe()


def test_a_secret_header_in_plain_text_when_asked(make_machine: Any) -> None:
    setup = Setup("gateway", "header", base_url="https://gw.example.com",
                  secret_header="x-litellm-api-key", custom_header=("X-Team: platform",),
                  plaintext_secrets=True)
    result = plan(setup, make_machine(), Secret(GATEWAY_KEY))
    env = json.loads(result.settings.after)["env"]
    assert env["ANTHROPIC_CUSTOM_HEADERS"] == (
        f"X-Team: platform\nx-litellm-api-key: {GATEWAY_KEY}"
    )
    assert result.settings.mode == 0o600
    assert GATEWAY_KEY not in result.describe()


def test_repeated_fields_survive_the_profile_form() -> None:
    setup = Setup("gateway", "header", base_url="https://gw.example.com",
                  secret_header="x-key", custom_header=("X-Team: a", "X-Env: b"))
    again = Setup.from_dict(json.loads(json.dumps(setup.to_dict())))
    assert again == setup
    assert "vertex_region" not in setup.to_dict()
