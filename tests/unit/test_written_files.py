"""Issue 15, rules 7 and 5: a path read from a backup manifest is written only when it is one
claude-setup writes; a replaced profile comes back from ``undo`` still listing its secrets;
claude-setup's own state that is not UTF-8 JSON is refused with one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wizard import appdirs, profiles, written_files
from wizard.errors import WizardError


@pytest.fixture
def project(unit_home: Path) -> Path:
    folder = unit_home / "work" / "repo"
    (folder / ".claude").mkdir(parents=True)
    return folder


def test_the_files_claude_setup_writes_are_restorable(unit_home: Path, project: Path) -> None:
    for path in (
        unit_home / ".claude" / "settings.json",
        project / ".claude" / "settings.json",
        project / ".claude" / "settings.local.json",
        unit_home / ".aws" / "config",
        unit_home / ".config" / "git" / "ignore",
        appdirs.profile_file("work"),
        appdirs.state_file(),
    ):
        assert written_files.check_restorable(str(path)) == path


@pytest.mark.parametrize(
    "relative",
    [
        ".bashrc",
        ".ssh/authorized_keys",
        ".claude/../.bashrc",
        ".claude//settings.json",
        ".config/claude-setup/profiles/../../../.bashrc",
        ".config/claude-setup/profiles/work.txt",
        ".config/claude-setup/profiles/.hidden.json",
        ".claude/settings.json.bak",
        "work/repo/settings.json",
    ],
)
def test_any_other_path_is_refused(unit_home: Path, relative: str) -> None:
    with pytest.raises(ValueError, match="is not a file claude-setup writes"):
        written_files.check_restorable(f"{unit_home}/{relative}")


@pytest.mark.parametrize("recorded", ["/etc/passwd", "/etc/shadow", "settings.json", ""])
def test_system_files_and_relative_paths_are_refused(recorded: str) -> None:
    with pytest.raises(ValueError, match="is not a file claude-setup writes"):
        written_files.check_restorable(recorded)


def test_a_project_file_a_link_leads_out_of_is_refused(unit_home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "settings.json").write_text("precious")
    linked = unit_home / "linked"
    linked.mkdir()
    (linked / ".claude").symlink_to(outside)
    with pytest.raises(ValueError, match="outside the project"):
        written_files.check_restorable(str(linked / ".claude" / "settings.json"))
    (project := unit_home / "other" / ".claude").mkdir(parents=True)
    (project / "settings.local.json").symlink_to(unit_home / ".bashrc")
    (unit_home / ".bashrc").write_text("precious")
    with pytest.raises(ValueError, match="outside the project"):
        written_files.check_restorable(str(project / "settings.local.json"))


def test_a_settings_path_that_is_no_regular_file_is_refused(unit_home: Path) -> None:
    fifo = unit_home / ".claude" / "settings.json"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        written_files.check_restorable(str(fifo))


def test_a_relative_claude_config_dir_from_another_folder(
    unit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", "conf")
    written = unit_home / "a" / "conf" / "settings.json"
    assert written_files.check_restorable(str(written)) == written
    with pytest.raises(ValueError):
        written_files.check_restorable(str(unit_home / "a" / "other" / "settings.json"))
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", ".")
    with pytest.raises(ValueError):
        written_files.check_restorable(str(unit_home / "anything" / "settings.json"))


def test_the_git_ignore_file_git_names_is_restorable(
    unit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = unit_home / "my-global-ignore"
    (unit_home / ".gitconfig").write_text(f"[core]\n\texcludesFile = {mine}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(unit_home / ".gitconfig"))
    assert written_files.check_restorable(str(mine)) == mine
    with pytest.raises(ValueError):
        written_files.check_restorable(str(unit_home / "another-ignore"))


# --- a replaced profile keeps listing the secrets the apply stored --------------------------


def test_a_replaced_profile_comes_back_listing_the_new_secret() -> None:
    earlier = b'{\n  "saved_at": "then",\n  "setup": {"provider": "anthropic"},\n  "x": 1\n}\n'
    restored = json.loads(profiles.with_secrets(earlier, {}, ["api-key"]))
    assert restored == {
        "saved_at": "then", "setup": {"provider": "anthropic"}, "x": 1, "secrets": ["api-key"]
    }  # fmt: skip
    listed = b'{"setup": {}, "secrets": ["api-key"]}'
    assert profiles.with_secrets(listed, {}, ["api-key"]) == listed  # byte for byte
    both = json.loads(profiles.with_secrets(listed, {}, ["api-key", "aws-secret-access-key"]))
    assert both["secrets"] == ["api-key", "aws-secret-access-key"]
    assert profiles.with_secrets(b"\xff not json", {}, ["api-key"]) == b"\xff not json"


def test_a_replaced_profile_comes_back_with_the_new_secrets_binding() -> None:
    earlier = b'{"setup": {}, "secrets": ["aws-secret-access-key"], "bindings": {"x": 1}}'
    gateway = profiles.Binding("gateway", "https://llm.example.com")
    other = profiles.Binding("anthropic", None)
    restored = json.loads(
        profiles.with_secrets(earlier, {"api-key": gateway, "aws-secret-access-key": other},
                              ["aws-secret-access-key", "api-key"])
    )  # fmt: skip
    assert restored["secrets"] == ["aws-secret-access-key", "api-key"]
    assert restored["bindings"] == {"x": 1, "api-key": gateway.to_dict()}  # only the added one


# --- claude-setup's own state that is not UTF-8 JSON: one line --------------------------------


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe{}", b"{not json", b"[]", b"[" * 100000],
    ids=["latin", "json", "list", "deep"],
)
def test_a_state_file_that_is_not_a_json_object_is_refused(content: bytes) -> None:
    state = appdirs.state_file()
    state.parent.mkdir(parents=True)
    state.write_bytes(content)
    with pytest.raises(WizardError) as info:
        profiles.active_name()
    message = str(info.value)
    assert str(state) in message and "\n" not in message
    assert state.read_bytes() == content


@pytest.mark.parametrize("content", [b"\xff\xfe{}", b"{not json", b"[" * 100000])
def test_a_profile_that_is_not_json_is_refused(content: bytes) -> None:
    path = appdirs.profile_file("work")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(WizardError) as info:
        profiles.load("work")
    assert f"cannot read profile {path}" in str(info.value)
