"""~/.aws/config: reading sections and profiles, and editing one section only."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard import awsconfig
from wizard.errors import WizardError

OWNED = {
    "credential_process": "/opt/claude-setup/bin/claude-setup aws-credentials work",
    "region": "us-east-1",
}
OWNED_TEXT = (
    "[profile claude-setup-work]\n"
    "credential_process = /opt/claude-setup/bin/claude-setup aws-credentials work\n"
    "region = us-east-1\n"
)

CONFIG = (
    "# ~/.aws/config of a developer\n"
    "; semicolon comment\n"
    "[default]\n"
    "region = eu-west-1\n"
    "output = json\n"
    "\n"
    "[profile corp-sso]   # the company account\n"
    "sso_session = corp\n"
    "sso_account_id = 111122223333\n"
    "sso_role_name = Developer\n"
    "s3 =\n"
    "    max_concurrent_requests = 20\n"
    "\n"
    "[sso-session corp]\n"
    "sso_start_url = https://example.awsapps.com/start\n"
    "sso_region = us-east-1\n"
    "sso_registration_scopes = sso:account:access\n"
    "\n"
    "[profile legacy]\n"
    "sso_start_url = https://legacy.awsapps.com/start\n"
    "region=ap-southeast-2\n"
)
CREDENTIALS = (
    "[default]\n"
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    "\n"
    "[static-user]\n"
    "aws_access_key_id = AKIAI44QH8DHBEXAMPLE\n"
    "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    "\n"
    "[legacy]\n"
    "region = us-west-1\n"
    "output = text\n"
)


# --- reading ---------------------------------------------------------------------------------

def test_sections() -> None:
    found = awsconfig.sections(CONFIG)
    assert list(found) == ["default", "profile corp-sso", "sso-session corp", "profile legacy"]
    assert found["default"] == {"region": "eu-west-1", "output": "json"}
    assert found["profile corp-sso"] == {
        "sso_session": "corp",
        "sso_account_id": "111122223333",
        "sso_role_name": "Developer",
        "s3": "\nmax_concurrent_requests = 20",  # as botocore reads it, before it nests it
    }
    assert found["sso-session corp"]["sso_start_url"] == "https://example.awsapps.com/start"
    assert found["profile legacy"]["region"] == "ap-southeast-2"


def test_sections_ignore_lines_before_first_header() -> None:
    assert awsconfig.sections("region = x\n[default]\noutput = json\n") == {
        "default": {"output": "json"}
    }


def test_profiles_of_config() -> None:
    found = awsconfig.profiles(CONFIG)
    assert set(found) == {"default", "corp-sso", "legacy"}
    assert "corp" not in found and "sso-session corp" not in found
    assert found["corp-sso"]["sso_session"] == "corp"


def test_profiles_of_config_and_credentials() -> None:
    found = awsconfig.profiles(CONFIG, CREDENTIALS)
    assert set(found) == {"default", "corp-sso", "legacy", "static-user"}
    assert found["static-user"]["aws_access_key_id"] == "AKIAI44QH8DHBEXAMPLE"
    # the config's values win over the credentials file's; both are kept
    assert found["legacy"]["region"] == "ap-southeast-2"
    assert found["legacy"]["output"] == "text"
    assert found["default"]["region"] == "eu-west-1"
    assert found["default"]["aws_access_key_id"] == "AKIAIOSFODNN7EXAMPLE"


def test_profile_header() -> None:
    assert awsconfig.profile_header("default") == "default"
    assert awsconfig.profile_header("x") == "profile x"


def test_paths_follow_environment(unit_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert awsconfig.config_path() == unit_home / ".aws" / "config"
    assert awsconfig.credentials_path() == unit_home / ".aws" / "credentials"
    monkeypatch.delenv("AWS_CONFIG_FILE")
    monkeypatch.delenv("AWS_SHARED_CREDENTIALS_FILE")
    assert awsconfig.config_path() == unit_home / ".aws" / "config"
    assert awsconfig.credentials_path() == unit_home / ".aws" / "credentials"
    monkeypatch.setenv("AWS_CONFIG_FILE", str(unit_home / "elsewhere"))
    assert awsconfig.config_path() == unit_home / "elsewhere"


# --- set_profile -----------------------------------------------------------------------------

def test_set_profile_in_empty_file() -> None:
    assert awsconfig.set_profile("", "claude-setup-work", OWNED) == OWNED_TEXT


def test_set_profile_appends_after_blank_line() -> None:
    assert awsconfig.set_profile(CONFIG, "claude-setup-work", OWNED) == CONFIG + "\n" + OWNED_TEXT


def test_set_profile_without_trailing_newline() -> None:
    text = CONFIG.rstrip("\n")
    assert not text.endswith("\n")
    assert awsconfig.set_profile(text, "claude-setup-work", OWNED) == CONFIG + "\n" + OWNED_TEXT


def test_set_profile_after_trailing_blank_lines() -> None:
    result = awsconfig.set_profile(CONFIG + "\n\n\n", "claude-setup-work", OWNED)
    assert result == CONFIG + "\n" + OWNED_TEXT


def test_set_profile_replaces_only_its_section_at_end() -> None:
    text = CONFIG + "\n" + OWNED_TEXT.replace("us-east-1", "eu-central-1") + "extra = 1\n"
    assert awsconfig.set_profile(text, "claude-setup-work", OWNED) == CONFIG + "\n" + OWNED_TEXT


def test_set_profile_replaces_only_its_section_in_middle() -> None:
    head = "[default]\nregion = eu-west-1\n\n"
    tail = "[profile after]\nregion = us-west-2\n"
    old = OWNED_TEXT.replace("us-east-1", "eu-central-1")
    result = awsconfig.set_profile(head + old + "\n" + tail, "claude-setup-work", OWNED)
    assert result == head + OWNED_TEXT + "\n" + tail


def test_set_profile_keeps_comment_above_next_section() -> None:
    head = "[default]\nregion = eu-west-1\n\n"
    tail = "# the account for billing reports\n[profile after]\nregion = us-west-2\n"
    old = OWNED_TEXT.replace("us-east-1", "eu-central-1")
    result = awsconfig.set_profile(head + old + "\n" + tail, "claude-setup-work", OWNED)
    assert result == head + OWNED_TEXT + "\n" + tail


def test_set_profile_is_idempotent() -> None:
    once = awsconfig.set_profile(CONFIG, "claude-setup-work", OWNED)
    assert awsconfig.set_profile(once, "claude-setup-work", OWNED) == once


def test_set_default_profile_uses_default_header() -> None:
    result = awsconfig.set_profile("[profile x]\na = 1\n", "default", {"region": "us-east-1"})
    assert result == "[profile x]\na = 1\n\n[default]\nregion = us-east-1\n"


def test_set_profile_does_not_match_a_similar_name() -> None:
    text = "[profile claude-setup-work-2]\nregion = x\n"
    result = awsconfig.set_profile(text, "claude-setup-work", OWNED)
    assert result == text + "\n" + OWNED_TEXT


def test_set_profile_keeps_crlf_lines_of_others() -> None:
    text = "[default]\r\nregion = eu-west-1\r\n"
    result = awsconfig.set_profile(text, "claude-setup-work", OWNED)
    assert result.startswith(text)


# --- remove_profile --------------------------------------------------------------------------

def test_remove_profile_at_end() -> None:
    assert awsconfig.remove_profile(CONFIG + "\n" + OWNED_TEXT, "claude-setup-work") == CONFIG


def test_remove_profile_in_middle() -> None:
    head = "# top\n[default]\nregion = eu-west-1\n\n"
    tail = "[profile after]\nregion = us-west-2\n"
    text = head + OWNED_TEXT + "\n" + tail
    assert awsconfig.remove_profile(text, "claude-setup-work") == head + tail


def test_remove_profile_first() -> None:
    tail = "[profile after]\nregion = us-west-2\n"
    assert awsconfig.remove_profile(OWNED_TEXT + "\n" + tail, "claude-setup-work") == tail


def test_remove_only_profile_leaves_empty_file() -> None:
    assert awsconfig.remove_profile(OWNED_TEXT, "claude-setup-work") == ""


def test_remove_absent_profile_returns_text_unchanged() -> None:
    for text in (CONFIG, CONFIG.rstrip("\n"), "", "[profile claude-setup-work-2]\n"):
        assert awsconfig.remove_profile(text, "claude-setup-work") == text


def test_remove_keeps_comment_above_next_section() -> None:
    head = "[default]\nregion = eu-west-1\n\n"
    tail = "# the account for billing reports\n[profile after]\nregion = us-west-2\n"
    text = head + OWNED_TEXT + "\n" + tail
    assert awsconfig.remove_profile(text, "claude-setup-work") == head + tail


def test_set_then_remove_gives_back_the_file() -> None:
    for text in (CONFIG, "", "[default]\nregion = x\n"):
        added = awsconfig.set_profile(text, "claude-setup-work", OWNED)
        assert awsconfig.remove_profile(added, "claude-setup-work") == text


# --- issue 8: kept exactly, refused when it cannot be, no control character written ----------

FOREIGN = "[default]\r\nregion = us-east-1 ; comment é\r\n\r\n# note\r\n[profile a]\rregion=x\r\n"


def test_foreign_lines_kept_byte_for_byte_through_set_and_remove() -> None:
    added = awsconfig.set_profile(FOREIGN, "claude-setup-w", {"credential_process": "/x key w"})
    assert added.startswith(FOREIGN)
    assert awsconfig.remove_profile(added, "claude-setup-w") == FOREIGN


def test_a_lone_carriage_return_ends_a_line_as_for_the_sdk() -> None:
    text = "[profile a]\rregion = x\r[profile claude-setup-w]\rcredential_process = old\r"
    replaced = awsconfig.set_profile(text, "claude-setup-w", {"credential_process": "new"})
    assert replaced.startswith("[profile a]\rregion = x\r[profile claude-setup-w]")
    assert "old" not in replaced and "new" in replaced


@pytest.mark.parametrize(
    "value",
    ["x\n[profile evil]\ncredential_process = sh -c id", "x\r", "x\u2028y", "x\x00", "x\x85"],
)
def test_value_with_a_line_break_or_control_character_is_never_written(value: str) -> None:
    with pytest.raises(WizardError, match="control character"):
        awsconfig.set_profile("", "claude-setup-w", {"region": value})
    with pytest.raises(WizardError, match="control character"):
        awsconfig.set_profile("", "w\n[profile evil]", {"region": "x"})


def test_sso_section_values_are_checked_whole() -> None:
    from wizard.services.sso_profiles import set_section

    with pytest.raises(WizardError, match="control character"):
        set_section("[sso-session s]\nsso_region = x\n", "sso-session s",
                    {"sso_start_url": "https://a.awsapps.com/start\n[profile evil]"})


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[profile a]\nregion = x\n[profile a]\nregion = y\n", 3),
        ("[profile a]\nregion = x\nregion = y\n", 3),
        ("region = x\n[profile a]\n", 1),
        ("[profile a]\nthis line has no equals sign\n", 2),
    ],
    ids=["duplicate-section", "duplicate-key", "no-section", "no-equals"],
)
def test_a_file_the_sdk_cannot_read_is_refused_with_its_line(text: str, line: int) -> None:
    with pytest.raises(WizardError) as info:
        awsconfig.check_readable(text, Path("/h/.aws/config"))
    assert f"(line {line})" in str(info.value)
    assert "\n" not in str(info.value)


def test_text_that_is_not_utf8_is_refused_with_line_and_column() -> None:
    with pytest.raises(WizardError, match="not UTF-8 text at line 2, column 10"):
        awsconfig.decode(b"[default]\nregion = \xff\n", Path("/h/.aws/config"))


# --- issue 15: read as botocore reads it; refused where the AWS CLI and Claude Code disagree ---

BOTOCORE_SHAPES = {
    "trailing-text": "[profile work] (prod)\nregion = eu-west-1\n",
    "double-bracket": "[profile work]]\nregion = eu-west-1\n",
    "indented-header": "[default]\nregion = a\n  [profile v]\n  region = b\n",
    "upper-case-key": "[profile a]\nRegion = x\n",
    "colon": "[profile a]\nregion: x\n",
    "spaced": "[ profile x ]\nregion = y\n",
    "indented-first-key": "[profile a]\n  region = x\n",
    "default-section": "[DEFAULT]\nregion = evil\n[profile a]\noutput = json\n",
    "continued": "[profile a]\nregion = x\n# c\n  more\n",
    "inline-hash": "[profile a]\nregion = x # not a comment to botocore\n",
    "developer": CONFIG,
}


def botocore_profiles(text: str, tmp_path: Path) -> dict[str, dict[str, str]]:
    """The profiles botocore itself reads from ``text`` (values nested under a key left out)."""
    from botocore.configloader import build_profile_map, raw_config_parse

    path = tmp_path / "config"
    path.write_text(text)
    found = build_profile_map(raw_config_parse(str(path), parse_subsections=False))
    return {
        name: {k: v for k, v in values.items() if not v.startswith("\n")}
        for name, values in found["profiles"].items()
    }


@pytest.mark.parametrize("text", BOTOCORE_SHAPES.values(), ids=BOTOCORE_SHAPES.keys())
def test_profiles_are_read_as_botocore_reads_them(text: str, tmp_path: Path) -> None:
    ours = {
        name: {k: v for k, v in values.items() if not v.startswith("\n")}
        for name, values in awsconfig.profiles(text).items()
    }
    assert ours == botocore_profiles(text, tmp_path)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[profile claude-setup-w]\ncredential_process = old\n[profile work] (prod)\n", 3),
        ("[profile work]]\nregion = x\n", 1),
        ("[default]\nregion = a\n  [profile v]\n", 3),
        ("[profile a]#x\nregion = x\n", 1),
        ("[profile a]\rregion = x\n", 1),
        ('[profile "my team"]\nregion = x\n', 1),
        ("[profiles x]\nregion = x\n", 1),
        ("\x1c[profile x]\nregion = x\n", 1),
        ("[profile a]\nregion = x\n\n[profile.a]\nendpoint_url = http://evil\n", 4),
        ("[sso-session.corp]\nsso_region = x\n", 1),
    ],
    ids=["trailing-text", "double-bracket", "indented", "hash-without-space", "lone-cr",
         "quoted-with-space", "profiles", "separator-control", "dotted-profile",
         "dotted-session"],
)  # fmt: skip
def test_a_header_the_aws_cli_and_claude_code_read_apart_is_refused(text: str, line: int) -> None:
    """botocore (the AWS CLI) and Claude Code's AWS SDK read section headers by different rules:
    where they disagree, an edit made for one could replace or hide a profile of the other."""
    with pytest.raises(WizardError) as info:
        awsconfig.check_readable(text, Path("/h/.aws/config"))
    assert f"read line {line} differently" in str(info.value)
    assert "\n" not in str(info.value) and "\x1c" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [CONFIG, "[profile a] ; note\nregion = x\n", "[profile\tteam]\n", '[profile "team"]\n',
     "[ profile x ]\n", "[plugins]\ncli_legacy_plugin_path = x\n", "[services s3x]\n",
     "[default]\r\nregion = x\r\n"],
)  # fmt: skip
def test_headers_both_sdks_read_alike_are_accepted(text: str) -> None:
    awsconfig.check_readable(text, Path("/h/.aws/config"))


def test_a_section_botocore_sees_is_never_swallowed_by_the_edit_before_it() -> None:
    text = "[profile claude-setup-w]\ncredential_process = old\n[profile work] (prod)\nregion = x\n"
    edited = awsconfig.set_profile(text, "claude-setup-w", {"credential_process": "new"})
    assert edited.endswith("[profile work] (prod)\nregion = x\n")
    removed = awsconfig.remove_profile(text, "claude-setup-w")
    assert removed == "[profile work] (prod)\nregion = x\n"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("[profile claude-setup-w]\n  [profile prod]\nsource_profile = prod-src\n", "profile prod"),
        ("[profile claude-setup-w]\n\n  [profile prod]\nrole_arn = x\n", "profile prod"),
    ],
    ids=["indented-header-under-an-empty-section", "after-a-blank-line"],
)
def test_an_edit_that_would_change_another_section_is_refused(text: str, name: str) -> None:
    """An empty section and an indented header beneath it read alike for both SDKs, but once
    the section has a key the header becomes that key's continuation: the edit is refused."""
    edited = awsconfig.set_profile(text, "claude-setup-w", {"aws_access_key_id": "AKIAEXAMPLE"})
    with pytest.raises(WizardError, match="differently|also change"):
        awsconfig.check_edit(text, edited, Path("/h/.aws/config"), {"profile claude-setup-w"})


def test_a_nested_line_without_equals_is_refused_as_botocore_refuses_it() -> None:
    with pytest.raises(WizardError, match="indented line without '='"):
        awsconfig.check_readable("[profile a]\ns3 =\n  more\n", Path("/h/.aws/config"))


def test_an_edit_of_only_its_own_section_passes() -> None:
    edited = awsconfig.set_profile(CONFIG, "claude-setup-work", OWNED)
    awsconfig.check_edit(CONFIG, edited, Path("/h/.aws/config"), {"profile claude-setup-work"})
