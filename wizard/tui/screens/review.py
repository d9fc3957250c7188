"""The review: the exact diff of each file, the keyring entries stored or removed (never their
text), the warnings. Nothing is written before the person confirms here."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wizard import engine
from wizard.errors import WizardError
from wizard.i18n import N_, _
from wizard.model import SetupError
from wizard.plan import Plan
from wizard.safetext import visible
from wizard.tui import fields
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen


def diff_content(diff: str) -> Content:
    """A unified diff with added and removed lines in the theme's success and error colours."""
    parts = []
    for line in visible(diff).splitlines():
        if line.startswith(("+++ ", "--- ")):
            parts.append(Content.styled(line[:4] + fields.shown_path(line[4:]), "bold"))
        elif line.startswith("+"):
            parts.append(Content.styled(line, "$text-success"))
        elif line.startswith("-"):
            parts.append(Content.styled(line, "$text-error"))
        elif line.startswith("@@"):
            parts.append(Content.styled(line, "$text-muted"))
        else:
            parts.append(Content(line))
    return Content("\n").join(parts)


def choice_lines(plan: Plan) -> list[Content]:
    """The choices a diff line alone would not make plain: gateway mode, the service tier (how
    the token reaches Claude Code is among the plan's warnings)."""
    setup = plan.setup
    found = []
    if setup.gateway_mode:
        found.append(_("gateway mode: on (Claude Code calls only the gateway)"))
    if setup.service_tier:
        found.append(_("Bedrock service tier: {tier}").format(tier=setup.service_tier))
    return [Content.styled(line, "bold") for line in found]


def plan_content(plan: Plan) -> Content:
    parts: list[Content] = choice_lines(plan)
    for edit in plan.file_edits:
        parts.append(diff_content(edit.diff(plan.secret_values())))
    if not plan.file_edits:
        parts.append(
            Content(_("{path}: no change").format(path=fields.shown_path(plan.settings.path)))
        )
    profile = plan.setup.profile_name
    if plan.setup.only_credential:
        parts.append(Content.styled(plan.team_note(), "$text-accent"))
    parts += [Content.styled(visible(line), "bold") for line in plan.notes()]
    if plan.store_secret:
        style = "$text-warning" if plan.replaces_secret else "$text-success"
        parts.append(Content.styled(plan.keyring_line(), style))
    for kind in plan.kept_secrets:
        parts.append(
            Content.styled(
                _("keyring: keep the {what} of profile '{profile}', no longer used").format(
                    what=fields.label("secret", kind), profile=profile
                ),
                "$text-muted",
            )
        )
    for warning in plan.warnings:
        text = _("warning: {text}").format(text=visible(warning))
        parts.append(Content.styled(text, "$text-warning"))
    return Content("\n").join(parts)


class ReviewScreen(StepScreen):
    step: ClassVar[Step | None] = "review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("y", "apply", N_("Apply"), id="apply"),
        Binding("h", "allow_plain_http", N_("Allow plain http"), id="allow-plain-http"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.plain_http: str | None = None
        """The warning about a plain-http address, while the person has not answered it."""

    def title_text(self) -> str:
        return _("Review: what will change")

    def body(self) -> ComposeResult:
        with VerticalScroll(id="review"):
            yield Static(_("Preparing…"), id="plan")

    def on_mount(self) -> None:
        self.query_one("#review").focus()
        self.prepare()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply":
            return True if self.plan is not None else None
        if action == "allow_plain_http":
            return self.plain_http is not None
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan")
    def prepare(self) -> None:
        try:
            plan = engine.prepare_plan(
                self.state.to_setup(),
                self.state.secret,
                callable_models=self.state.callable_models,
                sso_profile=self.state.sso_profile,
                from_file=self.state.team is not None,
            )
        except SetupError as exc:
            if exc.field == "allow_plain_http":
                self.app.call_from_thread(self.ask_plain_http, exc.reason)
                return
            self.app.call_from_thread(self.wizard.refused, exc.field, exc.reason)
            return
        except WizardError as exc:
            self.app.call_from_thread(self.failed, str(exc))
            return
        self.app.call_from_thread(self.show_plan, plan)

    def ask_plain_http(self, warning: str) -> None:
        """A credential bound for plain http off this machine: said first, sent only if the
        person then says so (the answer is kept in the profile)."""
        self.plain_http = warning
        self.query_one("#plan", Static).update(Content.styled(visible(warning), "$text-warning"))
        self.notice(
            _("Press h to let it go over plain http anyway, Escape to go back and use https."),
            "error",
        )
        self.refresh_bindings()

    def action_allow_plain_http(self) -> None:
        if self.plain_http is None:
            return
        self.plain_http = None
        self.state.set("allow_plain_http", True)
        self.refresh_bindings()
        self.query_one("#plan", Static).update(_("Preparing…"))
        self.prepare()

    def show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.query_one("#plan", Static).update(plan_content(plan))
        self.notice(_("Press y to apply these changes, Escape to go back."), "ok")
        self.refresh_bindings()

    def failed(self, reason: str, plan: Plan | None = None) -> None:
        """Say why, in place; a plan that could not be applied can be tried again with y."""
        self.query_one("#plan", Static).update(Content.styled(reason, "$text-error"))
        self.plan = plan
        self.refresh_bindings()
        if plan is None:
            self.notice(_("Nothing was changed."), "error")
        else:
            self.notice(_("Nothing was changed. Fix this, then press y to try again."), "error")

    def action_apply(self) -> None:
        if self.plan is None:
            return
        plan, self.plan = self.plan, None
        self.refresh_bindings()
        self.notice(_("Applying…"), "busy")
        self.apply(plan)

    @work(thread=True, exclusive=True, exit_on_error=False, group="apply")
    def apply(self, plan: Plan) -> None:
        try:
            outcome = engine.apply_plan(plan)
        except WizardError as exc:
            self.app.call_from_thread(self.failed, str(exc), plan)
            return
        self.app.call_from_thread(self.wizard.finished, outcome)
