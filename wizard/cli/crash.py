"""An unexpected error still ends in one line: the full report goes to a log file.

The report is written to claude-setup's state folder (mode 0600), with every secret this run
read and anything shaped like a key masked; the one line on stderr names the file.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from wizard import redact, safefile
from wizard.errors import WizardError

NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def log_dir() -> Path:
    from wizard.appdirs import state_dir

    return state_dir() / "logs"


def write_report(exc: BaseException, argv: list[str]) -> Path | None:
    """The log file holding ``exc``'s full traceback, or ``None`` when it cannot be written."""
    secrets = [*redact.remembered(), *(a for a in argv if redact.looks_like_key(a))]
    text = "".join(traceback.format_exception(exc))
    report = redact.mask_key_like(
        f"claude-setup {' '.join(argv)}\n\n{text}", secrets
    )
    try:
        folder = log_dir()
        safefile.make_folder(folder)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"error-{stamp}-{os.getpid()}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)  # whatever the umask took
            handle.write(report)
    except (OSError, WizardError):  # a state folder another user could write is not used
        return None
    return path
