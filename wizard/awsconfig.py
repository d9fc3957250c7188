"""Reading and editing ``~/.aws/config`` line by line, keeping every other line and comment.

``configparser`` would drop comments and reorder nothing but rewrite everything; here a section
is a header line and the lines up to the next header, and only the owned section is replaced.
"""

from __future__ import annotations

import configparser
import io
import os
import re
import shlex
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from wizard.errors import WizardError
from wizard.i18n import _

HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$")
KEY_VALUE = re.compile(r"^([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$")
LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
"""Where a line ends for the AWS SDKs (universal newlines): after ``\\n``, ``\\r\\n`` or ``\\r``."""


def config_path() -> Path:
    configured = os.environ.get("AWS_CONFIG_FILE")
    path = Path(configured).expanduser() if configured else Path.home() / ".aws" / "config"
    return path.absolute()


def credentials_path() -> Path:
    configured = os.environ.get("AWS_SHARED_CREDENTIALS_FILE")
    if configured:
        return Path(configured).expanduser().absolute()
    return Path.home() / ".aws" / "credentials"


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` with their endings, split where the AWS SDKs split them."""
    return [line for line in LINE_BREAK.split(text) if line]


def decode(raw: bytes, path: Path) -> str:
    """The file's text; bytes that are not UTF-8 are refused with their line and column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", "replace")
        line = head.count("\n") + 1
        column = len(head) - head.rfind("\n")
        raise WizardError(
            _("{path}: not UTF-8 text at line {line}, column {column}").format(
                path=path, line=line, column=column
            )
        ) from None


def check_readable(text: str, path: Path) -> None:
    """Refuse a file the AWS SDK (botocore's ``RawConfigParser``) cannot read: a profile added
    to it would never load."""
    parser = configparser.RawConfigParser()
    try:
        parser.read_file(io.StringIO(text, newline=None), source=str(path))
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        if line is None and isinstance(exc, configparser.ParsingError) and exc.errors:
            line = exc.errors[0][0]
        reason = str(exc).strip().splitlines()[0]
        raise WizardError(
            _("{path}: the AWS SDK cannot read this file (line {line}): {reason}").format(
                path=path, line=line or "?", reason=reason
            )
        ) from None


def _check_one_line(label: str, text: str) -> None:
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        raise WizardError(
            _("{key}: the value contains a line break or a control character").format(
                key=label[:40]
            )
        )


def check_value(key: str, value: str) -> None:
    """A key and value written to the file: one line, no control character, checked whole."""
    _check_one_line(key, key)
    _check_one_line(key, value)
    if not KEY_VALUE.fullmatch(f"{key} = {value}") or value != value.strip():
        raise WizardError(_("{key}: not a value ~/.aws/config can hold").format(key=key[:40]))


NAMED_SECTIONS = ("profile", "sso-session", "services")
"""Sections the AWS SDK names by a second word, split as a shell splits (botocore's
``_parse_section``): ``[profile "team"]`` and ``[profile<TAB>team]`` are profile ``team``."""


def section_name(header: str) -> str:
    """The section a header is for the AWS SDK: ``profile x``, ``sso-session s``, ``default``
    (a header it reads as no section of these kinds is kept as written)."""
    kind = next((k for k in NAMED_SECTIONS if header.startswith(k)), None)
    if kind is None:
        return header
    try:
        parts = shlex.split(header)
    except ValueError:
        return header
    return f"{kind} {parts[1]}" if len(parts) == 2 else header


def sections(text: str) -> dict[str, dict[str, str]]:
    """Every section by the name the AWS SDK gives it (``profile x``, ``default``,
    ``sso-session s``); of two headers for one name, the later one counts, as for the SDK."""
    result: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    headers: dict[str, str] = {}
    for line in (line.rstrip("\r\n") for line in lines_of(text)):
        header = HEADER.match(line)
        if header:
            written, name = header.group(1), section_name(header.group(1))
            if headers.get(name, written) != written:
                result.pop(name, None)  # another header for the same section replaces it
            headers[name] = written
            current = result.setdefault(name, {})
            continue
        pair = KEY_VALUE.match(line)
        if current is not None and pair and not line[:1].isspace():
            current[pair.group(1)] = pair.group(2)
    return result


def profiles(config_text: str, credentials_text: str = "") -> dict[str, dict[str, str]]:
    """Profiles by name: ``[profile x]`` and ``[default]`` of the config, ``[x]`` of credentials."""
    found: dict[str, dict[str, str]] = {}
    for header, values in sections(credentials_text).items():
        found[header] = dict(values)
    for header, values in sections(config_text).items():
        if header.startswith("profile "):
            name = header[len("profile ") :].strip()
        elif header == "default":
            name = header
        else:
            continue
        found[name] = {**found.get(name, {}), **values}
    return found


def profile_header(name: str) -> str:
    return "default" if name == "default" else f"profile {name}"


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _is_filler(line: str) -> bool:
    """A blank or comment line: kept with whatever follows it, never part of a section's end."""
    stripped = line.strip()
    return not stripped or stripped.startswith(("#", ";"))


def _section_bounds(lines: list[str], header: str) -> tuple[int, int] | None:
    """Where the section starts (its header) and ends (after its last setting): the last
    header for it, the one the AWS SDK reads."""
    starts = [i for i, line in enumerate(lines) if _header_name(line) is not None]
    mine = [i for i in starts if _header_name(lines[i]) == header]
    if not mine:
        return None
    start = mine[-1]
    end = next((i for i in starts if i > start), len(lines))
    while end > start + 1 and _is_filler(lines[end - 1]):
        end -= 1
    return start, end


def _header_name(line: str) -> str | None:
    match = HEADER.match(line.rstrip("\r\n"))
    return section_name(match.group(1)) if match else None


def section_lines(header: str, values: Mapping[str, str], newline: str) -> list[str]:
    _check_one_line(header, header)
    if not HEADER.fullmatch(f"[{header}]") or "]" in header or header != header.strip():
        raise WizardError(_("'{header}' is not a section name").format(header=header[:60]))
    for key, value in values.items():
        check_value(key, value)
    return [f"[{header}]{newline}"] + [f"{key} = {value}{newline}" for key, value in values.items()]


def append_section(text: str, header: str, values: Mapping[str, str]) -> str:
    """``text`` with a new section at its end, after one blank line."""
    newline = _newline(text)
    lines = lines_of(text)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    if lines:
        lines.append(newline)
    return "".join(lines + section_lines(header, values, newline))


def set_profile(text: str, name: str, values: Mapping[str, str]) -> str:
    """``text`` with the profile's section replaced by ``values`` (appended if new)."""
    lines = lines_of(text)
    bounds = _section_bounds(lines, profile_header(name))
    if bounds is None:
        return append_section(text, profile_header(name), values)
    start, end = bounds
    lines[start:end] = section_lines(profile_header(name), values, _newline(text))
    return "".join(lines)


def remove_profile(text: str, name: str) -> str:
    lines = lines_of(text)
    bounds = _section_bounds(lines, profile_header(name))
    if bounds is None:
        return text
    start, end = bounds
    del lines[start:end]
    before_is_blank = start == 0 or not lines[start - 1].strip()
    after_is_blank = start == len(lines) or not lines[start].strip()
    if before_is_blank and after_is_blank and lines:
        del lines[start - 1 if start > 0 else 0]
    return "".join(lines)
