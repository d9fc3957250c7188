"""doctor's live check for the providers it cannot call yet, and for gateway mode: a plain
word, and no request to the Anthropic API with an unrelated key."""

from __future__ import annotations

import pytest

from wizard.doctor import live


@pytest.mark.parametrize(
    ("provider", "host"),
    [
        ("anthropic-aws", "aws-external-anthropic"),
        ("anthropic-google-cloud", "claude.googleapis.com"),
        ("mantle", "bedrock-mantle"),
    ],
)
def test_new_providers_are_not_sent_to_the_anthropic_api(provider: str, host: str) -> None:
    report = {"provider": provider, "effective": {}}
    checks = live.run(report)
    assert [c.status for c in checks] == ["ok"]
    assert host in checks[0].message and "api.anthropic.com" not in checks[0].message


def test_gateway_mode_without_its_token_says_how_to_check() -> None:
    report = {
        "provider": "gateway (gateway mode)",
        "effective": {"ANTHROPIC_BASE_URL": {"value": "https://llm.example.com"}},
    }
    checks = live.run(report)
    assert [c.status for c in checks] == ["ok"]
    assert "claude-setup run -- claude-setup doctor" in checks[0].message
