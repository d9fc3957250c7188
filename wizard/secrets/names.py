"""How a secret is named in the keyring: service ``claude-setup``, one entry per profile and kind.

Kept free of imports: the key helpers load it on Claude Code's start-up path.
"""

SERVICE = "claude-setup"


def entry_name(profile: str, kind: str) -> str:
    """The keyring "username" of a profile's secret, e.g. ``work/api-key``."""
    return f"{profile}/{kind}"
