"""Switching providers: owned keys go, everything of the user's stays (value, order, format)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wizard.errors import WizardError
from wizard.model import Setup
from wizard.plan import plan
from wizard.profiles import Binding
from wizard.providers.base import MODEL_ROLE_VARIABLES
from wizard.secrets.value import Secret
from wizard.settings.owned import OWNED_TOP, is_owned_env

HELPER = "/opt/claude-setup/bin/claude-setup"
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEKEY-EXAMPLEKEY-0000"

USER_SETTINGS: dict[str, Any] = {
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "permissions": {"allow": ["Bash(npm run test:*)", "Read(~/.zshrc)"], "deny": ["Bash(curl:*)"]},
    "model": "opus",
    "env": {
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        "CLAUDE_CODE_USE_BEDROCK": "1",
        "AWS_REGION": "us-east-1",
        "MY_TEAM_VARIABLE": "blue",
        "AWS_PROFILE": "corp-sso",
        "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": "us-west-2",
        "ANTHROPIC_MODEL": "us.anthropic.claude-sonnet-4-6",
        "BASH_DEFAULT_TIMEOUT_MS": "60000",
    },
    "hooks": {
        "PostToolUse": [
            {"matcher": "Edit", "hooks": [{"type": "command", "command": "ruff format ."}]}
        ]
    },
    "awsAuthRefresh": "aws sso login --profile corp-sso",
    "statusLine": {"type": "command", "command": "~/.claude/statusline.sh"},
    "includeCoAuthoredBy": False,
}
USER_TOP_ORDER = ["$schema", "permissions", "model", "env", "hooks", "statusLine",
                  "includeCoAuthoredBy"]
USER_ENV_ORDER = [
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
    "MY_TEAM_VARIABLE",
    "BASH_DEFAULT_TIMEOUT_MS",
]
BEDROCK_OWNED_ENV = [
    "CLAUDE_CODE_USE_BEDROCK",
    "AWS_REGION",
    "AWS_PROFILE",
    "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION",
    "ANTHROPIC_MODEL",
]
VERTEX = Setup("vertex", "adc", profile="work", region="us-east5", project_id="my-project-123")
MODEL_VARIABLES = frozenset(MODEL_ROLE_VARIABLES.values())
"""Every plan pins each model role (preselected when not chosen): left out where a test is
about other keys."""


def _without_models(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in MODEL_VARIABLES}


def _text(indent: int | str = 4) -> str:
    return json.dumps(USER_SETTINGS, indent=indent) + "\n"


def _after(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.settings.after)
    return data


def test_switch_bedrock_to_vertex_leaves_no_aws_key(make_machine: Any) -> None:
    result = plan(VERTEX, make_machine(settings=_text()))
    data = _after(result)
    env = data["env"]
    assert not [k for k in env if k.startswith("AWS_")]
    assert "CLAUDE_CODE_USE_BEDROCK" not in env
    assert "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION" not in env
    assert env["ANTHROPIC_MODEL"] == "claude-opus-5-5"  # Vertex's, not the Bedrock ID
    assert "awsAuthRefresh" not in data
    assert env["CLAUDE_CODE_USE_VERTEX"] == "1"
    assert env["CLOUD_ML_REGION"] == "us-east5"
    assert env["ANTHROPIC_VERTEX_PROJECT_ID"] == "my-project-123"
    assert data["gcpAuthRefresh"] == "gcloud auth application-default login"
    assert sorted(result.merge.removed_env) == sorted(set(BEDROCK_OWNED_ENV) - MODEL_VARIABLES)
    assert result.merge.removed_top == ["awsAuthRefresh"]


def test_user_keys_keep_value_and_order(make_machine: Any) -> None:
    data = _after(plan(VERTEX, make_machine(settings=_text())))
    user_keys = [k for k in data if k not in OWNED_TOP]
    assert user_keys == USER_TOP_ORDER
    for key in USER_TOP_ORDER:
        if key != "env":
            assert data[key] == USER_SETTINGS[key]
    # owned top-level keys that are new come after the user's
    assert list(data) == [*USER_TOP_ORDER, "gcpAuthRefresh"]


def test_non_owned_env_keep_value_and_order(make_machine: Any) -> None:
    env = _after(plan(VERTEX, make_machine(settings=_text())))["env"]
    kept = [k for k in env if not is_owned_env(k)]
    assert kept == USER_ENV_ORDER
    for key in kept:
        assert env[key] == USER_SETTINGS["env"][key]
    assert list(_without_models(env)) == [
        *USER_ENV_ORDER,
        "CLAUDE_CODE_USE_VERTEX",
        "CLOUD_ML_REGION",
        "ANTHROPIC_VERTEX_PROJECT_ID",
    ]


def test_owned_key_kept_in_place_when_its_value_changes(make_machine: Any) -> None:
    setup = Setup("bedrock", "aws-profile", profile="work", region="eu-west-1", aws_profile="dev")
    machine = make_machine(settings=_text(), aws_profiles={"dev": {"region": "eu-west-1"}})
    data = _after(plan(setup, machine))
    assert list(_without_models(data["env"])) == [
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
        "CLAUDE_CODE_USE_BEDROCK",
        "AWS_REGION",
        "MY_TEAM_VARIABLE",
        "AWS_PROFILE",
        "BASH_DEFAULT_TIMEOUT_MS",
    ]
    assert data["env"]["AWS_REGION"] == "eu-west-1"
    assert data["env"]["AWS_PROFILE"] == "dev"
    assert "awsAuthRefresh" not in data


def test_describe_names_removed_and_added_keys(make_machine: Any) -> None:
    described = plan(VERTEX, make_machine(settings=_text())).describe()
    removed = [line for line in described.splitlines() if line.startswith("-")]
    added = [line for line in described.splitlines() if line.startswith("+")]
    for key in [*BEDROCK_OWNED_ENV, "awsAuthRefresh"]:  # ANTHROPIC_MODEL: a new value
        assert any(f'"{key}"' in line for line in removed), key
    for key in ["CLAUDE_CODE_USE_VERTEX", "CLOUD_ML_REGION", "gcpAuthRefresh"]:
        assert any(f'"{key}"' in line for line in added), key
    # the user's variables are context lines (the last one may gain a comma: not checked)
    for key in USER_ENV_ORDER[:-1]:
        assert not any(f'"{key}"' in line for line in removed + added), key


STATIC_KEYS = json.dumps(
    {
        "env": {
            "ANTHROPIC_API_KEY": "sk-ant-api03-EXAMPLEOLDKEY-0000",
            "ANTHROPIC_AUTH_TOKEN": "EXAMPLEOLDTOKEN",
            "AWS_BEARER_TOKEN_BEDROCK": "ABSKEXAMPLEOLDBEARER",
            "KEEP_ME": "yes",
        }
    },
    indent=2,
)


def test_switch_to_key_helper_removes_static_keys(make_machine: Any) -> None:
    result = plan(Setup("anthropic", "api-key"), make_machine(settings=STATIC_KEYS),
                  Secret(ANTHROPIC_KEY))
    data = _after(result)
    assert _without_models(data["env"]) == {"KEEP_ME": "yes"}
    assert data["apiKeyHelper"] == f"{HELPER} key anthropic"
    assert sorted(result.merge.removed_env) == [
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "AWS_BEARER_TOKEN_BEDROCK",
    ]


def test_describe_masks_secrets_being_removed(make_machine: Any) -> None:
    """The dry-run diff never shows a secret, not even one the plan removes from the file."""
    result = plan(Setup("anthropic", "api-key"), make_machine(settings=STATIC_KEYS),
                  Secret(ANTHROPIC_KEY))
    described = result.describe()
    assert '"ANTHROPIC_API_KEY"' in described
    assert "EXAMPLEOLDKEY" not in described
    assert "EXAMPLEOLDTOKEN" not in described
    assert "EXAMPLEOLDBEARER" not in described


def test_switch_to_login_removes_every_owned_key(make_machine: Any) -> None:
    result = plan(Setup("anthropic", "claude-login"), make_machine(settings=_text()))
    data = _after(result)
    assert {k for k in data["env"] if is_owned_env(k)} == MODEL_VARIABLES
    assert [k for k in data if k in OWNED_TOP] == []
    assert list(data) == USER_TOP_ORDER


def test_owned_prefix_variables_are_removed(make_machine: Any) -> None:
    settings = json.dumps(
        {"env": {"VERTEX_REGION_CLAUDE_4_5_SONNET": "us-east5", "OTHER": "x"}}, indent=2
    )
    data = _after(plan(Setup("anthropic", "claude-login"), make_machine(settings=settings)))
    assert _without_models(data["env"]) == {"OTHER": "x"}


@pytest.mark.parametrize(
    ("indent", "prefix"),
    [(4, '{\n    "$schema"'), ("\t", '{\n\t"$schema"'), (2, '{\n  "$schema"')],
    ids=["four-spaces", "tab", "two-spaces"],
)
def test_indentation_is_kept(make_machine: Any, indent: int | str, prefix: str) -> None:
    result = plan(VERTEX, make_machine(settings=_text(indent)))
    after = result.settings.after.decode()
    assert after.startswith(prefix)
    assert after.endswith("}\n")
    expected = dict(_after(result))
    assert after == json.dumps(expected, indent=indent) + "\n"


# --- idempotence ---------------------------------------------------------------------------

IDEMPOTENT = [
    pytest.param(Setup("anthropic", "api-key", profile="work", model="sonnet"), True, id="api-key"),
    pytest.param(
        Setup("bedrock", "access-keys", profile="work", region="us-east-1",
              aws_access_key_id=ACCESS_KEY_ID),
        True,
        id="access-keys",
    ),
    pytest.param(
        Setup("bedrock", "sso", profile="work", region="us-east-1", aws_profile="corp-sso"),
        False,
        id="sso",
    ),
    pytest.param(VERTEX, False, id="vertex-adc"),
    pytest.param(
        Setup("gateway", "none", gateway_api="vertex", base_url="https://gw.example.com/v",
              region="global", project_id="my-project-123"),
        False,
        id="gateway-vertex",
    ),
]
SSO_CONFIG = (
    "[profile corp-sso]\nsso_session = corp\nsso_account_id = 111122223333\n\n"
    "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n"
    "sso_region = us-east-1\n"
)


@pytest.mark.parametrize(("setup", "needs_secret"), IDEMPOTENT)
@pytest.mark.parametrize("start", ["no-file", "user-file"])
def test_replanning_own_output_changes_nothing(
    make_machine: Any, setup: Setup, needs_secret: bool, start: str
) -> None:
    settings = _text(4) if start == "user-file" else None
    secret = Secret(AWS_SECRET if setup.provider == "bedrock" else ANTHROPIC_KEY)
    first = plan(
        setup,
        make_machine(settings=settings, aws_config=SSO_CONFIG),
        secret if needs_secret else None,
    )
    assert first.settings.changed
    aws_after = first.aws_config.after if first.aws_config else SSO_CONFIG.encode()
    second = plan(
        setup,
        make_machine(
            settings=first.settings.after,
            aws_config=aws_after,
            previous=setup,
            secret_stored=needs_secret,
        ),
    )
    assert second.settings.changed is False
    assert second.settings.after == first.settings.after
    assert second.aws_config is None
    assert second.file_edits == []
    assert second.merge.set_env == {} and second.merge.removed_env == []
    assert second.merge.set_top == {} and second.merge.removed_top == []
    assert "no change" in second.describe()


def test_unchanged_file_is_kept_byte_for_byte(make_machine: Any) -> None:
    """A file that already holds the setup is not even re-rendered (odd spacing survives)."""
    text = '{"env":   {"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "us-east5",\n' \
        '"ANTHROPIC_VERTEX_PROJECT_ID": "my-project-123",\n' \
        '"ANTHROPIC_MODEL": "claude-opus-5-5", "ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-5-5",' \
        '"ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-5-5",' \
        '"ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-5-5",' \
        '"ANTHROPIC_DEFAULT_FABLE_MODEL": "claude-fable-5-2"},\n' \
        '"gcpAuthRefresh": "gcloud auth application-default login"}'
    result = plan(VERTEX, make_machine(settings=text))
    assert result.settings.after == text.encode()
    assert result.settings.changed is False


# --- secrets no longer used: kept while the profile exists (issue 8, rule 1) ------------------

def test_secret_of_previous_setup_is_kept_and_said(make_machine: Any) -> None:
    previous = Setup("bedrock", "access-keys", profile="work", region="us-east-1",
                     aws_access_key_id=ACCESS_KEY_ID)
    result = plan(VERTEX, make_machine(previous=previous))
    assert result.kept_secrets == ("aws-secret-access-key",)
    described = result.describe()
    assert "keep the AWS secret access key of profile 'work'" in described
    assert "claude-setup remove work" in described
    assert "delete" not in described.replace("deletes it", "")


def test_secret_of_other_kind_is_kept(make_machine: Any) -> None:
    previous = Setup("anthropic", "api-key", profile="work")
    setup = Setup("bedrock", "bedrock-api-key", profile="work", region="us-east-1")
    result = plan(setup, make_machine(previous=previous), Secret("ABSKEXAMPLEEXAMPLEEXAMPLE00"))
    assert result.kept_secrets == ("api-key",)
    assert result.store_secret is not None and result.store_secret.kind == "bedrock-api-key"


@pytest.mark.parametrize(
    "previous",
    [
        Setup("anthropic", "api-key", profile="work", model="claude-opus-4-6"),
        Setup("anthropic", "claude-login", profile="work"),
    ],
    ids=["same-kind", "no-secret"],
)
def test_secret_kept_when_still_used_or_none(make_machine: Any, previous: Setup) -> None:
    """The stored key was kept for the Anthropic API (its profile's record says so)."""
    bound = {"api-key": Binding("anthropic", None)}  # its own endpoint
    result = plan(
        Setup("anthropic", "api-key", profile="work"),
        make_machine(previous=previous, secret_stored=True, previous_bindings=bound),
    )
    assert result.kept_secrets == ()
    assert "keep the" not in result.describe()


# --- ~/.aws/config -------------------------------------------------------------------------

OWNED_SECTION = (
    "[profile claude-setup-work]\n"
    f"credential_process = {HELPER} aws-credentials work\n"
    "region = us-east-1\n"
)
CONFIG_HEAD = (
    "# AWS config of a developer\n"
    "[default]\n"
    "region = eu-west-1\n"
    "output = json\n"
    "\n"
    "[profile corp-sso]   ; the company account\n"
    "sso_session = corp\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = Developer\n"
    "s3 =\n"
    "    max_concurrent_requests = 20\n"
    "\n"
    "[sso-session corp]\n"
    "sso_start_url = https://example.awsapps.com/start\n"
    "sso_region = us-east-1\n"
)
SSO_SETUP = Setup("bedrock", "sso", profile="work", region="us-east-1", aws_profile="corp-sso")


def test_owned_aws_profile_removed_on_switch_at_end(make_machine: Any) -> None:
    config = CONFIG_HEAD + "\n" + OWNED_SECTION
    result = plan(SSO_SETUP, make_machine(aws_config=config))
    assert result.aws_config is not None
    assert result.aws_config.before == config.encode()
    assert result.aws_config.after == CONFIG_HEAD.encode()
    assert json.loads(result.settings.after)["env"]["AWS_PROFILE"] == "corp-sso"


def test_owned_aws_profile_removed_on_switch_in_middle(make_machine: Any) -> None:
    tail = "\n[profile later]\nregion = ap-northeast-1\n"
    config = CONFIG_HEAD + "\n" + OWNED_SECTION + tail
    result = plan(SSO_SETUP, make_machine(aws_config=config))
    assert result.aws_config is not None
    assert result.aws_config.after == (CONFIG_HEAD + tail).encode()


def test_comment_above_next_section_survives_removal(make_machine: Any) -> None:
    tail = "\n# the old account, kept for billing\n[profile later]\nregion = ap-northeast-1\n"
    config = CONFIG_HEAD + "\n" + OWNED_SECTION + tail
    result = plan(SSO_SETUP, make_machine(aws_config=config))
    assert result.aws_config is not None
    assert result.aws_config.after.decode() == CONFIG_HEAD + tail


def test_owned_aws_profile_rewritten_in_place(make_machine: Any) -> None:
    """Re-applying access keys with another region rewrites only the owned section."""
    tail = "\n[profile later]\nregion = ap-northeast-1\n"
    config = CONFIG_HEAD + "\n" + OWNED_SECTION + tail
    setup = Setup("bedrock", "access-keys", profile="work", region="eu-west-1",
                  aws_access_key_id=ACCESS_KEY_ID)
    previous = Setup("bedrock", "access-keys", profile="work", region="us-east-1",
                     aws_access_key_id=ACCESS_KEY_ID)
    machine = make_machine(aws_config=config, previous=previous, secret_stored=True)
    result = plan(setup, machine)
    assert result.aws_config is not None
    assert result.aws_config.after.decode() == (
        CONFIG_HEAD + "\n" + OWNED_SECTION.replace("us-east-1", "eu-west-1") + tail
    )


def test_other_profiles_owned_section_is_left_alone(make_machine: Any) -> None:
    """Switching profile 'work' away never touches the section of profile 'home'."""
    other = OWNED_SECTION.replace("claude-setup-work", "claude-setup-home").replace(
        "credentials work", "credentials home"
    )
    config = CONFIG_HEAD + "\n" + other
    result = plan(SSO_SETUP, make_machine(aws_config=config))
    assert result.aws_config is None


def test_no_aws_config_edit_without_owned_section(make_machine: Any) -> None:
    result = plan(SSO_SETUP, make_machine(aws_config=CONFIG_HEAD))
    assert result.aws_config is None
    assert [edit.path.name for edit in result.file_edits] == ["settings.json"]


@pytest.mark.parametrize(
    ("aws_config", "reason"),
    [
        (b"[profile plain]\nregion = caf\xe9\n", "not UTF-8 text at line 2, column 13"),
        (b"[profile plain]\nregion = x\n[profile plain]\n", "AWS SDK cannot read"),
    ],
    ids=["not-utf8", "duplicate-section"],
)
def test_aws_config_that_cannot_be_kept_is_refused(
    make_machine: Any, aws_config: bytes, reason: str
) -> None:
    """Issue 8, rule 4: an apply that would add a profile to such a file refuses instead."""
    setup = Setup("bedrock", "access-keys", profile="work", region="us-east-1",
                  aws_access_key_id=ACCESS_KEY_ID)
    with pytest.raises(WizardError, match=reason):
        plan(setup, make_machine(aws_config=aws_config, aws_profiles={}), Secret(AWS_SECRET))


def test_settings_that_are_not_utf8_are_refused_not_replaced(make_machine: Any) -> None:
    with pytest.raises(WizardError, match="not UTF-8 text at line 1, column 12"):
        plan(VERTEX, make_machine(settings=b'{"theme": "\xff"}'))


def test_foreign_numbers_and_escapes_survive_a_plan(make_machine: Any) -> None:
    text = ('{\r\n\t"big": 1E22,\r\n\t"zero": -0,\r\n\t"huge": 1e400,\r\n\t'
            '"s": "\\u00e9\\/"\r\n}\r\n')
    after = plan(VERTEX, make_machine(settings=text)).settings.after.decode()
    assert after.startswith('{\r\n\t"big": 1E22,\r\n\t"zero": -0,\r\n\t"huge": 1e400,\r\n\t'
                            '"s": "\\u00e9\\/",\r\n\t"')
    assert '\r\n\t"env": {\r\n\t\t"CLAUDE_CODE_USE_VERTEX": "1",\r\n' in after
    assert after.endswith("\r\n\t}\r\n}\r\n") and "\n" not in after.replace("\r\n", "")
