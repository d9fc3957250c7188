"""What Claude Platform on AWS / Google Cloud, Bedrock Mantle, gateway mode and the Bedrock
service tier refuse, each with the field to blame (the faces name it their own way)."""

from __future__ import annotations

from typing import Any

import pytest

from wizard.model import Setup, SetupError
from wizard.providers import registry
from wizard.providers.base import Context

WORKSPACE = "wrkspc_01EXAMPLE"
CASES = [
    # (setup, field blamed, words of the reason)
    (dict(provider="anthropic-aws", auth="default-chain", region="us-east-1"), "workspace_id",
     "workspace ID is required"),
    (dict(provider="anthropic-aws", auth="api-key", workspace_id=WORKSPACE), "region", "region"),
    (dict(provider="anthropic-aws", auth="api-key", region="us-east-1", workspace_id="w/x"),
     "workspace_id", "letters, digits"),
    (dict(provider="anthropic-aws", auth="api-key", region="us-east-1", workspace_id=WORKSPACE,
          model="anthropic.claude-opus-5-5"), "model", "not a Claude model ID"),
    (dict(provider="anthropic-aws", auth="bedrock-api-key", region="us-east-1",
          workspace_id=WORKSPACE), "auth", "does not fit"),
    (dict(provider="anthropic-google-cloud", auth="adc", workspace_id=WORKSPACE),
     "project_id", "project ID"),
    (dict(provider="anthropic-google-cloud", auth="adc", project_id="example.com:proj",
          workspace_id=WORKSPACE), "project_id", "letters, digits"),
    (dict(provider="anthropic-google-cloud", auth="adc", project_id="p-1",
          workspace_id="w/x"), "workspace_id", "letters, digits"),
    (dict(provider="anthropic-google-cloud", auth="adc", project_id="p-1",
          workspace_id=WORKSPACE, region="europe west4"), "region", "letters, digits"),
    (dict(provider="anthropic-google-cloud", auth="adc", project_id="p-1"), "workspace_id",
     "workspace ID is required"),
    (dict(provider="mantle", auth="default-chain", region="us-east-1",
          model="claude-opus-5-5"), "model", "not a Bedrock Mantle model ID"),
    (dict(provider="mantle", auth="default-chain", region="us-east-1",
          model="global.anthropic.claude-opus-5-5"), "model", "not a Bedrock Mantle model ID"),
    (dict(provider="mantle", auth="default-chain", region="us-east-1", workspace_id=WORKSPACE),
     "workspace_id", "does not apply"),
    (dict(provider="mantle", auth="default-chain", region="us-east-1", service_tier="priority"),
     "service_tier", "does not apply"),
    (dict(provider="bedrock", auth="default-chain", region="us-east-1", service_tier="pri ority"),
     "service_tier", "not a Bedrock service tier"),
    (dict(provider="gateway", auth="api-key", base_url="https://gw.example.com",
          gateway_mode=True), "gateway_mode", "ANTHROPIC_AUTH_TOKEN"),
    (dict(provider="gateway", auth="token", base_url="https://gw.example.com",
          gateway_mode=True, scope="project"), "gateway_mode", "ignores gateway mode"),
    (dict(provider="gateway", auth="token", base_url="http://gw.example.com",
          gateway_mode=True), "base_url", "https://"),
    (dict(provider="gateway", auth="none", base_url="https://gw.example.com/bedrock",
          gateway_api="bedrock", gateway_mode=True), "gateway_mode", "Anthropic-format"),
    (dict(provider="anthropic", auth="claude-login", gateway_mode=True), "gateway_mode",
     "does not apply"),
]


@pytest.mark.parametrize(("values", "field", "words"), CASES)
def test_refused_with_the_field_to_blame(values: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(SetupError) as caught:
        registry.validate(Setup(**values), Context("claude-setup"))
    assert caught.value.field == field
    assert words in caught.value.reason
    assert "--" not in caught.value.reason  # no face's option names in the reason
