"""How Claude Code authenticates: only the methods that fit the provider (in gateway mode, those
that put the token in Claude Code's environment)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import OptionList

from wizard.i18n import _
from wizard.labels import METHOD_TITLES
from wizard.providers.gateway import GATEWAY_MODE_AUTHS
from wizard.providers.registry import REGISTRY
from wizard.tui import flow
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.choices import NumberedList, choices


class AuthScreen(StepScreen):
    step: ClassVar[Step | None] = "auth"

    def title_text(self) -> str:
        return _("How does Claude Code sign in?")

    def gateway_mode(self) -> bool:
        values = self.state.values
        return values.get("provider") == "gateway" and bool(values.get("gateway_mode"))

    def intro_text(self) -> str:
        if not self.gateway_mode():
            return ""
        return _(
            "Gateway mode reads the token only from Claude Code's environment: a token kept "
            "in the keyring is given by claude-setup run."
        )

    def body(self) -> ComposeResult:
        module = REGISTRY[self.state.values["provider"]]
        yield NumberedList(
            choices(
                (_(METHOD_TITLES.get(name, name)), _(method.summary), name)
                for name, method in module.auth_methods.items()
            ),
            id="choices",
        )

    def on_mount(self) -> None:
        choices = self.query_one(NumberedList)
        if self.gateway_mode():
            for name in REGISTRY["gateway"].auth_methods:
                if name not in GATEWAY_MODE_AUTHS:
                    choices.disable_option(name)
            choices.highlighted = choices.get_option_index(GATEWAY_MODE_AUTHS[0])
        choices.highlight_id(self.state.values.get("auth"))
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        before = flow.secret_kind(self.state.values)
        self.state.set("auth", event.option.id)
        if flow.secret_kind(self.state.values) != before:
            self.state.secret = None
            self.state.drafts.pop("secret", None)
        self.next()
