"""``claude-setup key PROFILE``: Claude Code's ``apiKeyHelper``; prints the key alone.

A key goes only to the endpoint it was stored for. Claude Code runs the helper in the project
folder, but its first call comes before it applies the project's settings [seen, 2.1.332: the
first call sees only the user file's ``env``, the requests then go to the project's
``ANTHROPIC_BASE_URL`` with the key it got]. So the helper reads the settings files Claude Code
reads, the folder's included, over its own environment: when a variable there (a cloned
repository's ``ANTHROPIC_BASE_URL``, say) names another address, it refuses and Claude Code
gets no key. It reads them as Claude Code does: strictly (a file it cannot read whole is a
refusal), any value made text, and each of the folder's files counted and not counted, since
Claude Code drops one that breaks its schema; and a folder's proxy or certificate trust is a
refusal too.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from wizard.helpers.common import (
    check_profile_argument,
    check_profiles_folder,
    fail,
    read_regular,
    read_secret,
)

KIND = "api-key"


def bound_endpoint(profile: str) -> str | None:
    """Where the profile's key was stored to go (its record; else its saved setup's);
    ``None``: the provider's own host, which no variable names."""
    from wizard.appdirs import profiles_dir

    try:
        data = json.loads(read_regular(profiles_dir() / f"{profile}.json"))
        endpoint = data["bindings"][KIND]["endpoint"]
        if endpoint is None or isinstance(endpoint, str):
            return endpoint  # the record: an address, or null for the provider's own host
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        pass
    from wizard import binding  # a profile saved before the record: the slower way

    found = binding.profile_binding(profile, KIND)
    return found.endpoint if found else None


OWN_PREFIX = "CLAUDE_SETUP_"
"""claude-setup's own variables (where managed settings are, its deadlines): only the shell
that starts Claude Code may set them, never a settings file's ``env``, which Claude Code hands
to the helper once the folder is trusted."""


MAX_SETTINGS_BYTES = 4 << 20
"""A settings file is a few kilobytes; reading a huge one strictly would keep Claude Code
waiting for seconds before the helper's deadline even starts."""


class Refused(Exception):
    """Why the key is not given (one line)."""


def settings_variables(path: Path) -> dict[str, str] | None:
    """The variables the settings file at ``path`` gives Claude Code (``None``: no file this
    user can read, which Claude Code skips too). One that is not strict JSON, or whose ``env``
    is no object, is refused: Claude Code still reads what it can of it (it skips a byte-order
    mark, replaces bytes that are not UTF-8, reads ``NaN``)."""
    from wizard.i18n import _
    from wizard.providers import routing
    from wizard.safetext import one_line
    from wizard.settings import jsonscan

    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
    except OSError:
        return None
    if len(raw) > MAX_SETTINGS_BYTES:
        raise Refused(
            _(
                "{path} is larger than {size} MB, more than claude-setup reads of a settings "
                "file; the key was not given"
            ).format(path=one_line(str(path)), size=MAX_SETTINGS_BYTES >> 20)
        )
    try:
        text = jsonscan.decode(raw, path)
        if jsonscan.scan(text, path) is None:
            return {}
        data = json.loads(text)
    except jsonscan.SettingsParseError as exc:
        reason = str(exc)
    else:
        env = data.get("env")
        if env is None or isinstance(env, dict):
            return routing.variables_of(env)
        reason = _('{path}: "env" must be an object of variables, not {kind}').format(
            path=path, kind=type(env).__name__
        )
    raise Refused(
        _(
            "{reason}; Claude Code still uses what it can of that file, where its requests go "
            "included; the key was not given"
        ).format(reason=one_line(reason))
    )


