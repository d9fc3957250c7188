"""Terminal input and output of the command line: JSON, confirmations, a secret on stdin."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Any

from wizard import redact, validation
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.safetext import json_visible, one_line, visible
from wizard.secrets.value import Secret


def write(text: str) -> None:
    """Print ``text``; what a file or a server put in it is shown, never obeyed (an escape
    sequence or a bidi control is spelled out)."""
    sys.stdout.write(visible(text))


def warn(text: str) -> None:
    sys.stderr.write(visible(_("claude-setup: warning: {text}\n").format(text=one_line(text))))


def print_json(data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(json_visible(text) + "\n")


def emit(data: Any, lines: list[str], as_json: bool) -> int:
    """Print ``data`` as JSON, or ``lines`` as text; exit code 0."""
    if as_json:
        print_json(data)
    else:
        write("".join(line + "\n" for line in lines))
    return 0


def confirm(text: str) -> bool:
    write(text)
    sys.stdout.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def interactive_stdin() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_secret_from_stdin(what: str | None = None, going_to: list[str] | None = None) -> Secret:
    """The first line of standard input; on a terminal, typed without echo after one prompt
    naming ``what`` is asked (a secret's label, such as "Anthropic API key"), and after the
    lines of ``going_to`` (where it will be sent, and what to know about that place)."""
    if sys.stdin is None:
        raise WizardError(_("--secret-stdin: there is no standard input"))
    if sys.stdin.isatty():
        for line in going_to or ():
            sys.stderr.write(visible(line) + "\n")
        prompt = _("Your {what} (not shown): ").format(what=what) if what else None
        try:
            line = getpass.getpass(prompt or _("Secret (not shown): "))
        except EOFError:  # Ctrl-D at the prompt
            raise WizardError(_("no secret was typed (the input ended)")) from None
        except UnicodeDecodeError:
            raise WizardError(_("--secret-stdin: the secret is not UTF-8 text")) from None
    else:
        line = _first_line_of_stdin()
    value = line.rstrip("\r\n").strip()
    redact.remember(value)
    validation.check_secret(value)
    return Secret(value)


def _first_line_of_stdin() -> str:
    """The first line of a piped standard input, read as bytes and decoded strictly: text in
    another encoding is refused, never guessed at. Bounded: an endless input (``< /dev/zero``) is
    refused, not read forever (4 bytes a character is the most UTF-8 takes)."""
    limit = 4 * (validation.MAX_SECRET_BYTES + 2)
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is None:  # a text stream put in its place
            raw: str | bytes = str(sys.stdin.readline(limit + 1))
        else:
            raw = bytes(stream.readline(limit + 1))
        if len(raw) > limit:
            raise WizardError(_("--secret-stdin: the secret is longer than the keyring can hold"))
        return raw if isinstance(raw, str) else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WizardError(_("--secret-stdin: the secret is not UTF-8 text")) from None
