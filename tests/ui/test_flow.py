"""The wizard's pure parts: which steps a setup needs, the auth form from declared fields,
the checks beside each field, and which models are preselected. No Textual here."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wizard import catalogue
from wizard.model import Setup
from wizard.providers.base import AuthMethod
from wizard.providers.registry import REGISTRY
from wizard.tui import fields, flow, models
from wizard.tui.state import WizardState


def test_the_steps_follow_the_choices() -> None:
    assert flow.steps({"provider": "anthropic", "auth": "claude-login"}) == [
        "provider", "auth", "models", "options", "review",
    ]  # fmt: skip
    assert flow.steps({"provider": "bedrock", "auth": "access-keys"}) == [
        "provider", "auth", "auth_form", "region", "models", "options", "review",
    ]  # fmt: skip
    gateway = {"provider": "gateway", "auth": "none", "gateway_api": "vertex"}
    assert flow.steps(gateway)[:2] == ["provider", "gateway"] and "region" in flow.steps(gateway)
    assert "region" not in flow.steps({**gateway, "gateway_api": "anthropic"})


def test_the_auth_form_is_built_from_the_methods_declared_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert flow.form_fields({"provider": "bedrock", "auth": "access-keys"}) == [
        "aws_access_key_id", "secret",
    ]  # fmt: skip
    assert flow.form_fields({"provider": "anthropic", "auth": "api-key"}) == [
        "secret", "helper_ttl_ms",
    ]  # fmt: skip
    assert flow.form_fields({"provider": "vertex", "auth": "adc"}) == ["project_id"]
    methods = dict(REGISTRY["bedrock"].auth_methods)
    methods["new-method"] = AuthMethod(
        "new-method", "a method added later", required=frozenset({"aws_profile"})
    )
    monkeypatch.setattr(REGISTRY["bedrock"], "auth_methods", methods)
    assert flow.form_fields({"provider": "bedrock", "auth": "new-method"}) == ["aws_profile"]


def test_an_engine_refusal_is_placed_on_the_step_that_asks_for_it() -> None:
    values = {"provider": "bedrock", "auth": "access-keys"}
    assert flow.step_for_field("aws_access_key_id", values) == "auth_form"
    assert flow.step_for_field("secret", values) == "auth_form"
    assert flow.step_for_field("fast_model_region", values) == "region"
    assert flow.step_for_field("scope", values) == "options"
    assert flow.step_for_field("base_url", {"provider": "gateway", "auth": "none"}) == "gateway"
    assert flow.step_for_field("gateway_mode", {"provider": "gateway", "auth": "none"}) == "gateway"
    assert flow.step_for_field("service_tier", values) == "options"


def test_fields_use_the_engines_checks_and_name_no_option() -> None:
    values = {"provider": "vertex", "auth": "adc"}
    assert fields.check("region", "global", values) is None
    reason = fields.check("region", "us-east-1x", values)
    assert reason and "Vertex AI region" in reason and "--" not in reason
    assert fields.check("helper_ttl_ms", "0", values)
    assert fields.check("helper_ttl_ms", "ten", values)
    assert fields.check("model", "anthropic.claude-sonnet-4-6", {"provider": "bedrock"})
    assert fields.label("secret", "aws-secret-access-key") == "Secret access key"


@pytest.mark.parametrize(
    ("text", "kind", "provider", "refused"),
    [
        ("sk-ant-api03-EXAMPLE0123456789", "bedrock-api-key", "bedrock", "Anthropic API key"),
        ("ABSKEXAMPLE0123456789abcdefgh", "api-key", "anthropic", "AWS key"),
        ("ABSKEXAMPLE0123456789abcdefgh", "aws-secret-access-key", "bedrock", "Bedrock API key"),
        ("EXAMPLEkey0123EXAMPLEkey0123", "foundry-api-key", "foundry", "pasted twice"),
        ("", "api-key", "gateway", "required"),
    ],
)
def test_pasted_secrets_are_judged(text: str, kind: str, provider: str, refused: str) -> None:
    reason = fields.check_secret(fields.clean_secret(text), kind, provider)
    assert reason is not None and refused in reason


def test_a_pasted_secret_loses_its_whitespace_and_shows_only_its_last_four() -> None:
    cleaned = fields.clean_secret("  sk-ant-api03-EXAMPLE0123456789\n")
    assert cleaned == "sk-ant-api03-EXAMPLE0123456789"
    assert fields.check_secret(cleaned, "api-key", "anthropic") is None
    assert fields.last_four(cleaned) == "ends in …6789"


@pytest.mark.parametrize("provider", ["anthropic", "bedrock", "vertex", "foundry"])
def test_a_model_retiring_within_30_days_is_never_preselected(provider: str) -> None:
    """On every day around every retirement date the catalogue knows, the preselected main
    and fast models are offered and retire (on that provider) more than 30 days later."""
    values = {"provider": provider, "auth": "x", "region": "us-east-1"}
    days = {
        day + timedelta(days=shift)
        for model in catalogue.models(provider)  # type: ignore[arg-type]
        for day in model.retires.values()
        for shift in (-45, -31, -29, -1, 0, 1)
    }
    assert days, "the catalogue has retirement dates to test against"
    for today in sorted(days):
        for model_id in models.preselected(values, today):
            assert model_id, (provider, today)
            assert not models.retiring_soon(models.catalogue_provider(values), model_id, today), (
                provider, today, model_id
            )


def test_the_setup_drops_values_of_steps_no_longer_taken() -> None:
    state = WizardState()
    for name, value in {"provider": "bedrock", "auth": "default-chain", "region": "eu-west-1",
                        "model": "claude-sonnet-4-6"}.items():  # fmt: skip
        state.set(name, value)
    state.set("provider", "anthropic")
    state.set("auth", "claude-login")
    assert state.to_setup() == Setup("anthropic", "claude-login", model="claude-sonnet-4-6")
