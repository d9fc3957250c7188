"""``plan(setup, machine) -> Plan``: exactly what an apply will write, remove and store.

Pure: it reads only the ``MachineState`` it is given. ``Plan.describe()`` is the human-readable
diff that ``--dry-run`` prints; secret values never appear in it.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from wizard import awsconfig, binding, endpoints, gitignore, redact, validation
from wizard.i18n import _
from wizard.machine import MachineState
from wizard.model import Provider, Setup, SetupError
from wizard.profiles import Binding
from wizard.providers import registry
from wizard.providers.base import (
    MODEL_ROLE_VARIABLES,
    AwsProfileBlock,
    Context,
    Contribution,
    SecretKind,
)
from wizard.providers.bedrock import owned_aws_profile
from wizard.secrets.labels import SECRET_LABELS, secret_label  # noqa: F401 - re-exported
from wizard.secrets.value import Secret
from wizard.settings import document
from wizard.settings.owned import (
    CREDENTIAL_ENV,
    ENDPOINTS,
    MASK,  # noqa: F401 - re-exported: what a masked value is shown as
    OWNED_TOP,
    PROVIDER_SWITCHES,
    is_owned_env,
    secret_values,
    shown_value,
)
from wizard.settings.reach import Reach, reach_of

PRIVATE_MODE = 0o600


@dataclass(frozen=True)
class FileEdit:
    path: Path
    before: bytes | None
    after: bytes
    mode: int | None = None
    """A mode to force (0600 when a secret is written in plain text); else the file's own."""
    shows_env: bool = False
    """A settings file: its ``env`` values are shown as ``owned.shown_value`` says (secrets
    masked in any form, custom headers line by line)."""
    secret_headers: frozenset[str] = frozenset()
    """The names of the headers whose value is a secret (a profile's ``secret_header``)."""

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
        if self.shows_env:
            headers = self.secret_headers
            text = document.show_values(
                text, self.path, lambda key, value: shown_value(key, value, headers)
            )
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
    kept_secrets: tuple[SecretKind, ...]
    """Secrets of the profile the new setup no longer uses: they stay in the keyring while the
    saved profile exists (``claude-setup remove`` deletes them); an apply never deletes one."""
    env_secret_var: str | None
    warnings: tuple[str, ...]
    masked_values: tuple[str, ...] = ()
    """Secret values in the old or new file: never shown by ``describe()``."""
    preselected: tuple[str, ...] = ()
    """Model roles the setup left open, pinned to the catalogue's choice (``Setup`` fields)."""
    secret_kind: SecretKind | None = None
    """The kind of secret the setup uses (stored now or already), recorded in its profile."""
    git_ignore: FileEdit | None = None
    """The global git ignore file gaining ``.claude/settings.local.json`` (local scope)."""
    binding: Binding | None = None
    """Where the secret of ``secret_kind`` may go (recorded in the saved profile)."""
    destination: str | None = None
    """Where Claude Code sends the setup's credential (a key, a token, a helper's output)."""
    chosen_by: str | None = None
    """Who chose ``destination`` when not the user: the project's settings file."""
    replaces: Setup | None = None
    """The saved setup of that name this one replaces (another provider or endpoint)."""
    replaces_secret: bool = False
    """The secret written now replaces one the keyring holds for the profile."""
    beside: tuple[Reach, ...] = ()
    """What the written file already makes Claude Code run, load or contact, not ours."""
    project_reach: tuple[Reach, ...] = ()
    """A credential-only setup: what the project's shared settings make Claude Code run, load
    or contact with the user's credential."""

    @property
    def file_edits(self) -> list[FileEdit]:
        edits = [self.aws_config, self.git_ignore, self.settings]
        return [edit for edit in edits if edit is not None and edit.changed]

    def secret_values(self) -> tuple[str, ...]:
        values = [self.store_secret.value.reveal()] if self.store_secret else []
        return (*values, *self.masked_values)

    def notes(self) -> list[str]:
        """Where the credential goes and who chose it, the profile replaced, and what the
        written file does beside the setup: lines both faces show before anything is written."""
        found = []
        if self.destination:
            where = endpoints.shown(self.destination)
            found.append(
                _("credential: sent to {host}, chosen by {who}").format(
                    host=where, who=self.chosen_by
                )
                if self.chosen_by
                else _("credential: sent to {host}").format(host=where)
            )
        if self.replaces is not None:
            old = self.replaces
            found.append(
                _("profile: replaces the saved profile '{name}' ({setup})").format(
                    name=self.setup.profile_name, setup=binding.setup_words(old)
                )
            )
        if self.beside:
            text = _("{path} also holds settings that are not claude-setup's; they stay and apply:")
            found.append(text.format(path=self.settings.path))
            found += [f"  {item.key}: {item.value}" for item in self.beside]
        if self.project_reach:
            found.append(_("with your credential, the project's settings make Claude Code:"))
            found += [f"  {item.line()}" for item in self.project_reach]
        return found

    def keyring_line(self) -> str:
        """What happens to the secret in the keyring, as the review says it."""
        assert self.store_secret is not None
        what = secret_label(self.store_secret.kind)
        profile = self.setup.profile_name
        if self.replaces_secret:
            return _(
                "keyring: replace the {what} of profile '{profile}' (claude-setup undo puts "
                "the earlier one back)"
            ).format(what=what, profile=profile)
        return _("keyring: store the {what} of profile '{profile}'").format(
            what=what, profile=profile
        )

    def team_note(self) -> str:
        """What a credential-only setup leaves to the project's shared settings."""
        return _(
            "team: the provider, region and models stay those of the project's shared "
            ".claude/settings.json; only your own credential is written"
        )

    def describe(self) -> str:
        lines = []
        for edit in self.file_edits:
            lines.append(edit.diff(self.secret_values()))
        if not self.file_edits:
            lines.append(_("{path}: no change\n").format(path=self.settings.path))
        if self.setup.only_credential:
            lines.append(self.team_note() + "\n")
        lines += [line + "\n" for line in self.notes()]
        profile = self.setup.profile_name
        if self.store_secret:
            lines.append(self.keyring_line() + "\n")
        for kind in self.kept_secrets:
            lines.append(
                _(
                    "keyring: keep the {what} of profile '{profile}', no longer used by this "
                    "setup ('claude-setup remove {profile}' deletes it)\n"
                ).format(what=secret_label(kind), profile=profile)
            )
        if self.git_ignore is not None and self.git_ignore.changed:
            lines.append(
                _(
                    "git: {entry} is added to your global git ignore file {path}, as Claude "
                    "Code does, so that git never shares this file\n"
                ).format(entry=gitignore.ENTRY, path=self.git_ignore.path)
            )
        for role in self.preselected:
            lines.append(
                _("models: {variable} = {model}, preselected (none was chosen for it)\n").format(
                    variable=MODEL_ROLE_VARIABLES[role], model=getattr(self.setup, role)
                )
            )
        lines.extend(_("warning: {text}\n").format(text=w) for w in self.warnings)
        return "".join(lines)


