"""The commands that build, switch, show or undo a setup; the work is the engine's."""

from __future__ import annotations

from wizard import backups, engine, profiles, status
from wizard.apply import Outcome
from wizard.cli.parser import OPTION_NAMES
from wizard.cli.terminal import (
    confirm,
    interactive_stdin,
    print_json,
    read_secret_from_stdin,
    warn,
    write,
)
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import Setup
from wizard.plan import Plan
from wizard.providers.registry import auth_method, check_choices
from wizard.secrets.labels import secret_label


def carry_out(the_plan: Plan, dry_run: bool, ask: bool) -> int:
    """Show, ask, write."""
    if dry_run:
        write(the_plan.describe())
        return 0
    if ask:
        write(the_plan.describe())
        if not confirm(_("Apply these changes? [y/N] ")):
            write(_("Nothing was changed.\n"))
            return 1
    report(engine.apply_plan(the_plan))
    return 0


def report(outcome: Outcome) -> None:
    setup = outcome.plan.setup
    write(
        _("Applied profile '{profile}' ({provider}, {auth}).\n").format(
            profile=setup.profile_name, provider=setup.provider, auth=setup.auth
        )
    )
    for path in outcome.written:
        write(_("  wrote {path}\n").format(path=path))
    if not outcome.written:
        write(_("  settings already as asked; no file changed\n"))
    for text in outcome.keyring:
        write(f"  {text}\n")
    ignore = outcome.plan.git_ignore
    if ignore is not None and ignore.path in outcome.written:
        write(
            _("  git now ignores .claude/settings.local.json (added to {path})\n").format(
                path=ignore.path
            )
        )
    for role in outcome.plan.preselected:
        write(
            _("  {option} {model} (preselected)\n").format(
                option=OPTION_NAMES[role], model=getattr(setup, role)
            )
        )
    for text in outcome.warnings:
        warn(text)


def going_to(setup: Setup, chosen_by: str | None = None) -> list[str]:
    """Where the secret about to be typed will be sent, who chose that, and what to know about
    that address: said before the secret is asked."""
    from wizard import binding, endpoints

    there = binding.setup_destination(setup)
    if there is None:
        return []
    host = endpoints.shown(there)
    line = (
        _("It will be sent to {host}, chosen by {who}.").format(host=host, who=chosen_by)
        if chosen_by
        else _("It will be sent to {host}.").format(host=host)
    )
    return [line, *(_("warning: {text}").format(text=text) for text in endpoints.concerns(there))]


def apply_setup(setup: Setup, secret_stdin: bool, dry_run: bool, yes: bool) -> int:
    check_choices(setup)
    kind = auth_method(setup).secret
    chosen_by = _("the project's settings") if setup.only_credential else None
    secret = (
        read_secret_from_stdin(secret_label(kind) if kind else None, going_to(setup, chosen_by))
        if secret_stdin
        else None
    )
    the_plan = engine.prepare_plan(setup, secret, named=bool(setup.profile))
    ask = not yes and not secret_stdin and interactive_stdin()
    return carry_out(the_plan, dry_run, ask)


def use_profile(name: str, dry_run: bool) -> int:
    return carry_out(engine.prepare_switch(name), dry_run, ask=False)


def show_status(as_json: bool) -> int:
    report_data = status.collect()
    if as_json:
        print_json(report_data)
    else:
        write(status.render(report_data))
    return 0


def show_profiles(as_json: bool) -> int:
    active = profiles.active_name()
    rows = [
        {
            "name": saved.name,
            "provider": saved.setup.provider,
            "auth": saved.setup.auth,
            "scope": saved.setup.scope,
            "saved_at": saved.saved_at,
            "active": saved.name == active,
        }
        for saved in profiles.all_profiles()
    ]
    if as_json:
        print_json(rows)
        return 0
    if not rows:
        write(_("No saved profiles yet: claude-setup apply saves one.\n"))
    for row in rows:
        mark = "*" if row["active"] else " "
        write(f"{mark} {row['name']:<20} {row['provider']:<10} {row['auth']:<18} {row['scope']}\n")
    return 0


def undo() -> int:
    for path in backups.undo(say=lambda text: write(text + "\n")):
        write(_("restored {path}\n").format(path=path))
    return 0


def remove(name: str, yes: bool) -> int:
    """Forget a saved profile and delete its keyring entries, after a confirm."""
    kinds = engine.secrets_of(name)
    what = ", ".join(secret_label(kind) for kind in kinds) or _("no secret")
    if not yes:
        if not interactive_stdin():
            raise WizardError(
                _("remove {name}: confirm with --yes (there is no terminal to ask)").format(
                    name=name
                )
            )
        question = _(
            "Remove profile '{name}' and delete from the keyring: {what}? [y/N] "
        ).format(name=name, what=what)
        if not confirm(question):
            write(_("Nothing was changed.\n"))
            return 1
    was_active = profiles.active_name() == name
    deleted = engine.remove_profile(name)
    write(_("Removed profile '{name}'.\n").format(name=name))
    for kind in deleted:
        write(
            _("  keyring: deleted the {what} of profile '{name}'\n").format(
                what=secret_label(kind), name=name
            )
        )
    if was_active:
        warn(
            _(
                "the settings written for '{name}' are left as they are; apply another setup "
                "or 'claude-setup use' another profile"
            ).format(name=name)
        )
    return 0


def doctor(as_json: bool, live: bool = True) -> int:
    from wizard import doctor as checks

    found = engine.check_connection(live)
    if as_json:
        print_json(
            {
                "ok": checks.all_well(found),
                "checks": [check.to_dict() for check in found],
                "effective": status.collect()["effective"],
            }
        )
    else:
        write(checks.render(found))
    return 0 if checks.all_well(found) else 1


def interactive() -> int:
    import sys

    from wizard.errors import WizardError

    if not (sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty()):
        raise WizardError(
            _(
                "the interactive wizard needs a terminal, and there is none; in a script use "
                "'claude-setup apply …' (see claude-setup --help)"
            )
        )
    from wizard.appdirs import check_own_folders
    from wizard.tui import run_wizard

    check_own_folders()  # what its first screen reads: refused in one line, not on a screen
    profiles.active_name()
    return run_wizard()
