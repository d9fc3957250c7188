"""The one error type of ``services``: a sentence for a person, never a traceback."""

from __future__ import annotations

from wizard.errors import WizardError


class ServiceError(WizardError):
    """A call to AWS, Google or an HTTP endpoint failed; ``str()`` says what to do."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
