"""The credentials of the chosen auth method, built from the fields the method declares.

A new auth method in ``wizard.providers`` needs no code here: its ``required`` and ``optional``
fields (and its secret) become inputs, checked as they are typed with the engine's checks.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from wizard.i18n import N_, _
from wizard.labels import METHOD_TITLES
from wizard.providers.registry import REGISTRY
from wizard.secrets.value import Secret
from wizard.tui import fields, flow
from wizard.tui.discovery import AwsProfileChoice
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen, reason_of
from wizard.tui.state import WizardState
from wizard.tui.widgets.choices import NumberedList, choices
from wizard.tui.widgets.field import Field

PLACEHOLDERS: dict[str, str] = {
    "foundry_resource": N_("my-resource (or give the base URL below)"),
    "base_url": N_("https://…"),
    "aws_profile": N_("a profile of ~/.aws/config"),
    "aws_access_key_id": N_("AKIA…"),
    "helper_command": N_("a command that prints the key"),
    "helper_ttl_ms": N_("optional, e.g. 3600000"),
    "credentials_file": N_("~/keys/service-account.json"),
    "project_id": N_("my-project"),
}


class AuthFormScreen(StepScreen):
    step: ClassVar[Step | None] = "auth_form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("ctrl+t", "try_helper", N_("Try the command"), id="try-helper"),
        Binding("ctrl+n", "new_sso", N_("New SSO profile"), id="new-sso"),
    ]

    def title_text(self) -> str:
        auth = self.state.values["auth"]
        method = _(METHOD_TITLES.get(auth, auth))
        return _("{method}: the details").format(method=method[:1].upper() + method[1:])

    @property
    def field_names(self) -> list[str]:
        if self.state.team is not None:
            return self.state.import_fields()
        if self.state.shared is not None:
            return self.state.credential_fields()
        return flow.form_fields(self.state.values)

    def body(self) -> ComposeResult:
        for name in self.field_names:
            if name == "secret":
                yield Static(self.destination_text(), id="destination")
            yield self.make_field(name)
            if name == "aws_profile":
                yield NumberedList([], pick_on_digit=True, id="aws-profiles", classes="short")

    def destination_text(self) -> Content:
        """Where the secret about to be typed goes, and who chose that address (the project's
        settings, a team setup, or you), with what to know about it: before it is typed."""
        from wizard import binding, endpoints

        values = dict(self.state.values)
        for name in ("base_url", "foundry_resource"):
            if name in self.field_names:
                values[name] = fields.parse(name, self.state.draft(name)) or values.get(name)
        try:
            there = binding.setup_destination(WizardState(values=values).to_setup())
        except (KeyError, ValueError, TypeError):
            there = None
        if there is None:
            return Content("")
        host = endpoints.shown(there)
        if self.state.shared is not None:
            line = _("Sent to {host}, chosen by this project's settings.").format(host=host)
        elif self.state.team is not None:
            line = _("Sent to {host}, chosen by the team setup '{name}'.").format(
                host=host, name=self.state.team.name
            )
        else:
            line = _("Sent to {host}.").format(host=host)
        anthropic_key = self.state.secret is not None and self.state.secret.reveal().startswith(
            "sk-ant-"
        )
        parts = [Content.styled(line, "bold")]
        parts += [
            Content.styled(text, "$text-warning")
            for text in endpoints.concerns(there, anthropic_key)
        ]
        return Content("\n").join(parts)

    def make_field(self, name: str) -> Field:
        kind = flow.secret_kind(self.state.values)
        if name == "secret":
            value = self.state.secret.reveal() if self.state.secret else ""
            hint = _("kept in the keyring; never written to a file")
            if self.state.editing and not value:
                hint = _("leave empty to keep the key already in the keyring")
            return Field(
                name,
                fields.label(name, kind),
                value,
                self.check_secret,
                password=True,
                placeholder=_("paste it here"),
                hint=fields.last_four(value) or hint,
            )
        return Field(
            name,
            fields.label(name),
            self.state.draft(name),
            self.checker(name),
            placeholder=_(PLACEHOLDERS.get(name, "")),
            hint=self.state.errors.get(name, ""),
        )

    def check_secret(self, text: str) -> str | None:
        cleaned = fields.clean_secret(text)
        if not cleaned:
            return None
        return fields.check_secret(
            cleaned, flow.secret_kind(self.state.values), self.state.values.get("provider")
        )

    def on_mount(self) -> None:
        for name, reason in self.state.errors.items():
            for field in self.query(Field):
                if field.field_name == name:
                    field.show_reason(reason)
        first = self.query(Field).first(Field) if self.query(Field) else None
        if first is not None:
            first.input.focus()
        auth = self.state.values["auth"]
        if "aws_profile" in self.field_names:
            self.notice(_("Looking for AWS profiles…"), "busy")
            self.find_aws_profiles()
        if "project_id" in self.field_names and not self.state.draft("project_id"):
            self.find_project(self.state.draft("credentials_file") or None)
        if auth == "adc":
            self.notice(_("Looking for Application Default Credentials…"), "busy")
            self.find_adc()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "try_helper":
            return "helper_command" in self.field_names
        if action == "new_sso":
            return self.state.values.get("auth") == "sso"
        return True

    # -- discovery in workers --------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="aws-profiles")
    def find_aws_profiles(self) -> None:
        try:
            found = self.wizard.discovery.aws_profiles()
        except Exception as exc:  # noqa: BLE001 - one sentence in place, never a traceback
            self.app.call_from_thread(self.discovery_failed, exc)
            return
        self.app.call_from_thread(self.show_aws_profiles, found)

    def show_aws_profiles(self, found: list[AwsProfileChoice]) -> None:
        if self.state.values.get("auth") == "sso":
            found = [p for p in found if p.kind == "sso"] or found
        listing = self.query_one("#aws-profiles", NumberedList)
        listing.clear_options()
        listing.add_options(choices((p.name, p.detail, p.name) for p in found))
        if found:
            self.notice(_("Pick a profile with its number, or type its name."))
            field = self.query_one("#field-aws_profile", Field)
            if not field.text:
                listing.highlight_id(None)
                listing.focus()
        elif self.state.values.get("auth") == "sso":
            self.notice(_("No SSO profile yet: Ctrl+N signs in and creates one."))
        else:
            self.notice(_("No AWS profile found; type the name of one."))

    @work(thread=True, exclusive=True, exit_on_error=False, group="project")
    def find_project(self, credentials_file: str | None) -> None:
        try:
            found = self.wizard.discovery.project(credentials_file)
        except Exception:  # noqa: BLE001 - the project can always be typed
            return
        if found is not None:
            self.app.call_from_thread(self.show_project, found.value, found.source)

    def show_project(self, value: str, source: str) -> None:
        field = self.query_one("#field-project_id", Field)
        if not field.text:
            field.input.value = value
        field.show_hint(_("found in {source}").format(source=source))

    @work(thread=True, exclusive=True, exit_on_error=False, group="adc")
    def find_adc(self) -> None:
        try:
            text = self.wizard.discovery.adc()
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self.discovery_failed, exc)
            return
        self.app.call_from_thread(self.notice, text, "ok")

    def discovery_failed(self, exc: Exception) -> None:
        reason = reason_of(exc, _("discovery failed"))
        self.notice(_("{reason} — type the value instead.").format(reason=reason), "error")

    def action_try_helper(self) -> None:
        command = self.query_one("#field-helper_command", Field).text.strip()
        if not command:
            return
        self.notice(_("Running the command…"), "busy")
        self.try_helper(command, self.state.values["auth"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="try")
    def try_helper(self, command: str, auth: str) -> None:
        try:
            good, message = self.wizard.discovery.try_helper(command, auth)
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self.discovery_failed, exc)
            return
        self.app.call_from_thread(self.notice, message, "ok" if good else "error")

    def action_new_sso(self) -> None:
        from wizard.tui.screens.sso_signin import SsoSignInScreen

        def signed_in(profile: str | None) -> None:
            if profile:
                self.query_one("#field-aws_profile", Field).input.value = profile
                self.notice(_("Signed in; profile {name} written.").format(name=profile), "ok")
                self.find_aws_profiles()

        self.app.push_screen(SsoSignInScreen(self.wizard.discovery), signed_in)

    # -- moving on ----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("input-")
        if name == "secret":
            cleaned = fields.clean_secret(event.value)
            self.state.secret = Secret(cleaned) if cleaned else None
            field = self.query_one("#field-secret", Field)
            if not field.check(event.value):
                field.show_hint(fields.last_four(cleaned))
            self.query_one("#destination", Static).update(self.destination_text())
        elif name:
            self.state.drafts[name] = event.value
            if name in ("base_url", "foundry_resource") and "secret" in self.field_names:
                self.query_one("#destination", Static).update(self.destination_text())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        field = self.query_one("#field-aws_profile", Field)
        field.input.value = event.option.id or ""
        self.submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [field.input for field in self.query(Field)]
        if event.input in inputs[:-1] and not self.complete():
            inputs[inputs.index(event.input) + 1].focus()
            return
        self.submit()

    def complete(self) -> bool:
        """Every needed field has text: Enter then moves on instead of to the next field."""
        needed = self.required() | ({"secret"} if "secret" in self.field_names else set())
        if self.state.editing:
            needed.discard("secret")
        texts = {field.field_name: field.text.strip() for field in self.query(Field)}
        return all(texts.get(name) for name in needed)

    def required(self) -> set[str]:
        module = REGISTRY[self.state.values["provider"]]
        return set(module.needed_fields(self.state.values["auth"])) & set(self.field_names)

    def submit(self) -> None:
        refused = False
        found: dict[str, Any] = {}
        for field in self.query(Field):
            name = field.field_name
            if name == "secret":
                continue
            reason = field.refresh_reason()
            if not reason and name in self.required() and not field.text.strip():
                reason = _("is required")
                field.show_reason(reason)
            refused = refused or bool(reason)
            if not reason:
                found[name] = fields.parse(name, field.text)
        problem = None if refused else REGISTRY[self.state.values["provider"]].draft_problem(
            {**self.state.values, **found}
        )
        if problem is not None:
            name = problem.field if problem.field in self.field_names else self.field_names[0]
            self.query_one(f"#field-{name}", Field).show_reason(problem.reason)
            refused = True
        secret = self.read_secret()
        if refused or secret is False:
            self.notice(_("Fix the fields marked in red first."), "error")
            return
        if isinstance(secret, Secret):
            self.state.secret = secret
        self.next(**found)

    def read_secret(self) -> Secret | bool | None:
        """The typed secret; ``True`` to keep the stored one, ``False`` when refused."""
        if "secret" not in self.field_names:
            return None
        field = self.query_one("#field-secret", Field)
        cleaned = fields.clean_secret(field.text)
        if not cleaned and self.state.editing:
            return True
        reason = fields.check_secret(
            cleaned, flow.secret_kind(self.state.values), self.state.values.get("provider")
        )
        field.show_reason(reason)
        return False if reason else Secret(cleaned)
