"""The sentences for a keyring that cannot be used: shared by the wizard and the helpers."""

from __future__ import annotations

from wizard.i18n import _


def no_keyring() -> str:
    return _(
        "no usable keyring: claude-setup keeps secrets only in the OS keyring; on Linux start a "
        "Secret Service (gnome-keyring or KeePassXC) in your session, or in a headless shell run "
        "'dbus-run-session -- sh' then 'echo PASSWORD | gnome-keyring-daemon --unlock'"
    )


def insecure_keyring(backend: str) -> str:
    return _(
        "the keyring backend {backend} keeps secrets in a plain file, which claude-setup does not "
        "use; uninstall keyrings.alt or set PYTHON_KEYRING_BACKEND to a real keyring such as "
        "keyring.backends.SecretService.Keyring"
    ).format(backend=backend)


def locked() -> str:
    return _(
        "the keyring is locked: unlock it (log in to your desktop session, or run "
        "'gnome-keyring-daemon --unlock' and type its password) and try again"
    )


def not_answering(seconds: float) -> str:
    return _(
        "the keyring did not answer within {seconds:g} s; is the keyring daemon stuck? "
        "(restart gnome-keyring-daemon)"
    ).format(seconds=seconds)


def failed(reason: str) -> str:
    return _("the keyring failed: {reason}").format(reason=reason)


def missing(profile: str, what: str) -> str:
    return _(
        "no {what} stored for profile '{profile}': run claude-setup apply --profile {profile} "
        "… --secret-stdin again"
    ).format(what=what, profile=profile)


def stopped(pid: int) -> str:
    return _(
        "the keyring daemon (process {pid}) is stopped, so nothing it keeps can be read or "
        "written; resume it ('kill -CONT {pid}') or restart it, and try again"
    ).format(pid=pid)


def bad_backend(name: str, reason: str) -> str:
    return _(
        "PYTHON_KEYRING_BACKEND={name} names no keyring backend that can be loaded ({reason}); "
        "unset it, or name one such as keyring.backends.SecretService.Keyring"
    ).format(name=name, reason=reason)


def bad_seconds(variable: str, value: str) -> str:
    return _("{variable}='{value}' is not a number of seconds between 0.1 and 600").format(
        variable=variable, value=value[:40]
    )
