"""``MachineState``: everything ``plan`` needs to know about the machine, read once before
planning (the settings file, ``~/.aws/config``, the saved profile, overriding files)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wizard import awsconfig, gitignore, profiles, safefile
from wizard.model import Scope, Setup
from wizard.self_command import helper_executable
from wizard.settings import document, paths


@dataclass(frozen=True)
class OverridingFile:
    """A settings file whose values beat the scope being written."""

    label: str
    path: Path
    data: Mapping[str, Any]
    error: str | None = None
    """Why the file could not be read (``data`` is then empty): Claude Code may still use
    parts of it."""


@dataclass(frozen=True)
class MachineState:
    settings_path: Path
    settings: bytes | None
    aws_config_path: Path
    aws_config: bytes | None
    aws_profiles: Mapping[str, Mapping[str, str]]
    helper_executable: str
    home: Path
    previous: Setup | None = None
    previous_bindings: Mapping[str, profiles.Binding] = field(default_factory=dict)
    """Where the saved profile's stored secrets may go, per kind (its file's record)."""
    secret_stored: bool = False
    overriding: tuple[OverridingFile, ...] = ()
    shell_env: Mapping[str, str] = field(default_factory=dict)
    aws_cli_sso_login: bool = True
    callable_models: frozenset[str] | None = None
    """The model IDs discovery found callable with these credentials (None: it did not run);
    a model role left open is preselected among them."""
    today: date = field(default_factory=date.today)
    """For the model catalogue's retirement dates."""
    git_ignore: gitignore.IgnoreFile | None = None
    """Local scope in a git work tree that does not ignore the file: the global ignore file."""
    git_tracked: bool = False
    """Local scope: git already tracks the file."""
    project_settings: Mapping[str, Any] | None = None
    """A credential-only setup: the project's shared settings (None: no such file)."""
    project_settings_path: Path | None = None
    secret_headers: frozenset[str] = frozenset()
    """The secret header of every saved profile: its value is masked wherever it is shown."""


def overriding_files(setup: Setup, project_dir: Path) -> tuple[OverridingFile, ...]:
    """Managed files always; for the user scope also the project's files, and so on."""
    candidates: list[tuple[str, Path]] = [("managed", p) for p in paths.managed_settings_paths()]
    order: tuple[Scope, ...] = ("local", "project", "user")
    for scope in order[: order.index(setup.scope)]:
        candidates.append((scope, paths.settings_path(scope, project_dir)))
    target = paths.settings_path(setup.scope, project_dir)
    user = paths.settings_path("user")
    at_home = paths.same_file(project_dir, Path.home())
    found = []
    for label, path in candidates:
        if paths.same_file(path, target) or (label != "managed" and paths.same_file(path, user)):
            continue  # the working folder is HOME: its .claude is the user's own
        if label == "project" and at_home:
            continue
        content = safefile.read_bytes(path) if path.is_file() else None
        if content is None:
            continue
        try:
            data = document.parse(document.decode(content, path), path)
        except document.SettingsParseError as exc:
            found.append(OverridingFile(label, path, {}, error=str(exc)))
            continue
        found.append(OverridingFile(label, path, data))
    return tuple(found)


def read(setup: Setup, project_dir: Path | None = None) -> MachineState:
    project = project_dir or Path.cwd()
    settings_path = paths.settings_path(setup.scope, project)
    if setup.scope != "user":
        paths.check_inside_project(settings_path, project)
    config_path = awsconfig.config_path()
    config = safefile.read_bytes(config_path)
    credentials = safefile.read_bytes(awsconfig.credentials_path())
    previous, bindings = None, {}
    if profiles.exists(setup.profile_name):
        try:
            saved = profiles.load(setup.profile_name)
            previous, bindings = saved.setup, saved.bindings
        except Exception:  # noqa: BLE001 - an unreadable old profile only loses the cleanup hint
            previous = None
    return MachineState(
        settings_path=settings_path,
        settings=safefile.read_bytes(settings_path),
        aws_config_path=config_path,
        aws_config=config,
        aws_profiles=awsconfig.profiles(
            (config or b"").decode("utf-8", "replace"),
            (credentials or b"").decode("utf-8", "replace"),
        ),
        helper_executable=helper_executable(),
        home=Path.home(),
        previous=previous,
        previous_bindings=bindings,
        overriding=overriding_files(setup, project),
        shell_env=dict(os.environ),
        aws_cli_sso_login=setup.auth != "sso" or aws_cli_can_sso_login(),
        git_ignore=gitignore.needed(settings_path) if setup.scope == "local" else None,
        git_tracked=setup.scope == "local" and gitignore.tracked(settings_path),
        project_settings=project_settings(project) if setup.only_credential else None,
        project_settings_path=paths.settings_path("project", project),
        secret_headers=profiles.secret_headers(),
    )


def project_settings(project: Path) -> Mapping[str, Any] | None:
    """The project's shared ``.claude/settings.json``, parsed (a file that does not parse is
    refused with its line and column)."""
    path = paths.settings_path("project", project)
    content = safefile.read_bytes(path) if path.is_file() else None
    if content is None:
        return None
    return document.parse(document.decode(content, path), path)


def aws_cli_can_sso_login() -> bool:
    from wizard.services.sso import aws_cli_can_sso_login as check  # lazy: keeps boto3 out

    return check()
