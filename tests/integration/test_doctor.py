"""``claude-setup doctor`` finds each problem planted in a temporary HOME."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeEndpoint
from keyring_env import PrivateKeyring
from local_server import reply, serving, url
from runner import claude_setup

KEY = "sk-ant-api03-EXAMPLEdoctorKEY0123456789"


def doctor(*flags: str) -> tuple[int, list[dict[str, str]], str]:
    """``doctor --json`` (with its live check unless told ``--offline``) and the text form's
    output."""
    result = claude_setup("doctor", "--json", *flags)
    assert KEY not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is (result.returncode == 0)
    return result.returncode, data["checks"], claude_setup("doctor", *flags).stdout


def with_status(checks: list[dict[str, str]], status: str) -> list[str]:
    return [c["message"] for c in checks if c["status"] == status]


def settings_file(home: Path) -> Path:
    return home / ".claude" / "settings.json"


def write_settings(home: Path, data: dict[str, Any]) -> None:
    path = settings_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as ep:
        yield ep


@pytest.fixture
def healthy(keyring_env: PrivateKeyring, tmp_home: Path, endpoint: FakeEndpoint) -> Path:
    """An Anthropic API key setup whose base URL is a local fake that takes any key."""
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--base-url", endpoint.url,
        "--secret-stdin", input=KEY + "\n",
    )
    assert result.returncode == 0, result.stderr
    return tmp_home


def test_a_healthy_setup_passes(healthy: Path) -> None:
    code, checks, text = doctor()
    assert code == 0, checks
    assert "apiKeyHelper answers with a key" in with_status(checks, "ok")
    assert "the keyring holds the API key of profile 'anthropic'" in with_status(checks, "ok")
    assert text.startswith("✓ provider: anthropic")


def test_offline_runs_nothing(healthy: Path, endpoint: FakeEndpoint, tmp_path: Path) -> None:
    """``--offline`` names the commands the settings hold and runs none of them."""
    marker = tmp_path / "ran"
    data = json.loads(settings_file(healthy).read_text())
    data["apiKeyHelper"] = f"touch {marker}; echo {KEY}"
    data["awsCredentialExport"] = f"touch {marker}"
    settings_file(healthy).write_text(json.dumps(data))
    code, checks, text = doctor("--offline")
    assert not marker.exists()
    assert endpoint.requests_to("/v1/models") == []
    assert "apiKeyHelper is set; not run (--offline runs nothing)" in with_status(checks, "ok")
    assert "awsCredentialExport is set; not run (--offline runs nothing)" in text


def plant_unparsable(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_file(home).write_text('{"env": {,}}')


def plant_managed_override(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    managed = home / "managed"
    managed.mkdir()
    (managed / "managed-settings.json").write_text(
        json.dumps({"apiKeyHelper": "/usr/bin/printf %s corp-key"})
    )
    monkeypatch.setenv("CLAUDE_SETUP_MANAGED_DIR", str(managed))


def plant_exported_api_key(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-api03-EXAMPLEshellKEY")


def plant_leftover_switch(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUDE_CODE_USE_BEDROCK", "1")


def plant_missing_helper(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(settings_file(home).read_text())
    data["apiKeyHelper"] = "/nonexistent/print-key"
    settings_file(home).write_text(json.dumps(data))


def plant_chatty_helper(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(settings_file(home).read_text())
    data["apiKeyHelper"] = "echo hello; echo world"
    settings_file(home).write_text(json.dumps(data))


def plant_deleted_secret(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # os.environ points at the private keyring (the keyring_env fixture)
    subprocess.run(["secret-tool", "clear", "service", "claude-setup"], check=True)


PLANTED: list[tuple[str, Callable[[Path, pytest.MonkeyPatch], None], str, str]] = [
    ("unparsable", plant_unparsable, "fail", "not valid JSON at line 1"),
    ("managed", plant_managed_override, "warn", "overridden by managed settings"),
    ("exported key", plant_exported_api_key, "warn", "exports ANTHROPIC_API_KEY"),
    ("leftover switch", plant_leftover_switch, "warn", "exports CLAUDE_CODE_USE_BEDROCK=1"),
    ("missing helper", plant_missing_helper, "fail", "apiKeyHelper: the command failed"),
    ("chatty helper", plant_chatty_helper, "fail", "must print only the key"),
    ("deleted secret", plant_deleted_secret, "fail", "holds no API key for profile"),
]


@pytest.mark.parametrize(
    ("plant", "status", "expected"), [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED]
)
def test_each_planted_problem_is_found(
    healthy: Path,
    monkeypatch: pytest.MonkeyPatch,
    plant: Callable[[Path, pytest.MonkeyPatch], None],
    status: str,
    expected: str,
) -> None:
    plant(healthy, monkeypatch)
    code, checks, _ = doctor()
    assert code == 1
    assert any(expected in message for message in with_status(checks, status)), checks


def test_aws_problems(tmp_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.write_text(
        "#!/bin/sh\necho '{\"Credentials\": {\"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\", "
        "\"SecretAccessKey\": \"x\"}}'\n"
    )
    export.chmod(0o755)
    write_settings(tmp_home, {
        "awsCredentialExport": str(export),
        "env": {"CLAUDE_CODE_USE_BEDROCK": "1", "CLAUDE_CODE_USE_VERTEX": "1",
                "AWS_PROFILE": "ghost"},
    })
    code, checks, _ = doctor()
    assert code == 1
    failures = with_status(checks, "fail")
    assert any("with a SessionToken" in m for m in failures), failures
    assert any("'ghost', which is not in ~/.aws/config" in m for m in failures), failures
    assert any("several providers are switched on" in m for m in failures), failures


def test_credential_process_is_run(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "access-keys", "--region", "us-east-1",
        "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin",
        input="wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n",
    )
    assert result.returncode == 0, result.stderr
    code, checks, _ = doctor()
    assert "credential_process of AWS profile claude-setup-bedrock answers" in with_status(
        checks, "ok"
    )
    keyring_env.clear("claude-setup")
    code, checks, _ = doctor()
    assert code == 1
    assert any("credential_process of AWS profile claude-setup-bedrock: the command failed"
               in m for m in with_status(checks, "fail")), checks


def test_env_only_secret_without_run_is_a_warning(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
        "--secret-stdin", input="ABSKEXAMPLEdoctorToken0123456789abcdef\n",
    )
    assert result.returncode == 0, result.stderr
    code, checks, _ = doctor()
    assert code == 1
    assert any("claude-setup run" in m for m in with_status(checks, "warn")), checks


# -- the live request -------------------------------------------------------------------------


def test_live_check_sends_the_helpers_key(
    keyring_env: PrivateKeyring, tmp_home: Path, endpoint: FakeEndpoint
) -> None:
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--base-url", endpoint.url,
        "--secret-stdin", input=KEY + "\n",
    )
    assert result.returncode == 0, result.stderr
    code, checks, _ = doctor("--json")  # live
    assert code == 0, checks
    assert any(f"{endpoint.url} answers with the key" in m for m in with_status(checks, "ok"))
    assert endpoint.requests_to("/v1/models")[-1].headers["x-api-key"] == KEY


class Refusing(BaseHTTPRequestHandler):
    """A gateway that refuses every key."""

    def do_GET(self) -> None:
        reply(self, 401, b'{"error": {"type": "authentication_error", "message": "invalid key"}}')

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.do_GET()

    def log_message(self, *args: Any) -> None:
        pass


def test_live_check_reports_a_refused_key(keyring_env: PrivateKeyring, tmp_home: Path) -> None:
    with serving(Refusing) as server:
        result = claude_setup(
            "apply", "--provider", "gateway", "--gateway-api", "bedrock", "--auth", "api-key",
            "--base-url", url(server) + "/bedrock", "--secret-stdin", input=KEY + "\n",
        )
        assert result.returncode == 0, result.stderr
        code, checks, _ = doctor("--json")
    assert code == 1
    assert any("refused the key" in m for m in with_status(checks, "fail")), checks


def test_live_check_of_foundry_sends_the_stored_key(
    keyring_env: PrivateKeyring, tmp_home: Path, endpoint: FakeEndpoint
) -> None:
    foundry_key = "EXAMPLEfoundryDOCTORkey0123456789"
    result = claude_setup(
        "apply", "--provider", "foundry", "--auth", "api-key", "--base-url", endpoint.url,
        "--model", "team-sonnet", "--secret-stdin", input=foundry_key + "\n",
    )
    assert result.returncode == 0, result.stderr
    code, checks, _ = doctor("--json")
    assert code == 1, checks  # warned: the key reaches Claude Code through claude-setup run
    assert any("claude-setup run" in m for m in with_status(checks, "warn")), checks
    assert f"Foundry at {endpoint.url} answers with the key (team-sonnet)" in with_status(
        checks, "ok"
    )
    call = endpoint.requests_to("/v1/messages", method="POST")[-1]
    assert call.headers["x-api-key"] == foundry_key
    assert call.json()["model"] == "team-sonnet" and call.json()["max_tokens"] == 1


def test_live_check_of_foundry_reports_a_refused_key(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    with serving(Refusing) as server:
        result = claude_setup(
            "apply", "--provider", "foundry", "--auth", "api-key", "--base-url", url(server),
            "--secret-stdin", input="EXAMPLEfoundryREFUSEDkey0123456789\n",
        )
        assert result.returncode == 0, result.stderr
        code, checks, _ = doctor("--json")
    assert code == 1
    assert any("Foundry refused the key" in m for m in with_status(checks, "fail")), checks


def test_live_check_finds_nothing_answering(tmp_home: Path) -> None:
    write_settings(tmp_home, {"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
                                      "ANTHROPIC_API_KEY": KEY}})
    code, checks, _ = doctor("--json")
    assert code == 1
    assert any("127.0.0.1:9" in m for m in with_status(checks, "fail")), checks


def test_live_check_of_bedrock_signs_with_the_stored_access_key(
    keyring_env: PrivateKeyring, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_services_aws_fake import ACCOUNT, USER_ARN, FakeAws

    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
        "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin",
        input="wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n",
    )
    assert result.returncode == 0, result.stderr
    with FakeAws() as aws:
        for name, value in aws.env().items():
            monkeypatch.setenv(name, value)
        code, checks, _ = doctor("--json")
        signed = aws.calls("GetCallerIdentity")
    assert code == 0, checks
    assert f"AWS credentials work: account {ACCOUNT}, {USER_ARN}" in with_status(checks, "ok")
    assert signed and "AKIAIOSFODNN7EXAMPLE/" in signed[-1].headers["authorization"]


class QuotingTheKey(BaseHTTPRequestHandler):
    """A gateway whose error message quotes the key it was sent (issue 8, rule 7)."""

    def do_GET(self) -> None:
        key = self.headers.get("x-api-key", "")
        body = json.dumps({"error": {"message": f"key {key} is not allowed on this route"}})
        reply(self, 400, body.encode())

    def log_message(self, *args: Any) -> None:
        pass


def test_doctor_masks_the_key_a_server_quotes(keyring_env: PrivateKeyring, tmp_home: Path) -> None:
    with serving(QuotingTheKey) as server:
        result = claude_setup(
            "apply", "--provider", "gateway", "--gateway-api", "bedrock", "--auth", "api-key",
            "--base-url", url(server) + "/bedrock", "--secret-stdin", input=KEY + "\n",
        )
        assert result.returncode == 0, result.stderr
        as_json = claude_setup("doctor", "--json")
        as_text = claude_setup("doctor")
    assert as_json.returncode == 1
    assert "HTTP 400" in as_json.stdout and "********" in as_json.stdout
    for shown in (as_json.stdout, as_json.stderr, as_text.stdout, as_text.stderr):
        assert KEY not in shown


def test_a_helper_that_leaks_its_key_on_stderr_or_prints_bytes_is_judged_safely(
    tmp_home: Path,
) -> None:
    """Issue 8, rules 7 and 10: what a helper says is masked; bytes that are not UTF-8 are no
    traceback."""
    said = tmp_home / "said.txt"
    said.write_text(f"bad key {KEY}\n")
    write_settings(tmp_home, {"apiKeyHelper": f"printf '\\377\\376'; cat {said} >&2; exit 3"})
    code, checks, text = doctor()
    assert code == 1
    failed = with_status(checks, "fail")
    assert any("exit 3" in m and "********" in m for m in failed), checks
    assert KEY not in text


def test_a_helper_whose_child_holds_the_output_open_is_not_waited_for_forever(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.doctor import credentials

    monkeypatch.setattr(credentials, "HELPER_TIMEOUT", 1.0)
    started = time.monotonic()
    code, _out, reason = credentials.run_helper("sleep 60 & echo key")
    assert code == -1 and "did not answer" in reason
    assert time.monotonic() - started < 5
