"""``plan(setup, machine) -> Plan``: exactly what an apply will write, remove and store.

Pure: it reads only the ``MachineState`` it is given. ``Plan.describe()`` is the human-readable
diff that ``--dry-run`` prints; secret values never appear in it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from wizard import awsconfig, providers, redact, validation
from wizard.i18n import _
from wizard.machine import MachineState
from wizard.model import Setup, SetupError
from wizard.providers.base import AwsProfileBlock, Context, SecretKind
from wizard.providers.bedrock import owned_aws_profile
from wizard.secrets.value import Secret
from wizard.settings import document
from wizard.settings.owned import MASK, OWNED_TOP, SECRET_ENV, is_owned_env

SECRET_LABELS: dict[str, str] = {
    "api-key": _("API key"),
    "aws-secret-access-key": _("AWS secret access key"),
    "bedrock-api-key": _("Bedrock API key"),
    "foundry-api-key": _("Foundry API key"),
}
PRIVATE_MODE = 0o600


@dataclass(frozen=True)
class FileEdit:
    path: Path
    before: bytes | None
    after: bytes
    mode: int | None = None
    """A mode to force (0600 when a secret is written in plain text); else the file's own."""
    secret_env: frozenset[str] = frozenset()
    """``env`` variables of this JSON file whose values are masked in the diff, in any form."""

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self, mask: tuple[str, ...] = ()) -> str:
        """A unified diff with the given secret values masked."""
        old = _masked(self._shown(self.before or b""), mask)
        new = _masked(self._shown(self.after), mask)
        label = str(self.path)
        return "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=label if self.before is not None else "/dev/null",
                tofile=label,
            )
        )


    def _shown(self, content: bytes) -> str:
        text = content.decode("utf-8", "replace")
        if self.secret_env:
            text = document.mask_values(text, self.path, self.secret_env, MASK)
        return text


def _masked(text: str, values: tuple[str, ...]) -> str:
    """Every form of every secret masked: itself, JSON-escaped, and text shaped like a key."""
    return redact.mask(text, values)


@dataclass(frozen=True)
class SecretWrite:
    profile: str
    kind: SecretKind
    value: Secret


@dataclass(frozen=True)
class Plan:
    setup: Setup
    settings: FileEdit
    merge: document.Merge
    aws_config: FileEdit | None
    store_secret: SecretWrite | None
    delete_secrets: tuple[SecretKind, ...]
    env_secret_var: str | None
    warnings: tuple[str, ...]
    masked_values: tuple[str, ...] = ()
    """Secret values in the old or new file: never shown by ``describe()``."""

    @property
    def file_edits(self) -> list[FileEdit]:
        edits = [self.aws_config, self.settings]
        return [edit for edit in edits if edit is not None and edit.changed]

    def secret_values(self) -> tuple[str, ...]:
        values = [self.store_secret.value.reveal()] if self.store_secret else []
        return (*values, *self.masked_values)

    def describe(self) -> str:
        lines = []
        for edit in self.file_edits:
            lines.append(edit.diff(self.secret_values()))
        if not self.file_edits:
            lines.append(_("{path}: no change\n").format(path=self.settings.path))
        profile = self.setup.profile_name
        if self.store_secret:
            lines.append(
                _("keyring: store the {what} of profile '{profile}'\n").format(
                    what=SECRET_LABELS[self.store_secret.kind], profile=profile
                )
            )
        for kind in self.delete_secrets:
            lines.append(
                _("keyring: delete the {what} of profile '{profile}', no longer used\n").format(
                    what=SECRET_LABELS[kind], profile=profile
                )
            )
        lines.extend(_("warning: {text}\n").format(text=w) for w in self.warnings)
        return "".join(lines)


def plan(setup: Setup, machine: MachineState, secret: Secret | None = None) -> Plan:
    """What applying ``setup`` changes, given the files and keyring as they are now.

    ``secret`` is the secret read from standard input, if any. Raises ``WizardError`` with a
    one-line reason for anything that cannot be applied.
    """
    setup = replace(setup, profile=setup.profile_name)
    context = Context(machine.helper_executable, machine.aws_profiles, machine.aws_cli_sso_login)
    module = providers.validate(setup, context)
    method = module.auth_methods[setup.auth]
    _check_secret_input(setup, method.secret, secret, machine.secret_stored)
    contribution = module.contribute(setup, context)
    if setup.plaintext_secrets and method.env_secret_var and secret is not None:
        contribution.env[method.env_secret_var] = secret.reveal()
    if setup.scope == "project":
        _check_shareable(setup, method.secret, contribution.env, contribution.top, machine)

    text = document.decode(machine.settings or b"", machine.settings_path)
    current = document.parse(text, machine.settings_path)
    merged = document.merge(current, contribution.env, contribution.top)
    after = document.edit(text, machine.settings_path, merged).encode("utf-8")
    if (
        machine.settings is not None
        and not merged.set_env
        and not merged.set_top
        and not (merged.removed_env or merged.removed_top)
    ):
        after = machine.settings

    return Plan(
        setup=setup,
        settings=FileEdit(
            machine.settings_path,
            machine.settings,
            after,
            mode=PRIVATE_MODE if setup.plaintext_secrets else None,
            secret_env=SECRET_ENV,
        ),
        merge=merged,
        aws_config=_aws_config_edit(setup, contribution.aws_profile, machine),
        store_secret=(
            SecretWrite(setup.profile_name, method.secret, secret)
            if secret is not None and method.secret
            else None
        ),
        delete_secrets=_secrets_no_longer_used(setup, method.secret, machine.previous),
        env_secret_var=method.env_secret_var,
        warnings=tuple(_warnings(setup, method.env_secret_var, contribution.top, machine)),
        masked_values=_secret_env_values(current, merged.data),
    )


