"""``wizard/data/models.json`` agrees with the catalogue and retirement table of the pinned
Claude Code, read out of the installed package: moving the pin shows any drift at once."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import claude_code_package as package
import pytest

from wizard import catalogue
from wizard.model import Provider

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test"
PROVIDER_KEYS: dict[Provider, str] = {
    "anthropic": "first_party",
    "bedrock": "bedrock",
    "vertex": "vertex",
    "foundry": "foundry",
    "gateway": "gateway",
}
RETIREMENT_KEYS: dict[Provider, str] = {
    "anthropic": "firstParty",
    "bedrock": "bedrock",
    "vertex": "vertex",
    "foundry": "foundry",
    "gateway": "gateway",
}
ALIAS_KEYS: dict[Provider, str] = {p: p for p in PROVIDER_KEYS}


@pytest.fixture(scope="module")
def claude_code() -> dict[str, Any]:
    return package.model_catalogue()


@pytest.fixture(scope="module")
def retirements() -> dict[str, Any]:
    return package.retirement_table()


def test_the_pin_the_package_and_the_catalogue_name_one_version() -> None:
    pinned = re.search(r"^CLAUDE_CODE_VERSION=(\S+)$", SCRIPT.read_text(), re.MULTILINE)
    assert pinned is not None
    assert package.version() == pinned.group(1) == catalogue.claude_code_version()


def _bedrock_base(profile_id: str | None) -> str | None:
    return profile_id.split(".", 1)[1] if profile_id else None


def test_every_model_of_claude_code_is_there_with_its_ids(claude_code: dict[str, Any]) -> None:
    for theirs in claude_code["models"]:
        ours = catalogue.by_claude_code_id(theirs["id"])
        ids = theirs["provider_ids"]
        assert ours.family == theirs["family"], theirs["id"]
        assert ours.anthropic_id == ids["first_party"], theirs["id"]
        assert ours.bedrock_id == _bedrock_base(ids["bedrock"]), theirs["id"]
        assert ours.vertex_id == ids["vertex"], theirs["id"]
        assert ours.foundry_id == ids["foundry"], theirs["id"]
        assert ours.gateway_id == ids.get("gateway"), theirs["id"]
        assert ours.anthropic_aws_id == ids.get("anthropic_aws"), theirs["id"]
        assert ours.anthropic_google_cloud_id == ids.get("anthropic_google_cloud"), theirs["id"]
        assert ours.mantle_id == ids.get("mantle"), theirs["id"]
        assert ours.vertex_region_env_var == theirs.get("vertex_region_env_var"), theirs["id"]
        assert ours.max_output_tokens == theirs["max_output_tokens"]["upper"], theirs["id"]
        context = theirs.get("context")
        if context:
            window = max(context.get("window", 0), context.get("maximum_window", 0))
            assert ours.context_1m == (window >= 1_000_000), theirs["id"]


def test_nothing_claims_a_claude_code_id_claude_code_does_not_have(
    claude_code: dict[str, Any], retirements: dict[str, Any]
) -> None:
    known = {m["id"] for m in claude_code["models"]} | set(retirements)
    for model in catalogue.all_models():
        assert model.claude_code_id is None or model.claude_code_id in known, model.key
        assert model.claude_code_recognises, model.key


def _day(text: str | None) -> object:
    return datetime.strptime(text, "%B %d, %Y").date() if text else None


def test_retirement_dates_and_remaps_agree(retirements: dict[str, Any]) -> None:
    for model in catalogue.all_models():
        row = retirements.get(model.claude_code_id or "")
        dates = row["retirementDates"] if row else {}
        for provider, key in RETIREMENT_KEYS.items():
            assert model.retires_on(provider) == _day(dates.get(key)), (model.key, provider)
        assert model.remapped_to == (row or {}).get("remappedTo"), model.key


def test_aliases_agree(claude_code: dict[str, Any]) -> None:
    expected = {
        family: {
            provider: alias["per_provider"].get(key, alias["default"])
            if provider != "anthropic"
            else alias["default"]
            for provider, key in ALIAS_KEYS.items()
        }
        for family, alias in claude_code["aliases"].items()
    }
    assert catalogue.aliases() == expected


def test_the_literal_reader_handles_minified_javascript() -> None:
    text = '{"a-b":{name:"x, y: {z}",ok:!0,no:!1,n:null,list:[1,"}"]}}'
    sliced = package.balanced(text.encode() + b";rest}", 0).decode()
    assert sliced == text
    assert package.js_object_to_json(sliced) == (
        '{"a-b":{"name":"x, y: {z}","ok":true,"no":false,"n":null,"list":[1,"}"]}}'
    )
