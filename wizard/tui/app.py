"""The Textual application. For now it shows what is configured; the setup steps build on it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from wizard import status
from wizard.i18n import _


class WizardApp(App[int]):
    TITLE = "claude-setup"
    SUB_TITLE = _("Claude Code set-up")
    BINDINGS = [Binding("q", "quit", _("Quit"), id="quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(status.render(status.collect()), id="status")
        yield Static(
            _(
                "To change the setup: claude-setup apply --provider … --auth … "
                "(claude-setup apply --help)"
            ),
            id="hint",
        )
        yield Footer()


def make_app() -> WizardApp:
    return WizardApp()
