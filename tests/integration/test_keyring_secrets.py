"""The secret store and the key helpers against a real gnome-keyring."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, files_containing, one_line_error

from wizard.errors import SecretStoreError
from wizard.secrets.store import SecretStore

API_KEY = "sk-ant-api03-EXAMPLEintegrationKEY0123456789"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"


def apply_api_key(profile: str = "anthropic", secret: str = API_KEY) -> None:
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--profile", profile,
        "--secret-stdin", input=secret + "\n",
    )
    assert result.returncode == 0, result.stderr


def apply_access_keys(profile: str = "aws") -> None:
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
        "--aws-access-key-id", KEY_ID, "--profile", profile, "--secret-stdin",
        input=AWS_SECRET + "\n",
    )
    assert result.returncode == 0, result.stderr


def test_store_read_with_secret_tool_and_delete(keyring_env: PrivateKeyring) -> None:
    store = SecretStore()
    store.set("work", "api-key", API_KEY)
    assert keyring_env.lookup("claude-setup", "work/api-key") == API_KEY
    assert store.get("work", "api-key") == API_KEY
    store.delete("work", "api-key")
    assert keyring_env.lookup("claude-setup", "work/api-key") is None
    assert store.get("work", "api-key") is None


def test_apply_stores_the_key_and_the_helper_prints_only_it(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    apply_api_key()
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == API_KEY
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["apiKeyHelper"].endswith(" key anthropic")
    result = claude_setup("key", "anthropic")
    assert (result.returncode, result.stdout, result.stderr) == (0, API_KEY + "\n", "")
    assert files_containing([tmp_home], [API_KEY]) == []


def test_aws_credentials_prints_the_credential_process_json(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    apply_access_keys()
    result = claude_setup("aws-credentials", "aws")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "Version": 1, "AccessKeyId": KEY_ID, "SecretAccessKey": AWS_SECRET,
    }
    assert result.stdout.count("\n") == 1
    assert files_containing([tmp_home], [AWS_SECRET]) == []


def test_switching_away_keeps_the_unused_secret(keyring_env: PrivateKeyring) -> None:
    apply_api_key()
    result = claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login")
    assert result.returncode == 0, result.stderr
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == API_KEY
    assert "keyring: kept the API key of profile 'anthropic'" in result.stdout


def test_reapplying_without_the_secret_keeps_the_stored_one(keyring_env: PrivateKeyring) -> None:
    apply_api_key()
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--model", "claude-opus-4-6"
    )
    assert result.returncode == 0, result.stderr
    assert claude_setup("key", "anthropic").stdout == API_KEY + "\n"


def test_key_for_unknown_profile(keyring_env: PrivateKeyring) -> None:
    result = claude_setup("key", "nobody")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "unknown profile 'nobody'" in one_line_error(result)


def test_key_when_the_secret_was_removed(keyring_env: PrivateKeyring) -> None:
    apply_api_key()
    keyring_env.clear("claude-setup")
    result = claude_setup("key", "anthropic")
    assert result.returncode == 1
    assert "no API key stored for profile 'anthropic'" in one_line_error(result)


# -- a keyring that cannot be used: a clear line, in time, nothing written --------------------


def assert_refused_untouched(
    result: object, home: Path, expected: str, started: float, limit: float
) -> None:
    assert isinstance(result, __import__("subprocess").CompletedProcess)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert expected in one_line_error(result)
    assert time.monotonic() - started < limit
    assert not (home / ".claude" / "settings.json").exists()


def test_no_session_bus(keyring_env: PrivateKeyring, tmp_home: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in keyring_env.no_bus_env().items():
        monkeypatch.setenv(name, value)
    started = time.monotonic()
    result = claude_setup("key", "anthropic")
    assert_refused_untouched(result, tmp_home, "no usable keyring", started, 5)
    started = time.monotonic()
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--secret-stdin",
        input=API_KEY + "\n",
    )
    assert_refused_untouched(result, tmp_home, "no usable keyring", started, 10)


def test_locked_collection(keyring_env: PrivateKeyring, tmp_home: Path) -> None:
    apply_api_key()
    (tmp_home / ".claude" / "settings.json").unlink()
    keyring_env.lock()
    started = time.monotonic()
    result = claude_setup("key", "anthropic")
    assert_refused_untouched(result, tmp_home, "the keyring is locked", started, 5)
    started = time.monotonic()
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--profile", "other",
        "--secret-stdin", input=API_KEY + "\n",
    )
    assert_refused_untouched(result, tmp_home, "the keyring is locked", started, 10)


def test_stopped_daemon_is_named_at_once(keyring_env: PrivateKeyring, tmp_home: Path) -> None:
    """A stopped daemon is reported as such, well before the (default) deadline."""
    apply_api_key()
    (tmp_home / ".claude" / "settings.json").unlink()
    keyring_env.stop_daemon()
    started = time.monotonic()
    result = claude_setup("key", "anthropic", timeout=10)
    assert_refused_untouched(result, tmp_home, "keyring daemon (process", started, 3)
    started = time.monotonic()
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--secret-stdin",
        input=API_KEY + "\n", timeout=10,
    )
    assert_refused_untouched(result, tmp_home, "is stopped", started, 3)


def test_stopped_daemon_in_process(keyring_env: PrivateKeyring) -> None:
    keyring_env.stop_daemon()
    started = time.monotonic()
    with pytest.raises(SecretStoreError, match="is stopped"):
        SecretStore(timeout=5).set("p", "api-key", API_KEY)
    assert time.monotonic() - started < 3


def test_a_call_that_never_returns_hits_the_deadline() -> None:
    from wizard.secrets.store import with_deadline

    started = time.monotonic()
    with pytest.raises(SecretStoreError, match="did not answer within 0.5 s"):
        with_deadline(lambda: time.sleep(5), 0.5)
    assert time.monotonic() - started < 2


LOW_PRIORITY_BACKEND = '''
from keyring.backend import KeyringBackend

class PlainFile(KeyringBackend):
    """Stands for keyrings.alt's plaintext file: viable, but priority below 1."""
    priority = 0.5

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise AssertionError("an insecure backend must never be given a secret")

    def delete_password(self, service, username):
        pass
