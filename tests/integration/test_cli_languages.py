"""The command line in each language: ``--help`` and an error, by ``--lang`` or the locale."""

from __future__ import annotations

import os

import pytest
from runner import claude_setup

HELP = {
    "fr": "afficher cette aide et quitter",
    "de": "diese Hilfe anzeigen und beenden",
    "ja": "このヘルプを表示して終了",
    "zh_TW": "顯示此說明後結束",
}
LOCALES = {"fr": "fr_FR.UTF-8", "de": "de_DE.UTF-8", "ja": "ja_JP.UTF-8", "zh_TW": "zh_TW.UTF-8"}


def locale_env(**variables: str) -> dict[str, str]:
    """The test's environment with only the given locale variables."""
    names = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    return {**{k: v for k, v in os.environ.items() if k not in names}, **variables}


@pytest.mark.parametrize("language", sorted(HELP))
def test_help_speaks_the_language(language: str) -> None:
    by_option = claude_setup("--lang", language, "apply", "--help")
    by_locale = claude_setup("apply", "--help", env=locale_env(LANG=LOCALES[language]))
    for result in (by_option, by_locale):
        assert result.returncode == 0
        assert HELP[language] in result.stdout
        assert "--secret-stdin" in result.stdout and "--provider" in result.stdout


@pytest.mark.parametrize("language", sorted(HELP))
def test_an_error_speaks_the_language(language: str) -> None:
    english = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "sso", "--region", "x", env=locale_env()
    )
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "sso", "--region", "x",
        env=locale_env(LC_ALL=LOCALES[language], LANG="en_US.UTF-8"),
    )
    assert english.returncode == result.returncode == 2  # a bad option value
    assert result.stderr.count("\n") == english.stderr.count("\n") == 1
    assert result.stderr.startswith("claude-setup: ")
    assert result.stderr != english.stderr
    assert "--aws-profile" in result.stderr or "--region" in result.stderr