def plan(
    setup: Setup,
    machine: MachineState,
    secret: Secret | None = None,
    named: bool = True,
    from_file: bool = False,
) -> Plan:
    """What applying ``setup`` changes, given the files and keyring as they are now.

    ``secret`` is the secret read from standard input, if any. ``named``: the user gave the
    profile's name (else it is the provider's or a team file's, which never replaces a saved
    profile of another provider or endpoint). ``from_file``: the setup is a team file's, which
    replaces a saved profile of its name by changing anything of it. Raises ``WizardError``
    with a one-line reason for anything that cannot be applied.
    """
    setup = replace(setup, profile=setup.profile_name)
    context = Context(machine.helper_executable, machine.aws_profiles, machine.aws_cli_sso_login)
    module = registry.validate(setup, context)
    chosen = setup
    if not setup.only_credential:  # the team's project file chooses the models
        setup = pin_model_roles(setup, machine.today, machine.callable_models)
    method = module.auth_methods[setup.auth]
    _check_secret_input(setup, method.secret, secret, machine.secret_stored)
    contribution = module.contribute(setup, context)
    routed = dict(contribution.env)  # where requests go, before a credential-only filter
    replaces = binding.replaced(setup, routed, machine, context)
    if replaces is None and from_file:
        replaces = binding.changed(setup, machine)
    if replaces is not None and not named:
        binding.refuse_unnamed(setup, replaces)
    bound = binding.binding_of(setup, method, routed) if method.secret else None
    if bound is not None and secret is None and machine.secret_stored:
        binding.check_reuse(setup, method.secret or "", bound, machine, context)
    sends = binding.sends_credential(setup, method)
    if sends:
        binding.check_plain_http(setup, routed)
        binding.check_redirects(setup, routed, machine)
    if setup.plaintext_secrets and method.env_secret_var and secret is not None:
        contribution.env[method.env_secret_var] = module.secret_env_value(setup, secret.reveal())
    if setup.only_credential:
        contribution = _only_credential(setup, contribution, method.env_secret_var, machine)
    if setup.scope == "project":
        _check_shareable(setup, method.secret, contribution.env, contribution.top, machine)
    if machine.git_tracked:
        _check_untracked(contribution, method.env_secret_var, machine)

    text = document.decode(machine.settings or b"", machine.settings_path)
    current = document.parse(text, machine.settings_path)
    headers = _secret_headers(setup, machine)
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
            shows_env=True,
            secret_headers=headers,
        ),
        merge=merged,
        aws_config=_aws_config_edit(setup, contribution.aws_profile, machine),
        store_secret=(
            SecretWrite(setup.profile_name, method.secret, secret)
            if secret is not None and method.secret
            else None
        ),
        kept_secrets=_secrets_no_longer_used(setup, method.secret, machine.previous),
        env_secret_var=method.env_secret_var,
        warnings=tuple(
            _warnings(setup, method.env_secret_var, contribution.top, machine)
            + (_destination_concerns(routed, secret) if sends else [])
        ),
        masked_values=_secret_env_values(headers, current, merged.data),
        git_ignore=_git_ignore_edit(machine),
        preselected=tuple(
            role for role in MODEL_ROLE_VARIABLES if getattr(chosen, role) != getattr(setup, role)
        ),
        secret_kind=method.secret,
        binding=bound,
        destination=binding.destination(routed) if sends else None,
        chosen_by=(
            _("the project's settings {path}").format(path=machine.project_settings_path)
            if setup.only_credential
            else None
        ),
        replaces=replaces,
        replaces_secret=secret is not None and method.secret is not None and machine.secret_stored,
        beside=tuple(item for item in reach_of(current) if not _owned_reach(item)),
        project_reach=_project_reach(contribution, machine) if setup.only_credential else (),
    )


