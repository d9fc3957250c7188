"""Issue 15, rule 5: ``undo`` puts saved profiles back with the files.

A saved profile an apply replaced comes back (a team file imported under the name of the user's
own profile, say), and so does the active profile; its list of stored secrets still names every
secret that apply stored for the first time, so ``remove`` finds and deletes it. A profile an
apply created stays after ``undo``, since it refers to the secret that apply stored. A profile
removed since stays removed. Run as a user would, against a real gnome-keyring.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from keyring_env import PrivateKeyring
from runner import claude_setup

KEY = "sk-ant-api03-EXAMPLEteamKEY0123456789abcdef"
HELPER = ("apply", "--provider", "anthropic", "--auth", "helper",
          "--helper-command", "my-vault print anthropic", "--yes")  # fmt: skip


def ok(*args: str, secret: str | None = None) -> subprocess.CompletedProcess[str]:
    result = claude_setup(*args, input=None if secret is None else secret + "\n")
    assert result.returncode == 0, result.stderr
    return result


def profile_file(home: Path, name: str) -> Path:
    return home / ".config" / "claude-setup" / "profiles" / f"{name}.json"


def state_of(home: Path) -> dict[str, Any]:
    data = json.loads((home / ".config" / "claude-setup" / "state.json").read_text())
    assert isinstance(data, dict)
    return data


def test_undo_of_an_import_over_the_users_own_profile_brings_it_back(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    ok("apply", "--provider", "anthropic", "--auth", "api-key", "--profile", "team-source",
       "--secret-stdin", secret="sk-ant-api03-EXAMPLEotherKEY0123456789abcdef")  # fmt: skip
    ok(*HELPER, "--profile", "anthropic")  # the user's own profile, a key from their vault
    own = profile_file(tmp_home, "anthropic").read_bytes()
    settings = (tmp_home / ".claude" / "settings.json").read_bytes()
    team = tmp_path / "team.json"
    ok("export", "team-source", "--output", str(team))
    data = json.loads(team.read_text())
    data["name"] = "anthropic"
    team.write_text(json.dumps(data))

    refused = claude_setup("import", str(team), "--secret-stdin", "--yes", input=KEY + "\n")
    assert refused.returncode == 1  # the file's name alone takes no saved profile
    assert profile_file(tmp_home, "anthropic").read_bytes() == own
    ok("import", str(team), "--profile", "anthropic", "--secret-stdin", "--yes", secret=KEY)
    assert json.loads(profile_file(tmp_home, "anthropic").read_text())["setup"]["auth"] == (
        "api-key"
    )
    undone = ok("undo")
    assert f"restored {profile_file(tmp_home, 'anthropic')}" in undone.stdout
    restored = json.loads(profile_file(tmp_home, "anthropic").read_text())
    assert restored["setup"] == json.loads(own)["setup"]  # the helper, as the user saved it
    assert restored["saved_at"] == json.loads(own)["saved_at"]
    assert restored["secrets"] == ["api-key"]  # the key the import stored is still named
    assert (tmp_home / ".claude" / "settings.json").read_bytes() == settings
    assert state_of(tmp_home)["active"] == "anthropic"
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == KEY

    removed = ok("remove", "anthropic", "--yes")
    assert "keyring: deleted the API key of profile 'anthropic'" in removed.stdout
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") is None


def test_a_replaced_profile_that_stored_nothing_comes_back_byte_for_byte(tmp_home: Path) -> None:
    ok(*HELPER, "--profile", "work")
    before = profile_file(tmp_home, "work").read_bytes()
    ok(*HELPER, "--profile", "work", "--model", "claude-sonnet-5-5")
    assert profile_file(tmp_home, "work").read_bytes() != before
    ok("undo")
    assert profile_file(tmp_home, "work").read_bytes() == before


def test_a_profile_an_apply_created_stays_and_the_active_one_comes_back(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    ok(*HELPER, "--profile", "first")
    ok("apply", "--provider", "anthropic", "--auth", "api-key", "--profile", "second",
       "--secret-stdin", secret=KEY)  # fmt: skip
    created = profile_file(tmp_home, "second").read_bytes()
    assert state_of(tmp_home)["active"] == "second"
    ok("undo")
    assert state_of(tmp_home)["active"] == "first"
    assert profile_file(tmp_home, "second").read_bytes() == created  # it names the stored key
    assert keyring_env.lookup("claude-setup", "second/api-key") == KEY
    listed = json.loads(ok("profiles", "--json").stdout)
    assert [(row["name"], row["active"]) for row in listed] == [("first", True), ("second", False)]
    ok("undo")  # the first apply: its profile stays too, and no profile is active any more
    assert profile_file(tmp_home, "first").is_file()
    assert not (tmp_home / ".config" / "claude-setup" / "state.json").exists()


def test_a_profile_removed_since_stays_removed(tmp_home: Path) -> None:
    ok(*HELPER, "--profile", "work")
    settings = (tmp_home / ".claude" / "settings.json").read_bytes()
    ok(*HELPER, "--profile", "work", "--model", "claude-sonnet-5-5")
    ok("remove", "work", "--yes")
    undone = ok("undo")
    assert f"left {profile_file(tmp_home, 'work')} as it is" in undone.stdout
    assert not profile_file(tmp_home, "work").exists()
    assert (tmp_home / ".claude" / "settings.json").read_bytes() == settings
