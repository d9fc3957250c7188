"""The Textual application: the flow runner between the steps, and ``make_app``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from wizard.errors import WizardError
from wizard.i18n import N_, _
from wizard.teamfile import TeamSetup
from wizard.tui import fields, flow
from wizard.tui.discovery import AccountRoleChoice, Discovery, ServiceDiscovery
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.state import WizardState

if TYPE_CHECKING:
    from wizard.apply import Outcome


def screen_for(step: Step) -> StepScreen:
    from wizard.tui.screens import (
        auth,
        auth_form,
        gateway,
        models,
        options,
        provider,
        region,
        review,
    )

    screens: dict[Step, type[StepScreen]] = {
        "provider": provider.ProviderScreen,
        "gateway": gateway.GatewayScreen,
        "auth": auth.AuthScreen,
        "auth_form": auth_form.AuthFormScreen,
        "region": region.RegionScreen,
        "models": models.ModelsScreen,
        "options": options.OptionsScreen,
        "review": review.ReviewScreen,
    }
    return screens[step]()


class WizardApp(App[int]):
    TITLE = "claude-setup"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(self, discovery: Discovery | None = None, today: date | None = None) -> None:
        super().__init__()
        self.discovery: Discovery = discovery or ServiceDiscovery()
        self.state = WizardState()
        self.today = today
        """The day for retirement notes (fixed in snapshots); ``None``: today."""

    def on_mount(self) -> None:
        from wizard.tui.screens.welcome import WelcomeScreen

        self.sub_title = _("Claude Code set-up")
        self.push_screen(WelcomeScreen())

    async def action_quit(self) -> None:
        self.exit(0)

    # -- the flow ------------------------------------------------------------------------------

    def start(self, state: WizardState | None = None) -> None:
        """A new walk from the provider step, on a blank setup or a saved one's values."""
        self.state = state or WizardState()
        self.push_screen(screen_for("auth" if self.state.shared is not None else "provider"))

    def edit(self, name: str) -> None:
        try:
            from wizard import engine  # the engine loads after the first frame

            setup = engine.saved_setup(name)
        except WizardError as exc:
            self.notify(str(exc), severity="error")
            return
        self.start(WizardState.from_setup(setup))

    def import_team(self, team: TeamSetup) -> None:
        """Continue with a team setup: the SSO sign-in with the team's values, or the
        teammate's own fields and secret; then the review."""
        if team.sso is not None:
            from wizard.tui.screens.sso_signin import SsoSignInScreen, TeamSignIn

            sso = team.sso
            sign_in = TeamSignIn(
                sso["start_url"], sso["sso_region"], sso["account_id"], sso["role_name"],
                team.name, str(team.values.get("region") or ""),
            )  # fmt: skip

            dialog = SsoSignInScreen(self.discovery, sign_in)

            def signed_in(profile: str | None) -> None:
                if profile and dialog.picked is not None:
                    self.continue_import(team, profile, dialog.picked)
                else:
                    self.notice(_("Nothing was changed."))

            self.push_screen(dialog, signed_in)
            return
        self.continue_import(team)

    def continue_import(
        self,
        team: TeamSetup,
        aws_profile: str | None = None,
        picked: AccountRoleChoice | None = None,
    ) -> None:
        """``picked``: the account and role the teammate's AWS profile signs in to; the
        profile is written by the apply, with the settings."""
        self.state = WizardState.from_team(team)
        if aws_profile:
            from dataclasses import replace

            from wizard import engine

            self.state.set("aws_profile", aws_profile)
            region = str(team.values.get("region") or "") or None
            profile = engine.team_sso_profile(team, aws_profile, region)
            if picked is not None:
                profile = replace(profile, account_id=picked.account_id, role_name=picked.role_name)
            self.state.sso_profile = profile
        if self.state.import_fields():
            self.push_screen(screen_for("auth_form"))
        else:
            self.push_screen(screen_for("review"))

    def advance(self, current: Step) -> None:
        if self.state.shared is not None:  # the team's choice: only the user's credential
            form = bool(self.state.credential_fields())
            after: Step = "auth_form" if current == "auth" and form else "review"
            self.push_screen(screen_for("auth" if current in ("provider", "gateway") else after))
            return
        if self.state.team is not None and current == "auth_form":
            self.push_screen(screen_for("review"))
            return
        self.push_screen(screen_for(flow.next_step(current, self.state.values)))

    def back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def refused(self, field: str, reason: str) -> None:
        """The engine refused a field: go back to the step that asks for it, reason beside it."""
        name = field
        if field == "secret":
            reason = _("is required")
        self.state.errors[name] = reason
        target = flow.step_for_field(name, self.state.values)
        steps = [s for s in self.screen_stack if isinstance(s, StepScreen) and s.step]
        if target == "review" or not any(s.step == target for s in steps):
            self.notice(
                _("{label}: {reason}").format(label=fields.label(name), reason=reason), "error"
            )
            return
        while not (isinstance(self.screen, StepScreen) and self.screen.step == target):
            self.pop_screen()
        self.pop_screen()
        self.push_screen(screen_for(target))

    def notice(self, text: str, kind: str = "") -> None:
        if isinstance(self.screen, StepScreen):
            self.screen.notice(text, kind)

    def finished(self, outcome: Outcome) -> None:
        from wizard.tui.screens.done import DoneScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(DoneScreen(outcome))

    def removed(self, name: str) -> None:
        from wizard.tui.screens.welcome import WelcomeScreen

        self.switch_screen(WelcomeScreen())
        self.notify(_("Profile '{name}' removed.").format(name=name))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly: one sentence, never a traceback."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            reason = (
                str(error)
                if isinstance(error, WizardError)
                else _("something went wrong ({kind}); nothing was changed").format(
                    kind=type(error).__name__
                )
            )
            self.notice(reason, "error")


def make_app(discovery: Discovery | None = None, today: date | None = None) -> WizardApp:
    """The wizard, as the console script runs it; tests pass a fake ``discovery`` (and a fixed
    ``today`` for snapshots)."""
    return WizardApp(discovery, today)
