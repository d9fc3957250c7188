"""``claude-setup trust``: the user says this folder's ``.claude`` settings are theirs to use.

What the folder's files make Claude Code run, load and contact is shown first, escaped; on a
terminal the user answers y/N, in a script ``--yes`` says it. The trust is recorded in
claude-setup's own folder (Claude Code keeps its own record and asks on its own).
"""

from __future__ import annotations

from pathlib import Path

from wizard import status, trust
from wizard.cli.terminal import confirm, interactive_stdin, write
from wizard.errors import WizardError
from wizard.i18n import _


def trust_folder(yes: bool, forget: bool) -> int:
    folder = Path.cwd()
    if forget:
        return _forget(folder)
    by = trust.trusted_by(folder)
    if by == "home":
        write(_("{folder} is your home folder: its .claude is your own settings.\n").format(
            folder=folder))
        return 0
    if by is not None:
        write(_("{folder} is already {how}.\n").format(folder=folder, how=trust.describe(by)))
        return 0
    report = status.collect(folder)
    lines = status.untrusted_lines(report)
    write("".join(line + "\n" for line in lines) or _(
        "This folder's .claude settings make Claude Code run, load or contact nothing that "
        "claude-setup knows of.\n"))
    if not yes:
        if not interactive_stdin():
            raise WizardError(
                _("trust {folder}: confirm with --yes (there is no terminal to ask)").format(
                    folder=folder
                )
            )
        if not confirm(_("Trust {folder}? [y/N] ").format(folder=trust.project_key(folder))):
            write(_("Nothing was changed.\n"))
            return 1
    recorded = trust.trust(folder)
    write(_("claude-setup now trusts {folder}.\n").format(folder=recorded))
    return 0


def _forget(folder: Path) -> int:
    gone = trust.forget(folder)
    for recorded in gone:
        write(_("claude-setup no longer trusts {folder}.\n").format(folder=recorded))
    if not gone:
        write(_("claude-setup had no trust recorded for {folder}.\n").format(folder=folder))
    if trust.trusted_by(folder) == "claude-code":
        write(_("Claude Code still trusts it (its own record in {path}).\n").format(
            path=trust.claude_code_config_path()))
    return 0
