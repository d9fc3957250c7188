"""doctor's live check of the new providers when it makes no request (authentication skipped,
a required value missing), and of gateway mode without its token."""

from __future__ import annotations

import pytest

from wizard.doctor import live

USER = "user ~/.claude/settings.json"
"""Where each value of these reports comes from: the user's own settings."""


@pytest.mark.parametrize(
    ("provider", "skip"),
    [
        ("anthropic-aws", "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH"),
        ("anthropic-google-cloud", "CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH"),
        ("mantle", "CLAUDE_CODE_SKIP_MANTLE_AUTH"),
    ],
)
def test_skipped_authentication_is_not_checked(provider: str, skip: str) -> None:
    report = {"provider": provider, "effective": {skip: {"value": "1", "from": USER}}}
    checks = live.run(report)
    assert [c.status for c in checks] == ["ok"]
    assert skip in checks[0].message and "not checked" in checks[0].message


@pytest.mark.parametrize(
    ("provider", "env", "variable"),
    [
        ("anthropic-aws", {"ANTHROPIC_AWS_API_KEY": "EXAMPLEkey0123456789abcdef"},
         "ANTHROPIC_AWS_WORKSPACE_ID"),
        ("anthropic-google-cloud", {"ANTHROPIC_GOOGLE_CLOUD_PROJECT": "p"},
         "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID"),
        ("anthropic-google-cloud", {}, "ANTHROPIC_GOOGLE_CLOUD_PROJECT"),
    ],
)
def test_a_missing_workspace_or_project_fails_before_any_request(
    provider: str, env: dict[str, str], variable: str
) -> None:
    effective = {k: {"value": v, "from": USER} for k, v in env.items()}
    report = {"provider": provider, "effective": effective}
    checks = live.run(report)
    assert [c.status for c in checks] == ["fail"]
    assert checks[0].message.startswith(f"{variable} is not set")


def test_gateway_mode_without_its_token_says_how_to_check() -> None:
    report = {
        "provider": "gateway (gateway mode)",
        "effective": {"ANTHROPIC_BASE_URL": {"value": "https://llm.example.com", "from": USER}},
    }
    checks = live.run(report)
    assert [c.status for c in checks] == ["ok"]
    assert "claude-setup run -- claude-setup doctor" in checks[0].message
