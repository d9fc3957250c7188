"""The language: chosen from the environment or ``--lang``, and catalogues in step with the code."""

from __future__ import annotations

import ast
import gettext

import i18n_catalogue as catalogue
import pytest

from wizard import i18n


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_TW"),
        ({"LANG": "zh_HK.UTF-8"}, "zh_TW"),
        ({"LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "fr_FR.UTF-8"}, "ja"),
        ({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}, "de"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "pt:fr", "LANG": "de_DE.UTF-8"}, "fr"),
    ],
)
def test_language_from_the_environment(env: dict[str, str], language: str) -> None:
    assert i18n.from_environment(env) == language


def test_lang_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    try:
        assert i18n.set_language("fr") == "fr"
        assert i18n.current_language() == "fr"
        assert i18n.set_language("en_GB") == "en"
        with pytest.raises(ValueError):
            i18n.set_language("xx")
    finally:
        i18n.set_language(None)
    assert i18n.current_language() == "de"


def import_time_translations(node: ast.AST, in_function: bool = False) -> list[int]:
    """Lines where ``_(…)`` runs outside any function body."""
    lines = []
    for child in ast.iter_child_nodes(node):
        if (
            not in_function
            and isinstance(child, ast.Call)
            and isinstance(child.func, ast.Name)
            and child.func.id == "_"
        ):
            lines.append(child.lineno)
        inside = in_function or isinstance(
            child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        )
        lines += import_time_translations(child, inside)
    return lines


def test_no_text_is_translated_at_import_time() -> None:
    """Module and class bodies mark text with ``N_``; ``_`` runs only inside functions."""
    found = [
        f"{path.relative_to(catalogue.ROOT)}:{line}"
        for path in sorted(catalogue.PACKAGE.rglob("*.py"))
        for line in import_time_translations(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_the_catalogue_has_exactly_the_codes_messages(language: str) -> None:
    """Run ``scripts/i18n`` when this fails: it adds what is missing and drops what is unused."""
    in_code = set(catalogue.extract())
    in_catalogue = {entry.msgid for entry in catalogue.load(language) if not entry.obsolete}
    assert sorted(in_code - in_catalogue) == [], "missing from the catalogue"
    assert sorted(in_catalogue - in_code) == [], "no longer used by the code"


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    wrong = [
        entry.msgid
        for entry in catalogue.load(language)
        if entry.msgstr
        and catalogue.placeholders(entry.msgstr) != catalogue.placeholders(entry.msgid)
    ]
    assert wrong == []


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language: str) -> None:
    """The ``.mo`` that the program loads says what the ``.po`` says (``scripts/i18n``)."""
    with catalogue.mo_path(language).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.load(language):
        if entry.msgstr:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    assert [entry.msgid for entry in catalogue.load(language).untranslated_entries()] == []
