"""The one translation function every user-facing message goes through.

Catalogues live in ``wizard/locale/<lang>/LC_MESSAGES/claude-setup.mo``; with none installed the
English text is used as is. Loading is lazy so the key helpers pay nothing until they speak.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "claude-setup"
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def _translations() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate ``message``; format placeholders afterwards: ``_("… {name}").format(name=…)``."""
    return _translations().gettext(message)
