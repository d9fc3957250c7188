"""The helpers and ``--help`` are on hot paths: they must not import heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("textual", "boto3", "botocore", "google.auth", "keyring")


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


def test_key_helpers_import_nothing_heavy() -> None:
    modules = modules_after(
        "import wizard.cli, wizard.helpers.key, wizard.helpers.aws_credentials, "
        "wizard.secrets.lookup"
    )
    assert heavy_in(modules) == []


def test_core_layers_do_not_import_textual_or_cloud_sdks() -> None:
    modules = modules_after(
        "import wizard.plan, wizard.apply, wizard.engine, wizard.cli.dispatch, "
        "wizard.cli.setup_commands, wizard.status, "
        "wizard.doctor.configuration, wizard.doctor.credentials, wizard.doctor.live, "
        "wizard.cli.discover_commands, wizard.cli.sso_commands, wizard.services.aws, "
        "wizard.services.sso, wizard.services.google"
    )
    assert [m for m in heavy_in(modules) if not m.startswith("keyring")] == []


def test_help_imports_nothing_heavy() -> None:
    modules = modules_after(
        "from wizard.cli.parser import build_parser\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    build_parser().parse_args(['--help'])"
    )
    assert heavy_in(modules) == []
