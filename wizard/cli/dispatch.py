"""Runs one parsed command and turns every refusal into one line on stderr and its exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from wizard import redact, validation
from wizard.cli.parser import OPTION_NAMES, build_parser, choose_language, setup_from
from wizard.errors import UsageError, WizardError
from wizard.i18n import _
from wizard.model import SetupError

MAX_LINE = 2000
"""An error line never grows with what it quotes (a 10 MB option value, say)."""


def run_command(argv: list[str]) -> int:
    """Run the command; every way it can end is an exit code and at most one line on stderr."""
    try:
        choose_language(argv)
        options = build_parser().parse_args(argv)
        return dispatch(options)
    except WizardError as exc:
        prefix = _("usage error") if isinstance(exc, UsageError) else _("error")
        _say(f"{prefix}: {error_line(exc)}", argv)
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except RecursionError as exc:
        return report_unexpected(exc, argv)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        _say(f"{_('error')}:{where} {exc.strerror or exc}", argv)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, the rest in a log
        return report_unexpected(exc, argv)


def _say(text: str, argv: list[str]) -> None:
    """One line on stderr, with values of the command line that look like keys masked."""
    secrets = [*redact.remembered(), *_key_like_arguments(argv)]
    line = " ".join(redact.mask(text, secrets).split())
    line = validation.printable(line)  # no terminal escapes
    if len(line) > MAX_LINE:
        line = line[: MAX_LINE - 1] + "…"
    sys.stderr.write(f"claude-setup: {line}\n")


def _key_like_arguments(argv: list[str]) -> list[str]:
    values = []
    for arg in argv:
        values += [arg, arg.partition("=")[2]] if arg.startswith("--") else [arg]
    return [value for value in values if value and redact.looks_like_key(value)]


def report_unexpected(exc: BaseException, argv: list[str]) -> int:
    """One line naming the log file that holds the full report."""
    from wizard.cli.crash import write_report

    path = write_report(exc, argv)
    where = (
        _("the full report is in {path}").format(path=path)
        if path
        else _("no report could be written")
    )
    _say(
        _("error: unexpected {kind}; {where}").format(kind=type(exc).__name__, where=where), argv
    )
    return 1


def check_not_root_in_a_users_home(
    euid: int | None = None, home: Path | None = None, environ: Mapping[str, str] | None = None
) -> None:
    """``sudo claude-setup`` keeps the user's HOME: every file written there would belong to
    root (and the secrets would go to root's keyring). Refused, saying how to run it."""
    euid = os.geteuid() if euid is None and hasattr(os, "geteuid") else euid
    if euid != 0:
        return
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    try:
        owner = home.stat().st_uid
    except OSError:
        owner = 0
    if owner != 0 or environ.get("SUDO_USER"):
        raise WizardError(
            _(
                "claude-setup is running as root in {home}, a folder of another user: the files "
                "it wrote would belong to root; run it as that user, without sudo"
            ).format(home=home)
        )


def error_line(exc: WizardError) -> str:
    """The error as this face says it: a ``Setup`` field is named by its option."""
    if isinstance(exc, SetupError):
        return f"{OPTION_NAMES.get(exc.field, exc.field)}: {exc.reason}"
    return str(exc)


def dispatch(options: argparse.Namespace) -> int:
    from wizard.cli import setup_commands as actions

    check_not_root_in_a_users_home()
    command = options.command
    if command is None:
        return actions.interactive()
    if command == "apply":
        return actions.apply_setup(
            setup_from(options), options.secret_stdin, options.dry_run, options.yes
        )
    if command == "use":
        return actions.use_profile(options.name, options.dry_run)
    if command == "status":
        return actions.show_status(options.json)
    if command == "profiles":
        return actions.show_profiles(options.json)
    if command == "remove":
        return actions.remove(options.name, options.yes)
    if command in ("export", "import"):
        from wizard.cli import team_commands

        if command == "export":
            return team_commands.export(
                options.name, options.output, options.description, options.yes
            )
        return team_commands.import_file(options)
    if command == "undo":
        return actions.undo()
    if command == "doctor":
        return actions.doctor(options.json, live=not options.offline)
    if command in ("discover", "iam-policy"):
        from wizard.cli import discover_commands

        if command == "discover":
            return discover_commands.discover(options)
        return discover_commands.iam_policy(options)
    if command in ("sso-login", "sso-setup"):
        from wizard.cli import sso_commands

        if command == "sso-login":
            return sso_commands.login(options.name, not options.no_browser)
        return sso_commands.setup_profile(options)
    if command == "run":
        argv = options.argv[1:] if options.argv[:1] == ["--"] else options.argv
        from wizard.helpers.run import run

        return run(options.profile, argv)
    raise UsageError(_("unknown command {command}").format(command=command))
