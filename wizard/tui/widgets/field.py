"""A labelled input that checks its text with the engine's own checks as it is typed."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static


class EngineCheck(Validator):
    """A Textual validator around a check that returns a reason, or ``None`` when fine."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        super().__init__()
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        reason = self.check(value)
        return self.failure(reason) if reason else self.success()


class FieldInput(Input):
    """An ``Input`` whose cursor does not blink when headless (tests and snapshots)."""

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False


class Field(Static):
    """Label, input, and the reason beside it when the text is refused."""

    DEFAULT_CSS = """
    Field { height: auto; margin: 1 0 0 0; }
    Field > Horizontal { height: 1; }
    Field Label.field-label { width: 22; padding: 0 1 0 0; text-align: right; }
    Field FieldInput { width: 1fr; height: 1; border: none; padding: 0 1; background: $boost; }
    Field FieldInput:focus { border: none; background: $primary 25%; }
    Field FieldInput.-invalid, Field FieldInput.-invalid:focus { border: none; }
    Field FieldInput.-invalid { background: $error 20%; }
    Field .field-reason { color: $text-error; padding: 0 0 0 22; height: auto; }
    Field .field-hint { color: $text-muted; padding: 0 0 0 22; height: auto; }
    """

    def __init__(
        self,
        name: str,
        label: str,
        value: str,
        check: Callable[[str], str | None],
        *,
        password: bool = False,
        placeholder: str = "",
        hint: str = "",
    ) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label_text = label
        self.value = value
        self.check = check
        self.password = password
        self.placeholder = placeholder
        self.hint_text = hint

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label_text, classes="field-label")
            yield FieldInput(
                self.value,
                placeholder=self.placeholder,
                password=self.password,
                validators=[EngineCheck(self.check)],
                validate_on=["changed", "submitted"],
                select_on_focus=False,
                id=f"input-{self.field_name}",
            )
        yield Static("", classes="field-reason", id=f"reason-{self.field_name}")
        yield Static(self.hint_text, classes="field-hint", id=f"hint-{self.field_name}")

    @property
    def input(self) -> FieldInput:
        return self.query_one(FieldInput)

    @property
    def text(self) -> str:
        return self.input.value

    def on_mount(self) -> None:
        self.show_hint(self.hint_text)
        self.show_reason("")

    def show_reason(self, reason: str | None) -> None:
        line = self.query_one(f"#reason-{self.field_name}", Static)
        line.update(reason or "")
        line.display = bool(reason)

    def show_hint(self, hint: str) -> None:
        line = self.query_one(f"#hint-{self.field_name}", Static)
        line.update(hint)
        line.display = bool(hint)

    def refresh_reason(self) -> str | None:
        """Check the text now; show and return the reason if it is refused."""
        reason = self.check(self.text)
        self.show_reason(reason)
        return reason

    def on_input_changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        self.show_reason(result.failure_descriptions[0] if result and not result.is_valid else "")
