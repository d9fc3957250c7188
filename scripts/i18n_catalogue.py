"""The translation catalogues: every ``_("…")`` and ``N_("…")`` text of ``wizard/`` is a
message; each language's ``.po`` holds its translations, and the ``.mo`` beside it is what
``wizard.i18n`` loads. Used by ``scripts/i18n`` and by the catalogue tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wizard"
LOCALE = PACKAGE / "locale"
DOMAIN = "claude-setup"
LANGUAGES = ("fr", "de", "ja", "zh_TW")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%\([a-z_]+\)[sr]|%[sr]")


def extract() -> dict[str, list[str]]:
    """Each message of the code, with the files that use it (relative to the root; no line
    numbers, so that moving code does not rewrite every catalogue)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                files = found.setdefault(node.args[0].value, [])
                where = str(path.relative_to(ROOT))
                if where not in files:
                    files.append(where)
    return found


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def load(language: str) -> polib.POFile:
    path = po_path(language)
    return polib.pofile(str(path)) if path.exists() else polib.POFile()


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def update(language: str, messages: dict[str, list[str]]) -> tuple[int, int]:
    """Rewrite the language's ``.po`` with exactly the code's messages, keeping translations;
    returns (messages, untranslated)."""
    old = {entry.msgid: entry.msgstr for entry in load(language) if not entry.obsolete}
    po = polib.POFile(wrapwidth=100)
    po.metadata = {
        "Project-Id-Version": "claude-setup",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for msgid in sorted(messages, key=lambda m: (messages[m][0], m)):
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=old.get(msgid, ""),
            occurrences=[(file, "") for file in messages[msgid]],
        )
        if "{" in msgid:
            entry.flags.append("python-brace-format")
        po.append(entry)
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return len(po), len(po.untranslated_entries())


def compile_mo(language: str) -> None:
    load(language).save_as_mofile(str(mo_path(language)))