def _destination_concerns(env: dict[str, str], secret: Secret | None) -> list[str]:
    """What the person must know about where the credential goes (plain http they allowed, a
    non-ASCII host, an Anthropic key bound for another host)."""
    anthropic_key = secret is not None and secret.reveal().startswith("sk-ant-")
    return endpoints.concerns(binding.destination(env), anthropic_key)


def _project_reach(contribution: Contribution, machine: MachineState) -> tuple[Reach, ...]:
    """What the project's settings make Claude Code do, but for what the local file written
    now replaces (the user's own key helper beats the project's)."""
    written = {*contribution.top, *(f"env.{name}" for name in contribution.env)}
    found = reach_of(machine.project_settings or {})
    return tuple(item for item in found if item.key not in written)


def _owned_reach(item: Reach) -> bool:
    """A key claude-setup owns: the setup's own part, shown in the diff."""
    key = item.key.removeprefix("env.")
    return key in OWNED_TOP or (item.key.startswith("env.") and is_owned_env(key))


def _secret_env_values(headers: Collection[str], *documents: dict[str, Any]) -> tuple[str, ...]:
    found = []
    for data in documents:
        env = data.get("env")
        if isinstance(env, dict):
            found += secret_values(env, headers)
    return tuple(found)


def _secret_headers(setup: Setup, machine: MachineState) -> frozenset[str]:
    """Every header whose value is a secret of this user's: this setup's, the profile's
    earlier one and every saved profile's (a file may still hold one of them)."""
    own = (setup.secret_header, machine.previous.secret_header if machine.previous else None)
    return machine.secret_headers | {name for name in own if name}


