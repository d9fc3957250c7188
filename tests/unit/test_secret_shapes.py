"""The shapes secrets come in, recognised in one place (``redact.secret_kind``), and refused by
every check of a free-text value: the engine's, the wizard's fields', a team file's (issue 15,
rule 9). The refusal names the kind, never the value."""

from __future__ import annotations

from typing import Any

import pytest

from wizard import redact, teamfile, validation
from wizard.model import Setup, SetupError
from wizard.plan import plan
from wizard.tui import fields

X = "x" * 36
SHAPES = {
    "github-classic": (f"ghp_{X}", "a GitHub token"),
    "github-oauth": (f"gho_{X}", "a GitHub token"),
    "github-user": (f"ghu_{X}", "a GitHub token"),
    "github-server": (f"ghs_{X}", "a GitHub token"),
    "github-refresh": (f"ghr_{X}", "a GitHub token"),
    "github-fine-grained": (f"github_pat_11AAAAAAA0_{X}", "a GitHub token"),
    "vault": (f"hvs.{X}", "a Vault token"),
    "vault-legacy": ("s.Ab12Cd34Ef56Gh78Ij90Kl12", "a Vault token"),
    "slack-bot": ("xoxb-1234567890-0987654321-abcdefABCDEF", "a Slack token"),
    "slack-user": ("xoxp-1234567890-abcdef", "a Slack token"),
    "jwt": ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZWFtIn0.c2lnbmF0dXJl", "a JSON Web Token"),
    "openai-project": (f"sk-proj-{X}", "an API key (sk-…)"),
    "litellm": ("sk-" + "Ab1" * 7 + "x", "an API key (sk-…)"),
    "anthropic": ("sk-ant-api03-" + "x" * 20, "an Anthropic API key"),
    "bedrock": ("ABSK" + "x" * 30, "a Bedrock API key"),
    "aws-key-id": ("AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"),
    "aws-temporary-key-id": ("ASIAIOSFODNN7EXAMPLE", "an AWS access key ID"),
    "aws-secret": ("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY", "a key"),
    "curl-user": ("curl -u team:hunter2 https://keys.example.com", "a user name and password"),
    "curl-user-long": ("curl --user=team:hunter2 https://k", "a user name and password"),
    "curl-short-flags": ("curl -su team:hunter2 https://k", "a user name and password"),
    "url-password": ("curl https://team:hunter2@keys.example.com/k", "a user name and password"),
    "authorization": ('curl -H "Authorization: Basic abc" https://k', "an Authorization header"),
    "proxy-authorization": ("curl -H 'Proxy-Authorization: x' k", "an Authorization header"),
    "bearer": ("curl -H 'X-Auth: Bearer abc123def456' https://k", "a bearer token"),
    "token-argument": ("get-key --token=abc https://k", "a credential argument"),
    "api-key-in-a-url": ("curl https://keys.example.com/k?api_key=abc", "a credential argument"),
    "password-argument": ("fetch PASSWORD=hunter2", "a credential argument"),
    "aws-secret-variable": ("AWS_SECRET_ACCESS_KEY=abc aws sts", "a credential argument"),
    "gitlab": ("glpat-" + "x" * 20, "a GitLab token"),
    "google-api-key": ("AIza" + "x" * 35, "a Google API key"),
    "npm": ("npm_" + "x" * 36, "an npm token"),
    "azure-hex-key": ("9f8e7d6c5b4a39281706f5e4d3c2b1a0", "a hexadecimal key"),
    "header-in-a-command": ('curl -H "X-Auth: 0a1b2c3d4e5f" https://k', "a credential header"),
    "private-token-header": ("curl -H 'PRIVATE-TOKEN: abcdefgh1234' https://k",
                             "a credential header"),
}  # fmt: skip

NOT_SECRETS = [
    "vault read -field=key secret/llm",
    "pass show anthropic",
    "op read op://team/llm/credential",
    "/usr/local/bin/print-key --team platform",
    "docker run --rm --user 1000:1000 key-printer",
    "task-runner-print-the-key-for-llm-gateway",
    "Bearer tokens are kept in the keyring",
    "https://llm.example.com:4000/v1",
    "eu.anthropic.claude-sonnet-4-6",
    "get-key --token-file /etc/llm/token",
    "X-Team: platform",
    "git show 1a2b3c4d",
    "X-Request-Source: claude-code-cli",
    "curl https://auth.example.com:8443/key",
]


@pytest.mark.parametrize("case", sorted(SHAPES))
def test_each_shape_is_recognised_by_its_kind(case: str) -> None:
    value, kind = SHAPES[case]
    found = redact.secret_kind(f"print-key {value} --quiet")
    assert found is not None and found.startswith(kind)
    assert value not in found


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_ordinary_commands_and_values_are_not_taken_for_secrets(text: str) -> None:
    assert redact.secret_kind(text) is None


@pytest.mark.parametrize("case", sorted(SHAPES))
def test_the_engine_and_the_wizard_refuse_it_in_a_helper_command_and_a_header(
    case: str, make_machine: Any
) -> None:
    value, kind = SHAPES[case]
    command = f"print-key {value}"
    for setup, field in (
        (Setup("anthropic", "helper", helper_command=command), "helper_command"),
        (Setup("gateway", "none", base_url="https://gw.example.com",
               custom_header=(f"X-Team: {value}",)), "custom_header"),
    ):  # fmt: skip
        with pytest.raises(SetupError) as caught:
            plan(setup, make_machine())
        assert caught.value.field == field
        assert f"holds what looks like {kind}" in caught.value.reason
        assert value not in caught.value.reason
    reason = fields.check("helper_command", command, {"provider": "anthropic"})
    assert reason is not None and kind in reason and value not in reason


@pytest.mark.parametrize("case", sorted(SHAPES))
def test_a_team_file_value_of_any_free_text_field_is_checked(case: str) -> None:
    value, kind = SHAPES[case]
    for values in (
        {"helper_command": f"print-key {value}"},
        {"custom_header": ["X-Team: platform", f"X-Env: {value}"]},
        {"secret_header": value},
        {"name": value},
        {"sso.role_name": value},
    ):
        reason = teamfile.leak_in(values)
        assert reason is not None and f"holds what looks like {kind}" in reason
        assert value not in reason
    with pytest.raises(SetupError) as caught:
        teamfile.check_description(f"the team's gateway, key {value}")
    assert value not in caught.value.reason


def test_the_masked_shapes_are_masked_wherever_text_is_shown() -> None:
    for case in ("github-classic", "vault", "slack-bot", "jwt", "openai-project", "litellm"):
        value = SHAPES[case][0]
        assert redact.mask(f"the server said: {value}.") == f"the server said: {redact.MASK}."
        assert redact.looks_like_key(value)


@pytest.mark.parametrize(
    "name", ["secret_header", "custom_header"],
)
def test_the_wizards_header_fields_use_the_engines_checks(name: str) -> None:
    text = "Host" if name == "secret_header" else "Host: evil.example"
    reason = fields.check(name, text, {"provider": "gateway"})
    assert reason is not None and "decides where or how a request travels" in reason
    with pytest.raises(SetupError):
        (validation.check_header_name if name == "secret_header" else
         validation.check_custom_header)(name, text)  # fmt: skip
