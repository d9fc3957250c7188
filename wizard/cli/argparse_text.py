"""argparse's own words (``usage:``, ``options``, its errors) in the user's language.

argparse looks its text up through its module's ``_`` at the moment it speaks; pointing that at
``wizard.i18n._`` puts these messages, marked here for the catalogues, through ours.
"""

from __future__ import annotations

import argparse

from wizard.i18n import N_, _

MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("not allowed with argument %s"),
)


def speak_argparse() -> None:
    argparse._ = _  # type: ignore[attr-defined]
