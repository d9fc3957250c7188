"""Issue 8, rule 1 (and rule 12's plaintext copies): a secret the user cannot get again is never
lost. It stays in the keyring while a saved profile refers to it, ``undo`` puts keyring entries
back with the files, ``remove`` deletes a profile's secrets after a confirm, and every keyring
change an apply makes is in its output. Run as a user would, against a real gnome-keyring."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, files_containing, one_line_error

KEY_1 = "sk-ant-api03-EXAMPLEfirstKEY0123456789abcdef"
KEY_2 = "sk-ant-api03-EXAMPLEsecondKEY0123456789abcdef"
TOKEN = "ABSKEXAMPLEbedrockPLAINTEXTkey0123456789"


def ok(*args: str, secret: str | None = None) -> subprocess.CompletedProcess[str]:
    result = claude_setup(*args, input=None if secret is None else secret + "\n")
    assert result.returncode == 0, result.stderr
    return result


def api_key(profile: str, secret: str) -> subprocess.CompletedProcess[str]:
    return ok("apply", "--provider", "anthropic", "--auth", "api-key", "--profile", profile,
              "--secret-stdin", secret=secret)


def entries(ring: PrivateKeyring) -> int:
    return len(ring.search(service="claude-setup"))


def settings_of(home: Path) -> dict[str, object]:
    data = json.loads((home / ".claude" / "settings.json").read_text())
    assert isinstance(data, dict)
    return data


def test_switching_auth_keeps_the_key_and_undo_brings_the_helper_back(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """The reproduction: api-key, then claude-login on the same profile, then undo."""
    first = api_key("anthropic", KEY_1)
    assert "keyring: stored the API key of profile 'anthropic'" in first.stdout
    switched = ok("apply", "--provider", "anthropic", "--auth", "claude-login",
                  "--profile", "anthropic")
    assert "apiKeyHelper" not in settings_of(tmp_home)
    assert "keyring: kept the API key of profile 'anthropic'" in switched.stdout
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == KEY_1
    ok("undo")
    assert str(settings_of(tmp_home)["apiKeyHelper"]).endswith(" key anthropic")
    assert claude_setup("key", "anthropic").stdout == KEY_1 + "\n"


def test_replacing_a_key_is_listed_and_undo_puts_the_earlier_one_back(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    api_key("anthropic", KEY_1)
    replaced = api_key("anthropic", KEY_2)
    assert "keyring: replaced the API key of profile 'anthropic'" in replaced.stdout
    assert claude_setup("key", "anthropic").stdout == KEY_2 + "\n"
    assert entries(keyring_env) == 2  # the key, and the earlier one kept for undo
    assert files_containing([tmp_home], [KEY_1, KEY_2]) == []
    undone = ok("undo")
    assert "keyring: put back the earlier API key of profile 'anthropic'" in undone.stdout
    assert claude_setup("key", "anthropic").stdout == KEY_1 + "\n"
    assert entries(keyring_env) == 1
    assert files_containing([tmp_home], [KEY_1, KEY_2]) == []


def test_switching_profiles_keeps_both_keys(keyring_env: PrivateKeyring) -> None:
    api_key("personal", KEY_1)
    api_key("work", KEY_2)
    ok("use", "personal")
    ok("use", "work")
    ok("undo")
    assert keyring_env.lookup("claude-setup", "personal/api-key") == KEY_1
    assert keyring_env.lookup("claude-setup", "work/api-key") == KEY_2


def test_remove_without_a_terminal_needs_yes(keyring_env: PrivateKeyring, tmp_home: Path) -> None:
    api_key("personal", KEY_1)
    profile = tmp_home / ".config" / "claude-setup" / "profiles" / "personal.json"
    result = claude_setup("remove", "personal", input="y\n")
    assert result.returncode == 1
    assert "--yes" in one_line_error(result)
    assert profile.is_file()
    assert keyring_env.lookup("claude-setup", "personal/api-key") == KEY_1


def test_remove_yes_deletes_every_secret_the_profile_kept(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    api_key("personal", KEY_1)
    api_key("personal", KEY_2)  # KEY_1 kept in the keyring for undo
    ok("apply", "--provider", "anthropic", "--auth", "claude-login", "--profile", "personal")
    api_key("other", KEY_1)
    result = ok("remove", "personal", "--yes")
    assert "keyring: deleted the API key of profile 'personal'" in result.stdout
    assert [row["name"] for row in json.loads(ok("profiles", "--json").stdout)] == ["other"]
    assert keyring_env.search(service="claude-setup", username="personal/api-key") == []
    assert entries(keyring_env) == 1  # only other/api-key: the kept copy went too
    assert keyring_env.lookup("claude-setup", "other/api-key") == KEY_1
    again = claude_setup("remove", "personal", "--yes")
    assert again.returncode == 1 and "unknown profile 'personal'" in one_line_error(again)


def test_remove_asks_on_a_terminal(keyring_env: PrivateKeyring) -> None:
    api_key("personal", KEY_1)
    for answer, code in (("n", 1), ("y", 0)):
        main, secondary = os.openpty()
        try:
            process = subprocess.Popen(
                [str(CLAUDE_SETUP), "remove", "personal"], stdin=secondary,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            os.write(main, f"{answer}\n".encode())
            out, err = process.communicate(timeout=30)
        finally:
            os.close(main)
            os.close(secondary)
        assert process.returncode == code, err
        assert "Remove profile 'personal' and delete from the keyring: API key?" in out
        stored = keyring_env.lookup("claude-setup", "personal/api-key")
        assert stored == (KEY_1 if answer == "n" else None)


def test_a_plaintext_secret_copied_into_a_backup_goes_with_its_profile(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """Rule 12: --plaintext-secrets put the key in settings.json; the next apply's backup holds
    a copy of that file; removing the profile removes that copy too."""
    ok("apply", "--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
       "--profile", "team", "--plaintext-secrets", "--secret-stdin", secret=TOKEN)
    ok("apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "us-east-1",
       "--profile", "team")
    state = tmp_home / ".local" / "state" / "claude-setup"
    assert files_containing([state], [TOKEN]) != []
    ok("remove", "team", "--yes")
    assert files_containing([tmp_home], [TOKEN]) == []
    assert keyring_env.search(service="claude-setup") == []
