"""Text from a file or a server, made safe to print or draw: shown, never obeyed.

A project's settings, a team file, a server's answer or an AWS config can hold an escape
sequence (ESC, or C1's single-byte CSI ``\\x9b``) that moves the cursor, rewrites a line already
printed or retitles the terminal, and bidi controls that make ``evil.example`` read as
``elpmaxe.live``. ``visible`` turns each such character into its ``\\x1b`` / ``\\u202e`` spelling,
so a person sees that it is there; line breaks and tabs are kept where the caller says so.
"""

from __future__ import annotations

import json
import unicodedata

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates,
zero-width joiners, the byte order mark), surrogates, private-use and unassigned code points,
and the Unicode line and paragraph separators."""


def escaped(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, keep: str = "\n\t") -> str:
    """``text`` with every hidden or terminal-controlling character spelled out; the characters
    of ``keep`` (by default line breaks and tabs) stay as they are."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        ch if ch in keep or unicodedata.category(ch) not in HIDDEN_CATEGORIES else escaped(ch)
        for ch in text
    )


def one_line(text: str) -> str:
    """``visible`` for a single line: line breaks and tabs are spelled out too."""
    return visible(text, keep="")


def json_visible(text: str) -> str:
    """JSON text with the hidden characters that JSON leaves raw (C1 controls, bidi and other
    format characters) written as ``\\uXXXX`` escapes: the same value, shown, not obeyed."""
    if text.isascii():
        return text  # JSON already escapes every ASCII control inside its strings
    return "".join(
        json.dumps(ch)[1:-1]
        if ch not in "\n\t" and unicodedata.category(ch) in HIDDEN_CATEGORIES
        else ch
        for ch in text
    )
