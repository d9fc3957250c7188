"""A yes/no question in a dialog: ``True`` for yes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.i18n import N_, _
from wizard.tui.widgets.footer import WizardFooter


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), id="yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="no"),
    ]

    def __init__(self, question: str, details: Content | str = "") -> None:
        super().__init__()
        self.question = question
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question")
            if self.details:
                yield Static(self.details, id="details")
            yield Static(_("y: yes    n or Escape: no"), id="answers")
        yield WizardFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
