"""Which ``VERTEX_REGION_*`` value the models screen carries, and the line it shows."""

from __future__ import annotations

from typing import Any

from wizard.tui import models

HAIKU_3_5 = "claude-3-5-haiku@20241022"
HAIKU_3 = "claude-3-haiku@20240307"
GLOBAL: dict[str, Any] = {"provider": "vertex", "auth": "adc", "region": "global"}


def test_a_model_without_a_global_endpoint_is_called_in_a_region() -> None:
    assert models.vertex_region_items(GLOBAL, ["claude-opus-5-5", HAIKU_3_5]) == (
        f"{HAIKU_3_5}=us-east5",
    )
    assert models.region_note(GLOBAL, HAIKU_3_5) == (
        "not in global: VERTEX_REGION_CLAUDE_3_5_HAIKU=us-east5"
    )
    assert models.region_note(GLOBAL, "claude-opus-5-5") == ""


def test_a_region_that_serves_the_model_needs_nothing() -> None:
    regional = {**GLOBAL, "region": "us-east5"}
    assert models.vertex_region_items(regional, [HAIKU_3_5]) == ()
    assert models.region_note(regional, HAIKU_3_5) == ""
    bedrock = {"provider": "bedrock", "auth": "default-chain", "region": "global"}
    assert models.region_note(bedrock, HAIKU_3_5) == ""


def test_a_chosen_region_is_kept_and_a_model_no_longer_chosen_loses_its_item() -> None:
    chosen = {**GLOBAL, "vertex_region": (f"{HAIKU_3_5}=europe-west1", "claude-x=us-east5")}
    assert models.region_note(chosen, HAIKU_3_5).endswith("=europe-west1")
    assert models.vertex_region_items(chosen, [HAIKU_3_5]) == chosen["vertex_region"]
    assert models.vertex_region_items(chosen, ["claude-haiku-5-5"]) == ("claude-x=us-east5",)


def test_a_model_claude_code_cannot_move_says_to_choose_another_region() -> None:
    assert models.vertex_region_items(GLOBAL, [HAIKU_3]) == ()
    assert "choose another region" in models.region_note(GLOBAL, HAIKU_3)
