"""The model catalogue: its data against its sources, lookups, warnings and defaults."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from wizard import catalogue, validation
from wizard.model import Provider

TODAY = date(2026, 11, 22)

# Models of Claude Code 2.1.332's catalogue that no source says are retiring, newest first
# (the whole catalogue is compared with the package in test_claude_code_catalogue.py).
CURRENT = (
    "claude-opus-5-5",
    "claude-sonnet-5-5",
    "claude-haiku-5-5",
    "claude-fable-5-2",
    "claude-mythos-5-2",
    "claude-fable-5-1",
    "claude-mythos-5-1",
    "claude-opus-5",
    "claude-sonnet-5",
    "claude-fable-5",
    "claude-mythos-5",
    "claude-opus-4-8",
    "claude-opus-4-7",
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-haiku-4-5",
)

# seeds/004: base ID -> the prefixes marked "Oui" (the others are "Non"; no au column).
SEED_TABLE = {
    "anthropic.claude-opus-4-6-v1": {"global", "us", "eu", "jp", "apac"},
    "anthropic.claude-sonnet-4-5-20250929-v1:0": {"global", "us", "eu", "jp"},
    "anthropic.claude-sonnet-4-20250514-v1:0": {"global", "us", "eu", "apac"},
    "anthropic.claude-3-7-sonnet-20250219-v1:0": {"us", "eu", "apac"},
    "anthropic.claude-opus-4-5-20251101-v1:0": {"global", "us", "eu"},
    "anthropic.claude-opus-4-1-20250805-v1:0": {"us"},
    "anthropic.claude-opus-4-20250514-v1:0": {"us"},
    "anthropic.claude-haiku-4-5-20251001-v1:0": {"global", "us", "eu"},
    "anthropic.claude-3-5-haiku-20241022-v1:0": {"us"},
    "anthropic.claude-3-haiku-20240307-v1:0": {"us", "eu", "apac"},
}
SEED_COLUMNS = {"global", "us", "eu", "jp", "apac"}


def test_the_data_loads_and_is_consistent() -> None:
    assert catalogue.as_of() >= date(2026, 11, 1)
    assert catalogue.claude_code_version() == "2.1.332"
    assert catalogue.bedrock_prefixes() == ("global", "us", "eu", "jp", "apac", "au", "us-gov")
    models = catalogue.all_models()
    assert len({m.key for m in models}) == len(models)
    for model in models:
        assert model.family in ("opus", "sonnet", "haiku", "fable", "mythos")
        assert model.name.startswith("Claude ")
        assert model.bedrock_served <= set(catalogue.bedrock_prefixes())
        assert model.bedrock_not_served <= set(catalogue.bedrock_prefixes())
        assert not model.bedrock_served & model.bedrock_not_served
        if model.bedrock_id is None:
            assert not model.bedrock_served and not model.bedrock_not_served
        if model.claude_code_id is None:
            assert model.notes, f"{model.key}: a model Claude Code does not list needs a source"


def test_every_id_passes_the_provider_format_checks() -> None:
    for model in catalogue.all_models():
        for anthropic_id in (model.anthropic_id, *model.anthropic_aliases):
            validation.check_anthropic_model("model", anthropic_id)
        if model.vertex_id:
            validation.check_vertex_model("model", model.vertex_id)
        for prefix in model.bedrock_served:
            profile = model.bedrock_profile_id(prefix)
            assert profile is not None
            validation.check_bedrock_model("model", profile)


@pytest.mark.parametrize("model_id", CURRENT)
def test_current_models_are_there_and_quiet(model_id: str) -> None:
    model = catalogue.lookup("anthropic", model_id)
    assert model is not None and model.claude_code_id == model_id
    assert model.claude_code_recognises
    assert catalogue.check("anthropic", model_id, TODAY) == []


def test_claude_code_recognises_every_model_of_the_catalogue() -> None:
    # [seen, 2.1.332] even claude-3-haiku-20240307, which its catalogue lacks, runs unwarned
    assert all(m.claude_code_recognises for m in catalogue.all_models())


@pytest.mark.parametrize(("base_id", "served"), sorted(SEED_TABLE.items()))
def test_bedrock_availability_matches_the_seed_table(base_id: str, served: set[str]) -> None:
    model = catalogue.lookup("bedrock", base_id)
    assert model is not None and model.bedrock_id == base_id
    assert model.bedrock_served == served
    assert model.bedrock_not_served == SEED_COLUMNS - served
    assert model.serves("au") is None


def test_one_million_context_where_the_sources_say_so() -> None:
    one_m = {m.key for m in catalogue.all_models() if m.context_1m}
    assert {"opus-4-6", "sonnet-4-5", "sonnet-4", "sonnet-4-6"} <= one_m
    haiku = catalogue.by_key("haiku-4-5")
    assert haiku.context_1m is False


def test_lookup_per_provider() -> None:
    sonnet_45 = catalogue.by_key("sonnet-4-5")
    assert catalogue.lookup("anthropic", "claude-sonnet-4-5") is sonnet_45
    assert catalogue.lookup("vertex", "claude-sonnet-4-5@20250929") is sonnet_45
    assert catalogue.lookup("bedrock", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0") is sonnet_45
    assert catalogue.lookup("bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0") is sonnet_45
    assert catalogue.lookup("foundry", "claude-sonnet-4-5-20250929") is sonnet_45
    assert catalogue.lookup("foundry", "claude-sonnet-4-5") is sonnet_45
    assert catalogue.lookup("gateway", "claude-sonnet-4-5-20250929") is sonnet_45
    opus_46 = catalogue.by_key("opus-4-6")
    assert catalogue.lookup("bedrock", "global.anthropic.claude-opus-4-6-v1") is opus_46
    assert catalogue.lookup("bedrock", "us.anthropic.claude-opus-4-6-v1:0[1m]") is opus_46
    assert catalogue.lookup("anthropic", "claude-opus-4-6[1m]") is opus_46
    assert catalogue.lookup("vertex", "claude-opus-4-6") is opus_46


@pytest.mark.parametrize(
    ("provider", "model_id"),
    [
        ("bedrock", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2"),
        ("bedrock", "claude-opus-4-6"),
        ("vertex", "claude-sonnet-4-5-20250929"),
        ("anthropic", "claude-sonnet-4-5@20250929"),
        ("anthropic", "opus"),
        ("anthropic", "sonnet[1m]"),
        ("anthropic", "claude-opus-9-9"),
    ],
)
def test_lookup_gives_none(provider: Provider, model_id: str) -> None:
    assert catalogue.lookup(provider, model_id) is None


def test_models_per_provider() -> None:
    anthropic = [m.anthropic_id for m in catalogue.models("anthropic")]
    assert anthropic[:4] == list(CURRENT[:4])
    vertex = {m.vertex_id for m in catalogue.models("vertex")}
    assert {"claude-opus-5-5", "claude-sonnet-4-6", "claude-haiku-4-5@20251001"} <= vertex
    assert None not in vertex
    bedrock = {m.bedrock_id for m in catalogue.models("bedrock")}
    assert {"anthropic.claude-opus-5-5", "anthropic.claude-fable-5-2"} <= bedrock
    # the Mythos family is served on the Anthropic API only
    mythos = {"claude-mythos-5", "claude-mythos-5-1", "claude-mythos-5-2"}
    assert mythos <= set(anthropic)
    for provider in ("bedrock", "vertex", "foundry", "gateway"):
        assert not mythos & {m.claude_code_id for m in catalogue.models(provider)}


def test_a_retiring_model_is_flagged_within_90_days() -> None:
    model_id = "claude-sonnet-4-5-20250929"
    [warning] = catalogue.check("anthropic", model_id, TODAY)
    assert "will be retired on November 30, 2026" in warning
    assert catalogue.check("anthropic", model_id, date(2026, 8, 1)) == []
    assert catalogue.check("anthropic", model_id, date(2026, 9, 1)) != []
    others: list[tuple[Provider, str]] = [
        ("vertex", "claude-sonnet-4-5@20250929"),
        ("foundry", "claude-sonnet-4-5"),
    ]
    for provider, other_id in others:
        assert any("will be retired" in w for w in catalogue.check(provider, other_id, TODAY))
    # Claude Code's table gives Sonnet 4.5 no date on Bedrock, and Opus 4.5 none either
    bedrock = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
    assert catalogue.check("bedrock", bedrock, TODAY) == []
    [warning] = catalogue.check("anthropic", "claude-opus-4-5-20251101", TODAY)
    assert "will be retired on January 22, 2027" in warning
    assert catalogue.check("bedrock", "us.anthropic.claude-opus-4-5-20251101-v1:0", TODAY) == []


def test_models_retired_on_some_providers_only() -> None:
    sonnet_4 = "claude-sonnet-4-20250514"
    assert "was retired on June 15, 2026" in catalogue.check("anthropic", sonnet_4, TODAY)[0]
    bedrock = catalogue.check("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0", TODAY)
    assert "was retired on October 14, 2026" in bedrock[0]
    haiku_35 = catalogue.check("anthropic", "claude-3-5-haiku-20241022", TODAY)
    assert "was retired on February 19, 2026" in haiku_35[0]
    assert catalogue.check("vertex", "claude-3-5-haiku@20241022", TODAY) == []


def test_opus_4_and_4_1_are_run_as_the_latest_opus_on_the_api() -> None:
    # [seen, 2.1.332] "claude-opus-4-20250514 is automatically remapped to Opus 5.5"
    warnings = catalogue.check("anthropic", "claude-opus-4-1-20250805", TODAY)
    assert warnings == [
        "Claude Code runs Claude Opus 4.1 (claude-opus-4-1-20250805) as the latest Opus on "
        "the Anthropic API; choose that model instead"
    ]
    assert any("as the latest Opus" in w for w in
               catalogue.check("anthropic", "claude-opus-4-20250514", TODAY))
    assert catalogue.check("vertex", "claude-opus-4-1@20250805", TODAY) == []


def test_a_retired_model_is_flagged() -> None:
    for day in (date(2026, 11, 30), date(2027, 3, 1)):
        [warning] = catalogue.check("anthropic", "claude-sonnet-4-5-20250929", day)
        assert "retired on November 30, 2026" in warning
        assert "will be" not in warning


def test_an_unknown_model_is_flagged() -> None:
    [warning] = catalogue.check("anthropic", "claude-opus-9-9", TODAY)
    assert "unknown to claude-setup's catalogue" in warning
    assert "Claude Code 2.1.332 may not recognise it" in warning
    [warning] = catalogue.check("vertex", "claude-opus-9-9@20300101", TODAY)
    assert "unknown to claude-setup's catalogue" in warning
    [warning] = catalogue.check("bedrock", "us.anthropic.claude-opus-9-9-v1:0", TODAY)
    assert "unknown to claude-setup's catalogue" in warning


def test_a_model_with_no_known_id_for_the_provider_is_flagged_as_such() -> None:
    [warning] = catalogue.check("vertex", "claude-mythos-5", TODAY)
    assert "not listed for Vertex AI" in warning
    [warning] = catalogue.check("bedrock", "global.anthropic.claude-mythos-5-2", TODAY)
    assert "not listed for Amazon Bedrock" in warning


def test_user_named_deployments_are_not_flagged() -> None:
    assert catalogue.check("foundry", "my-claude-deployment", TODAY) == []
    assert catalogue.check("gateway", "team/claude-best", TODAY) == []
    # Claude Code's table gives gateways no retirement date
    assert catalogue.check("gateway", "claude-sonnet-4-5-20250929", TODAY) == []


def test_a_bedrock_profile_that_does_not_serve_the_model() -> None:
    warnings = catalogue.check("bedrock", "jp.anthropic.claude-haiku-4-5-20251001-v1:0", TODAY)
    assert warnings == [
        "the `jp.` profile does not serve Claude Haiku 4.5; it is served by global., us., eu."
    ]
    assert catalogue.check("bedrock", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", TODAY) == []
    # au. is not in the seed table: unknown, so not flagged
    assert catalogue.check("bedrock", "au.anthropic.claude-haiku-4-5-20251001-v1:0", TODAY) == []


def test_old_models_are_flagged_as_retired() -> None:
    warnings = catalogue.check("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", TODAY)
    assert any("was retired on April 28, 2026" in w for w in warnings)
    assert not any("recognises" in w for w in warnings)
    warnings = catalogue.check("bedrock", "global.anthropic.claude-opus-4-1-20250805-v1:0", TODAY)
    assert any("the `global.` profile does not serve Claude Opus 4.1" in w for w in warnings)
    assert any("it is served by us." in w for w in warnings)


def test_one_million_suffix_on_a_model_without_it() -> None:
    [warning] = catalogue.check("anthropic", "claude-haiku-4-5[1m]", TODAY)
    assert "no 1M-token context window" in warning
    assert catalogue.check("anthropic", "claude-opus-4-6[1m]", TODAY) == []
    assert catalogue.check("anthropic", "claude-opus-5-5[1m]", TODAY) == []


def test_aliases_and_arns_are_not_flagged() -> None:
    assert catalogue.check("anthropic", "opusplan", TODAY) == []
    assert catalogue.check("bedrock", "sonnet[1m]", TODAY) == []
    arn = "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/x1y2z3"
    assert catalogue.check("bedrock", arn, TODAY) == []


def test_warnings_are_single_sentences() -> None:
    cases: list[tuple[Provider, str]] = [
        ("anthropic", "claude-sonnet-4-5-20250929"),
        ("anthropic", "claude-opus-9-9"),
        ("bedrock", "jp.anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0[1m]"),
    ]
    for provider, model_id in cases:
        for warning in catalogue.check(provider, model_id, TODAY):
            assert "\n" not in warning and warning.count(". ") == 0


def test_role_defaults_are_the_newest_usable_model_of_each_family() -> None:
    roles = ("model", "opus_model", "sonnet_model", "fast_model", "fable_model")
    assert [catalogue.role_default(r, "anthropic", TODAY) for r in roles] == [
        "claude-opus-5-5", "claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5",
        "claude-fable-5-2",
    ]
    assert [catalogue.role_default(r, "bedrock", TODAY, "eu") for r in roles] == [
        "eu.anthropic.claude-opus-5-5", "eu.anthropic.claude-opus-5-5",
        "eu.anthropic.claude-sonnet-5-5", "eu.anthropic.claude-haiku-5-5",
        "eu.anthropic.claude-fable-5-2",
    ]
    # Claude Code's gateway IDs have no Haiku 5.5: the newest usable Haiku there is 4.5
    assert catalogue.role_default("fast_model", "gateway", TODAY) == "claude-haiku-4-5-20251001"
    assert catalogue.default_models("foundry") == ("claude-opus-5-5", "claude-haiku-5-5")


def test_role_defaults_are_never_retired_or_retiring() -> None:
    providers: tuple[Provider, ...] = ("anthropic", "bedrock", "vertex", "foundry", "gateway")
    for day in (TODAY, date(2027, 1, 1), date(2028, 1, 1)):
        for provider in providers:
            for role in catalogue.ROLE_FAMILIES:
                model_id = catalogue.role_default(role, provider, day, "us")
                assert model_id is not None
                assert catalogue.check(provider, model_id, day) == [], (provider, role)


@pytest.mark.parametrize(
    ("region", "prefix"),
    [("us-east-1", "us"), ("us-gov-west-1", "us-gov"), ("eu-west-3", "eu"),
     ("ap-northeast-1", "apac"), ("ca-central-1", "global"), (None, "us")],
)
def test_the_bedrock_prefix_of_a_region_is_claude_codes(region: str | None, prefix: str) -> None:
    assert catalogue.bedrock_prefix(region) == prefix


def test_bedrock_defaults_avoid_a_profile_known_not_to_serve_the_model() -> None:
    haiku = catalogue.by_key("haiku-4-5")
    assert catalogue._bedrock_default(haiku, "jp") == (
        "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    )
    assert catalogue._bedrock_default(haiku, "eu") == "eu.anthropic.claude-haiku-4-5-20251001-v1:0"


def test_importing_the_catalogue_reads_nothing_heavy() -> None:
    code = (
        "import sys, wizard.catalogue as c\n"
        "c.models('bedrock')\n"
        "print(' '.join(m for m in ('google', 'boto3', 'botocore', 'textual', 'keyring')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_role_defaults_follow_what_discovery_found_callable() -> None:
    # a region whose profiles discovery listed: the newest callable model of each family
    found = {"eu.anthropic.claude-sonnet-4-6", "global.anthropic.claude-opus-5-5",
             "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
             "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"}
    assert catalogue.role_default("sonnet_model", "bedrock", TODAY, "eu", found) == (
        "eu.anthropic.claude-sonnet-4-6"
    )
    # the region's prefix is not listed for Opus 5.5, the global profile is
    assert catalogue.role_default("opus_model", "bedrock", TODAY, "eu", found) == (
        "global.anthropic.claude-opus-5-5"
    )
    assert catalogue.role_default("fast_model", "bedrock", TODAY, "eu", found) == (
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
    )
    assert catalogue.role_default("fable_model", "bedrock", TODAY, "eu", found) is None
    listed = {"claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5-20251001",
              "claude-sonnet-4-5-20250929"}
    assert catalogue.role_default("model", "gateway", TODAY, None, listed) == "claude-opus-4-6"
    # a retiring model is never preselected, even when it is the only one listed
    only_old = {"claude-sonnet-4-5-20250929"}
    assert catalogue.role_default("sonnet_model", "anthropic", TODAY, None, only_old) is None
