"""Options: prompt caching, token limits (with Bedrock's advice and service tier), the scope,
the profile name."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, OptionList, RadioSet, Static

from wizard.i18n import N_, _
from wizard.model import SCOPES
from wizard.providers.registry import REGISTRY
from wizard.tui import fields, flow
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.choices import NumberedList, choices
from wizard.tui.widgets.field import Field
from wizard.tui.widgets.inline_choice import InlineChoice

SCOPE_LINES: dict[str, tuple[str, str]] = {
    "user": (N_("user"), N_("~/.claude/settings.json: you, every project")),
    "project": (N_("project"), N_(".claude/settings.json: shared in git, no secrets")),
    "local": (N_("local"), N_(".claude/settings.local.json: you, this project; beats user")),
}
TOKEN_FIELDS = ("max_output_tokens", "max_thinking_tokens")
SERVICE_TIERS = ("priority", "flex")
"""The tiers offered besides on demand (Claude Code's own list: default, flex, priority; its
default is on demand, the same as leaving the variable unset)."""


class OptionsScreen(StepScreen):
    step: ClassVar[Step | None] = "options"

    def title_text(self) -> str:
        return _("Options")

    def body(self) -> ComposeResult:
        values = self.state.values
        yield Checkbox(
            _("Prompt caching (cheaper and faster)"),
            not values.get("disable_prompt_caching", False),
            id="caching",
        )
        if flow.gateway_api(values) in ("bedrock", "vertex") and values.get("provider") == (
            "gateway"
        ):
            yield Checkbox(
                _("No experimental betas (a Bedrock or Vertex gateway often refuses them)"),
                bool(values.get("disable_experimental_betas")),
                id="betas",
            )
        if REGISTRY[values["provider"]].auth_methods[values["auth"]].env_secret_var:
            yield Checkbox(
                _("Write the key into the settings file in plain text (not advised)"),
                bool(values.get("plaintext_secrets")),
                id="plaintext",
            )
        bedrock = values.get("provider") == "bedrock"
        advice = {"max_output_tokens": "4096", "max_thinking_tokens": "1024"}
        for name in TOKEN_FIELDS:
            yield Field(
                name,
                fields.label(name),
                self.state.draft(name),
                self.checker(name),
                placeholder=(
                    _("empty: Claude Code's default; Bedrock advice: {value}").format(
                        value=advice[name]
                    )
                    if bedrock
                    else _("empty: Claude Code's default")
                ),
            )
        if bedrock:
            yield InlineChoice(
                "service_tier",
                fields.label("service_tier"),
                [("", _("on demand")), *((tier, tier) for tier in SERVICE_TIERS)],
                str(values.get("service_tier") or ""),
                hint=_("priority: faster, costs more; flex: cheaper, may be slower"),
            )
        yield Static(fields.label("scope"), classes="list-label")
        yield NumberedList(
            choices((_(SCOPE_LINES[s][0]), self.scope_detail(s), s) for s in SCOPES),
            id="scopes",
        )
        yield Field(
            "profile",
            fields.label("profile"),
            self.state.draft("profile", self.state.values.get("provider", "")),
            lambda text: fields.check("profile", text, self.state.values),
            hint=_("switch back to it from the first screen"),
        )

    def gateway_mode(self) -> bool:
        values = self.state.values
        return values.get("provider") == "gateway" and bool(values.get("gateway_mode"))

    def scope_detail(self, scope: str) -> str:
        if scope == "project" and self.gateway_mode():
            return _("not with gateway mode: Claude Code ignores it there")
        return _(SCOPE_LINES[scope][1])

    def on_mount(self) -> None:
        for name, reason in self.state.errors.items():
            for field in self.query(Field):
                if field.field_name == name:
                    field.show_reason(reason)
            if name in ("scope", "service_tier"):
                self.notice(
                    _("{label}: {reason}").format(label=fields.label(name), reason=reason), "error"
                )
        scopes = self.query_one(NumberedList)
        if self.gateway_mode():
            scopes.disable_option("project")
        scopes.highlight_id(self.state.values.get("scope", "user"))
        self.query_one("#field-profile", Field).input.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.state.set("scope", event.option.id)
        self.query_one("#field-profile", Field).input.focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Kept at once, like typed text, so going back and forth loses nothing."""
        names = {
            "caching": "disable_prompt_caching",
            "betas": "disable_experimental_betas",
            "plaintext": "plaintext_secrets",
        }
        name = names.get(event.checkbox.id or "")
        if name:
            value = not event.value if name == "disable_prompt_caching" else event.value
            self.state.set(name, value or None)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """What the service tiers mean, while they have the focus."""
        for tier in self.query(InlineChoice).results():
            if event.widget is tier.query_one(RadioSet):
                self.notice(tier.hint_text, "busy")
            elif str(self.query_one("#notice", Static).render()) == tier.hint_text:
                self.notice("")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.state.set("service_tier", event.pressed.name or None)

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("input-")
        self.state.drafts[name] = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "input-profile":
            self.focus_next()
            return
        self.submit()

    def submit(self) -> None:
        found: dict[str, Any] = {}
        refused = False
        for field in self.query(Field):
            reason = field.refresh_reason()
            refused = refused or bool(reason)
            if not reason:
                found[field.field_name] = fields.parse(field.field_name, field.text)
        if refused:
            self.notice(_("Fix the fields marked in red first."), "error")
            return
        found["disable_prompt_caching"] = not self.query_one("#caching", Checkbox).value or None
        for box in self.query("#betas").results(Checkbox):
            found["disable_experimental_betas"] = box.value or None
        for box in self.query("#plaintext").results(Checkbox):
            found["plaintext_secrets"] = box.value or None
        for tier in self.query(InlineChoice).results():
            found["service_tier"] = tier.value or None
        scopes = self.query_one(NumberedList)
        found["scope"] = SCOPES[scopes.highlighted or 0]
        self.next(**found)
