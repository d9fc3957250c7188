"""Reading and editing ``~/.aws/config`` line by line, keeping every other line and comment.

``configparser`` would drop comments and rewrite everything; here a section is a header line
and the lines up to the next header, and only the owned section is replaced. Lines are read by
botocore's own rules (``read_lines`` follows ``RawConfigParser``: a header up to its last
``]``, an indented line continuing the value above it, keys lower-cased), and a file whose
headers Claude Code's AWS SDK reads otherwise is refused before any edit (``check_sdks_agree``).
"""

from __future__ import annotations

import configparser
import io
import os
import re
import shlex
import unicodedata
from collections.abc import Collection, Mapping
from pathlib import Path

from wizard.errors import WizardError
from wizard.i18n import _
from wizard.safetext import one_line

SECTION = re.compile(r"\[(?P<header>.+)\]")
"""A section header as botocore's ``RawConfigParser`` reads it: matched at the start of the
stripped line, up to its last ``]`` (``[profile a] (prod)`` is section ``profile a``)."""
OPTION = re.compile(r"(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$")
"""An option line as ``RawConfigParser`` reads it: ``key = value`` or ``key: value``."""
NON_SPACE = re.compile(r"\S")
KEY_VALUE = re.compile(r"^([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$")
"""What claude-setup itself writes: a plain key, ``=``, a value."""
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
    for section in parser.sections():
        for option, value in parser.items(section):
            nested = [line for line in value.splitlines()[1:] if line.strip()]
            if value.startswith("\n") and any("=" not in line for line in nested):
                raise WizardError(
                    _(
                        "{path}: the AWS SDK cannot read this file ([{section}] {option}: an "
                        "indented line without '=')"
                    ).format(path=path, section=one_line(section), option=one_line(option))
                )
    check_sdks_agree(text, path)


def check_edit(before: str, after: str, path: Path, edited: Collection[str]) -> None:
    """Refuse an edit that leaves a file the SDKs cannot read alike, or that changes any
    section but ``edited`` (as botocore reads them): a neighbour's indented header can turn
    into a continuation of the edited section."""
    check_readable(after, path)
    old, new = sections(before), sections(after)
    changed = sorted(
        name for name in {*old, *new} if name not in edited and old.get(name) != new.get(name)
    )
    if changed:
        raise WizardError(
            _(
                "{path}: this edit would also change [{section}]; refused (write each section "
                "header alone on its line, not indented)"
            ).format(path=path, section=one_line(changed[0]))
        )


JS_LINE_BREAK = re.compile(r"\r?\n")
JS_COMMENT = re.compile(r"(^|\s)[;#]")
JS_NAMED = re.compile(r"([A-Za-z0-9_-]+)\s([\"']?)([A-Za-z0-9_@+.%:/-]+)\2\Z")
"""The SDK's ``prefixKeyRegex`` (its optional quote, never matched, matches nothing there)."""
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # fmt: skip


def js_sections(text: str) -> dict[int, str]:
    """Where Claude Code's AWS SDK (JavaScript's ``@smithy/shared-ini-file-loader``) sees a
    section header, by the offset of its line, and what it is (``section_meaning``): lines
    split at ``\n`` only, a ``#`` or ``;`` after a space starts a comment, and a header is
    a trimmed line from ``[`` to ``]`` whose name is one word (``kind.name`` is that kind's
    section), or a kind and one name."""
    found: dict[int, str] = {}
    offset = 0
    for match in JS_LINE_BREAK.finditer(text + "\n"):
        line = text[offset : match.start()]
        trimmed = JS_COMMENT.split(line)[0].strip(JS_SPACE)
        if trimmed[:1] == "[" and trimmed[-1:] == "]":
            name = trimmed[1:-1]
            named = JS_NAMED.match(name)
            kind, dot, rest = name.partition(".")
            if named is None and dot and kind in NAMED_SECTIONS:
                found[offset] = f"{kind} {rest}"  # [profile.x] is profile x to the SDK
            elif named is None:  # one word: only [default] is a profile to the SDK
                found[offset] = "default" if name == "default" else ""
            elif named.group(1) in NAMED_SECTIONS:
                found[offset] = f"{named.group(1)} {named.group(3)}"
            else:
                found[offset] = ""
        offset = match.end()
    return found


def section_meaning(name: str) -> str:
    """A section as it matters to claude-setup: ``profile x``, ``sso-session s``,
    ``services s`` or ``default``; any other section is ``""``."""
    if name == "default" or name.startswith(tuple(f"{kind} " for kind in NAMED_SECTIONS)):
        return name
    return ""


