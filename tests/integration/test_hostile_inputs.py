"""What a hostile user broke, from the command line (issue 8, rules 6, 10, 11 and 12).

Each bad input ends in one line on stderr and exit 1 (2 for a malformed command line), fast,
with every file as it was: planted links out of the project, FIFOs and devices where a file
belongs, deep nesting, broken keyring variables, a locked, absent or stopped keyring for
``use``, a read-only settings file, ``sudo``, a relative CLAUDE_CONFIG_DIR, key-like arguments.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, one_line_error

API_KEY = "sk-ant-api03-EXAMPLEhostileKEY0123456789"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
LOCAL = ("apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "eu-west-1",
         "--scope", "local")
USER = ("apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "eu-west-1")


def refused(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    line = one_line_error(result)
    assert "Traceback" not in result.stderr
    return line


# -- rule 6: project and local scope stay inside the project ----------------------------------


@pytest.fixture
def project(tmp_home: Path) -> Path:
    folder = tmp_home / "work" / "repo"
    (folder / ".claude").mkdir(parents=True)
    return folder


def test_a_planted_local_settings_link_to_bash_profile_is_refused(
    project: Path, tmp_home: Path
) -> None:
    bash_profile = tmp_home / ".bash_profile"
    (project / ".claude" / "settings.local.json").symlink_to(bash_profile)
    line = refused(claude_setup(*LOCAL, cwd=project))
    assert str(bash_profile) in line and "does not exist" in line
    assert not bash_profile.exists()
    bash_profile.write_text("export PATH=$HOME/bin:$PATH\n")
    line = refused(claude_setup(*LOCAL, cwd=project))
    assert str(bash_profile) in line and "outside the project" in line
    assert bash_profile.read_text() == "export PATH=$HOME/bin:$PATH\n"


def test_a_claude_folder_that_is_a_link_out_of_the_project_is_refused(
    project: Path, tmp_home: Path
) -> None:
    elsewhere = tmp_home / "elsewhere"
    elsewhere.mkdir()
    (project / ".claude").rmdir()
    (project / ".claude").symlink_to(elsewhere)
    for scope in ("local", "project"):
        args = [*LOCAL[:-1], scope]
        line = refused(claude_setup(*args, cwd=project))
        assert str(elsewhere) in line
    assert list(elsewhere.iterdir()) == []


def test_a_dangling_link_inside_the_project_is_refused(project: Path) -> None:
    (project / ".claude" / "settings.json").symlink_to("missing/settings.json")
    line = refused(claude_setup(*[*LOCAL[:-1], "project"], cwd=project))
    assert "missing/settings.json" in line and "does not exist" in line


def test_a_link_that_stays_inside_the_project_is_followed(project: Path) -> None:
    shared = project / "config" / "settings.json"
    shared.parent.mkdir()
    shared.write_text('{"theme": "dark"}\n')
    (project / ".claude" / "settings.local.json").symlink_to("../config/settings.json")
    result = claude_setup(*LOCAL, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / ".claude" / "settings.local.json").is_symlink()
    assert json.loads(shared.read_text())["env"]["AWS_REGION"] == "eu-west-1"


# -- rule 10: no traceback, no waiting forever -------------------------------------------------


def test_ten_thousand_nested_arrays_are_refused_with_line_and_column(tmp_home: Path) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir()
    content = '{"deep": ' + "[" * 10_000 + "]" * 10_000 + "}"
    settings.write_text(content)
    for args in (("status",), ("status", "--json"), ("doctor", "--offline")):
        result = claude_setup(*args)  # status shows the problem; neither crashes
        assert "Traceback" not in result.stderr and "nested deeper" in result.stdout
    line = refused(claude_setup(*USER))
    assert "line 1, column" in line and "nested deeper" in line
    assert settings.read_text() == content


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_settings_path_that_is_not_a_regular_file_is_refused_at_once(
    tmp_home: Path, kind: str
) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(settings)
    else:
        settings.symlink_to("/dev/zero")
    started = time.monotonic()
    line = refused(claude_setup(*USER, timeout=15))
    assert "not a regular file" in line
    assert time.monotonic() - started < 10
    assert stat.S_ISFIFO(os.lstat(settings).st_mode) or settings.is_symlink()


def test_aws_config_and_credentials_file_that_are_devices_are_refused(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/zero")
    assert "not a regular file" in refused(claude_setup(*USER, timeout=15))
    monkeypatch.delenv("AWS_CONFIG_FILE")
    line = refused(claude_setup(
        "apply", "--provider", "vertex", "--auth", "service-account", "--region", "us-east5",
        "--project-id", "my-project-123", "--credentials-file", "/dev/zero", timeout=15,
    ))
    assert "not a regular file" in line


def test_a_profile_file_with_text_where_a_number_belongs(tmp_home: Path) -> None:
    folder = tmp_home / ".config" / "claude-setup" / "profiles"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text(json.dumps({
        "saved_at": "2026-01-01T00:00:00+00:00",
        "setup": {"provider": "anthropic", "auth": "helper", "helper_command": "x",
                  "helper_ttl_ms": "soon"},
    }))
    line = refused(claude_setup("use", "broken"))
    assert "helper_ttl_ms" in line
    for args in (("profiles",), ("profiles", "--json"), ("status",)):
        assert "Traceback" not in claude_setup(*args).stderr


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PYTHON_KEYRING_BACKEND", "no.such.Backend", "PYTHON_KEYRING_BACKEND"),
        ("PYTHON_KEYRING_BACKEND", "keyring.backends.Nope.Keyring", "PYTHON_KEYRING_BACKEND"),
        ("CLAUDE_SETUP_KEYRING_TIMEOUT", "soon", "CLAUDE_SETUP_KEYRING_TIMEOUT"),
        ("CLAUDE_SETUP_KEYRING_TIMEOUT", "nan", "CLAUDE_SETUP_KEYRING_TIMEOUT"),
        ("CLAUDE_SETUP_KEYRING_TIMEOUT", "inf", "CLAUDE_SETUP_KEYRING_TIMEOUT"),
        ("DBUS_SESSION_BUS_ADDRESS", "unix:foo=bar", "keyring"),
        ("DBUS_SESSION_BUS_ADDRESS", "garbage", "keyring"),
    ],
)
def test_a_broken_keyring_variable_ends_in_one_line(
    keyring_env: PrivateKeyring, tmp_home: Path, monkeypatch: pytest.MonkeyPatch,
    variable: str, value: str, expected: str,
) -> None:
    monkeypatch.setenv(variable, value)
    apply = claude_setup("apply", "--provider", "anthropic", "--auth", "api-key",
                         "--secret-stdin", input=API_KEY + "\n", timeout=20)
    assert expected in refused(apply)
    assert not (tmp_home / ".claude" / "settings.json").exists()
    use = claude_setup("key", "anthropic", timeout=20)
    refused(use)


@pytest.mark.parametrize("value", ["soon", "nan", "inf", "-1"])
def test_a_bad_helper_timeout_ends_in_one_line(tmp_home: Path, value: str) -> None:
    result = claude_setup("key", "anthropic", env={**os.environ,
                                                    "CLAUDE_SETUP_HELPER_TIMEOUT": value})
    assert "CLAUDE_SETUP_HELPER_TIMEOUT" in refused(result)


def test_the_wizard_without_a_terminal_says_so(tmp_home: Path) -> None:
    started = time.monotonic()
    result = subprocess.run([str(CLAUDE_SETUP)], stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=20)
    assert "needs a terminal" in refused(result)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "args",
    [
        ["--provider", "bogus", "--auth", "api-key"],
        ["--provider", "anthropic", "--auth", "bogus"],
        ["--provider", "gateway", "--auth", "none", "--gateway-api", "bogus",
         "--base-url", "https://gw.example.com"],
        ["--provider", "anthropic", "--auth", "helper", "--helper-command", "x",
         "--helper-ttl-ms", "-5"],
        ["--provider", "bedrock", "--auth", "default-chain", "--region", "mars-1"],
    ],
    ids=["provider", "auth", "gateway-api", "negative-ttl", "region"],
)
def test_every_bad_option_value_exits_2(tmp_home: Path, args: list[str]) -> None:
    refused(claude_setup("apply", *args), code=2)
    assert not (tmp_home / ".claude" / "settings.json").exists()


def test_an_unexpected_error_ends_in_one_line_naming_a_log_without_secrets(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard import redact
    from wizard.cli import dispatch

    def explode(options: object) -> int:
        raise RuntimeError(f"something broke near {API_KEY} and {AWS_SECRET}")

    monkeypatch.setattr(dispatch, "dispatch", explode)
    redact.remember(AWS_SECRET)
    code = dispatch.run_command(["status"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "RuntimeError" in err
    log = Path(err.strip().rsplit(" ", 1)[-1])
    assert log.is_file() and log.is_relative_to(tmp_home / ".local" / "state" / "claude-setup")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    report = log.read_text()
    assert "Traceback" in report and "explode" in report
    assert API_KEY not in report and AWS_SECRET not in report and API_KEY not in err


# -- rule 11: the reason is the real one -------------------------------------------------------


@pytest.fixture
def saved_key_profile(keyring_env: PrivateKeyring, tmp_home: Path) -> PrivateKeyring:
    applied = claude_setup("apply", "--provider", "anthropic", "--auth", "api-key",
                           "--secret-stdin", input=API_KEY + "\n")
    assert applied.returncode == 0, applied.stderr
    claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login", "--profile",
                 "other")
    return keyring_env


@pytest.mark.parametrize("trouble", ["locked", "absent", "stopped"])
def test_use_says_the_keyring_is_the_problem_quickly(
    saved_key_profile: PrivateKeyring, tmp_home: Path, monkeypatch: pytest.MonkeyPatch,
    trouble: str,
) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    before = settings.read_bytes()
    if trouble == "locked":
        saved_key_profile.lock()
    elif trouble == "absent":
        for name, value in saved_key_profile.no_bus_env().items():
            monkeypatch.setenv(name, value)
    else:
        saved_key_profile.stop_daemon()
    started = time.monotonic()
    line = refused(claude_setup("use", "anthropic", timeout=20))
    assert time.monotonic() - started < 5
    assert "--secret-stdin" not in line
    assert {"locked": "locked", "absent": "no usable keyring", "stopped": "stopped"}[trouble] \
        in line
    assert settings.read_bytes() == before


# -- rule 12: the smaller ones -------------------------------------------------------------------


def test_a_read_only_settings_file_is_refused_not_replaced(tmp_home: Path) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"theme": "dark"}\n')
    settings.chmod(0o444)
    line = refused(claude_setup(*USER))
    assert "read-only" in line and str(settings) in line
    assert settings.read_text() == '{"theme": "dark"}\n'
    assert stat.S_IMODE(settings.stat().st_mode) == 0o444
    assert not (tmp_home / ".config" / "claude-setup" / "profiles" / "bedrock.json").exists()


def test_sudo_with_the_users_home_is_refused(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard.cli import dispatch
    from wizard.errors import WizardError

    with pytest.raises(WizardError, match="without sudo"):
        dispatch.check_not_root_in_a_users_home(0, tmp_home, {"SUDO_USER": "alice"})
    if os.geteuid() == 0:
        os.chown(tmp_home, 12345, 12345)
        with pytest.raises(WizardError, match="without sudo"):
            dispatch.check_not_root_in_a_users_home(0, tmp_home, {})
        os.chown(tmp_home, 0, 0)
    dispatch.check_not_root_in_a_users_home(1000, tmp_home, {"SUDO_USER": "alice"})
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setenv("SUDO_USER", "alice")
    assert dispatch.run_command(list(USER)) == 1
    assert "without sudo" in capsys.readouterr().err
    assert not (tmp_home / ".claude" / "settings.json").exists()


def test_a_relative_claude_config_dir_is_recorded_absolute(tmp_home: Path) -> None:
    first, second = tmp_home / "a", tmp_home / "b"
    first.mkdir()
    second.mkdir()
    env = {**os.environ, "CLAUDE_CONFIG_DIR": "conf"}
    assert claude_setup(*USER, env=env, cwd=first).returncode == 0
    written = first / "conf" / "settings.json"
    before = written.read_text()
    vertex = ("apply", "--provider", "vertex", "--auth", "adc", "--region", "us-east5",
              "--project-id", "my-project-123")
    assert claude_setup(*vertex, env=env, cwd=first).returncode == 0
    undone = claude_setup("undo", env=env, cwd=second)
    assert undone.returncode == 0, undone.stderr
    assert written.read_text() == before
    assert not (second / "conf").exists()


def test_no_override_warning_when_the_working_folder_is_home(tmp_home: Path) -> None:
    assert claude_setup(*USER, cwd=tmp_home).returncode == 0
    result = claude_setup(*USER[:-1], "eu-central-1", cwd=tmp_home)
    assert result.returncode == 0, result.stderr
    assert "which override this setup" not in result.stderr + result.stdout
    dry = claude_setup(*USER, "--dry-run", cwd=tmp_home)
    assert "which override this setup" not in dry.stdout + dry.stderr
    # from a real project folder, its settings do override the user's
    project = tmp_home / "repo"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text('{"env": {"AWS_REGION": "us-west-2"}}')
    there = claude_setup(*USER, "--dry-run", cwd=project)
    assert "which override this setup" in there.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["apply", "--provider", "anthropic", "--auth", "claude-login", "--model", API_KEY],
        ["apply", "--provider", "bedrock", "--auth", "default-chain", "--region", AWS_SECRET],
        ["apply", "--provider", "bedrock", "--auth", "access-keys", "--region", "us-east-1",
         "--aws-access-key-id", AWS_SECRET],
        ["apply", "--provider", API_KEY, "--auth", "api-key"],
        ["apply", f"--region={AWS_SECRET}", "--provider", "bedrock", "--auth", "default-chain"],
        ["use", API_KEY],
        ["status", API_KEY],
        ["key", API_KEY],
        ["aws-credentials", AWS_SECRET],
        ["apply", "--provider", "anthropic", "--auth", "api-key", "--api-key", API_KEY],
    ],
    ids=["model", "region", "access-key-id", "provider", "equals-form", "use", "extra-argument",
         "key-helper", "aws-credentials-helper", "refused-option"],
)
def test_argument_values_that_look_like_keys_are_not_echoed(
    tmp_home: Path, args: list[str]
) -> None:
    result = claude_setup(*args)
    assert result.returncode in (1, 2)
    line = one_line_error(result)
    assert API_KEY not in line and AWS_SECRET not in line
    assert "EXAMPLEhostile" not in line and "bPxRfiCY" not in line


def test_a_profile_file_that_is_a_fifo_is_not_read_forever(tmp_home: Path) -> None:
    folder = tmp_home / ".config" / "claude-setup" / "profiles"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "stuck.json")
    started = time.monotonic()
    assert "not a regular file" in refused(claude_setup("use", "stuck", timeout=15))
    assert claude_setup("profiles", timeout=15).returncode == 0
    helper = claude_setup("aws-credentials", "stuck", timeout=15)
    assert helper.returncode == 1 and helper.stdout == ""
    assert time.monotonic() - started < 12


@pytest.mark.parametrize(
    "args",
    [
        ["use", "a b"],
        ["use", "../../etc/passwd"],
        ["run", "--profile", "x\ny", "--", "true"],
        ["sso-login", "a\n[profile evil]"],
        ["sso-setup", "--start-url", "https://a.awsapps.com/start\n", "--sso-region",
         "eu-west-1", "--profile-name", "x"],
        ["sso-setup", "--start-url", "https://a.awsapps.com/start", "--sso-region", "bogus",
         "--profile-name", "x"],
        ["sso-setup", "--start-url", "https://a.awsapps.com/start", "--sso-region", "eu-west-1",
         "--profile-name", "x]\n[profile evil"],
        ["sso-setup", "--start-url", "https://a.awsapps.com/start", "--sso-region", "eu-west-1",
         "--profile-name", "x", "--account-id", "12345678901\n"],
        ["sso-setup", "--start-url", "https://a.awsapps.com/start", "--sso-region", "eu-west-1",
         "--profile-name", "x", "--role-name", "Admin\n"],
        ["discover", "bedrock", "--region", "bogus"],
        ["discover", "gateway", "--base-url", "ftp://gw"],
        ["discover", "anthropic", "--profile", "a b"],
        ["iam-policy", "--region", "bogus", "--model", "us.anthropic.claude-sonnet-4-6"],
        ["iam-policy", "--region", "us-east-1", "--model", "bogus"],
        ["iam-policy", "--region", "us-east-1", "--model", "us.anthropic.claude-sonnet-4-6",
         "--account-id", "12"],
    ],
)
def test_a_bad_option_value_of_any_command_exits_2_before_any_work(
    tmp_home: Path, args: list[str]
) -> None:
    started = time.monotonic()
    refused(claude_setup(*args, timeout=20), code=2)
    assert time.monotonic() - started < 10
    assert not (tmp_home / ".aws" / "config").exists()


# -- rule 4, from the command line: foreign text survives switches byte for byte ---------------

FOREIGN_SETTINGS = (
    '{\r\n\t"big": 1E22,\r\n\t"zero": -0,\r\n\t"huge": 1e400,\r\n\t'
    '"long": 123456789012345678901234567890,\r\n'
    '\t"text": "caf\\u00e9 \\/ \\ud83d\\ude00 \\"q\\"",\r\n\t"unicode": "日本語 é",\r\n'
    '\t"env": {\r\n\t\t"MINE": "\\u0041"\r\n\t},\r\n\t"hooks": {"a": [1.50, 2E0, -0.0]}\r\n}\r\n'
)
FOREIGN_AWS = "# my profiles\r\n[default]\r\nregion = eu-west-1 ; note é\r\n\r\n[profile x]\r\n" \
    "role_arn=arn:aws:iam::123456789012:role/x\r\n  nested = 1\r\n"


def test_foreign_text_survives_switches_byte_for_byte(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_bytes(FOREIGN_SETTINGS.encode())
    aws = tmp_home / ".aws" / "config"
    aws.parent.mkdir()
    aws.write_bytes(FOREIGN_AWS.encode())
    steps = [
        ("apply", "--provider", "bedrock", "--auth", "access-keys", "--region", "eu-west-1",
         "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"),
        ("apply", "--provider", "vertex", "--auth", "adc", "--region", "us-east5",
         "--project-id", "my-project-123"),
        ("apply", "--provider", "anthropic", "--auth", "claude-login"),
    ]
    for step in steps:  # one saved profile, switched from provider to provider
        result = claude_setup(*step, "--profile", "work", input=AWS_SECRET + "\n")
        assert result.returncode == 0, result.stderr
    switched = settings.read_bytes()
    assert aws.read_bytes() == FOREIGN_AWS.encode()
    # The last setup applied once to the untouched file gives the very same bytes: what the
    # switches added and removed on the way left no trace in the foreign text.
    settings.write_bytes(FOREIGN_SETTINGS.encode())
    result = claude_setup(*steps[-1], "--profile", "once", input="")
    assert result.returncode == 0, result.stderr
    assert switched == settings.read_bytes()
    foreign = FOREIGN_SETTINGS.encode()
    head, tail = foreign.split(b'"MINE": "\\u0041"')
    assert switched.startswith(head + b'"MINE": "\\u0041"') and switched.endswith(tail[2:])


def test_an_endless_secret_on_stdin_is_refused(tmp_home: Path) -> None:
    with open("/dev/zero", "rb") as endless:
        result = subprocess.run(
            [str(CLAUDE_SETUP), "apply", "--provider", "anthropic", "--auth", "api-key",
             "--secret-stdin"], stdin=endless, capture_output=True, text=True, timeout=20,
        )
    assert "longer than the keyring can hold" in refused(result)


def test_an_unexpected_error_in_a_key_helper_is_one_line_too(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard import cli
    from wizard.helpers import key

    def explode(argv: list[str]) -> int:
        raise LookupError("the helper broke")

    monkeypatch.setattr(key, "main", explode)
    assert cli.main(["key", "anthropic"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "LookupError" in err
    assert Path(err.strip().rsplit(" ", 1)[-1]).is_file()
