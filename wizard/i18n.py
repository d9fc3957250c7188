"""The one translation function every user-facing message goes through.

Catalogues live in ``wizard/locale/<lang>/LC_MESSAGES/claude-setup.mo`` (made from the ``.po``
files beside them by ``scripts/i18n``). The language is the one forced with ``--lang``, else the
first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that names a language we speak,
else English. Loading is lazy so the key helpers pay nothing until they speak.

Text defined at import time (a provider's title, a table of labels) is marked with ``N_`` and
translated with ``_`` where it is shown, so the language chosen later still wins.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "claude-setup"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "ja": "日本語",
    "zh_TW": "繁體中文",
}
"""The languages claude-setup speaks, by their catalogue names; English is the source."""

_forced: str | None = None


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark ``message`` for the catalogues without translating it now."""
    return message


def normalise(tag: str) -> str | None:
    """The catalogue name for a locale or language tag (``fr_CA.UTF-8`` -> ``fr``,
    ``zh-Hant``/``zh_HK`` -> ``zh_TW``), or None when we do not speak it."""
    base = tag.split(".")[0].split("@")[0].replace("-", "_")
    if not base or base in ("C", "POSIX"):
        return None
    language, _, region = base.partition("_")
    language = language.lower()
    if language == "zh":
        simplified = region.upper() in ("CN", "SG", "HANS")
        return None if simplified else "zh_TW"
    return language if language in LANGUAGES else None


def from_environment(env: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, by the POSIX order of precedence."""
    env = os.environ if env is None else env
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for tag in value.split(":") if variable == "LANGUAGE" else [value]:
            found = normalise(tag)
            if found:
                return found
        if variable != "LANGUAGE":
            return "en"  # the first locale variable that is set decides, as in gettext
    return "en"


def set_language(tag: str | None) -> str:
    """Force a language (``--lang``); None goes back to the environment's. Returns the one used.

    An unknown tag raises ``ValueError`` naming the languages there are.
    """
    global _forced
    if tag is None:
        _forced = None
        return current_language()
    found = normalise(tag)
    if found is None and tag.split("_")[0].lower() != "en":
        raise ValueError(", ".join(LANGUAGES))
    _forced = found or "en"
    return _forced


def current_language() -> str:
    return _forced or from_environment()


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """Translate ``message``; format placeholders afterwards: ``_("… {name}").format(name=…)``."""
    return _translations(current_language()).gettext(message)
