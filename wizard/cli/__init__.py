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
    if args[:1] in (["key"], ["aws-credentials"]):
        try:
            return _helper(args)
        except KeyboardInterrupt:
            return 130
        except Exception as exc:  # noqa: BLE001 - one line and a log, even for the helpers
            from wizard.cli.dispatch import report_unexpected

            return report_unexpected(exc, args)
    from wizard.cli.dispatch import run_command

    return run_command(args)


def _helper(args: list[str]) -> int:
    if args[0] == "key":
        from wizard.helpers import key

        return key.main(args[1:])
    from wizard.helpers import aws_credentials

    return aws_credentials.main(args[1:])


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