'''


def test_insecure_backend_is_refused(
    tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plainfile_backend.py").write_text(LOW_PRIORITY_BACKEND)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "plainfile_backend.PlainFile")
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--secret-stdin",
        input=API_KEY + "\n",
    )
    assert result.returncode == 1
    line = one_line_error(result)
    assert "plain file" in line and "PYTHON_KEYRING_BACKEND" in line
    assert not (tmp_home / ".claude" / "settings.json").exists()
    helper = claude_setup("key", "anthropic")
    assert helper.returncode == 1 and "plain file" in one_line_error(helper)


def test_run_gives_the_env_only_secret_to_the_command(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    token = "ABSKEXAMPLEbedrockAPIkey0123456789abcdef"
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
        "--secret-stdin", input=token + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "claude-setup run" in result.stderr
    settings = (tmp_home / ".claude" / "settings.json").read_text()
    assert "AWS_BEARER_TOKEN_BEDROCK" not in settings
    shown = claude_setup("run", "--", "sh", "-c", 'printf %s "$AWS_BEARER_TOKEN_BEDROCK"')
    assert (shown.returncode, shown.stdout) == (0, token)
    assert files_containing([tmp_home], [token]) == []


def test_plaintext_secrets_is_explicit_and_private(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    token = "ABSKEXAMPLEbedrockAPIkey0123456789abcdef"
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
        "--plaintext-secrets", "--secret-stdin", input=token + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "plain text" in result.stderr
    path = tmp_home / ".claude" / "settings.json"
    assert json.loads(path.read_text())["env"]["AWS_BEARER_TOKEN_BEDROCK"] == token
    assert path.stat().st_mode & 0o777 == 0o600


def test_engine_removes_a_profile_and_its_keyring_entry(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    from wizard import engine, profiles

    apply_api_key("personal")
    apply_api_key("other", API_KEY + "2")
    assert engine.secrets_of("personal") == ["api-key"]
    assert engine.remove_profile("personal") == ["api-key"]
    assert keyring_env.lookup("claude-setup", "personal/api-key") is None
    assert keyring_env.lookup("claude-setup", "other/api-key") == API_KEY + "2"
    assert [p.name for p in profiles.all_profiles()] == ["other"]