def _check_secret_input(
    setup: Setup, kind: SecretKind | None, secret: Secret | None, stored: bool
) -> None:
    if secret is not None:  # whichever face read it: a value an HTTP header can carry
        validation.check_secret(secret.reveal())
    if kind is None and secret is not None:
        raise SetupError(
            "secret",
            _("{provider} with the auth method {auth} takes no secret").format(
                provider=setup.provider, auth=setup.auth
            ),
        )
    if kind is not None and secret is not None:
        validation.check_secret_kind(secret.reveal(), kind, setup.provider)
    if kind is not None and secret is None and not stored:
        raise SetupError(
            "secret",
            _("the {what} is needed, and none is stored for this profile").format(
                what=secret_label(kind)
            ),
        )
    if setup.plaintext_secrets and secret is None:
        raise SetupError(
            "plaintext_secrets", _("needs the secret itself, and none is stored for this profile")
        )


def _only_credential(
    setup: Setup, contribution: Contribution, env_secret_var: str | None, machine: MachineState
) -> Contribution:
    """The user's own part of ``contribution``: the credential keys the project's shared
    settings do not already give. Refused unless the project's settings choose this provider
    (Claude Code merges the local file over the project's: the rest comes from there)."""
    if setup.scope != "local":
        raise SetupError(
            "only_credential",
            _("is for the local scope, beside the project's shared settings"),
        )
    project = machine.project_settings or {}
    env = project.get("env")
    shared_env: dict[str, Any] = env if isinstance(env, dict) else {}
    where = machine.project_settings_path
    switches = [k for k in PROVIDER_SWITCHES if shared_env.get(k)]
    wanted = [k for k in (*PROVIDER_SWITCHES, *ENDPOINTS) if k in contribution.env]
    differing = [k for k in wanted if shared_env.get(k) != contribution.env[k]]
    differing += [k for k in switches if k not in contribution.env]
    if not switches and not wanted or differing:
        raise SetupError(
            "only_credential",
            _(
                "the project's shared settings {path} do not choose {provider} this way "
                "({key}); write the whole setup instead"
            ).format(
                path=where,
                provider=setup.provider,
                key=(differing or ["CLAUDE_CODE_USE_*"])[0],
            ),
        )
    own_env = CREDENTIAL_ENV | ({env_secret_var} if env_secret_var else set())
    return replace(
        contribution,
        env={
            k: v
            for k, v in contribution.env.items()
            if k in own_env and shared_env.get(k) != v
        },
        top={k: v for k, v in contribution.top.items() if project.get(k) != v},
    )


