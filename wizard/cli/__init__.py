"""The command line: ``claude-setup [COMMAND] …`` (README documents it; tests pin it).

``key`` and ``aws-credentials`` are dispatched before anything else is imported: they run on
Claude Code's start-up path. Every other command builds a ``Setup`` or reads state, and leaves
the work to ``plan``/``apply``, ``status``, ``profiles`` and ``backups``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["key"]:
        from wizard.helpers import key

        return key.main(args[1:])
    if args[:1] == ["aws-credentials"]:
        from wizard.helpers import aws_credentials

        return aws_credentials.main(args[1:])
    from wizard.cli.dispatch import run_command

    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
