"""claude-setup: set up Claude Code for any provider, with secrets in the OS keyring.

Kept empty on purpose: the key helpers import this package on Claude Code's start-up path.
"""

__version__ = "0.1.0"
