"""Bad input is refused with one line that starts with the option to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wizard import validation
from wizard.cli.dispatch import error_line
from wizard.cli.parser import OPTION_NAMES
from wizard.errors import WizardError
from wizard.model import Setup, SetupError
from wizard.plan import plan
from wizard.secrets.value import Secret

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SSO_PROFILES = {
    "corp-sso": {"sso_session": "corp", "region": "us-east-1"},
    "static": {"region": "us-east-1"},
}


def _refused(
    make_machine: Any,
    setup: Setup,
    secret: str | None = None,
    stored: bool = True,
) -> SetupError:
    machine = make_machine(aws_profiles=SSO_PROFILES, secret_stored=stored)
    with pytest.raises(WizardError) as info:
        plan(setup, machine, Secret(secret) if secret is not None else None)
    err = info.value
    assert isinstance(err, SetupError)
    message = error_line(err)
    assert "\n" not in message and "\r" not in message
    assert str(err) == err.message == err.reason
    assert "--" not in err.reason, "a reason names no command-line option"
    assert message.startswith(OPTION_NAMES.get(err.field, err.field) + ": ")
    return err


def _check(err: SetupError, option: str, *words: str) -> None:
    line = error_line(err)
    assert line.startswith(option + ": "), line
    for word in words:
        assert word in line, (word, line)


def bedrock(**kw: Any) -> Setup:
    base: dict[str, Any] = {"region": "us-east-1"}
    return Setup("bedrock", kw.pop("auth", "default-chain"), **{**base, **kw})


def vertex(**kw: Any) -> Setup:
    base: dict[str, Any] = {"region": "us-east5", "project_id": "my-project-123"}
    return Setup("vertex", kw.pop("auth", "adc"), **{**base, **kw})


def gateway(**kw: Any) -> Setup:
    base: dict[str, Any] = {"base_url": "https://gw.example.com"}
    return Setup("gateway", kw.pop("auth", "none"), **{**base, **kw})


# --- choices ---------------------------------------------------------------------------------

CHOICES = [
    pytest.param(Setup("openai", "api-key"), "--provider", ("openai",), id="unknown-provider"),
    pytest.param(
        Setup("anthropic", "magic"), "--auth", ("unknown auth method", "magic"), id="unknown-auth"
    ),
    pytest.param(
        Setup("anthropic", "sso"), "--auth", ("does not fit provider anthropic",),
        id="auth-of-other-provider",
    ),
    pytest.param(
        Setup("vertex", "api-key", region="us-east5"), "--auth", ("vertex", "adc"),
        id="api-key-for-vertex",
    ),
    pytest.param(Setup("anthropic", "claude-login", scope="global"), "--scope", ("global",),
                 id="unknown-scope"),
    pytest.param(gateway(gateway_api="openai"), "--gateway-api", ("openai",),
                 id="unknown-gateway-api"),
    pytest.param(Setup("anthropic", "claude-login", profile="work/home"), "--profile",
                 ("work/home",), id="profile-with-slash"),
    pytest.param(Setup("anthropic", "claude-login", profile="my work"), "--profile",
                 ("my work",), id="profile-with-space"),
    pytest.param(Setup("anthropic", "claude-login", profile="../escape"), "--profile", (),
                 id="profile-dot-dot"),
    pytest.param(Setup("anthropic", "claude-login", profile="x" * 65), "--profile", (),
                 id="profile-too-long"),
]


@pytest.mark.parametrize(("setup", "option", "words"), CHOICES)
def test_choices(make_machine: Any, setup: Setup, option: str, words: tuple[str, ...]) -> None:
    _check(_refused(make_machine, setup), option, *words)


# --- required and not-applying fields -------------------------------------------------------

FIELDS = [
    pytest.param(Setup("bedrock", "default-chain"), "--region", ("required",),
                 id="bedrock-without-region"),
    pytest.param(Setup("vertex", "adc", project_id="my-project-123"), "--region", ("required",),
                 id="vertex-without-region"),
    pytest.param(Setup("vertex", "adc", region="us-east5"), "--project-id", ("project",),
                 id="vertex-without-project"),
    pytest.param(Setup("gateway", "none"), "--base-url", ("required",),
                 id="gateway-without-base-url"),
    pytest.param(bedrock(auth="access-keys"), "--aws-access-key-id", ("required",),
                 id="access-keys-without-id"),
    pytest.param(bedrock(auth="sso"), "--aws-profile", ("required",), id="sso-without-profile"),
    pytest.param(bedrock(auth="credential-export"), "--helper-command", ("required",),
                 id="credential-export-without-command"),
    pytest.param(Setup("anthropic", "helper"), "--helper-command", ("required",),
                 id="helper-without-command"),
    pytest.param(vertex(auth="service-account"), "--credentials-file", ("required",),
                 id="service-account-without-file"),
    pytest.param(Setup("anthropic", "claude-login", region="us-east-1"), "--region",
                 ("does not apply to anthropic",), id="region-for-anthropic"),
    pytest.param(Setup("anthropic", "claude-login", helper_ttl_ms=1000), "--helper-ttl-ms",
                 ("does not apply",), id="ttl-for-login"),
    pytest.param(Setup("anthropic", "api-key", helper_command="/bin/get-key"),
                 "--helper-command", ("does not apply",), id="command-for-api-key"),
    pytest.param(vertex(aws_profile="dev"), "--aws-profile", ("does not apply to vertex",),
                 id="aws-profile-for-vertex"),
    pytest.param(vertex(credentials_file="/tmp/sa.json"), "--credentials-file",
                 ("does not apply",), id="credentials-file-for-adc"),
    pytest.param(bedrock(project_id="my-project-123"), "--project-id", ("does not apply",),
                 id="project-for-bedrock"),
    pytest.param(bedrock(aws_profile="dev"), "--aws-profile", ("does not apply",),
                 id="aws-profile-for-default-chain"),
    pytest.param(Setup("foundry", "azure-login", foundry_resource="res", region="eastus"),
                 "--region", ("does not apply",), id="region-for-foundry"),
    pytest.param(vertex(fast_model_region="us-east-1"), "--fast-model-region",
                 ("does not apply",), id="fast-region-for-vertex"),
    pytest.param(gateway(region="us-east-1"), "--region", ("Anthropic-format",),
                 id="region-for-anthropic-gateway"),
    pytest.param(gateway(project_id="my-project-123"), "--project-id", ("Anthropic-format",),
                 id="project-for-anthropic-gateway"),
    pytest.param(gateway(gateway_api="bedrock", project_id="my-project-123"), "--project-id",
                 ("Bedrock",), id="project-for-bedrock-gateway"),
    pytest.param(gateway(gateway_api="vertex", project_id="my-project-123"), "--region",
                 ("region",), id="vertex-gateway-without-region"),
    pytest.param(gateway(gateway_api="vertex", region="us-east5"), "--project-id",
                 ("project",), id="vertex-gateway-without-project"),
    pytest.param(Setup("foundry", "azure-login"), "--foundry-resource", ("exactly one",),
                 id="foundry-without-endpoint"),
    pytest.param(Setup("foundry", "azure-login", foundry_resource="res",
                       base_url="https://res.services.ai.azure.com"),
                 "--foundry-resource", ("exactly one",), id="foundry-with-both"),
]


@pytest.mark.parametrize(("setup", "option", "words"), FIELDS)
def test_fields(make_machine: Any, setup: Setup, option: str, words: tuple[str, ...]) -> None:
    _check(_refused(make_machine, setup), option, *words)


# --- formats ---------------------------------------------------------------------------------

FORMATS = [
    pytest.param(bedrock(region="us east 1"), "--region", ("AWS region",), id="region-spaces"),
    pytest.param(bedrock(region="useast1"), "--region", ("AWS region",), id="region-no-dashes"),
    pytest.param(bedrock(region="US-EAST-1"), "--region", ("AWS region",), id="region-upper"),
    pytest.param(bedrock(region="us-east5"), "--region", ("AWS region",),
                 id="vertex-region-for-bedrock"),
    pytest.param(vertex(region="us east5"), "--region", ("Vertex AI region",),
                 id="vertex-region-spaces"),
    pytest.param(vertex(region="us-east-1"), "--region", ("Vertex AI region",),
                 id="aws-region-for-vertex"),
    pytest.param(bedrock(fast_model_region="useast1"), "--fast-model-region", ("AWS region",),
                 id="fast-model-region"),
    pytest.param(gateway(gateway_api="bedrock", region="useast1"), "--region", ("AWS region",),
                 id="bedrock-gateway-region"),
    pytest.param(gateway(gateway_api="vertex", region="us east5", project_id="my-project-123"),
                 "--region", ("Vertex AI region",), id="vertex-gateway-region"),
    pytest.param(vertex(project_id="My Project"), "--project-id", ("project ID",),
                 id="project-id"),
    pytest.param(gateway(base_url="ftp://x"), "--base-url", ("http(s)",), id="ftp-url"),
    pytest.param(gateway(base_url="localhost:4000"), "--base-url", ("http(s)",),
                 id="url-without-scheme"),
    pytest.param(gateway(base_url="https://"), "--base-url", ("http(s)",), id="url-no-host"),
    pytest.param(Setup("anthropic", "claude-login", base_url="ftp://proxy.example.com"),
                 "--base-url", ("http(s)",), id="anthropic-ftp-url"),
    pytest.param(bedrock(base_url="localhost:8080"), "--base-url", ("http(s)",),
                 id="bedrock-url-without-scheme"),
    pytest.param(gateway(base_url="https://gw .example.com"), "--base-url", (),
                 id="url-with-space"),
    pytest.param(bedrock(auth="sso", aws_profile="corp sso"), "--aws-profile",
                 ("AWS profile",), id="aws-profile-space"),
    pytest.param(bedrock(auth="access-keys", aws_access_key_id="akiaiosfodnn7example"),
                 "--aws-access-key-id", ("access key ID",), id="access-key-lowercase"),
    pytest.param(bedrock(auth="access-keys", aws_access_key_id="ASIAIOSFODNN7EXAMPLE"),
                 "--aws-access-key-id", ("temporary",), id="access-key-temporary"),
    pytest.param(Setup("foundry", "azure-login", foundry_resource="My_Resource"),
                 "--foundry-resource", ("Azure resource",), id="foundry-resource"),
    pytest.param(Setup("anthropic", "helper", helper_command="get-key\nrm -rf ~"),
                 "--helper-command", ("line break",), id="command-with-newline"),
    pytest.param(Setup("anthropic", "helper", helper_command="   "),
                 "--helper-command", ("empty",), id="command-blank"),
    pytest.param(Setup("anthropic", "helper", helper_command="echo sk-ant-api03-EXAMPLEKEY0000"),
                 "--helper-command", ("secret",), id="command-with-anthropic-key"),
    pytest.param(bedrock(auth="credential-export",
                         helper_command="printf ABSKEXAMPLEEXAMPLEEXAMPLEEXAMPLE"),
                 "--helper-command", ("secret",), id="command-with-bedrock-key"),
    pytest.param(Setup("anthropic", "api-key", helper_ttl_ms=0), "--helper-ttl-ms",
                 ("between 1 and",), id="ttl-zero"),
    pytest.param(Setup("anthropic", "api-key", helper_ttl_ms=86_400_001), "--helper-ttl-ms",
                 ("between 1 and",), id="ttl-too-big"),
    pytest.param(Setup("anthropic", "claude-login", max_output_tokens=-1),
                 "--max-output-tokens", ("between 1 and",), id="max-output-negative"),
    pytest.param(Setup("anthropic", "claude-login", max_thinking_tokens=0),
                 "--max-thinking-tokens", ("between 1 and",), id="max-thinking-zero"),
]


@pytest.mark.parametrize(("setup", "option", "words"), FORMATS)
def test_formats(make_machine: Any, setup: Setup, option: str, words: tuple[str, ...]) -> None:
    _check(_refused(make_machine, setup), option, *words)


def test_url_with_credentials_is_refused_without_echoing_them(make_machine: Any) -> None:
    err = _refused(make_machine, gateway(base_url="https://alice:EXAMPLEPASS@gw.example.com"))
    _check(err, "--base-url", "credentials", "as the secret")
    assert "EXAMPLEPASS" not in str(err)


def test_non_http_url_with_credentials_does_not_echo_them(make_machine: Any) -> None:
    err = _refused(make_machine, gateway(base_url="ftp://alice:EXAMPLEPASS@gw.example.com"))
    _check(err, "--base-url")
    assert "EXAMPLEPASS" not in str(err)


def test_command_with_key_is_refused_without_echoing_it(make_machine: Any) -> None:
    err = _refused(
        make_machine,
        Setup("anthropic", "helper", helper_command="echo sk-ant-api03-EXAMPLEKEY0000"),
    )
    assert "EXAMPLEKEY0000" not in str(err)


# --- models ----------------------------------------------------------------------------------

MODELS = [
    pytest.param(Setup("anthropic", "claude-login", model="gpt-4o"), "--model",
                 ("Claude model ID",), id="anthropic-not-claude"),
    pytest.param(Setup("anthropic", "claude-login", model="claude sonnet"), "--model", (),
                 id="anthropic-space"),
    pytest.param(Setup("anthropic", "claude-login", model="claude-sonnet-4-5@20250929"),
                 "--model", (), id="anthropic-vertex-id"),
    pytest.param(Setup("anthropic", "claude-login", fast_model="us.anthropic.claude-haiku-4-5"),
                 "--fast-model", (), id="anthropic-bedrock-id"),
    pytest.param(bedrock(model="claude-sonnet-4-6"), "--model", ("inference profile ID",),
                 id="bedrock-no-prefix"),
    pytest.param(bedrock(model="xx.anthropic.claude-sonnet-4-6"), "--model", (),
                 id="bedrock-bad-prefix"),
    pytest.param(bedrock(model="anthropic.claude-sonnet-4-6"), "--model",
                 ("on-demand throughput", "global.anthropic.claude-sonnet-4-6"),
                 id="bedrock-base-id"),
    pytest.param(bedrock(fast_model="anthropic.claude-3-5-haiku-20241022-v1:0"), "--fast-model",
                 ("on-demand throughput",), id="bedrock-base-id-versioned"),
    pytest.param(bedrock(model="arn:aws:bedrock:us-east-1:12345:application-inference-profile/a"),
                 "--model", ("ARN",), id="bedrock-arn-short-account"),
    pytest.param(bedrock(model="arn:aws:s3:::my-bucket"), "--model", ("ARN",),
                 id="bedrock-arn-not-bedrock"),
    pytest.param(bedrock(model="arn:aws:bedrock:us-east-1:123456789012:foundation-model/x"),
                 "--model", ("ARN",), id="bedrock-arn-foundation-model"),
    pytest.param(vertex(model="claude-sonnet-4-5@2025"), "--model", ("Vertex AI",),
                 id="vertex-short-date"),
    pytest.param(vertex(model="global.anthropic.claude-sonnet-4-6"), "--model", ("Vertex AI",),
                 id="vertex-bedrock-id"),
    pytest.param(Setup("foundry", "azure-login", foundry_resource="res", model="my deployment"),
                 "--model", ("deployment",), id="foundry-space"),
    pytest.param(Setup("foundry", "azure-login", foundry_resource="res", model="-dash"),
                 "--model", ("deployment",), id="foundry-leading-dash"),
    pytest.param(gateway(model="bad model"), "--model", ("model name",), id="gateway-space"),
    pytest.param(gateway(fast_model=""), "--fast-model", (), id="gateway-empty"),
    pytest.param(gateway(gateway_api="vertex", region="us-east5", project_id="my-project-123",
                         model="us.anthropic.claude-sonnet-4-6"),
                 "--model", ("Vertex AI",), id="vertex-gateway-bedrock-id"),
]


@pytest.mark.parametrize(("setup", "option", "words"), MODELS)
def test_bad_models(make_machine: Any, setup: Setup, option: str, words: tuple[str, ...]) -> None:
    _check(_refused(make_machine, setup), option, *words)


GOOD_MODELS = [
    pytest.param(Setup("anthropic", "claude-login", model="claude-sonnet-4-6",
                       fast_model="claude-haiku-4-5"), id="anthropic"),
    pytest.param(Setup("anthropic", "claude-login", model="sonnet[1m]", fast_model="haiku"),
                 id="anthropic-aliases"),
    pytest.param(bedrock(model="global.anthropic.claude-sonnet-4-6",
                         fast_model="us.anthropic.claude-haiku-4-5-20251001-v1:0"), id="bedrock"),
    pytest.param(bedrock(model="arn:aws:bedrock:us-east-1:123456789012:"
                               "application-inference-profile/a1b2c3d4e5"), id="bedrock-arn"),
    pytest.param(bedrock(model="opusplan"), id="bedrock-alias"),
    pytest.param(vertex(model="claude-sonnet-4-5@20250929", fast_model="claude-haiku-4-5"),
                 id="vertex"),
    pytest.param(Setup("foundry", "azure-login", foundry_resource="res",
                       model="claude-opus-4-6-deploy"), id="foundry"),
    pytest.param(gateway(model="bedrock/claude-sonnet-4-6", fast_model="openrouter/x:free"),
                 id="gateway"),
]


@pytest.mark.parametrize("setup", GOOD_MODELS)
def test_good_models_accepted(make_machine: Any, setup: Setup) -> None:
    result = plan(setup, make_machine())
    env = json.loads(result.settings.after)["env"]
    if setup.model:
        assert env["ANTHROPIC_MODEL"] == setup.model
    if setup.fast_model:
        assert env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] == setup.fast_model


# --- values with line breaks -----------------------------------------------------------------

LINE_BREAKS = [
    pytest.param(bedrock(region="us-east-1\n"), "--region", id="region-trailing-newline"),
    pytest.param(bedrock(region="us-east\n1"), "--region", id="region-inner-newline"),
    pytest.param(vertex(region="us-east5\n"), "--region", id="vertex-region-trailing-newline"),
    pytest.param(Setup("anthropic", "claude-login", model="claude-sonnet-4-6\n"), "--model",
                 id="model-trailing-newline"),
    pytest.param(Setup("anthropic", "claude-login", model="claude\nsonnet"), "--model",
                 id="model-inner-newline"),
    pytest.param(Setup("anthropic", "claude-login", profile="work\n"), "--profile",
                 id="profile-trailing-newline"),
    pytest.param(bedrock(auth="aws-profile", aws_profile="static\n"), "--aws-profile",
                 id="aws-profile-trailing-newline"),
]


@pytest.mark.parametrize(("setup", "option"), LINE_BREAKS)
def test_line_breaks_refused_in_one_line(make_machine: Any, setup: Setup, option: str) -> None:
    """A value with a line break never reaches the file, and the message stays one line."""
    _check(_refused(make_machine, setup), option)


# --- files and profiles on the machine -------------------------------------------------------

def test_sso_profile_must_exist(make_machine: Any) -> None:
    err = _refused(make_machine, bedrock(auth="sso", aws_profile="missing"))
    _check(err, "--aws-profile", "missing")


def test_sso_profile_must_be_sso(make_machine: Any) -> None:
    err = _refused(make_machine, bedrock(auth="sso", aws_profile="static"))
    _check(err, "--aws-profile", "sso_session", "aws-profile auth method")


def test_aws_profile_must_exist(make_machine: Any) -> None:
    _check(_refused(make_machine, bedrock(auth="aws-profile", aws_profile="nope")),
           "--aws-profile", "nope")


def test_service_account_file_missing(make_machine: Any, tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    err = _refused(make_machine, vertex(auth="service-account", credentials_file=str(path)))
    _check(err, "--credentials-file", "does not exist")


@pytest.mark.parametrize(
    "content",
    ['{"type": "authorized_user", "project_id": "my-project-123"}', "not json", "[1, 2]"],
    ids=["user-credentials", "not-json", "array"],
)
def test_service_account_file_wrong(make_machine: Any, tmp_path: Path, content: str) -> None:
    path = tmp_path / "sa.json"
    path.write_text(content)
    err = _refused(make_machine, vertex(auth="service-account", credentials_file=str(path)))
    _check(err, "--credentials-file", str(path))


def test_service_account_without_project(make_machine: Any, tmp_path: Path) -> None:
    path = tmp_path / "sa.json"
    path.write_text('{"type": "service_account"}')
    setup = Setup("vertex", "service-account", region="us-east5", credentials_file=str(path))
    _check(_refused(make_machine, setup), "--project-id")


# --- secrets ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value",
    ["", "a b", "a\tb", "a\x01b", "a\x7fb", "key\n", "x" * 1281, "\U0001f600" * 641],
    ids=["empty", "space", "tab", "control", "delete", "newline", "too-long", "too-long-utf16"],
)
def test_check_secret_refuses(value: str) -> None:
    with pytest.raises(SetupError) as info:
        validation.check_secret(value)
    assert info.value.field == "secret"
    message = error_line(info.value)
    assert message.startswith("--secret-stdin: ")
    assert "\n" not in message
    if value:
        assert value not in message


@pytest.mark.parametrize(
    "value",
    ["sk-ant-api03-EXAMPLEKEY-0000", "x" * 1280, "wJalr/K7+EXAMPLE=", 'EXAMPLE"\\~!'],
    ids=["anthropic", "longest", "aws-secret", "punctuation"],
)
def test_check_secret_accepts(value: str) -> None:
    assert validation.check_secret(value) is None


def test_secret_for_auth_without_secret(make_machine: Any) -> None:
    err = _refused(make_machine, Setup("anthropic", "claude-login"), secret="EXAMPLEsecret0")
    _check(err, "--secret-stdin", "takes no secret")
    assert "EXAMPLEsecret0" not in str(err)


@pytest.mark.parametrize(
    ("setup", "what"),
    [
        (Setup("anthropic", "api-key"), "API key"),
        (gateway(auth="api-key"), "API key"),
        (bedrock(auth="access-keys", aws_access_key_id=ACCESS_KEY_ID), "AWS secret access key"),
        (bedrock(auth="bedrock-api-key"), "Bedrock API key"),
        (Setup("foundry", "api-key", foundry_resource="res"), "Foundry API key"),
    ],
    ids=["anthropic", "gateway", "access-keys", "bedrock-api-key", "foundry"],
)
def test_secret_missing_and_not_stored(make_machine: Any, setup: Setup, what: str) -> None:
    err = _refused(make_machine, setup, stored=False)
    _check(err, "--secret-stdin", what, "needed")


@pytest.mark.parametrize(
    "setup",
    [
        Setup("anthropic", "api-key", plaintext_secrets=True),
        gateway(auth="api-key", plaintext_secrets=True),
        bedrock(auth="access-keys", aws_access_key_id=ACCESS_KEY_ID, plaintext_secrets=True),
        Setup("anthropic", "claude-login", plaintext_secrets=True),
        vertex(plaintext_secrets=True),
    ],
    ids=["anthropic-api-key", "gateway-api-key", "access-keys", "login", "vertex"],
)
def test_plaintext_only_for_env_secrets(make_machine: Any, setup: Setup) -> None:
    err = _refused(make_machine, setup, secret="EXAMPLEsecret0")
    _check(err, "--plaintext-secrets", "environment")


def test_plaintext_needs_the_secret_itself(make_machine: Any) -> None:
    err = _refused(make_machine, bedrock(auth="bedrock-api-key", plaintext_secrets=True))
    _check(err, "--plaintext-secrets", "none is stored")


# --- project scope ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "setup",
    [
        Setup("anthropic", "api-key", scope="project"),
        gateway(auth="api-key", scope="project"),
        bedrock(auth="access-keys", aws_access_key_id=ACCESS_KEY_ID, scope="project"),
        bedrock(auth="bedrock-api-key", scope="project"),
    ],
    ids=["anthropic", "gateway", "access-keys", "bedrock-api-key"],
)
def test_project_scope_refuses_secrets(make_machine: Any, setup: Setup) -> None:
    err = _refused(make_machine, setup, secret="EXAMPLEsecret0")
    _check(err, "--scope", "local or user scope")


def test_project_scope_refuses_home_path(make_machine: Any, unit_home: Path) -> None:
    command = f"{unit_home}/bin/print-key"
    err = _refused(make_machine, Setup("anthropic", "helper", scope="project",
                                        helper_command=command))
    _check(err, "--scope", "apiKeyHelper", "local or user scope")


def test_project_scope_refuses_service_account_under_home(
    make_machine: Any, unit_home: Path
) -> None:
    path = unit_home / "sa.json"
    path.write_text('{"type": "service_account", "project_id": "my-project-123"}')
    err = _refused(make_machine, vertex(auth="service-account", credentials_file=str(path),
                                         scope="project"))
    _check(err, "--scope", "GOOGLE_APPLICATION_CREDENTIALS")


@pytest.mark.parametrize(
    "setup",
    [
        Setup("anthropic", "helper", scope="project", helper_command="/usr/local/bin/print-key"),
        vertex(scope="project"),
        gateway(scope="project", gateway_api="bedrock", region="us-east-1"),
    ],
    ids=["shared-helper", "vertex-adc", "gateway"],
)
def test_project_scope_accepts_shareable(make_machine: Any, setup: Setup) -> None:
    result = plan(setup, make_machine())
    assert result.settings.changed
    assert result.store_secret is None


# --- the messages ----------------------------------------------------------------------------

def test_option_names_cover_every_field() -> None:
    assert OPTION_NAMES["aws_access_key_id"] == "--aws-access-key-id"
    assert OPTION_NAMES["plaintext_secrets"] == "--plaintext-secrets"
    assert OPTION_NAMES["secret"] == "--secret-stdin"
    err = SetupError("fast_model_region", "why")
    assert str(err) == "why"
    assert error_line(err) == "--fast-model-region: why"
    assert err.field == "fast_model_region" and err.reason == "why"


@pytest.mark.parametrize(
    "secret",
    ["sk-ant-api03-EXAMPLE\u200bKEY", "\ufeffsk-ant-api03-EXAMPLEKEY", "sk-ant-api03-ÉXAMPLE",
     "sk-ant-api03-EXAMPLE\u00a0KEY", "sk-ant-api03-EXAMPLE\u2060KEY", "ключ-EXAMPLE"],
    ids=["zero-width-space", "bom", "accent", "nbsp", "word-joiner", "cyrillic"],
)
def test_a_secret_an_http_header_cannot_carry_is_refused(secret: str) -> None:
    """Issue 8, rule 12: refused at input, before it reaches the keyring."""
    with pytest.raises(SetupError, match="HTTP header|spaces or control") as info:
        validation.check_secret(secret)
    assert secret not in str(info.value)


@pytest.mark.parametrize(
    "char", ["\n", "\r", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff",
             "\u202e"],
)
def test_every_kind_of_control_character_is_refused_in_a_value(char: str) -> None:
    """Issue 8, rule 5: a value is checked whole, for every control character."""
    assert validation.has_control_characters(f"value{char}")
    with pytest.raises(SetupError, match="control character"):
        validation.check_plain_text("helper_command", f"my-helper{char}")
    setup = Setup("bedrock", "default-chain", region="us-east-1", model=f"opus{char}")
    from wizard.providers.registry import check_choices

    with pytest.raises(SetupError, match="control character"):
        check_choices(setup)


@pytest.mark.parametrize(
    "url", ["http://[::1", "https://[::1]:99999/x", "http://h:port/", "https://[::1/x]"]
)
def test_a_url_urlsplit_chokes_on_is_no_url_anywhere_it_is_read(url: str) -> None:
    """A bad IPv6 host or port makes ``urlsplit`` raise: from a file or a server it is no URL,
    refused or treated as another origin, never an unexpected error (issue 15, rule 13)."""
    from wizard.services import aws_errors, http_models, redirects, sso_profiles
    from wizard.services.errors import ServiceError

    assert validation.split_url(url) is None
    with pytest.raises(SetupError, match="is not an http"):
        validation.check_base_url("base_url", url)
    assert validation.is_loopback_url(url) is False
    with pytest.raises(ServiceError, match="not a valid address"):
        sso_profiles.check_start_url(url)
    assert redirects.same_origin("https://gw.example.com/v1", url) is False
    assert redirects.same_origin(url, url) is False
    assert aws_errors._endpoint(url) == ""
    assert http_models._host(url) == url
