"""Runs one parsed command and turns every refusal into one line on stderr and its exit code."""

from __future__ import annotations

import argparse
import sys

from wizard.cli.parser import OPTION_NAMES, build_parser, choose_language, setup_from
from wizard.errors import UsageError, WizardError
from wizard.i18n import _
from wizard.model import SetupError


def run_command(argv: list[str]) -> int:
    try:
        choose_language(argv)
        options = build_parser().parse_args(argv)
        return dispatch(options)
    except WizardError as exc:
        prefix = _("usage error") if isinstance(exc, UsageError) else _("error")
        sys.stderr.write(f"claude-setup: {prefix}: {error_line(exc)}\n")
        return exc.exit_code
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"claude-setup: {_('error')}:{where} {exc.strerror or exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130


def error_line(exc: WizardError) -> str:
    """The error as this face says it: a ``Setup`` field is named by its option."""
    if isinstance(exc, SetupError):
        return f"{OPTION_NAMES.get(exc.field, exc.field)}: {exc.reason}"
    return str(exc)


def dispatch(options: argparse.Namespace) -> int:
    from wizard.cli import setup_commands as actions

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
