"""Where Claude runs: every provider, each with one line saying what it is."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import OptionList

from wizard.i18n import _
from wizard.providers.registry import REGISTRY
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.choices import NumberedList, choices


class ProviderScreen(StepScreen):
    step: ClassVar[Step | None] = "provider"

    def title_text(self) -> str:
        return _("Where does Claude run?")

    def body(self) -> ComposeResult:
        yield NumberedList(
            choices((_(m.title), _(m.summary), m.name) for m in REGISTRY.values()),
            id="choices",
        )

    def on_mount(self) -> None:
        choices = self.query_one(NumberedList)
        choices.highlight_id(self.state.values.get("provider"))
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        provider = event.option.id
        if provider != self.state.values.get("provider"):
            self.state.values.pop("auth", None)
            self.state.secret = None
        self.next(provider=provider)
