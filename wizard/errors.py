"""Errors that end a command with a one-line reason and a known exit code."""

from __future__ import annotations


class WizardError(Exception):
    """Refused: bad input, unusable keyring, unparsable file. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(WizardError):
    """A malformed command line. Exit code 2."""

    exit_code = 2


class SecretStoreError(WizardError):
    """The keyring cannot be used: no backend, locked, not answering, or insecure."""


class ConcurrentChangeError(WizardError):
    """A file changed between the moment it was read and the moment it was to be replaced."""


class UntrustedFolderError(WizardError):
    """One of claude-setup's own folders could have been written by another local user."""