def _check_untracked(
    contribution: Contribution, env_secret_var: str | None, machine: MachineState
) -> None:
    """A ``settings.local.json`` that git tracks is shared, whatever git ignores: it gets no
    credential reference (a key helper, an AWS profile, a key file, a sign-in command)."""
    own = CREDENTIAL_ENV | ({env_secret_var} if env_secret_var else set())
    keys = sorted({*(k for k in contribution.env if k in own), *contribution.top})
    if keys:
        raise SetupError(
            "scope",
            _(
                "git tracks {path}, so it is shared with everyone who clones the project: "
                "claude-setup does not write your credential ({keys}) into it; stop tracking "
                "it with 'git rm --cached .claude/settings.local.json' first"
            ).format(path=machine.settings_path, keys=", ".join(keys)),
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
                "the auth method {auth} keeps a secret of yours, which a shared project file "
                "must not reference; choose the local or user scope"
            ).format(auth=setup.auth),
        )
    personal = (str(machine.home), machine.helper_executable.strip("'"))
    for key, value in [*env.items(), *top.items()]:
        if any(part and part in value for part in personal):
            raise SetupError(
                "scope",
                _(
                    "{key} would hold a path of your own machine, which a shared project file "
                    "must not; choose the local or user scope"
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
    edited = awsconfig.profile_header(block.name if block is not None else owned)
    awsconfig.check_edit(text, new_text, machine.aws_config_path, {edited})
    after = new_text.encode("utf-8")
    if after == (machine.aws_config or b""):
        return None
    return FileEdit(machine.aws_config_path, machine.aws_config, after)


def _git_ignore_edit(machine: MachineState) -> FileEdit | None:
    found = machine.git_ignore
    if found is None:
        return None
    return FileEdit(found.path, found.content, gitignore.with_entry(found.content))


def _secrets_no_longer_used(
    setup: Setup, kind: SecretKind | None, previous: Setup | None
) -> tuple[SecretKind, ...]:
    if previous is None:
        return ()
    try:
        old_kind = registry.auth_method(previous).secret
    except KeyError:
        return ()
    return (old_kind,) if old_kind is not None and old_kind != kind else ()


def catalogue_provider(setup: Setup) -> Provider:
    """Whose model IDs the setup uses: a Bedrock or Vertex gateway uses theirs."""
    if setup.provider == "gateway" and setup.gateway_api in ("bedrock", "vertex"):
        return setup.gateway_api
    return setup.provider


def pin_model_roles(
    setup: Setup, today: date, callable_ids: Collection[str] | None = None
) -> Setup:
    """``setup`` with every model role Claude Code may call pinned.

    A role left open gets the catalogue's choice for the provider (the newest model of its
    family that is neither retired nor retiring; for Bedrock with the inference-profile prefix
    of the region the role is called in), so that Claude Code never calls a default of its own
    that the user did not see, such as a retiring model or one the IAM policy does not allow.
    ``callable_ids`` (from discovery, when the wizard has run it) narrows the choice to what the
    credentials can call; a role with no callable model is pinned from the catalogue alone.
    """
    from wizard import catalogue

    provider = catalogue_provider(setup)
    changes: dict[str, Any] = {}
    for role in catalogue.ROLE_FAMILIES:
        if getattr(setup, role) is not None:
            continue
        region = setup.fast_model_region if role == "fast_model" else None
        prefix = catalogue.bedrock_prefix(region or setup.region)
        found = catalogue.role_default(role, provider, today, prefix, callable_ids)
        if found is None and callable_ids is not None:
            found = catalogue.role_default(role, provider, today, prefix)
        if found is not None:
            changes[role] = found
    return replace(setup, **changes)


def bedrock_invocations(setup: Setup, today: date) -> tuple[str, list[str], str | None, str]:
    """What a Bedrock setup makes Claude Code call: ``(region, models, fast model, its region)``,
    every role pinned as an apply would pin it; the fast model is left out of ``models``."""
    if setup.provider != "bedrock" or not setup.region:
        raise SetupError(
            "provider", _("an IAM policy is for a Bedrock profile (this one is {provider})").format(
                provider=setup.provider
            )
        )
    pinned = pin_model_roles(setup, today)
    models: list[str] = []
    for role in MODEL_ROLE_VARIABLES:
        model = getattr(pinned, role)
        if role != "fast_model" and model and model not in models:
            models.append(model)
    fast_region = pinned.fast_model_region or pinned.region
    assert fast_region is not None
    return setup.region, models, pinned.fast_model, fast_region


def model_warnings(setup: Setup, today: date) -> list[str]:
    """Retired, soon retired, unknown or not served models, from the model catalogue."""
    from wizard import catalogue

    provider = catalogue_provider(setup)
    found = []
    for role in MODEL_ROLE_VARIABLES:
        model = getattr(setup, role)
        if model:
            found += catalogue.check(provider, model, today)
    return found


def _warnings(
    setup: Setup, env_secret_var: str | None, top: dict[str, str], machine: MachineState
) -> list[str]:
    found = model_warnings(setup, machine.today)
    if machine.git_tracked:
        found.append(
            _(
                "git already tracks {path}, so it is shared whatever git ignores; stop "
                "tracking it with 'git rm --cached .claude/settings.local.json'"
            ).format(path=machine.settings_path)
        )
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
        if other.error is not None:
            found.append(document.partly_read(other.error))
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
