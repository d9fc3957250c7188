"""``claude-setup key PROFILE``: Claude Code's ``apiKeyHelper``; prints the key alone."""

from __future__ import annotations

import sys

from wizard.helpers.common import (
    check_profile_argument,
    check_profiles_folder,
    read_secret,
)


def main(argv: list[str]) -> int:
    profile = check_profile_argument(argv, "key")
    if isinstance(profile, int):
        return profile
    refused = check_profiles_folder()
    if refused is not None:
        return refused
    value = read_secret(profile, "api-key", "API key")
    if isinstance(value, int):
        return value
    sys.stdout.write(value + "\n")
    sys.stdout.flush()
    return 0