def settings_layers() -> tuple[dict[str, str], tuple[dict[str, str], ...], dict[str, str]]:
    """The variables Claude Code sends its requests with, in three layers: the helper's
    environment with the user's file over it; the folder's files (project, local), each of
    which Claude Code may or may not use; the managed files over all. Raises ``Refused``
    when a file makes the helper refuse, whether or not the folder is trusted yet."""
    from wizard.i18n import _
    from wizard.providers import routing
    from wizard.safetext import one_line
    from wizard.settings import paths

    folder = Path.cwd()
    below = dict(os.environ)
    folder_layers: list[tuple[Path, dict[str, str]]] = []
    above: dict[str, str] = {}
    files = (
        (below, paths.settings_path("user")),
        (None, paths.settings_path("project", folder)),
        (None, paths.settings_path("local", folder)),
        *((above, path) for path in paths.managed_settings_paths()),
    )
    for layer, path in files:
        values = settings_variables(path)
        if values is None:
            continue
        own = next((name for name in values if name.startswith(OWN_PREFIX)), None)
        if own is not None:
            raise Refused(
                _(
                    "{path} sets {variable}, which only your shell may set (it decides which "
                    "files claude-setup trusts); the key was not given"
                ).format(path=one_line(str(path)), variable=one_line(own))
            )
        if layer is not None:
            layer.update(values)
            continue
        runs = next((name for name in values if helper_process_variable(name)), None)
        if runs is not None:
            raise Refused(
                _(
                    "{path} sets {variable}, which changes what the key helper itself loads; "
                    "the key was not given"
                ).format(path=one_line(str(path)), variable=one_line(runs))
            )
        folder_layers.append((path, values))
    aws = routing.aws_switched(below, above, *(values for _path, values in folder_layers))
    for path, values in folder_layers:
        between = routing.interposing(values, aws)
        if between is not None:
            raise Refused(
                _(
                    "{path} sets {variable}, which lets a folder's settings put a proxy or "
                    "another certificate between Claude Code and where its requests go; the "
                    "key was not given"
                ).format(path=one_line(str(path)), variable=one_line(between))
            )
    return below, tuple(values for _path, values in folder_layers), above


HELPER_PROCESS = ("PYTHON", "LD_", "DYLD_", "DBUS_", "KEYRING", "XDG_")
HELPER_HOME = frozenset({"HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "CLAUDE_CONFIG_DIR"})
"""Variables that change what this helper loads, which keyring it asks and where it reads its
profiles and the user's settings: Claude Code hands a folder's ``env`` to the helper when it
calls it again [seen, 2.1.332, after a 401; it holds back ``HOME`` and ``CLAUDE_CONFIG_DIR``
itself, which the helper does not count on]. (What Python loads before the helper starts, a
``sitecustomize`` on ``PYTHONPATH``, no check inside it can stop; a folder Claude Code takes
the settings of can run its own hooks anyway.)"""


def helper_process_variable(name: str) -> bool:
    upper = name.upper()
    return upper in HELPER_HOME or upper.startswith(HELPER_PROCESS)


SWITCH_PREFIX = "CLAUDE_CODE_USE_"
"""What every provider switch is named (``Route.switch``; a test holds each to it)."""


def on_anthropic_api(env: Mapping[str, str]) -> bool:
    """No switch and no base URL: the requests go to the Anthropic API itself, which no
    variable then names (``routing.request_destination`` says the same, a little slower, and
    this helper is on Claude Code's start-up path)."""
    return not env.get("ANTHROPIC_BASE_URL") and not any(
        name.startswith(SWITCH_PREFIX) for name in env
    )


def request_destination(env: Mapping[str, str]) -> tuple[str, str | None]:
    """``routing.request_destination``, at once for the Anthropic API itself."""
    from wizard.endpoints import ANTHROPIC_API

    if on_anthropic_api(env):
        return ANTHROPIC_API, None
    from wizard.providers import routing

    return routing.request_destination(env)


def refusal(profile: str) -> str | None:
    """Why the key must not be given to this Claude Code (``None``: it may): however Claude
    Code reads the settings files here, its requests go where the key was stored for (the
    provider's own host when no setting chose one)."""
    try:
        below, folder, above = settings_layers()
    except Refused as exc:
        return str(exc)
    from wizard import endpoints
    from wizard.i18n import _
    from wizard.providers import routing

    destinations = routing.possible_destinations(below, folder, above, request_destination)
    bound = bound_endpoint(profile)
    for there, named_by in destinations:
        if named_by is None and bound is None:
            continue
        if named_by is not None and bound is not None and endpoints.same_origin(there, bound):
            continue
        shown_bound = endpoints.shown(bound) if bound else _("its provider's own endpoint")
        if named_by is None:
            return _(
                "the API key of profile '{name}' is for {bound}, but with these settings "
                "Claude Code sends its requests to {there}; the key was not given"
            ).format(name=profile, bound=shown_bound, there=endpoints.shown(there))
        return _(
            "the API key of profile '{name}' is for {bound}, but {variable} sends Claude Code's "
            "requests to {there}; the key was not given"
        ).format(name=profile, bound=shown_bound, variable=named_by, there=endpoints.shown(there))
    return None


def main(argv: list[str]) -> int:
    profile = check_profile_argument(argv, "key")
    if isinstance(profile, int):
        return profile
    refused = check_profiles_folder()
    if refused is not None:
        return refused
    refusal_reason = refusal(profile)
    if refusal_reason is not None:
        return fail(refusal_reason)
    value = read_secret(profile, KIND, "API key")
    if isinstance(value, int):
        return value
    sys.stdout.write(value + "\n")
    sys.stdout.flush()
    return 0
