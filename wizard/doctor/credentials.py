"""Checks that the credentials the settings point at are there and answer.

Helper commands are run the way Claude Code runs them (``/bin/sh -c``) with a deadline; their
output is judged and never shown.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Mapping
from typing import Any

from wizard import awsconfig, profiles, redact, safefile, status
from wizard.doctor import Check, fail, ok, warn
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.providers import registry
from wizard.secrets.labels import secret_label
from wizard.secrets.store import SecretStore

HELPER_TIMEOUT = 15.0


def run_helper(command: str, env: Mapping[str, str] | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and the first line of stderr of ``command`` (-1 on timeout), run in
    ``env`` (the environment Claude Code would give it; by default claude-setup's own)."""
    process = subprocess.Popen(
        ["/bin/sh", "-c", command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ if env is None else env),
        start_new_session=True,  # on a timeout the whole group goes, children that hold the
    )  # pipes included: waiting for them would be waiting forever
    try:
        out, err = process.communicate(timeout=HELPER_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=1)
        return -1, "", _("did not answer within {seconds:g} s").format(seconds=HELPER_TIMEOUT)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    first = redact.mask_key_like(lines[0]) if lines else ""
    return process.returncode, out.decode("utf-8", "replace"), first


def helper_failure(key: str, code: int, reason: str) -> Check:
    if code == -1:
        return fail(_("{key}: the command {reason}").format(key=key, reason=reason))
    return fail(
        _("{key}: the command failed (exit {code}): {reason}").format(
            key=key, code=code, reason=reason or _("no message")
        )
    )


def api_key_helper(command: str, env: Mapping[str, str]) -> Check:
    code, out, reason = run_helper(command, env)
    if code != 0:
        return helper_failure("apiKeyHelper", code, reason)
    if len(out.strip().splitlines()) != 1:
        return fail(_("apiKeyHelper: the command must print only the key, on one line"))
    return ok(_("apiKeyHelper answers with a key"))


def credential_export(command: str, env: Mapping[str, str]) -> Check:
    code, out, reason = run_helper(command, env)
    if code != 0:
        return helper_failure("awsCredentialExport", code, reason)
    try:
        credentials = json.loads(out)["Credentials"]
        complete = all(
            credentials.get(k) for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        complete = False
    if not complete:
        return fail(
            _(
                "awsCredentialExport: the output is not STS credentials with a SessionToken "
                "(Claude Code refuses long-term keys here)"
            )
        )
    return ok(_("awsCredentialExport answers with temporary credentials"))


def credential_process(profile: str, command: str, env: Mapping[str, str]) -> Check:
    code, out, reason = run_helper(command, env)
    if code != 0:
        return helper_failure(f"credential_process of AWS profile {profile}", code, reason)
    try:
        data = json.loads(out)
        complete = (
            data.get("Version") == 1 and data.get("AccessKeyId") and data.get("SecretAccessKey")
        )
    except (ValueError, AttributeError, RecursionError):
        complete = False
    if not complete:
        return fail(
            _(
                "credential_process of AWS profile {profile} does not print credential JSON "
                "(Version 1)"
            ).format(profile=profile)
        )
    return ok(_("credential_process of AWS profile {profile} answers").format(profile=profile))


def aws_profile(name: str, env: Mapping[str, str], execute: bool) -> list[Check]:
    config = (safefile.read_bytes(awsconfig.config_path()) or b"").decode("utf-8", "replace")
    creds = (safefile.read_bytes(awsconfig.credentials_path()) or b"").decode("utf-8", "replace")
    values = awsconfig.profiles(config, creds).get(name)
    if values is None:
        return [
            fail(_("AWS_PROFILE names '{name}', which is not in ~/.aws/config").format(name=name))
        ]
    if "credential_process" in values:
        if not execute:
            return [not_run(_("credential_process of AWS profile {profile}").format(profile=name))]
        return [credential_process(name, values["credential_process"], env)]
    from wizard.doctor.sso_check import sso_token_check

    return sso_token_check(name, values)


def stored_secret() -> list[Check]:
    name = profiles.active_name()
    if name is None or not profiles.exists(name):
        return []
    try:
        setup = profiles.load(name).setup
        method = registry.auth_method(setup)
    except (WizardError, KeyError):
        return [fail(_("the saved profile '{name}' cannot be read").format(name=name))]
    if method.secret is None:
        return []
    what = secret_label(method.secret)
    try:
        present = SecretStore().get(name, method.secret) is not None
    except WizardError as exc:
        return [fail(str(exc))]
    if not present:
        return [
            fail(_("the keyring holds no {what} for profile '{name}'").format(what=what, name=name))
        ]
    found = [ok(_("the keyring holds the {what} of profile '{name}'").format(what=what, name=name))]
    var = method.env_secret_var
    if var and not setup.plaintext_secrets and not os.environ.get(var):
        found.append(
            warn(
                _(
                    "{var} reaches Claude Code only when it is started with 'claude-setup run "
                    "-- claude'"
                ).format(var=var)
            )
        )
    return found


def not_run(what: str) -> Check:
    return ok(_("{what} is set; not run (--offline runs nothing)").format(what=what))


COMMANDS = {"apiKeyHelper": api_key_helper, "awsCredentialExport": credential_export}


def run(report: dict[str, Any], execute: bool = True) -> list[Check]:
    """The credential checks; ``execute`` runs the commands the settings name (never those of
    an untrusted folder: the configuration checks list them). ``report`` is collected with
    ``reveal``: the commands get the environment Claude Code would give them."""
    effective = report["effective"]
    env = status.claude_code_env(report)
    found: list[Check] = []
    for key, check in COMMANDS.items():
        entry = effective.get(key)
        if entry is None or status.untrusted(entry):
            continue
        found.append(check(str(entry["value"]), env) if execute else not_run(key))
    entry = effective.get("AWS_PROFILE")
    if entry is not None and not status.untrusted(entry):
        found += aws_profile(str(entry["value"]), env, execute)
    found += stored_secret()
    return found
