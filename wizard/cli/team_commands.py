"""``export`` and ``import``: one person prepares a setup, each teammate adds their own secret."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from wizard import engine, labels, teamfile
from wizard.cli.parser import OPTION_NAMES
from wizard.cli.setup_commands import carry_out, going_to
from wizard.cli.terminal import (
    confirm,
    interactive_stdin,
    read_secret_from_stdin,
    warn,
    write,
)
from wizard.errors import UsageError, WizardError
from wizard.i18n import _
from wizard.model import SetupError
from wizard.providers.base import SecretKind
from wizard.providers.registry import auth_method
from wizard.safetext import one_line
from wizard.secrets.labels import secret_label
from wizard.secrets.value import Secret


def export(name: str, output: str | None, description: str, yes: bool = False) -> int:
    """Print (or write to ``output``) the team file of a saved profile; nothing written when
    it is refused. A helper command the file would carry is shown first and, written to a
    file, confirmed (or given --yes); an existing ``output`` is replaced only when confirmed
    (or with --yes)."""
    try:
        team = engine.export_team_setup(name, description)
    except SetupError as exc:
        raise UsageError(f"--{exc.field}: {exc.reason}") from None
    text = teamfile.render(team)
    if output is None:  # the file itself, helper command included, is what is shown
        write(text)
        return 0
    path = Path(output)
    _check_folder(path)
    command = team["setup"].get("helper_command")
    if command and not _confirm_helper_command(command, output, yes):
        write(_("Nothing was changed.\n"))
        return 1
    if path.exists() and not path.is_dir() and not yes:
        if not interactive_stdin():
            raise WizardError(
                _("{path} exists: replace it with --yes (there is no terminal to ask)").format(
                    path=output
                )
            )
        if not confirm(_("{path} exists; replace it? [y/N] ").format(path=output)):
            write(_("Nothing was changed.\n"))
            return 1
    _write_file(path, text)
    write(_("wrote the team setup '{name}' to {path}\n").format(name=name, path=output))
    for field in team["asked_on_import"]:
        write(_("  asked on import: {option}\n").format(option=OPTION_NAMES.get(field, field)))
    return 0


def _confirm_helper_command(command: str, output: str, yes: bool) -> bool:
    """A helper command is free text that every teammate's Claude Code will run: the exporter
    sees it before it is written, and says yes on a terminal (or gives --yes)."""
    if not yes and not interactive_stdin():
        raise WizardError(
            _(
                "{path}: the team file would carry the helper command {command}, which every "
                "teammate will run; check it and give --yes to write it (there is no terminal "
                "to ask)"
            ).format(path=output, command=one_line(repr(command)))
        )
    write(
        _(
            "The team file carries this helper command; every teammate's Claude Code runs it "
            "to get the credential:\n  {command}\n"
        ).format(command=one_line(command))
    )
    return yes or confirm(_("Write it to {path}? [y/N] ").format(path=output))


def _check_folder(path: Path) -> None:
    """The folder the user named for ``path`` exists: the error names it, never a temporary
    file of ours."""
    if path.is_dir():
        raise WizardError(_("{path} is a folder, not a file").format(path=path))
    if not path.parent.is_dir():
        raise WizardError(
            _("cannot write {path}: the folder {folder} does not exist").format(
                path=path, folder=path.parent
            )
        )


def _write_file(path: Path, text: str) -> None:
    folder = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WizardError(
            _("cannot write {path} in the folder {folder}: {reason}").format(
                path=path, folder=path.parent, reason=exc.strerror
            )
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def describe(team: teamfile.TeamSetup) -> str:
    """What the team setup configures, in a few lines."""
    lines = [_("Team setup '{name}'").format(name=team.name)]
    if team.description:
        lines.append(f"  {team.description}")
    for line in labels.value_lines(team.values):
        lines.append(f"  {line}")
    if team.sso:
        lines.append(
            _("  AWS SSO: {url} ({region}), account {account}, role {role}").format(
                url=team.sso["start_url"],
                region=team.sso["sso_region"],
                account=team.sso["account_id"],
                role=team.sso["role_name"],
            )
        )
    for field in team.asked:
        lines.append(
            _("  {field}: asked on import ({option})").format(
                field=field, option=OPTION_NAMES.get(field, field)
            )
        )
    return "\n".join(lines) + "\n"


def _ask(question: str) -> str:
    write(question)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:  # Ctrl-D: the input ended
        raise WizardError(_("the input ended before an answer; nothing was changed"))
    return line.strip()


def import_file(options: argparse.Namespace) -> int:
    team = engine.read_team_setup(Path(options.file))
    terminal = interactive_stdin() and not options.secret_stdin
    answers: dict[str, str | None] = {
        field: getattr(options, field) for field in teamfile.ASKED_ON_IMPORT
    }
    own = (*team.asked, *(("aws_profile",) if team.sso else ()))
    given = [field for field, value in answers.items() if value and field not in own]
    if given:
        raise UsageError(
            _("{option}: this team setup shares that value; it is not asked on import").format(
                option=OPTION_NAMES[given[0]]
            )
        )
    write(describe(team))
    if terminal:
        for field in team.asked:
            if not answers.get(field):
                answers[field] = _ask(_("{option} (yours): ").format(option=OPTION_NAMES[field]))
    secret: Secret | None = None
    profile = options.profile or team.name
    try:
        setup = team.setup_with(answers, profile, options.scope)
        method = auth_method(setup)
        what = secret_label(method.secret) if method.secret else None
        where = going_to(setup, _("the team file {path}").format(path=options.file))
        if options.secret_stdin:
            secret = read_secret_from_stdin(what, where)
        elif terminal and method.secret and not _stored(profile, method.secret):
            secret = read_secret_from_stdin(what, where)
        try:
            the_plan = engine.prepare_import(
                team, answers, secret, profile, options.scope, named=bool(options.profile)
            )
        except SetupError as exc:
            if not (exc.field == "secret" and terminal and secret is None and what):
                raise
            write(exc.reason + "\n")  # the stored one was kept for another place: ask
            secret = read_secret_from_stdin(what, where)
            the_plan = engine.prepare_import(
                team, answers, secret, profile, options.scope, named=bool(options.profile)
            )
    except SetupError as exc:
        if exc.field == "gateway_mode" and options.scope == "project":
            raise UsageError(
                _(
                    "--scope: this team setup uses gateway mode, which Claude Code ignores in "
                    "project scope; use --scope user or local"
                )
            ) from None
        if exc.field in team.asked:
            raise UsageError(f"{OPTION_NAMES.get(exc.field, exc.field)}: {exc.reason}") from None
        raise
    ask = terminal and not options.yes
    if team.sso:
        write(
            _(
                "~/.aws/config: write the AWS profile {name}, which signs in with the team's "
                "SSO values\n"
            ).format(name=team.sso_profile(answers))
        )
    code = carry_out(the_plan, options.dry_run, ask)
    if code == 0 and not options.dry_run and setup.auth == "sso" and setup.aws_profile:
        warn(
            _("sign in to AWS SSO with: claude-setup sso-login {name}").format(
                name=setup.aws_profile
            )
        )
    return code


def _stored(profile: str, kind: SecretKind) -> bool:
    from wizard.secrets.store import SecretStore

    return SecretStore().get(profile, kind) is not None
