"""Where Claude runs: every provider, each with one line saying what it is."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import OptionList

from wizard.i18n import N_, _
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.choices import NumberedList, choices

PROVIDER_LINES: dict[str, tuple[str, str]] = {  # the wizard's choices, in order
    "anthropic": (N_("Anthropic API"), N_("an API key or your Claude subscription")),
    "bedrock": (N_("Amazon Bedrock"), N_("Claude in your AWS account")),
    "vertex": (N_("Google Vertex AI"), N_("Claude in your Google Cloud project")),
    "foundry": (N_("Microsoft Foundry"), N_("Claude on Azure")),
    "gateway": (N_("LLM gateway"), N_("LiteLLM or another proxy in between")),
    "anthropic-aws": (
        N_("Claude Platform on AWS"),
        N_("Anthropic's API via your AWS account"),
    ),
    "anthropic-google-cloud": (
        N_("Claude Platform on Google Cloud"),
        N_("Anthropic's API via Google Cloud"),
    ),
    "mantle": (N_("Amazon Bedrock (Mantle)"), N_("Bedrock's Anthropic-format endpoint")),
}


class ProviderScreen(StepScreen):
    step: ClassVar[Step | None] = "provider"

    def title_text(self) -> str:
        return _("Where does Claude run?")

    def body(self) -> ComposeResult:
        yield NumberedList(
            choices((_(PROVIDER_LINES[p][0]), _(PROVIDER_LINES[p][1]), p) for p in PROVIDER_LINES),
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
