"""The Textual application. For now it shows what is configured; the setup steps build on it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from wizard import status
from wizard.i18n import N_, _


class WizardApp(App[int]):
    TITLE = "claude-setup"
    BINDINGS = [Binding("q", "quit", N_("Quit"), id="quit")]

    def on_mount(self) -> None:
        self.sub_title = _("Claude Code set-up")

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
