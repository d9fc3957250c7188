"""The model catalogue flags a retired, soon retired, unknown or unserved model in the plan."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from wizard.model import Setup
from wizard.plan import pin_model_roles, plan


@pytest.mark.parametrize(
    ("setup", "today", "expected"),
    [
        (Setup("anthropic", "claude-login", model="claude-sonnet-4-5-20250929"),
         date(2026, 11, 1), "will be retired on November 30, 2026"),
        (Setup("anthropic", "claude-login", model="claude-sonnet-4-5-20250929"),
         date(2026, 12, 1), "was retired on November 30, 2026"),
        (Setup("anthropic", "claude-login", fast_model="claude-haiku-9-9"),
         date(2026, 11, 22), "unknown to claude-setup's catalogue"),
        (Setup("bedrock", "default-chain", region="ap-northeast-1",
               model="jp.anthropic.claude-haiku-4-5-20251001-v1:0"),
         date(2026, 11, 22), "the `jp.` profile does not serve Claude Haiku 4.5"),
        (Setup("gateway", "none", gateway_api="vertex", base_url="https://gw.example.com",
               region="us-east5", project_id="my-project-01", model="claude-sonnet-4-5@20250929"),
         date(2026, 11, 22), "will be retired"),
    ],
)
def test_model_warnings(setup: Setup, today: date, expected: str, make_machine: Any) -> None:
    machine = replace(make_machine(), today=today)
    warnings = plan(setup, machine).warnings
    assert any(expected in w for w in warnings), warnings
    assert "warning: " + next(w for w in warnings if expected in w) in plan(
        setup, machine
    ).describe()


@pytest.mark.parametrize(
    "setup",
    [
        Setup("anthropic", "claude-login", model="claude-opus-4-6", fast_model="haiku"),
        Setup("bedrock", "default-chain", region="us-east-1",
              model="us.anthropic.claude-opus-4-6-v1"),
        Setup("gateway", "none", base_url="https://gw.example.com", model="my-team-model"),
    ],
)
def test_current_models_and_gateway_names_pass_quietly(setup: Setup, make_machine: Any) -> None:
    machine = replace(make_machine(), today=date(2026, 11, 22))
    assert [w for w in plan(setup, machine).warnings if "model" in w or "claude" in w] == []


def test_roles_are_pinned_from_discovery_when_given() -> None:
    setup = Setup("bedrock", "default-chain", region="eu-west-1",
                  sonnet_model="eu.anthropic.claude-sonnet-4-6")
    found = {"eu.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"}
    pinned = pin_model_roles(setup, date(2026, 11, 30), found)
    assert pinned.model == pinned.opus_model == "eu.anthropic.claude-opus-4-6-v1"
    assert pinned.sonnet_model == "eu.anthropic.claude-sonnet-4-6"  # chosen: kept
    assert pinned.fast_model == "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
    # nothing callable for Fable: the catalogue's own choice, with the region's prefix
    assert pinned.fable_model == "eu.anthropic.claude-fable-5-2"


def test_roles_left_open_are_preselected_among_what_discovery_found_callable(
    make_machine: Any,
) -> None:
    """Bedrock in eu-west-1 where discovery found only the global Sonnet 4.6 and Haiku 4.5
    profiles callable: the open roles take those, not the catalogue's regional newest."""
    setup = Setup("bedrock", "default-chain", region="eu-west-1")
    found = frozenset(
        {"global.anthropic.claude-sonnet-4-6", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"}
    )
    machine = replace(make_machine(), callable_models=found)
    env = json.loads(plan(setup, machine).settings.after)["env"]
    assert env["ANTHROPIC_DEFAULT_SONNET_MODEL"] in found
    assert env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] in found
    catalogue_only = json.loads(plan(setup, make_machine()).settings.after)["env"]
    assert catalogue_only["ANTHROPIC_DEFAULT_SONNET_MODEL"] not in found