def _secret_env_values(*documents: dict[str, Any]) -> tuple[str, ...]:
    found = []
    for data in documents:
        env = data.get("env")
        if isinstance(env, dict):
            found += [v for k, v in env.items() if k in SECRET_ENV and isinstance(v, str) and v]
    return tuple(found)


def _check_secret_input(
    setup: Setup, kind: SecretKind | None, secret: Secret | None, stored: bool
) -> None:
    if secret is not None:  # whichever face read it: a value an HTTP header can carry
        validation.check_secret(secret.reveal())
    if kind is None and secret is not None:
        raise SetupError(
            "secret_stdin",
            _("{provider} with --auth {auth} takes no secret").format(
                provider=setup.provider, auth=setup.auth
            ),
        )
    if kind is not None and secret is None and not stored:
        raise SetupError(
            "secret_stdin",
            _(
                "the {what} is needed: pipe it in with --secret-stdin (it is never taken as an "
                "argument)"
            ).format(what=SECRET_LABELS[kind]),
        )
    if setup.plaintext_secrets and secret is None:
        raise SetupError(
            "plaintext_secrets", _("needs the secret itself: pipe it in with --secret-stdin")
        )


def _check_shareable(
    setup: Setup,
    kind: SecretKind | None,
    env: dict[str, str],
    top: dict[str, str],
    machine: MachineState,
) -> None:
    """The project scope is shared in git: no secret, and no path of this user's machine."""
    if kind is not None or setup.plaintext_secrets:
        raise SetupError(
            "scope",
            _(
                "--auth {auth} keeps a secret of yours, which a shared project file must not "
                "reference; use --scope local or user"
            ).format(auth=setup.auth),
        )
    personal = (str(machine.home), machine.helper_executable.strip("'"))
    for key, value in [*env.items(), *top.items()]:
        if any(part and part in value for part in personal):
            raise SetupError(
                "scope",
                _(
                    "{key} would hold a path of your own machine, which a shared project file "
                    "must not; use --scope local or user"
                ).format(key=key),
            )


def _aws_config_edit(
    setup: Setup, block: AwsProfileBlock | None, machine: MachineState
) -> FileEdit | None:
    text = awsconfig.decode(machine.aws_config or b"", machine.aws_config_path)
    owned = owned_aws_profile(setup.profile_name)
    if block is None and owned not in awsconfig.profiles(text):
        return None
    awsconfig.check_readable(text, machine.aws_config_path)
    if block is not None:
        new_text = awsconfig.set_profile(text, block.name, block.values)
    else:
        new_text = awsconfig.remove_profile(text, owned)
    after = new_text.encode("utf-8")
    if after == (machine.aws_config or b""):
        return None
    return FileEdit(machine.aws_config_path, machine.aws_config, after)


def _secrets_no_longer_used(
    setup: Setup, kind: SecretKind | None, previous: Setup | None
) -> tuple[SecretKind, ...]:
    if previous is None:
        return ()
    try:
        old_kind = providers.auth_method(previous).secret
    except KeyError:
        return ()
    return (old_kind,) if old_kind is not None and old_kind != kind else ()


def model_warnings(setup: Setup, today: date) -> list[str]:
    """Retired, soon retired, unknown or not served models, from the model catalogue."""
    from wizard import catalogue

    provider = setup.provider
    if provider == "gateway" and setup.gateway_api in ("bedrock", "vertex"):
        provider = setup.gateway_api
    found = []
    for model in (setup.model, setup.fast_model):
        if model:
            found += catalogue.check(provider, model, today)
    return found


def _warnings(
    setup: Setup, env_secret_var: str | None, top: dict[str, str], machine: MachineState
) -> list[str]:
    found = model_warnings(setup, machine.today)
    if env_secret_var and setup.plaintext_secrets:
        found.append(
            _("the secret is written in plain text to {path} (mode 0600), as you asked").format(
                path=machine.settings_path
            )
        )
    elif env_secret_var:
        found.append(
            _(
                "Claude Code reads {var} only from its environment: start it with "
                "'claude-setup run -- claude'"
            ).format(var=env_secret_var)
        )
    for other in machine.overriding:
        env = other.data.get("env")
        keys = [k for k in env if is_owned_env(k)] if isinstance(env, dict) else []
        keys += [k for k in sorted(OWNED_TOP) if k in other.data]
        if keys:
            found.append(
                _("{label} settings {path} set {keys}, which override this setup").format(
                    label=other.label, path=other.path, keys=", ".join(sorted(keys))
                )
            )
    if "apiKeyHelper" in top:
        exported = [
            v for v in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN") if machine.shell_env.get(v)
        ]
        if exported:
            found.append(
                _("{vars} exported in your shell beats the key helper: unset it").format(
                    vars=" and ".join(exported)
                )
            )
    return found
