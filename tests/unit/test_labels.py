"""The words both faces show for a setup's values: titles, not code names."""

from __future__ import annotations

from wizard import labels


def test_values_read_as_the_wizard_names_them() -> None:
    values = {
        "provider": "bedrock",
        "auth": "default-chain",
        "gateway_mode": True,
        "disable_prompt_caching": True,
        "service_tier": "priority",
        "workspace_id": "team-ws",
    }
    assert labels.value_lines(values) == [
        "Provider: Amazon Bedrock",
        "Auth method: AWS default chain",
        "Gateway mode: on",
        "Prompt caching: off",
        "Service tier: priority",
        "Workspace ID: team-ws",
    ]


def test_an_unknown_name_is_shown_as_it_is() -> None:
    assert labels.provider_title("elsewhere") == "elsewhere"
    assert labels.auth_title("carrier-pigeon") == "carrier-pigeon"
