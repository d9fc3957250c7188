"""Issue 8, rules 2, 3 and 8, at the command line against a real gnome-keyring:

- parallel applies never mix (the keyring and the files always come from one run);
- exit 1 means nothing changed, even when claude-setup's own folders cannot be written;
- a kill at any write step leaves nothing that blocks the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import CLAUDE_SETUP, claude_setup, files_containing, one_line_error

from wizard import backups, engine, profiles, safefile
from wizard.appdirs import backups_dir
from wizard.crashpoint import VARIABLE as KILL_AT
from wizard.errors import WizardError
from wizard.model import Setup
from wizard.secrets.store import SecretStore
from wizard.secrets.value import Secret

ROUNDS = 10
RUNS = 10


def key(round_no: int, run: int) -> str:
    return f"sk-ant-api03-EXAMPLEparallel{round_no:02d}run{run:02d}xxxxxxxxxxxx"


def no_temp_files(home: Path) -> list[str]:
    return [str(p) for p in home.rglob("*") if p.name.endswith(".tmp")]


def pending_sets(home: Path) -> list[str]:
    folder = home / ".local" / "state" / "claude-setup" / "backups"
    found = []
    for manifest in folder.glob("*/manifest.json"):
        if not json.loads(manifest.read_text()).get("complete", True):
            found.append(str(manifest.parent))
    return found


# --- rule 2: ten parallel applies to one profile, each with its own key ----------------------

def test_parallel_applies_never_mix(keyring_env: PrivateKeyring, tmp_home: Path) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    profile = tmp_home / ".config" / "claude-setup" / "profiles" / "race.json"
    winners_per_round = []
    started = time.monotonic()
    for round_no in range(ROUNDS):
        runs = [
            subprocess.Popen(
                [str(CLAUDE_SETUP), "apply", "--provider", "anthropic", "--auth", "api-key",
                 "--profile", "race", "--max-output-tokens", str(1000 + run), "--secret-stdin"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for run in range(RUNS)
        ]
        for run, process in enumerate(runs):  # every run waits on its stdin: release them all
            assert process.stdin is not None
            process.stdin.write(key(round_no, run) + "\n")
            process.stdin.close()
            process.stdin = None  # communicate() would flush it
        outputs = [process.communicate(timeout=180) for process in runs]
        codes = [process.returncode for process in runs]
        winners = [run for run, code in enumerate(codes) if code == 0]
        assert winners, outputs
        for run, (code, (_out, err)) in enumerate(zip(codes, outputs, strict=True)):
            if code != 0:
                assert code == 1, err
                assert "changed by another program" in err and len(err.splitlines()) == 1, err
                assert key(round_no, run) not in err
        tokens = json.loads(settings.read_text())["env"]["CLAUDE_CODE_MAX_OUTPUT_TOKENS"]
        last = int(tokens) - 1000
        assert last in winners
        assert keyring_env.lookup("claude-setup", "race/api-key") == key(round_no, last)
        saved = json.loads(profile.read_text())["setup"]
        assert saved["max_output_tokens"] == 1000 + last
        assert no_temp_files(tmp_home) == []
        assert pending_sets(tmp_home) == []
        winners_per_round.append(len(winners))
    seconds = time.monotonic() - started
    print(f"\n{ROUNDS} rounds x {RUNS} parallel applies in {seconds:.1f} s; "
          f"runs that won per round: {winners_per_round}")
    every_key = [key(r, run) for r in range(ROUNDS) for run in range(RUNS)]
    assert files_containing([tmp_home], every_key) == []


# --- rule 3: exit 1 means nothing changed ---------------------------------------------------

SEEDED = '{\n  "theme": "dark"\n}\n'


@pytest.mark.parametrize(
    "blocked",
    [".config/claude-setup", ".config/claude-setup/profiles", ".local/state/claude-setup",
     ".local/state/claude-setup/backups"],
)
def test_an_unwritable_own_folder_changes_nothing(
    blocked: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(SEEDED)
    blocker = tmp_home / blocked
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where claude-setup's folder should be")  # stops root as well
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "api-key", "--secret-stdin",
        input=key(0, 0) + "\n",
    )
    assert result.returncode == 1
    assert "cannot write" in one_line_error(result)
    assert settings.read_text() == SEEDED
    assert keyring_env.search(service="claude-setup") == []
    assert blocker.read_text() == "a file where claude-setup's folder should be"
    assert no_temp_files(tmp_home) == []


def test_a_failure_after_the_first_write_rolls_back_the_secret_too(
    keyring_env: PrivateKeyring, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a write fail although the checks passed (a full disk, say), everything this run
    changed goes back: the settings, the saved profile and the keyring entry."""
    setup = Setup("anthropic", "api-key", profile="mine")
    engine.apply_plan(engine.prepare_plan(setup, Secret(key(0, 1))))
    settings = tmp_home / ".claude" / "settings.json"
    before = settings.read_bytes()
    profile_before = profiles.profile_path("mine").read_bytes()
    sets_before = sorted(p.name for p in backups_dir().iterdir())
    blocker = tmp_home / "blocker"
    blocker.write_text("x")
    monkeypatch.setattr(profiles, "state_path", lambda: blocker / "state.json")
    monkeypatch.setattr(safefile, "check_writable", lambda path: None)
    the_plan = engine.prepare_plan(
        Setup("anthropic", "api-key", profile="mine", model="claude-opus-4-6"), Secret(key(0, 2))
    )
    with pytest.raises(WizardError, match="cannot write"):
        engine.apply_plan(the_plan)
    assert settings.read_bytes() == before
    assert profiles.profile_path("mine").read_bytes() == profile_before
    assert keyring_env.lookup("claude-setup", "mine/api-key") == key(0, 1)
    assert len(keyring_env.search(service="claude-setup")) == 1  # no copy left behind
    assert sorted(p.name for p in backups_dir().iterdir()) == sets_before


