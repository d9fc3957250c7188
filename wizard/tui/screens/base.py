"""What every step of the wizard shares: the header, a title, the footer, Escape to go back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from wizard.i18n import N_, _
from wizard.safetext import visible
from wizard.tui import fields
from wizard.tui.widgets.footer import WizardFooter

if TYPE_CHECKING:
    from wizard.tui.app import WizardApp
    from wizard.tui.flow import Step
    from wizard.tui.state import WizardState


class StepScreen(Screen[None]):
    """One step. ``step`` names it for the flow; ``body`` yields its widgets."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="back"),
    ]
    step: ClassVar[Step | None] = None

    @property
    def wizard(self) -> WizardApp:
        return self.app  # type: ignore[return-value]

    @property
    def state(self) -> WizardState:
        return self.wizard.state

    def checker(self, name: str) -> Callable[[str], str | None]:
        """The engine's check of field ``name``, against the choices made so far."""
        return lambda text: fields.check(name, text, self.state.values)

    def title_text(self) -> str:
        return ""

    def intro_text(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield Static(self.title_text(), classes="step-title")
            intro = self.intro_text()
            if intro:
                yield Static(intro, classes="step-intro")
            yield from self.body()
            yield Static("", id="notice", classes="notice")
        yield WizardFooter()

    def body(self) -> ComposeResult:
        yield from ()

    def notice(self, text: str, kind: str = "") -> None:
        """One sentence in place: progress, a failure, or what was found (as plain text:
        what a file or a server put in it is shown, never taken for markup or obeyed)."""
        line = self.query_one("#notice", Static)
        line.update(Content(visible(text)))
        line.set_classes(f"notice {kind}".strip())

    def action_back(self) -> None:
        self.wizard.back()

    def failed_in_worker(self, exc: BaseException, sentence: str) -> None:
        """From a worker thread: ``sentence`` (with the failure's ``{reason}``) in place."""
        reason = reason_of(exc, _("discovery failed"))
        self.app.call_from_thread(self.notice, sentence.format(reason=reason), "error")

    def next(self, **values: Any) -> None:
        for name, value in values.items():
            self.state.set(name, value)
        if self.step is not None:
            self.wizard.advance(self.step)


def reason_of(exc: BaseException, fallback: str) -> str:
    """What a worker's failure tells the user: the engine's or a service's own sentence, else
    ``fallback`` (never a traceback; the type of an unexpected error says nothing to them)."""
    from wizard.errors import WizardError

    return str(exc) if isinstance(exc, WizardError) and str(exc) else fallback
