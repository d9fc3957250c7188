"""Saved profiles: each applied ``Setup`` by name, as JSON without any secret.

The active profile (the one applied last) is what ``claude-setup run`` uses by default.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard import safefile
from wizard.appdirs import profile_file, profiles_dir, state_file
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import Setup


@dataclass(frozen=True)
class Binding:
    """Where a stored secret may go: the provider it was stored for, and the origin
    (``https://host[:port]``) its requests carry it to (``None``: it never leaves this machine
    as such, an AWS secret key only signs)."""

    provider: str
    endpoint: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"provider": self.provider, "endpoint": self.endpoint}

    @classmethod
    def from_dict(cls, data: object) -> Binding | None:
        if not isinstance(data, dict) or not isinstance(data.get("provider"), str):
            return None
        endpoint = data.get("endpoint")
        return cls(data["provider"], endpoint if isinstance(endpoint, str) else None)


@dataclass(frozen=True)
class SavedProfile:
    name: str
    setup: Setup
    saved_at: str
    path: Path
    secrets: tuple[str, ...] = ()
    """The kinds of secret stored in the keyring for this profile (``remove`` deletes them)."""
    bindings: dict[str, Binding] = field(default_factory=dict)
    """Per kind of secret: where it was stored to go (a profile written before claude-setup
    recorded it has none: its secret is then reused only for the setup saved with it)."""


def project_profile_name(provider: str, folder: Path) -> str:
    """The name of a profile bound to one project's choice (``t`` in the wizard,
    ``--only-credential``): ``team-PROVIDER-FOLDER-HASH``, so that a second project never
    takes the first one's profile, nor its key."""
    real = os.path.realpath(folder)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(real).name).strip("-.")[:24] or "project"
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    return f"team-{provider}-{slug}-{digest}"


def profile_path(name: str) -> Path:
    return profile_file(name)


def render(
    setup: Setup, secrets: Iterable[str] = (), bindings: Mapping[str, Binding] | None = None
) -> tuple[SavedProfile, bytes]:
    """The saved profile of ``setup`` and the bytes of its file (written by ``apply``)."""
    name = setup.profile_name
    saved_at = datetime.now(UTC).isoformat(timespec="seconds")
    kinds = tuple(dict.fromkeys(secrets))
    bound = {kind: binding for kind, binding in (bindings or {}).items() if kind in kinds}
    data: dict[str, Any] = {"saved_at": saved_at, "setup": setup.to_dict()}
    if kinds:
        data["secrets"] = list(kinds)
    if bound:
        data["bindings"] = {kind: binding.to_dict() for kind, binding in bound.items()}
    content = (json.dumps(data, indent=2) + "\n").encode("utf-8")
    return SavedProfile(name, setup, saved_at, profile_path(name), kinds, bound), content


def with_secrets(
    content: bytes, bindings: Mapping[str, Binding], kinds: Iterable[str]
) -> bytes:
    """A saved profile's bytes with ``kinds`` added to its list of stored secrets (each with its
    binding from ``bindings``): what ``undo`` puts back in place of a profile an apply replaced,
    so that no secret that apply stored is left in the keyring with no profile naming it, nor
    reused for another endpoint than the one it was stored for. Every other byte stays when
    nothing is added; ``content`` that is no profile comes back as it is."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (ValueError, RecursionError):
        return content
    if not isinstance(data, dict):
        return content
    listed = data.get("secrets")
    known = [kind for kind in listed if isinstance(kind, str)] if isinstance(listed, list) else []
    added = [kind for kind in dict.fromkeys(kinds) if kind not in known]
    if not added:
        return content
    data["secrets"] = [*known, *added]
    bound = {kind: bindings[kind].to_dict() for kind in added if kind in bindings}
    if bound:
        earlier = data.get("bindings")
        data["bindings"] = {**(earlier if isinstance(earlier, dict) else {}), **bound}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def state_path() -> Path:
    return state_file()


def render_active(name: str) -> bytes:
    """The bytes of the state file once ``name`` is the active profile."""
    state = _state()
    state["active"] = name
    return (json.dumps(state, indent=2) + "\n").encode("utf-8")


def exists(name: str) -> bool:
    return profile_path(name).is_file()


def load(name: str) -> SavedProfile:
    path = profile_path(name)
    try:
        text = safefile.read_text(path)  # a FIFO or a device is refused, never read forever
        if text is None:
            raise FileNotFoundError(path)
        data = json.loads(text)
    except FileNotFoundError:
        known = ", ".join(p.name for p in all_profiles()) or _("none yet")
        raise WizardError(
            _("unknown profile '{name}' (saved profiles: {known})").format(name=name, known=known)
        ) from None
    except (OSError, ValueError, RecursionError, WizardError) as exc:
        raise WizardError(
            _("cannot read profile {path}: {reason}").format(path=path, reason=exc)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("setup"), dict):
        raise WizardError(_("profile {path} is not a claude-setup profile").format(path=path))
    setup = Setup.from_dict(data["setup"])
    secrets = data.get("secrets", [])
    kinds = tuple(k for k in secrets if isinstance(k, str)) if isinstance(secrets, list) else ()
    recorded = data.get("bindings")
    bindings = {
        kind: found
        for kind, value in (recorded.items() if isinstance(recorded, dict) else ())
        if (found := Binding.from_dict(value)) is not None
    }
    return SavedProfile(name, setup, str(data.get("saved_at", "")), path, kinds, bindings)


def remove(name: str) -> None:
    """Forget a saved profile (its secrets are the engine's to delete); unknown names refused."""
    load(name)
    profile_path(name).unlink()
    if active_name() == name:
        state = _state()
        state.pop("active", None)
        safefile.write_private(state_path(), (json.dumps(state, indent=2) + "\n").encode())


def all_profiles() -> list[SavedProfile]:
    folder = profiles_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(load(path.stem))
        except WizardError:
            continue
    return found


def secret_headers() -> frozenset[str]:
    """The header names whose value is a secret of this user's (each saved profile's
    ``secret_header``): masked wherever a settings file or the environment is shown."""
    return frozenset(p.setup.secret_header for p in all_profiles() if p.setup.secret_header)


def _state() -> dict[str, Any]:
    """The state file's content (``{}`` when there is none); one that is not UTF-8 JSON, or not
    an object, is refused with its path rather than taken for empty and written over."""
    path = state_path()
    text = safefile.read_text(path)  # a FIFO or a device is refused, never read forever
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise WizardError(_("cannot read {path}: {reason}").format(path=path, reason=exc)) from None
    if not isinstance(data, dict):
        raise WizardError(_("{path} is not a claude-setup state file").format(path=path))
    return data


def active_name() -> str | None:
    name = _state().get("active")
    return name if isinstance(name, str) else None
