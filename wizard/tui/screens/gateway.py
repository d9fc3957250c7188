"""An LLM gateway: its address and which API it speaks (the Anthropic API also in Claude Code's
gateway mode), probed live."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static

from wizard.i18n import N_, _
from wizard.model import GATEWAY_APIS
from wizard.tui import fields
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen, reason_of
from wizard.tui.widgets.choices import NumberedList, choices
from wizard.tui.widgets.field import Field

GATEWAY_MODE = "gateway-mode"
API_LINES: dict[str, tuple[str, str]] = {
    "anthropic": (N_("Anthropic API"), N_("the gateway speaks the Messages API")),
    "bedrock": (N_("Bedrock pass-through"), N_("the gateway forwards Bedrock requests")),
    "vertex": (N_("Vertex AI pass-through"), N_("the gateway forwards Vertex AI requests")),
    GATEWAY_MODE: (N_("Gateway mode"), N_("Anthropic API, no calls to Anthropic's hosts")),
}
CHOICES = (*GATEWAY_APIS, GATEWAY_MODE)
"""The list's lines: each API, then gateway mode last (the digits of the APIs stay)."""


def mode_note() -> str:
    return _(
        "Gateway mode: Claude Code calls only the gateway, never Anthropic's own hosts, and "
        "uses the gateway's model IDs. It needs an https:// address (http only on this "
        "machine) and the gateway token in its environment: start Claude Code with "
        "claude-setup run. Claude Code ignores it in project scope."
    )


class GatewayScreen(StepScreen):
    step: ClassVar[Step | None] = "gateway"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("ctrl+t", "probe", N_("Probe"), id="probe"),
    ]

    def title_text(self) -> str:
        return _("The gateway: its address, and the API it speaks")

    def body(self) -> ComposeResult:
        yield Field(
            "base_url",
            fields.label("base_url"),
            self.state.draft("base_url"),
            lambda text: fields.check("base_url", text, self.state.values),
            placeholder="https://llm.example.com",
        )
        yield Static(fields.label("gateway_api"), classes="list-label")
        yield NumberedList(
            choices((_(API_LINES[api][0]), _(API_LINES[api][1]), api) for api in CHOICES),
            id="choices",
        )
        yield Static(mode_note(), id="mode-note", classes="step-intro")
        yield Field(
            "project_id",
            fields.label("project_id"),
            self.state.draft("project_id"),
            lambda text: fields.check("project_id", text, self.state.values),
            placeholder="my-project",
            hint=_("only for a Vertex AI pass-through"),
        )

    def on_mount(self) -> None:
        values = self.state.values
        chosen = GATEWAY_MODE if values.get("gateway_mode") else values.get("gateway_api")
        self.query_one(NumberedList).highlight_id(chosen)
        self.show_mode_note(chosen == GATEWAY_MODE)
        self.query_one("#field-base_url", Field).input.focus()
        for name, reason in self.state.errors.items():
            if name in ("base_url", "project_id"):
                self.query_one(f"#field-{name}", Field).show_reason(reason)
            elif name == "gateway_mode":
                self.notice(
                    _("{label}: {reason}").format(label=fields.label(name), reason=reason), "error"
                )

    def show_mode_note(self, shown: bool) -> None:
        """Gateway mode's trade-offs in place of the project field, which it does not take."""
        self.query_one("#mode-note").display = shown
        self.query_one("#field-project_id").display = not shown

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_mode_note(event.option.id == GATEWAY_MODE)

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("input-")
        self.state.drafts[name] = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "input-base_url":
            if not self.query_one("#field-base_url", Field).refresh_reason():
                self.action_probe()
                self.query_one(NumberedList).focus()
        else:
            self.choose(self.query_one(NumberedList).highlighted or 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    def choose(self, index: int) -> None:
        choice = CHOICES[index]
        gateway_mode = choice == GATEWAY_MODE
        api = "anthropic" if gateway_mode else choice
        url = self.query_one("#field-base_url", Field)
        project = self.query_one("#field-project_id", Field)
        self.state.set("gateway_mode", gateway_mode or None)  # the address is checked for it
        reason = url.refresh_reason()
        if not reason and not url.text.strip():
            reason = _("is required")
            url.show_reason(reason)
        if reason:
            url.input.focus()
            return
        project_id = project.text.strip() or None
        if api == "vertex":
            project_reason = project.refresh_reason()
            if not project_reason and not project_id:
                project_reason = _("is required")
                project.show_reason(project_reason)
            if project_reason:
                project.input.focus()
                return
        else:
            project_id = None
        self.state.errors.pop("gateway_mode", None)
        self.next(base_url=url.text.strip(), gateway_api=api, project_id=project_id)

    def action_probe(self) -> None:
        url = self.query_one("#field-base_url", Field)
        if url.refresh_reason() or not url.text.strip():
            return
        choice = CHOICES[self.query_one(NumberedList).highlighted or 0]
        self.notice(_("Asking the gateway…"), "busy")
        self.probe(url.text.strip(), "anthropic" if choice == GATEWAY_MODE else choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="probe")
    def probe(self, base_url: str, api: str) -> None:
        try:
            text = self.wizard.discovery.probe_gateway(base_url, api, None)
        except Exception as exc:  # noqa: BLE001 - one sentence in place
            reason = reason_of(exc, _("the probe failed"))
            self.app.call_from_thread(self.notice, reason, "error")
            return
        self.app.call_from_thread(self.notice, text, "ok")
