"""``claude-setup import FILE`` on a real terminal (a pseudo-terminal that is the command's
controlling terminal): it shows what the team setup configures, asks only for what is missing
(the "asked on import" field, then the secret without echo), ends with the normal review and
write; Ctrl-C or the end of input at any prompt writes nothing."""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import termios
import time
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
TEAM = {
    "format": "claude-setup-team",
    "version": 1,
    "name": "team",
    "description": "Bedrock in Ireland for the team",
    "setup": {"provider": "bedrock", "auth": "access-keys", "region": "eu-west-1",
              "model": "eu.anthropic.claude-sonnet-4-6"},
    "asked_on_import": ["aws_access_key_id"],
}  # fmt: skip


class Terminal:
    """One command on a pseudo-terminal: what it printed so far, and keys typed into it."""

    def __init__(self, *args: str) -> None:
        self.main, secondary = os.openpty()

        def controlling_terminal() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [str(CLAUDE_SETUP), *args], stdin=secondary, stdout=secondary, stderr=secondary,
            start_new_session=True, preexec_fn=controlling_terminal,
        )  # fmt: skip
        os.close(secondary)
        self.seen = b""

    def expect(self, text: str, timeout: float = 20) -> str:
        """Read until ``text`` has been printed; everything printed so far."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            printed = self.seen.decode(errors="replace")
            assert left > 0, f"never printed {text!r}; printed:\n{printed}"
            ready, _, _ = select.select([self.main], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.main, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"ended before {text!r}:\n{self.seen.decode(errors='replace')}"
                self.seen += chunk
        return self.seen.decode(errors="replace")

    def type(self, text: str) -> None:
        os.write(self.main, text.encode())

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.main, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                self.seen += chunk
            elif self.process.poll() is not None:
                break
        code = self.process.wait(timeout=5)
        os.close(self.main)
        return code, self.seen.decode(errors="replace")


def test_apply_on_a_terminal_asks_for_the_secret_with_the_same_one_prompt(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    term = Terminal(
        "apply", "--provider", "bedrock", "--auth", "access-keys", "--aws-access-key-id", KEY_ID,
        "--region", "eu-west-1", "--secret-stdin", "--yes",
    )  # fmt: skip
    asked = term.expect("(not shown): ")
    assert asked.count("(not shown)") == 1, asked
    assert asked.rstrip().endswith("Your AWS secret access key (not shown):"), asked
    term.type(AWS_SECRET + "\n")
    code, out = term.finish()
    assert code == 0, out
    assert AWS_SECRET not in out
    assert keyring_env.lookup("claude-setup", "bedrock/aws-secret-access-key") == AWS_SECRET


@pytest.mark.parametrize("answer", ["n", "y"])
def test_export_on_a_terminal_asks_before_replacing_a_file(
    answer: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    saved = subprocess.run(
        [str(CLAUDE_SETUP), "apply", "--provider", "bedrock", "--auth", "default-chain",
         "--region", "eu-west-1", "--profile", "lead", "--yes"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    out = tmp_path / "team.json"
    out.write_text("the team's notes\n")
    term = Terminal("export", "lead", "--output", str(out))
    term.expect(f"{out} exists; replace it? [y/N] ")
    term.type(answer + "\n")
    code, shown = term.finish()
    if answer == "n":
        assert code == 1 and "Nothing was changed." in shown, shown
        assert out.read_text() == "the team's notes\n"
    else:
        assert code == 0, shown
        assert json.loads(out.read_text())["name"] == "lead"


HELPER = "vault read -field=key secret/llm"


@pytest.mark.parametrize("answer", ["n", "y"])
def test_export_on_a_terminal_shows_the_helper_command_and_asks_before_writing_it(
    answer: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """A helper command is what each teammate will run: the exporter sees it first."""
    saved = subprocess.run(
        [str(CLAUDE_SETUP), "apply", "--provider", "gateway", "--auth", "helper",
         "--base-url", "https://llm.example.com", "--helper-command", HELPER,
         "--profile", "lead", "--yes"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    out = tmp_path / "team.json"
    term = Terminal("export", "lead", "--output", str(out))
    shown = term.expect(f"Write it to {out}? [y/N] ")
    assert f"every teammate's Claude Code runs it to get the credential:\r\n  {HELPER}" in shown
    assert not out.exists()
    term.type(answer + "\n")
    code, shown = term.finish()
    if answer == "n":
        assert code == 1 and "Nothing was changed." in shown, shown
        assert not out.exists()
    else:
        assert code == 0, shown
        assert json.loads(out.read_text())["setup"]["helper_command"] == HELPER


def tree(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.json"
    path.write_text(json.dumps(TEAM, indent=2))
    return path


def test_import_shows_asks_only_what_is_missing_reviews_and_writes(
    keyring_env: PrivateKeyring, tmp_home: Path, team_file: Path
) -> None:
    term = Terminal("import", str(team_file))
    shown = term.expect("--aws-access-key-id (yours): ")
    assert "Team setup 'team'" in shown and "Region: eu-west-1" in shown
    assert "Provider: Amazon Bedrock" in shown
    assert "Bedrock in Ireland for the team" in shown
    term.type(KEY_ID + "\n")
    asked = term.expect("(not shown): ")
    assert asked.count("(not shown)") == 1, asked  # one prompt, naming what it asks
    assert asked.rstrip().endswith("Your AWS secret access key (not shown):"), asked
    term.type(AWS_SECRET + "\n")
    review = term.expect("Apply these changes? [y/N] ")
    assert '"AWS_REGION": "eu-west-1"' in review and "keyring: store the" in review
    term.type("y\n")
    code, out = term.finish()
    assert code == 0, out
    assert "Applied profile 'team' (bedrock, access-keys)." in out
    asked = [line for line in out.splitlines() if line.rstrip().endswith(":") or "? [y/N]" in line]
    assert not any("region" in line.lower() or "model" in line.lower() for line in asked), asked
    assert AWS_SECRET not in out  # typed without echo, never printed
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["env"]["AWS_PROFILE"] == "claude-setup-team"
    assert keyring_env.lookup("claude-setup", "team/aws-secret-access-key") == AWS_SECRET


STOPS = {
    "ctrl-c-at-the-asked-field": ("--aws-access-key-id (yours): ", "\x03", 130),
    "eof-at-the-asked-field": ("--aws-access-key-id (yours): ", "\x04", 1),
    "ctrl-c-at-the-secret": ("(not shown): ", "\x03", 130),
    "eof-at-the-secret": ("(not shown): ", "\x04", 1),
    "ctrl-c-at-the-review": ("Apply these changes? [y/N] ", "\x03", 130),
    "eof-at-the-review": ("Apply these changes? [y/N] ", "\x04", 1),
}


@pytest.mark.parametrize("case", sorted(STOPS))
def test_ctrl_c_or_end_of_input_at_a_prompt_writes_nothing(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path, team_file: Path
) -> None:
    prompt, key, expected = STOPS[case]
    before = tree(tmp_home)
    term = Terminal("import", str(team_file))
    for step, answer in (
        ("--aws-access-key-id (yours): ", KEY_ID + "\n"),
        ("(not shown): ", AWS_SECRET + "\n"),
        ("Apply these changes? [y/N] ", None),
    ):
        term.expect(step)
        if step == prompt:
            term.type(key)
            break
        assert answer is not None
        term.type(answer)
    code, out = term.finish()
    assert code == expected, out
    assert "Traceback" not in out and "unexpected" not in out
    assert AWS_SECRET not in out
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []
