"""doctor's live check of the new providers when it makes no request (authentication skipped,
a required value missing), and of gateway mode without its token."""

from __future__ import annotations

from typing import Any

import pytest

from wizard.doctor import live
from wizard.providers.registry import REGISTRY

USER = "user ~/.claude/settings.json"
"""Where each value of these reports comes from: the user's own settings."""


def report_for(provider: str, env: dict[str, str]) -> dict[str, Any]:
    """What ``status`` finds when the user's settings switch to ``provider`` with ``env``."""
    switch = REGISTRY[provider].switch
    assert switch is not None
    values = {switch: "1", **env}
    effective = {k: {"value": v, "from": USER} for k, v in values.items()}
    return {"provider": provider, "effective": effective}


@pytest.mark.parametrize(
    ("provider", "skip"),
    [
        ("anthropic-aws", "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH"),
        ("anthropic-google-cloud", "CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH"),
        ("mantle", "CLAUDE_CODE_SKIP_MANTLE_AUTH"),
    ],
)
def test_skipped_authentication_is_not_checked(provider: str, skip: str) -> None:
    checks = live.run(report_for(provider, {skip: "1"}))
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
    checks = live.run(report_for(provider, env))
    assert [c.status for c in checks] == ["fail"]
    assert checks[0].message.startswith(f"{variable} is not set")


def test_gateway_mode_without_its_token_says_how_to_check() -> None:
    checks = live.run(report_for("gateway", {"ANTHROPIC_BASE_URL": "https://llm.example.com"}))
    assert [c.status for c in checks] == ["ok"]
    assert "claude-setup run -- claude-setup doctor" in checks[0].message