# --- rule 8: a kill at each write step ------------------------------------------------------

SECRET_1 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1"
SECRET_2 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY2"
SECRET_3 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY3"
STEPS = [
    "backup-started",
    "keyring-copy-stored",
    "secret-stored",
    "before-rename config",
    "after-rename config",
    "before-rename settings.json",
    "after-rename settings.json",
    "before-rename aws.json",
    "after-rename aws.json",
    "before-rename state.json",
    "after-rename state.json",
    "backup-complete",
]


def access_keys(region: str, secret: str, **env: str) -> subprocess.CompletedProcess[str]:
    return claude_setup(
        "apply", "--provider", "bedrock", "--auth", "access-keys", "--region", region,
        "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE", "--profile", "aws", "--secret-stdin",
        input=secret + "\n", env={**os.environ, **env},
    )


def snapshot(home: Path) -> dict[str, object]:
    config = home / ".config" / "claude-setup"
    profile = config / "profiles" / "aws.json"
    return {
        "settings": (home / ".claude" / "settings.json").read_bytes(),
        "aws-config": (home / ".aws" / "config").read_bytes(),
        "profile": json.loads(profile.read_text())["setup"],
        "state": (config / "state.json").read_bytes(),
    }


def prepare(home: Path) -> None:
    """A profile 'aws' with SECRET_1, then a switch to another profile."""
    assert access_keys("eu-west-1", SECRET_1).returncode == 0
    plain = claude_setup("apply", "--provider", "bedrock", "--auth", "default-chain",
                         "--region", "eu-west-1", "--profile", "plain")
    assert plain.returncode == 0, plain.stderr


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_write_step_blocks_nothing(
    step: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[default]\nregion = us-east-1\n")
    prepare(tmp_home)
    old = snapshot(tmp_home)
    # The same apply, not killed, in a copy of HOME: what "new" looks like.
    reference = tmp_path / "reference"
    shutil.copytree(tmp_home, reference, symlinks=True)
    homes = {"HOME": reference, "XDG_CONFIG_HOME": reference / ".config",
             "XDG_STATE_HOME": reference / ".local" / "state"}
    done = access_keys("us-east-1", SECRET_2, **{k: str(v) for k, v in homes.items()})
    assert done.returncode == 0, done.stderr
    new = snapshot(reference)
    keyring_env.clear("claude-setup")
    SecretStore().set("aws", "aws-secret-access-key", SECRET_1)

    killed = access_keys("us-east-1", SECRET_2, **{KILL_AT: step})
    assert killed.returncode == -9, (step, killed.stderr)
    after = snapshot(tmp_home)
    for name, value in after.items():
        assert value in (old[name], new[name]), (step, name)
    assert keyring_env.lookup("claude-setup", "aws/aws-secret-access-key") in (SECRET_1, SECRET_2)

    undone = claude_setup("undo")
    assert undone.returncode == 0, (step, undone.stderr)
    assert keyring_env.lookup("claude-setup", "aws/aws-secret-access-key") == SECRET_1
    assert access_keys("ap-northeast-1", SECRET_3).returncode == 0
    assert no_temp_files(tmp_home) == []
    assert pending_sets(tmp_home) == []
    credentials = claude_setup("aws-credentials", "aws")
    assert json.loads(credentials.stdout)["SecretAccessKey"] == SECRET_3
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["env"]["AWS_REGION"] == "ap-northeast-1"
    assert claude_setup("undo").returncode == 0
    assert keyring_env.lookup("claude-setup", "aws/aws-secret-access-key") == SECRET_1
    assert files_containing([tmp_home], [SECRET_1, SECRET_2, SECRET_3]) == []


def test_undo_skips_a_set_with_a_corrupt_manifest(keyring_env: PrivateKeyring,
                                                   tmp_home: Path) -> None:
    prepare(tmp_home)
    newest = backups_dir() / "29991231T000000.000000Z"  # sorts after every real set
    newest.mkdir()
    (newest / backups.MANIFEST).write_text('{"entries": [')
    result = claude_setup("undo")
    assert result.returncode == 0, result.stderr
    assert f"skipped: the backup set {newest} is unusable" in result.stdout
    assert "restored" in result.stdout


def test_an_undo_killed_half_way_is_finished_by_the_next(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[default]\nregion = us-east-1\n")
    assert access_keys("eu-west-1", SECRET_1).returncode == 0
    old = snapshot(tmp_home)
    assert access_keys("us-east-1", SECRET_2).returncode == 0
    killed = claude_setup("undo", env={**os.environ, KILL_AT: "undo-restored settings.json"})
    assert killed.returncode == -9
    assert (tmp_home / ".claude" / "settings.json").read_bytes() == old["settings"]
    result = claude_setup("undo")
    assert result.returncode == 0, result.stderr
    assert {k: v for k, v in snapshot(tmp_home).items() if k in ("settings", "aws-config")} == {
        "settings": old["settings"], "aws-config": old["aws-config"]}
    assert keyring_env.lookup("claude-setup", "aws/aws-secret-access-key") == SECRET_1


def test_a_first_apply_killed_after_storing_its_secret_leaves_nothing(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    killed = access_keys("eu-west-1", SECRET_1, **{KILL_AT: "before-rename settings.json"})
    assert killed.returncode == -9
    assert keyring_env.lookup("claude-setup", "aws/aws-secret-access-key") == SECRET_1
    result = claude_setup("undo")  # rolls the killed run back; then there is nothing to undo
    assert result.returncode == 1 and "nothing to undo" in one_line_error(result)
    assert keyring_env.search(service="claude-setup") == []
    assert not (tmp_home / ".claude" / "settings.json").exists()
    assert not (tmp_home / ".aws" / "config").exists()
    assert not (tmp_home / ".config" / "claude-setup" / "profiles" / "aws.json").exists()
    assert no_temp_files(tmp_home) == []
    assert pending_sets(tmp_home) == []
    assert access_keys("eu-west-1", SECRET_2).returncode == 0
    assert keyring_env.lookup("claude-setup", "aws/aws-secret-access-key") == SECRET_2
