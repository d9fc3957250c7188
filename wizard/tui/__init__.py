"""The interactive wizard (Textual). Imported only when ``claude-setup`` runs with no command."""

from __future__ import annotations


def run_wizard() -> int:
    from wizard.tui.app import make_app

    app = make_app()
    app.run()
    return int(app.return_code or 0)
