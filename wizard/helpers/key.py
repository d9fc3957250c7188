"""``claude-setup key PROFILE``: Claude Code's ``apiKeyHelper``; prints the key alone.

A key goes only to the endpoint it was stored for. Claude Code runs the helper in the project
folder, but its first call comes before it applies the project's settings [seen, 2.1.332: the
first call sees only the user file's ``env``, the requests then go to the project's
``ANTHROPIC_BASE_URL`` with the key it got]. So the helper reads the settings files Claude Code
reads, the folder's included, over its own environment: when a variable there (a cloned
repository's ``ANTHROPIC_BASE_URL``, say) names another address, it refuses and Claude Code
gets no key.
"""

from __future__ import annotations

import json
import os
import sys
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
        if isinstance(endpoint, str):
            return endpoint
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        pass
    from wizard import binding  # a profile saved before the record: the slower way

    found = binding.profile_binding(profile, KIND)
    return found.endpoint if found else None


OWN_PREFIX = "CLAUDE_SETUP_"
"""claude-setup's own variables (where managed settings are, its deadlines): only the shell
that starts Claude Code may set them, never a settings file's ``env``, which Claude Code hands
to the helper once the folder is trusted."""


def requests_env() -> tuple[dict[str, str], str | None]:
    """The variables Claude Code sends its requests with: the helper's environment, with the
    ``env`` of each settings file over it (user, project, local, managed: the last wins),
    whether or not the folder is trusted yet; and why the files make the helper refuse
    (``None``: they do not). A file missing or unreadable to this user is skipped, as Claude
    Code skips it; one that is not strict JSON is a refusal, since Claude Code still reads what
    it can of it (it drops an entry nested too deep, it replaces bytes that are not UTF-8)."""
    from wizard.i18n import _
    from wizard.safetext import one_line
    from wizard.settings import paths

    env = dict(os.environ)
    folder = Path.cwd()
    files = (
        paths.settings_path("user"),
        paths.settings_path("project", folder),
        paths.settings_path("local", folder),
        *paths.managed_settings_paths(),
    )
    for path in files:
        try:
            raw = read_regular(path)
        except OSError:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            return env, _(
                "{path} is not JSON that claude-setup can read, but Claude Code still uses what "
                "it can of it, where its requests go included; the key was not given"
            ).format(path=one_line(str(path)))
        values = data.get("env") if isinstance(data, dict) else None
        if not isinstance(values, dict):
            continue
        env.update({k: v for k, v in values.items() if isinstance(v, str)})
        own = next((k for k in values if str(k).startswith(OWN_PREFIX)), None)
        if own is not None:
            return env, _(
                "{path} sets {variable}, which only your shell may set (it decides which files "
                "claude-setup trusts); the key was not given"
            ).format(path=one_line(str(path)), variable=one_line(str(own)))
    return env, None


SWITCH_PREFIX = "CLAUDE_CODE_USE_"
"""What every provider switch is named (``Route.switch``; a test holds each to it)."""


def on_anthropic_api(env: dict[str, str]) -> bool:
    """No switch and no base URL: the requests go to the Anthropic API itself, which no
    variable then names (``routing.request_destination`` says the same, a little slower, and
    this helper is on Claude Code's start-up path)."""
    return not env.get("ANTHROPIC_BASE_URL") and not any(
        name.startswith(SWITCH_PREFIX) for name in env
    )


def refusal(profile: str) -> str | None:
    """Why the key must not be given to this Claude Code (``None``: it may)."""
    env, refused = requests_env()
    if refused is not None:
        return refused
    if on_anthropic_api(env):
        return None
    from wizard import endpoints
    from wizard.i18n import _
    from wizard.providers import routing

    there, named_by = routing.request_destination(env)
    if named_by is None:
        return None  # the provider's own host: no setting chose where the key goes
    bound = bound_endpoint(profile)
    if bound is not None and endpoints.same_origin(there, bound):
        return None
    return _(
        "the API key of profile '{name}' is for {bound}, but {variable} sends Claude Code's "
        "requests to {there}; the key was not given"
    ).format(
        name=profile,
        bound=endpoints.shown(bound) if bound else _("its provider's own endpoint"),
        variable=named_by,
        there=endpoints.shown(there),
    )


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