def check_sdks_agree(text: str, path: Path) -> None:
    """Refuse a file whose sections botocore (the AWS CLI) and Claude Code's AWS SDK read
    apart (``[profile a] (prod)``, an indented header, ``[ profile a ]``): a profile edited
    for one could replace or hide another for the other."""
    js = js_sections(text)
    offset = 0
    for number, (line, read) in enumerate(
        zip(lines_of(text), read_lines(lines_of(text)), strict=True), start=1
    ):
        botocore = section_meaning(section_name(read.header)) if read.kind == "header" else None
        if botocore != js.pop(offset, None):
            raise WizardError(
                _(
                    "{path}: the AWS CLI and Claude Code read line {line} differently ({text}); "
                    "write each section header alone on its line, as [profile NAME]"
                ).format(path=path, line=number, text=one_line(line.rstrip("\r\n"))[:60])
            )
        offset += len(line)


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


class Line:
    """One line of the file as botocore reads it: a section ``header`` (its name as written
    between the brackets), an ``option`` (``key`` lower-cased, as botocore keys it, and its
    ``value``), a ``continuation`` of the option above it (indented deeper), a ``filler``
    (blank or comment) or an ``error`` (a line botocore refuses)."""

    __slots__ = ("header", "key", "kind", "value")

    def __init__(self, kind: str, header: str = "", key: str = "", value: str = "") -> None:
        self.kind = kind
        self.header = header
        self.key = key
        self.value = value


def read_lines(lines: list[str]) -> list[Line]:
    """``lines`` read as ``configparser.RawConfigParser._read`` reads them (botocore's reader):
    comments only on their own line, an indented line after an option continues its value (an
    indented ``[profile x]`` there is no header), the first ``=`` or ``:`` ends a key."""
    read: list[Line] = []
    in_section = False
    option = False  # an option is open: deeper-indented lines continue it
    indent = 0
    for line in lines:
        value = line.strip()
        if not value or value.startswith(("#", ";")):
            read.append(Line("filler"))
            continue
        first = NON_SPACE.search(line)
        level = first.start() if first else 0
        if in_section and option and level > indent:
            read.append(Line("continuation", value=value))
            continue
        indent = level
        header = SECTION.match(value)
        if header:
            read.append(Line("header", header=header.group("header")))
            in_section, option = True, False
            continue
        pair = OPTION.match(value) if in_section else None
        if pair is None:
            read.append(Line("error"))
            continue
        key = pair.group("option").rstrip()
        option = bool(key)
        read.append(Line("option" if key else "error", key=key.lower(), value=pair.group("value")))
    return read


DEFAULT_SECTION = "DEFAULT"
"""``RawConfigParser``'s section whose options every other section has too."""


def sections(text: str) -> dict[str, dict[str, str]]:
    """Every section by the name the AWS SDK gives it (``profile x``, ``default``,
    ``sso-session s``), with its options as botocore reads them (keys lower-cased, values
    continued on indented lines, ``[DEFAULT]``'s options in each); of two headers for one
    name, the later one counts, as for the SDK. A line botocore refuses is skipped here
    (``check_readable`` refuses the file before any edit)."""
    raw: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    open_key = ""
    for line in read_lines(lines_of(text)):
        if line.kind == "header":
            current = raw.setdefault(line.header, {})
            open_key = ""
        elif line.kind == "option" and current is not None:
            current[line.key] = [line.value]
            open_key = line.key
        elif line.kind == "continuation" and current is not None and open_key:
            current[open_key].append(line.value)
    joined = {
        name: {key: "\n".join(parts).rstrip() for key, parts in options.items()}
        for name, options in raw.items()
    }
    defaults = joined.pop(DEFAULT_SECTION, {})
    result: dict[str, dict[str, str]] = {}
    for header, options in joined.items():
        result.pop(section_name(header), None)  # the later section of a name counts
        result[section_name(header)] = {**defaults, **options}
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
    read = read_lines(lines)
    starts = [i for i, line in enumerate(read) if line.kind == "header"]
    mine = [i for i in starts if section_name(read[i].header) == header]
    if not mine:
        return None
    start = mine[-1]
    end = next((i for i in starts if i > start), len(lines))
    while end > start + 1 and _is_filler(lines[end - 1]):
        end -= 1
    return start, end


def section_lines(header: str, values: Mapping[str, str], newline: str) -> list[str]:
    _check_one_line(header, header)
    if not SECTION.fullmatch(f"[{header}]") or "]" in header or header != header.strip():
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
