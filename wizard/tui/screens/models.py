"""The main and fast models: the catalogue's and discovery's, with notes; free entry too."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static

from wizard.i18n import _
from wizard.tui import fields, models
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.choices import NumberedList, choices
from wizard.tui.widgets.field import Field

TARGETS = ("model", "fast_model")


class ModelsScreen(StepScreen):
    step: ClassVar[Step | None] = "models"

    def __init__(self) -> None:
        super().__init__()
        self.target = "model"

    @property
    def today(self) -> date:
        return self.wizard.today or date.today()

    def title_text(self) -> str:
        return _("Which models?")

    def body(self) -> ComposeResult:
        main, fast = models.preselected(self.state.values, self.today)
        defaults = {"model": main, "fast_model": fast}
        yield Static("", id="target", classes="list-label")
        yield NumberedList([], id="choices", classes="short")
        for name in TARGETS:
            yield Field(
                name,
                fields.label(name),
                self.state.drafts.get(name, defaults[name]),
                self.checker(name),
                placeholder=_("empty: Claude Code's default"),
            )

    def on_mount(self) -> None:
        for name, reason in self.state.errors.items():
            for field in self.query(Field):
                if field.field_name == name:
                    field.show_reason(reason)
        self.state.callable_models = None  # until this screen's discovery says
        self.show_models([])
        self.show_region_notes()
        self.set_target("model")
        self.query_one(NumberedList).focus()
        self.find_models()

    def set_target(self, name: str) -> None:
        self.target = name
        self.query_one("#target", Static).update(
            _("{what}: pick one (a digit or Enter), or type it below").format(
                what=fields.label(name)
            )
        )
        current = self.query_one(f"#field-{name}", Field).text.strip()
        self.query_one(NumberedList).highlight_id(current or None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="models")
    def find_models(self) -> None:
        from wizard.tui.discovery import NotDiscovered

        try:
            found = self.wizard.discovery.models(self.state.to_setup(), self.state.secret)
        except NotDiscovered as why:  # not tried: why the catalogue's list stays
            self.app.call_from_thread(self.notice, str(why))
            return
        except Exception as exc:  # noqa: BLE001 - one sentence; the catalogue's list stays
            self.failed_in_worker(exc, _("{reason} — showing the catalogue's models."))
            return
        self.app.call_from_thread(self.show_models, found)

    def show_models(self, discovered: list[str]) -> None:
        known = models.lines(self.state.values, self.today)
        if discovered:
            self.state.callable_models = list(discovered)
            self.preselect_among(discovered)
            if models.catalogue_provider(self.state.values) in models.LISTED_BY_ENDPOINT:
                known = [m for m in known if m.model_id in discovered]
                self.notice(_("Listed by the endpoint: {count} models.").format(
                    count=len(discovered)), "ok")
        rows = [(m.model_id, f"{m.name}  {m.notes}".strip()) for m in known]
        ids = {m.model_id for m in known}
        rows += [(model_id, _("found")) for model_id in discovered if model_id not in ids]
        ids |= set(discovered)
        for name in reversed(TARGETS):
            typed = self.query_one(f"#field-{name}", Field).text.strip()
            if typed and typed not in ids:
                rows.insert(0, (typed, _("your choice")))
                ids.add(typed)
        listing = self.query_one(NumberedList)
        listing.clear_options()
        listing.add_options(choices((model_id, detail, model_id) for model_id, detail in rows))
        current = self.query_one(f"#field-{self.target}", Field).text.strip()
        listing.highlight_id(current or None)

    def preselect_among(self, discovered: list[str]) -> None:
        """A field still on the catalogue's choice that discovery did not find gets the
        choice among what it found (as the plan pins the roles left open)."""
        before = models.preselected(self.state.values, self.today)
        after = models.preselected(self.state.values, self.today, discovered)
        for name, old, new in zip(TARGETS, before, after, strict=True):
            field = self.query_one(f"#field-{name}", Field)
            if old and field.text.strip() == old and old not in discovered and new != old:
                field.input.value = new

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(f"#field-{self.target}", Field).input.value = event.option.id or ""
        if self.target == "model":
            self.set_target("fast_model")
        else:
            self.submit()

    def show_region_notes(self) -> None:
        """Under each model that the Vertex AI region does not serve, where it is called."""
        for name in TARGETS:
            field = self.query_one(f"#field-{name}", Field)
            field.show_hint(models.region_note(self.state.values, field.text))

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("input-")
        self.state.drafts[name] = event.value
        self.show_region_notes()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "input-model":
            self.query_one("#field-fast_model", Field).input.focus()
            return
        self.submit()

    def submit(self) -> None:
        found: dict[str, str | None] = {}
        refused = False
        for field in self.query(Field):
            reason = field.refresh_reason()
            refused = refused or bool(reason)
            found[field.field_name] = field.text.strip() or None
        if refused:
            self.notice(_("Fix the fields marked in red first."), "error")
            return
        if models.catalogue_provider(self.state.values) == "vertex":
            chosen = [value for value in found.values() if value]
            items = models.vertex_region_items(self.state.values, chosen)
            self.next(**found, vertex_region=items or None)
            return
        self.next(**found)
