"""Saved profiles: each applied ``Setup`` by name, as JSON without any secret.

The active profile (the one applied last) is what ``claude-setup run`` uses by default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard import safefile
from wizard.appdirs import profile_file, profiles_dir, state_file
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import Setup


@dataclass(frozen=True)
class SavedProfile:
    name: str
    setup: Setup
    saved_at: str
    path: Path
    secrets: tuple[str, ...] = ()
    """The kinds of secret stored in the keyring for this profile (``remove`` deletes them)."""


def profile_path(name: str) -> Path:
    return profile_file(name)


def render(setup: Setup, secrets: Iterable[str] = ()) -> tuple[SavedProfile, bytes]:
    """The saved profile of ``setup`` and the bytes of its file (written by ``apply``)."""
    name = setup.profile_name
    saved_at = datetime.now(UTC).isoformat(timespec="seconds")
    kinds = tuple(dict.fromkeys(secrets))
    data: dict[str, Any] = {"saved_at": saved_at, "setup": setup.to_dict()}
    if kinds:
        data["secrets"] = list(kinds)
    content = (json.dumps(data, indent=2) + "\n").encode("utf-8")
    return SavedProfile(name, setup, saved_at, profile_path(name), kinds), content


def with_secrets(content: bytes, kinds: Iterable[str]) -> bytes:
    """A saved profile's bytes with ``kinds`` added to its list of stored secrets: what ``undo``
    puts back in place of a profile an apply replaced, so that no secret that apply stored is
    left in the keyring with no profile naming it. Every other byte stays when nothing is
    added; ``content`` that is no profile comes back as it is."""
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
    return SavedProfile(name, setup, str(data.get("saved_at", "")), path, kinds)


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
