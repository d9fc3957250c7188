"""Marking text for translation without translating it yet.

Bindings and labels are declared once, in English, and go through ``wizard.i18n._`` only when
they are shown, so a catalogue loaded after import still applies.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    return message
