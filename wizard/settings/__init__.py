"""Claude Code's settings files: where they are, which keys claude-setup owns, how to edit."""
