"""What each command does, between the parsed command line and the engine."""

from __future__ import annotations

import getpass
import sys
from dataclasses import replace

from wizard import backups, profiles, snapshot, status, validation
from wizard.apply import Outcome, apply
from wizard.commands import print_json
from wizard.errors import SecretStoreError, WizardError
from wizard.i18n import _
from wizard.model import Setup
from wizard.plan import Plan, plan
from wizard.providers import auth_method, check_choices
from wizard.secrets.store import SecretStore
from wizard.secrets.value import Secret


def read_secret_from_stdin() -> Secret:
    """The first line of standard input (typed without echo when it is a terminal)."""
    if sys.stdin is None:
        raise WizardError(_("--secret-stdin: there is no standard input"))
    if sys.stdin.isatty():
        line = getpass.getpass(_("Secret (not shown): "))
    else:
        line = sys.stdin.readline()
    value = line.rstrip("\r\n").strip()
    validation.check_secret(value)
    return Secret(value)


def make_plan(setup: Setup, secret: Secret | None, store: SecretStore | None) -> Plan:
    """Read the machine's state and plan; asks the keyring only when the plan depends on it."""
    check_choices(setup)
    method = auth_method(setup)
    taken = snapshot.take(setup)
    if method.secret and secret is None:
        try:
            stored = (store or SecretStore()).get(setup.profile_name, method.secret)
        except SecretStoreError:
            stored = None  # the plan then asks for the secret; storing it reports the keyring
        taken = replace(taken, secret_stored=stored is not None)
        if setup.plaintext_secrets and stored is not None:
            secret = Secret(stored)
    return plan(setup, taken, secret)


def confirm(text: str) -> bool:
    sys.stdout.write(text)
    sys.stdout.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def carry_out(the_plan: Plan, dry_run: bool, ask: bool) -> int:
    if dry_run:
        sys.stdout.write(the_plan.describe())
        return 0
    if ask:
        sys.stdout.write(the_plan.describe())
        if not confirm(_("Apply these changes? [y/N] ")):
            sys.stdout.write(_("Nothing was changed.\n"))
            return 1
    outcome = apply(the_plan)
    report(outcome)
    return 0


def report(outcome: Outcome) -> None:
    setup = outcome.plan.setup
    sys.stdout.write(
        _("Applied profile '{profile}' ({provider}, {auth}).\n").format(
            profile=setup.profile_name, provider=setup.provider, auth=setup.auth
        )
    )
    for path in outcome.written:
        sys.stdout.write(_("  wrote {path}\n").format(path=path))
    if not outcome.written:
        sys.stdout.write(_("  settings already as asked; no file changed\n"))
    if outcome.plan.store_secret:
        sys.stdout.write(_("  stored the secret in the keyring\n"))
    for warning in outcome.warnings:
        sys.stderr.write(_("claude-setup: warning: {text}\n").format(text=warning))


def apply_setup(setup: Setup, secret_stdin: bool, dry_run: bool, yes: bool) -> int:
    check_choices(setup)
    secret = read_secret_from_stdin() if secret_stdin else None
    the_plan = make_plan(setup, secret, None)
    ask = not yes and not secret_stdin and sys.stdin is not None and sys.stdin.isatty()
    return carry_out(the_plan, dry_run, ask)


def use_profile(name: str, dry_run: bool) -> int:
    validation.check_profile_name("profile", name)
    saved = profiles.load(name)
    setup = replace(saved.setup, profile=saved.name)
    return carry_out(make_plan(setup, None, None), dry_run, ask=False)


def show_status(as_json: bool) -> int:
    report_data = status.collect()
    if as_json:
        print_json(report_data)
    else:
        sys.stdout.write(status.render(report_data))
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
        sys.stdout.write(_("No saved profiles yet: claude-setup apply saves one.\n"))
    for row in rows:
        mark = "*" if row["active"] else " "
        sys.stdout.write(
            f"{mark} {row['name']:<20} {row['provider']:<10} {row['auth']:<18} {row['scope']}\n"
        )
    return 0


def undo() -> int:
    for path in backups.undo():
        sys.stdout.write(_("restored {path}\n").format(path=path))
    return 0


def doctor(as_json: bool, live: bool = True) -> int:
    from wizard import doctor as checks
    from wizard.doctor import configuration, credentials

    report = status.collect()
    found = configuration.run(report) + credentials.run(report)
    if live and checks.all_well(found):
        from wizard.doctor import live as live_checks

        found += live_checks.run(status.collect(reveal=True))
    if as_json:
        print_json(
            {
                "ok": checks.all_well(found),
                "checks": [check.to_dict() for check in found],
                "effective": report["effective"],
            }
        )
    else:
        sys.stdout.write(checks.render(found))
    return 0 if checks.all_well(found) else 1


def interactive() -> int:
    from wizard.tui import run_wizard

    return run_wizard()
