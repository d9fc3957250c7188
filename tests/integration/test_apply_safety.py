"""apply() against real files: a change by another program in between, and a failing write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring

from wizard import machine
from wizard.apply import apply
from wizard.errors import ConcurrentChangeError, WizardError
from wizard.model import Setup
from wizard.plan import plan
from wizard.secrets.value import Secret

BEDROCK = Setup(provider="bedrock", auth="default-chain", region="eu-west-1")


def test_a_change_between_plan_and_apply_is_detected(tmp_home: Path) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"theme": "dark"}\n')
    the_plan = plan(BEDROCK, machine.read(BEDROCK))
    settings.write_text('{"theme": "light"}\n')  # Claude Code's /config, say
    with pytest.raises(ConcurrentChangeError, match="changed by another program"):
        apply(the_plan)
    assert settings.read_text() == '{"theme": "light"}\n'
    assert not (tmp_home / ".config" / "claude-setup" / "profiles" / "bedrock.json").exists()


def test_a_failed_write_puts_back_the_file_and_the_secret_before_it(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    aws_config = tmp_home / ".aws" / "config"
    aws_config.parent.mkdir()
    aws_config.write_text("[default]\nregion = us-east-1\n")
    setup = Setup(
        provider="bedrock", auth="access-keys", region="eu-west-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
    )
    secret = Secret("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY")
    the_plan = plan(setup, machine.read(setup), secret)
    (tmp_home / ".claude").write_text("a file where the settings folder should be")
    with pytest.raises(WizardError, match="cannot write"):
        apply(the_plan)
    assert aws_config.read_text() == "[default]\nregion = us-east-1\n"
    assert keyring_env.lookup("claude-setup", "bedrock/aws-secret-access-key") is None


def test_python_dash_m_wizard() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("claude-setup ")
