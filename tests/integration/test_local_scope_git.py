"""``--scope local`` in a git repository: git ignores ``.claude/settings.local.json`` afterwards,
as it does when Claude Code creates the file (``**/.claude/settings.local.json`` in the global
ignore file), and the command says so. Real git, in the test's own HOME."""

from __future__ import annotations

import subprocess
from pathlib import Path

from runner import claude_setup, one_line_error

LOCAL = ".claude/settings.local.json"
ENTRY = "**/.claude/settings.local.json"


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)


def make_repo(path: Path) -> Path:
    path.mkdir()
    assert git("init", "-q", cwd=path).returncode == 0
    return path


def apply_local(cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login",
                        "--scope", "local", *extra, "--yes", cwd=cwd)


def test_local_scope_makes_git_ignore_the_file(tmp_home: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    assert git("check-ignore", "-q", LOCAL, cwd=repo).returncode == 1
    result = apply_local(repo)
    assert result.returncode == 0, result.stderr
    ignore_file = tmp_home / ".config" / "git" / "ignore"
    assert ignore_file.read_text() == ENTRY + "\n"
    assert f"git now ignores .claude/settings.local.json (added to {ignore_file})" in (
        result.stdout
    )
    assert git("check-ignore", "-q", LOCAL, cwd=repo).returncode == 0
    assert git("status", "--porcelain", cwd=repo).stdout == ""
    # a second apply finds it ignored and leaves the file alone
    again = apply_local(repo, "--model", "claude-opus-4-8")
    assert again.returncode == 0, again.stderr
    assert "git now ignores" not in again.stdout
    assert ignore_file.read_text() == ENTRY + "\n"


def test_the_dry_run_says_it_and_the_users_ignore_file_is_extended(
    tmp_home: Path, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "repo")
    mine = tmp_home / "my-global-ignore"
    mine.write_text("*.swp")  # no final newline
    assert git("config", "--global", "core.excludesFile", str(mine), cwd=repo).returncode == 0
    dry = claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login",
                       "--scope", "local", "--dry-run", cwd=repo)
    assert dry.returncode == 0, dry.stderr
    assert f"git: {ENTRY} is added to your global git ignore file {mine}" in dry.stdout
    assert mine.read_text() == "*.swp"
    assert apply_local(repo).returncode == 0
    assert mine.read_text() == f"*.swp\n{ENTRY}\n"
    assert not (tmp_home / ".config" / "git" / "ignore").exists()
    assert claude_setup("undo").returncode == 0
    assert mine.read_text() == "*.swp"


def test_nothing_is_added_when_git_already_ignores_it_or_there_is_no_repository(
    tmp_home: Path, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / ".gitignore").write_text(".claude/settings.local.json\n")
    assert apply_local(repo).returncode == 0
    plain = tmp_path / "plain"
    plain.mkdir()
    result = apply_local(plain)
    assert result.returncode == 0, result.stderr
    assert (plain / LOCAL).is_file()
    assert not (tmp_home / ".config" / "git").exists()


def test_a_tracked_local_file_is_reported(tmp_home: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / ".claude").mkdir()
    (repo / LOCAL).write_text("{}\n")
    assert git("add", LOCAL, cwd=repo).returncode == 0
    result = apply_local(repo)
    assert result.returncode == 0, result.stderr
    assert "git already tracks" in result.stderr
    assert "git rm --cached .claude/settings.local.json" in result.stderr


def test_a_credential_is_never_written_into_a_tracked_local_file(
    tmp_home: Path, tmp_path: Path
) -> None:
    """Issue 15, rule 11: a local file git tracks is shared; a key helper refused, one line."""
    repo = make_repo(tmp_path / "repo")
    (repo / ".claude").mkdir()
    (repo / LOCAL).write_text("{}\n")
    assert git("add", LOCAL, cwd=repo).returncode == 0
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "helper", "--helper-command",
        "pass show anthropic", "--scope", "local", "--yes", cwd=repo,
    )  # fmt: skip
    assert result.returncode == 1
    line = one_line_error(result)
    assert "git rm --cached .claude/settings.local.json" in line and "apiKeyHelper" in line
    assert (repo / LOCAL).read_text() == "{}\n"


def test_a_repository_git_refuses_to_read_is_not_taken_for_no_repository(
    tmp_home: Path, tmp_path: Path
) -> None:
    """A clone that belongs to another user: git answers "dubious ownership" and tells nothing
    of what it tracks, so nothing is written beside a file it may share."""
    repo = make_repo(tmp_path / "repo")
    (repo / ".claude").mkdir()
    (repo / LOCAL).write_text("{}\n")
    assert git("add", LOCAL, cwd=repo).returncode == 0
    subprocess.run(["chown", "-R", "65534:65534", str(repo)], check=True)
    result = claude_setup(
        "apply", "--provider", "anthropic", "--auth", "helper", "--helper-command",
        "pass show anthropic", "--scope", "local", "--yes", cwd=repo,
    )  # fmt: skip
    assert result.returncode == 1
    line = one_line_error(result)
    assert "git cannot read the repository" in line and "dubious ownership" in line
    assert (repo / LOCAL).read_text() == "{}\n"
    assert not (tmp_home / ".config" / "git" / "ignore").exists()
