"""The hard deadline and the one-line failure shared by the helpers."""

from __future__ import annotations

import os
import re
import stat
import sys
import threading
from pathlib import Path

DEFAULT_TIMEOUT = 5.0
PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def timeout_seconds() -> float:
    """``CLAUDE_SETUP_HELPER_TIMEOUT``; raises ``ValueError`` with the sentence to print when it
    is not a number of seconds from 0.1 to 600 (``nan`` and ``inf`` included)."""
    text = os.environ.get("CLAUDE_SETUP_HELPER_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0.1 <= seconds <= 600:
        from wizard.secrets import messages

        raise ValueError(messages.bad_seconds("CLAUDE_SETUP_HELPER_TIMEOUT", text))
    return seconds


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (at most ``limit`` and one more); a FIFO or a device raises instead of
    blocking Claude Code's start."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read() if limit is None else handle.read(limit + 1)


def check_profiles_folder() -> int | None:
    """The exit code after saying why, when the saved profiles' folder is not the user's alone
    (another user could have written the profile read next); ``None`` when it is."""
    from wizard.appdirs import profiles_dir
    from wizard.errors import UntrustedFolderError

    try:
        profiles_dir()
    except UntrustedFolderError as exc:
        return fail(str(exc))
    return None


def fail(message: str) -> int:
    sys.stderr.write(f"claude-setup: {message}\n")
    sys.stderr.flush()
    return 1


def start_hard_deadline(seconds: float) -> None:
    """End the process if it is still running after ``seconds``, whatever it is blocked in."""

    def give_up() -> None:
        from wizard.secrets import messages

        fail(messages.not_answering(seconds))
        os._exit(1)

    timer = threading.Timer(seconds, give_up)
    timer.daemon = True
    timer.start()


def check_profile_argument(argv: list[str], command: str) -> str | int:
    """The profile named on the command line, or the exit code of a usage error."""
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        sys.stderr.write(f"usage: claude-setup {command} PROFILE\n")
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    if not PROFILE_NAME.fullmatch(argv[0]):
        from wizard import redact
        from wizard.i18n import _

        shown = redact.mask_key_like(argv[0], [argv[0]] if redact.looks_like_key(argv[0]) else [])
        return fail(_("'{name}' is not a profile name").format(name=" ".join(shown.split())))
    return argv[0]


def read_secret(profile: str, kind: str, what: str) -> str | int:
    """The stored secret, or the exit code after saying why there is none."""
    from wizard.secrets.lookup import LookupError_, lookup

    try:
        timeout = timeout_seconds()
    except ValueError as exc:
        return fail(str(exc))
    start_hard_deadline(timeout + 1.0)
    try:
        value = lookup(profile, kind, timeout)
    except LookupError_ as exc:
        return fail(str(exc))
    if value is None:
        return fail(missing_secret_message(profile, what))
    return value


def missing_secret_message(profile: str, what: str) -> str:
    from wizard import profiles
    from wizard.i18n import _
    from wizard.secrets import messages

    if not profiles.exists(profile):
        return _("unknown profile '{name}'").format(name=profile)
    return messages.missing(profile, what)
