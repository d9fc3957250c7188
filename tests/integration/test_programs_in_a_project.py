"""Issue 15, rule 10: a program claude-setup runs in a project runs with the project's
executable configuration off, and is never one the project planted.

``apply --scope local`` asks git, in the project folder, whether ``.claude/settings.local.json``
is ignored. A cloned repository's ``.git/config`` can name commands git would start
(``core.fsmonitor``, hooks, a pager, aliases, filters...), the environment can carry ``GIT_*``
variables that do the same, and a ``.`` (or an empty entry) in ``PATH`` would make a ``git`` or
an ``aws`` in the folder the one that runs. Each of them here creates a marker file; none may
appear, while git still does its job (the global ignore file gains its line).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from runner import claude_setup

ENTRY = "**/.claude/settings.local.json"
LOCAL = ("apply", "--provider", "anthropic", "--auth", "claude-login", "--scope", "local",
         "--yes")  # fmt: skip
HOOKS = ("pre-commit", "post-checkout", "post-index-change", "reference-transaction",
         "fsmonitor-watchman", "pre-auto-gc", "post-rewrite")  # fmt: skip


def marker_command(markers: Path, name: str) -> str:
    return f"touch {markers / name}"


def hostile_repository(folder: Path, markers: Path) -> Path:
    """A repository whose own configuration runs a command wherever git lets it."""
    folder.mkdir()
    assert subprocess.run(["git", "init", "-q"], cwd=folder).returncode == 0
    (folder / "tracked.txt").write_text("x\n")
    (folder / ".gitattributes").write_text("* filter=evil diff=evil\n")
    assert subprocess.run(["git", "add", "tracked.txt"], cwd=folder).returncode == 0
    hooks = folder / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        for where in (hooks, folder / ".git" / "hooks"):
            script = where / hook
            script.write_text(f"#!/bin/sh\n{marker_command(markers, 'hook-' + hook)}\n")
            script.chmod(0o755)
    config = folder / ".git" / "config"
    config.write_text(
        config.read_text()
        + "[core]\n"
        + f"\tfsmonitor = {marker_command(markers, 'fsmonitor')}\n"
        + f"\thooksPath = {hooks}\n"
        + f"\tpager = {marker_command(markers, 'pager')}; cat\n"
        + f"\tsshCommand = {marker_command(markers, 'ssh')}\n"
        + f"\teditor = {marker_command(markers, 'editor')}\n"
        + "[alias]\n"
        + f"\tls-files = !{marker_command(markers, 'alias-ls-files')}\n"
        + f"\tcheck-ignore = !{marker_command(markers, 'alias-check-ignore')}\n"
        + "[filter \"evil\"]\n"
        + f"\tprocess = {marker_command(markers, 'filter-process')}\n"
        + f"\tclean = {marker_command(markers, 'filter-clean')}\n"
        + "[diff \"evil\"]\n"
        + f"\ttextconv = {marker_command(markers, 'textconv')}\n"
        + "[credential]\n"
        + f"\thelper = !{marker_command(markers, 'credential')}\n"
    )
    return folder


def planted(folder: Path, program: str, markers: Path) -> None:
    script = folder / program
    script.write_text(f"#!/bin/sh\n{marker_command(markers, 'planted-' + program)}\nexit 1\n")
    script.chmod(0o755)


@pytest.fixture
def markers(tmp_path: Path) -> Path:
    folder = tmp_path / "markers"
    folder.mkdir()
    return folder


def test_a_hostile_repositorys_configuration_runs_nothing(
    tmp_home: Path, tmp_path: Path, markers: Path
) -> None:
    repo = hostile_repository(tmp_path / "clone", markers)
    assert list(markers.iterdir()) == []  # setting it up ran none of it
    env = {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.fsmonitor",
        "GIT_CONFIG_VALUE_0": marker_command(markers, "env-fsmonitor"),
        "GIT_PAGER": marker_command(markers, "env-pager"),
        "GIT_EXTERNAL_DIFF": marker_command(markers, "env-diff"),
        "GIT_SSH_COMMAND": marker_command(markers, "env-ssh"),
        "PAGER": marker_command(markers, "env-pager2"),
    }
    result = claude_setup(*LOCAL, cwd=repo, env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in markers.iterdir()) == []
    assert (tmp_home / ".config" / "git" / "ignore").read_text() == ENTRY + "\n"  # git ran


def test_the_users_global_git_configuration_is_still_read(
    tmp_home: Path, tmp_path: Path, markers: Path
) -> None:
    """``GIT_CONFIG_GLOBAL`` is the one ``GIT_*`` variable kept: it says where the user's own
    configuration, and so the global ignore file, is."""
    repo = hostile_repository(tmp_path / "clone", markers)
    mine = tmp_path / "gitconfig"
    ignore = tmp_path / "my-ignore"
    mine.write_text(f"[core]\n\texcludesFile = {ignore}\n")
    result = claude_setup(*LOCAL, cwd=repo, env={**os.environ, "GIT_CONFIG_GLOBAL": str(mine)})
    assert result.returncode == 0, result.stderr
    assert ignore.read_text() == ENTRY + "\n"
    assert list(markers.iterdir()) == []


@pytest.mark.parametrize("where", ["dot-first", "empty-entry", "relative-entry"])
def test_a_git_planted_in_the_project_is_not_the_one_run(
    tmp_home: Path, tmp_path: Path, markers: Path, where: str
) -> None:
    repo = tmp_path / "clone"
    repo.mkdir()
    assert subprocess.run(["git", "init", "-q"], cwd=repo).returncode == 0
    planted(repo, "git", markers)
    (repo / "bin").mkdir()
    planted(repo / "bin", "git", markers)
    system = os.environ["PATH"]
    path = {"dot-first": f".:{system}", "empty-entry": f":{system}",
            "relative-entry": f"bin:{system}"}[where]  # fmt: skip
    result = claude_setup(*LOCAL, cwd=repo, env={**os.environ, "PATH": path})
    assert result.returncode == 0, result.stderr
    assert list(markers.iterdir()) == []
    assert (tmp_home / ".config" / "git" / "ignore").read_text() == ENTRY + "\n"  # the real git


def test_an_aws_planted_in_the_working_folder_is_not_the_one_run(
    tmp_home: Path, tmp_path: Path, markers: Path
) -> None:
    """Planning an SSO setup asks ``aws --version`` whether the AWS CLI can sign in."""
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(
        "[profile work]\nsso_session = corp\nsso_account_id = 111122223333\n"
        "sso_role_name = Dev\nregion = eu-west-1\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = eu-west-1\n"
    )
    folder = tmp_path / "clone"
    folder.mkdir()
    planted(folder, "aws", markers)
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "sso", "--aws-profile", "work",
        "--region", "eu-west-1", "--dry-run",
        cwd=folder, env={**os.environ, "PATH": f".:{os.environ['PATH']}"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(markers.iterdir()) == []
